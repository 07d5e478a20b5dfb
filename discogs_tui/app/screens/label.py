"""Label: name, profile, contact info, parent label and sublabels (links), URLs and images;
the label's releases, paged, Enter opens one."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any, ClassVar

from textual import on
from textual.app import ComposeResult
from textual.containers import VerticalScroll
from textual.widgets import Static

from discogs_tui.app.commands import Command, bindings
from discogs_tui.app.navigation import Location
from discogs_tui.app.render import clean, flat, flat_text
from discogs_tui.app.screens.base import DiscogsScreen
from discogs_tui.app.screens.entity import EntityScreen
from discogs_tui.app.widgets.entity import (
    COPY_URL,
    EntityLinks,
    facts,
    images_note,
    labelled_links,
    links_command,
)
from discogs_tui.app.widgets.linktext import LinkText
from discogs_tui.app.widgets.paged_table import Column, PagedTable, field
from discogs_tui.app.widgets.url_list import UrlList

Json = Mapping[str, Any]


def one_line(value: Any) -> str:
    """Lines of an address joined with middle dots, blank lines dropped."""
    lines = (line.strip() for line in clean(value).splitlines())
    return " · ".join(line for line in lines if line)


RELEASE_COLUMNS = (
    Column("Cat#", field("catno"), 10, drop=3),
    Column("Artist", field("artist"), 16, drop=2),
    Column("Title", field("title"), 18, flexible=True),
    Column("Format", field("format"), 12, drop=4),
    Column("Year", field("year"), 4),
)


class LabelScreen(EntityScreen):
    COMMAND_LIST: ClassVar[list[Command]] = [
        *DiscogsScreen.COMMAND_LIST,
        links_command("label", "the parent label and the sublabels"),
        COPY_URL,
    ]
    BINDINGS = bindings(COMMAND_LIST)

    def where(self) -> str:
        return f"Label {self.location.target}"

    def compose_body(self) -> ComposeResult:
        with VerticalScroll(classes="entity-about"):
            yield Static(classes="entity-name")
            yield EntityLinks(id="related")
            yield Static(id="facts")
            yield LinkText(id="profile", classes="gap")
            yield UrlList(id="urls", classes="gap")
        yield PagedTable(RELEASE_COLUMNS, noun="releases", id="releases")

    async def fetch(self) -> Json:
        return await self.service.database.label(self.location.entity_id)

    def show(self, data: Json) -> None:
        name = data.get("name") or f"Label {self.location.target}"
        self.set_where(f"Label: {flat(name)}")
        self.query_one(".entity-name", Static).update(flat_text(name, "bold"))
        self.query_one("#facts", Static).update(
            facts(
                [
                    ("Contact", one_line(data.get("contact_info"))),
                    ("Images", images_note(data.get("images"))),
                    ("Data quality", data.get("data_quality")),
                ]
            )
        )
        parent = data.get("parent_label")
        self.query_one("#related", EntityLinks).show_lines(
            [
                labelled_links("Parent label", "label", [parent] if parent else []),
                labelled_links("Sublabels", "label", data.get("sublabels") or []),
            ]
        )
        self.show_profile(data.get("profile"))
        self.query_one("#urls", UrlList).set_urls(data.get("urls"))
        self.load_table()

    def load_table(self) -> None:
        label_id = self.location.entity_id

        async def fetch(page: int, per_page: int):
            return await self.service.database.label_releases(
                label_id, page=page, per_page=per_page
            )

        table = self.query_one("#releases", PagedTable)
        table.load(fetch)
        table.focus()

    @on(PagedTable.Opened, "#releases")
    def open_release(self, event: PagedTable.Opened) -> None:
        if isinstance(event.item.get("id"), int):
            self.discogs.open(Location("release", str(event.item["id"])))

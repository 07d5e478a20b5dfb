"""Artist: name, real name, profile, name variations, members and groups, aliases, URLs and
images; the artist's releases and masters, sortable, Enter opens one."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any, ClassVar

from textual import on
from textual.app import ComposeResult
from textual.containers import VerticalScroll
from textual.widgets import Static

from discogs_tui.api.database import ARTIST_RELEASE_SORT_KEYS
from discogs_tui.app.commands import Command, bindings
from discogs_tui.app.navigation import Location
from discogs_tui.app.render import flat, flat_text, join
from discogs_tui.app.screens.base import DiscogsScreen
from discogs_tui.app.screens.entity import EntityScreen
from discogs_tui.app.widgets.entity import (
    COPY_URL,
    EntityLinks,
    facts,
    images_note,
    labelled_links,
    links_command,
    sort_commands,
)
from discogs_tui.app.widgets.linktext import LinkText
from discogs_tui.app.widgets.paged_table import Column, PagedTable, field
from discogs_tui.app.widgets.url_list import UrlList

Json = Mapping[str, Any]
FACTS_PER_LINE = 2
SHORT_FACT = 24  # longer values get a line of their own
ABOUT_SHARE = 0.45  # the least share of the screen the about part may have


# -- the artist screen -------------------------------------------------------------------------
RELEASE_COLUMNS = (
    Column("Type", field("type"), 7),
    Column("Year", field("year"), 4),
    Column("Title", field("title"), 20, flexible=True),
    Column("Artist", field("artist"), 16, drop=3),
    Column("Role", field("role"), 10, drop=2),
    Column("Format", field("format"), 12, drop=4),
    Column("Label", field("label"), 14, drop=5),
)


def member_note(entry: Json) -> str:
    return "" if entry.get("active", True) else "inactive"


class ArtistScreen(EntityScreen):
    SORT_KEYS = ARTIST_RELEASE_SORT_KEYS
    COMMAND_LIST: ClassVar[list[Command]] = [
        *DiscogsScreen.COMMAND_LIST,
        links_command("artist", "members, groups and aliases"),
        COPY_URL,
        *sort_commands("artist", SORT_KEYS),
    ]
    BINDINGS = bindings(COMMAND_LIST)

    def where(self) -> str:
        return f"Artist {self.location.target}"

    def compose_body(self) -> ComposeResult:
        with VerticalScroll(classes="entity-about"):
            yield Static(classes="entity-name")
            yield Static(id="facts")
            yield EntityLinks(id="related", classes="gap")
            yield LinkText(id="profile", classes="gap")
            yield UrlList(id="urls", classes="gap")
        yield PagedTable(RELEASE_COLUMNS, noun="releases and masters", id="releases")

    async def fetch(self) -> Json:
        return await self.service.database.artist(self.location.entity_id)

    def show(self, data: Json) -> None:
        name = data.get("name") or f"Artist {self.location.target}"
        self.set_where(f"Artist: {flat(name)}")
        self.query_one(".entity-name", Static).update(flat_text(name, "bold"))
        self.query_one("#facts", Static).update(
            facts(
                [
                    ("Real name", data.get("realname")),
                    ("Also credited as", join(data.get("namevariations") or [])),
                    ("Images", images_note(data.get("images"))),
                    ("Data quality", data.get("data_quality")),
                ]
            )
        )
        self.query_one("#related", EntityLinks).show_lines(
            [
                labelled_links("Members", "artist", data.get("members") or [], member_note),
                labelled_links("Groups", "artist", data.get("groups") or [], member_note),
                labelled_links("Aliases", "artist", data.get("aliases") or []),
            ]
        )
        self.show_profile(data.get("profile"))
        self.query_one("#urls", UrlList).set_urls(data.get("urls"))
        self.load_table()

    def load_table(self) -> None:
        params = self.sorting.params()
        artist_id = self.location.entity_id

        async def fetch(page: int, per_page: int):
            return await self.service.database.artist_releases(
                artist_id, page=page, per_page=per_page, **params
            )

        table = self.query_one("#releases", PagedTable)
        table.load(fetch, self.sorting.describe())
        table.focus()

    @on(PagedTable.Opened, "#releases")
    def open_release(self, event: PagedTable.Opened) -> None:
        item = event.item
        kind = "master" if item.get("type") == "master" else "release"
        if isinstance(item.get("id"), int):
            self.discogs.open(Location(kind, str(item["id"])))

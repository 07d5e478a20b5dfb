"""Label: name, profile, contact info, parent label and sublabels (links), URLs and images;
the label's releases, paged, Enter opens one."""

from __future__ import annotations

from typing import Any, ClassVar

from discogs_tui.api import markup
from discogs_tui.api.models import Label
from discogs_tui.api.pagination import Page
from discogs_tui.app.commands import Command, bindings
from discogs_tui.app.present import images_note, labelled_links
from discogs_tui.app.render import clean
from discogs_tui.app.screens.base import DiscogsScreen
from discogs_tui.app.screens.entity import CatalogueScreen, Facts
from discogs_tui.app.widgets.entity import COPY_URL, links_command
from discogs_tui.app.widgets.paged_table import Column, field


def one_line(value: str) -> str:
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


class LabelScreen(CatalogueScreen):
    KIND = "Label"
    ABOUT = ("related", "facts", "profile", "urls")
    COLUMNS = RELEASE_COLUMNS
    COMMAND_LIST: ClassVar[list[Command]] = [
        *DiscogsScreen.COMMAND_LIST,
        links_command("label", "the parent label and the sublabels"),
        COPY_URL,
    ]
    BINDINGS = bindings(COMMAND_LIST)

    async def fetch(self) -> Label:
        return Label.from_json(await self.service.database.label(self.location.entity_id))

    def facts_of(self, label: Label) -> Facts:
        return [
            ("Contact", one_line(label.contact_info)),
            ("Images", images_note(label.images)),
            ("Data quality", label.data_quality),
        ]

    def links_of(self, label: Label) -> list[list[markup.Span]]:
        parent = (label.parent_label,) if label.parent_label else ()
        return [
            labelled_links("Parent label", "label", parent),
            labelled_links("Sublabels", "label", label.sublabels),
        ]

    async def rows(self, page: int, per_page: int, options: dict[str, str]) -> Page[Any]:
        return await self.service.database.label_releases(
            self.location.entity_id, page=page, per_page=per_page
        )

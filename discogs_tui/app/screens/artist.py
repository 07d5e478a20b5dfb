"""Artist: name, real name, profile, name variations, members and groups, aliases, URLs and
images; the artist's releases and masters, sortable, Enter opens one."""

from __future__ import annotations

from typing import Any, ClassVar

from discogs_tui.api import markup
from discogs_tui.api.database import ARTIST_RELEASE_SORT_KEYS
from discogs_tui.api.models import Artist
from discogs_tui.api.pagination import Page
from discogs_tui.app.commands import Command, bindings
from discogs_tui.app.present import images_note, inactive_note, labelled_links
from discogs_tui.app.render import join
from discogs_tui.app.screens.base import DiscogsScreen
from discogs_tui.app.screens.entity import CatalogueScreen, Facts
from discogs_tui.app.widgets.entity import COPY_URL, links_command, sort_commands
from discogs_tui.app.widgets.paged_table import Column, field

RELEASE_COLUMNS = (
    Column("Type", field("type"), 7),
    Column("Year", field("year"), 4),
    Column("Title", field("title"), 20, flexible=True),
    Column("Artist", field("artist"), 16, drop=3),
    Column("Role", field("role"), 10, drop=2),
    Column("Format", field("format"), 12, drop=4),
    Column("Label", field("label"), 14, drop=5),
)


class ArtistScreen(CatalogueScreen):
    KIND = "Artist"
    COLUMNS = RELEASE_COLUMNS
    NOUN = "releases and masters"
    SORT_KEYS = ARTIST_RELEASE_SORT_KEYS
    COMMAND_LIST: ClassVar[list[Command]] = [
        *DiscogsScreen.COMMAND_LIST,
        links_command("artist", "members, groups and aliases"),
        COPY_URL,
        *sort_commands("artist", SORT_KEYS),
    ]
    BINDINGS = bindings(COMMAND_LIST)

    async def fetch(self) -> Artist:
        return Artist.from_json(await self.service.database.artist(self.location.entity_id))

    def facts_of(self, artist: Artist) -> Facts:
        return [
            ("Real name", artist.realname),
            ("Also credited as", join(artist.namevariations)),
            ("Images", images_note(artist.images)),
            ("Data quality", artist.data_quality),
        ]

    def links_of(self, artist: Artist) -> list[list[markup.Span]]:
        return [
            labelled_links("Members", "artist", artist.members, inactive_note),
            labelled_links("Groups", "artist", artist.groups, inactive_note),
            labelled_links("Aliases", "artist", artist.aliases),
        ]

    async def rows(self, page: int, per_page: int, options: dict[str, str]) -> Page[Any]:
        return await self.service.database.artist_releases(
            self.location.entity_id, page=page, per_page=per_page, **options
        )

    def opens(self, item: dict[str, Any]) -> str:
        return "master" if item.get("type") == "master" else "release"

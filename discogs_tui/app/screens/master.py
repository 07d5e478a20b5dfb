"""Master: title, artists, year, genres and styles, the main release, a tracklist summary and
videos; its versions with the server's filters (format, label, released, country) and sort
keys, paged, each marked when it is in your collection or wantlist. Enter opens a version; c
adds it to one of your collection folders."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any, ClassVar

from rich.text import Text
from textual import on
from textual.app import ComposeResult
from textual.containers import Horizontal, VerticalScroll
from textual.suggester import SuggestFromList
from textual.widgets import Input, Static

from discogs_tui.api import markup
from discogs_tui.api.database import VERSION_SORT_KEYS
from discogs_tui.app.commands import Command, bindings
from discogs_tui.app.navigation import Location
from discogs_tui.app.render import clean, flat_text, join, text
from discogs_tui.app.screens.base import DiscogsScreen
from discogs_tui.app.screens.collect import AddsToFolder
from discogs_tui.app.screens.entity import EntityScreen
from discogs_tui.app.screens.search import marks
from discogs_tui.app.widgets.entity import (
    EntityLinks,
    credit_spans,
    facts,
    links_command,
    sort_commands,
)
from discogs_tui.app.widgets.paged_table import Column, PagedTable, field

Json = Mapping[str, Any]
FILTERS = ("format", "label", "released", "country")  # the versions endpoint's filters


def yours(item: Any) -> Text:
    """Whether a version is in your collection and wantlist (``stats.user``)."""
    user = ((item.get("stats") or {}).get("user") or {}) if isinstance(item, dict) else {}
    return marks(user)


def community(key: str):
    def cell(item: Any) -> Text:
        counts = (
            ((item.get("stats") or {}).get("community") or {}) if isinstance(item, dict) else {}
        )
        return text(counts.get(key, ""))

    return cell


VERSION_COLUMNS = (
    Column("Title", field("title"), 22, flexible=True),
    Column("Format", field("format"), 14, drop=4),
    Column("Label", field("label"), 14, drop=6),
    Column("Cat#", field("catno"), 10, drop=7),
    Column("Country", field("country"), 8, drop=5),
    Column("Released", field("released"), 10),
    Column("Yours", yours, 9),
    Column("Have", community("in_collection"), 5, drop=9),
    Column("Want", community("in_wantlist"), 5, drop=8),
)


def seconds(duration: Any) -> int:
    """``"7:13"`` or ``"1:02:03"`` in seconds (0 when it isn't a duration)."""
    parts = str(duration or "").split(":")
    if len(parts) < 2 or not all(part.strip().isdecimal() for part in parts):
        return 0
    total = 0
    for part in parts:
        total = total * 60 + int(part)
    return total


def tracklist_summary(tracklist: Any) -> str:
    tracks = [
        track
        for track in tracklist or []
        if isinstance(track, Mapping) and track.get("type_", "track") in ("track", "index")
    ]
    if not tracks:
        return ""
    total = sum(seconds(track.get("duration")) for track in tracks)
    length = f", {total // 60}:{total % 60:02d}" if total else ""
    return f"{len(tracks)} track{'s' if len(tracks) != 1 else ''}{length}"


def count(items: Any, noun: str) -> str:
    number = len(items) if isinstance(items, list) else 0
    return f"{number} {noun}{'s' if number != 1 else ''}" if number else ""


class MasterScreen(EntityScreen, AddsToFolder):
    SORT_KEYS = VERSION_SORT_KEYS
    COMMAND_LIST: ClassVar[list[Command]] = [
        *DiscogsScreen.COMMAND_LIST,
        Command("master.main", "m", "open_main", "Main release", "Open the main release."),
        Command(
            "master.filter",
            "f",
            "toggle_filters",
            "Filter",
            "Show or hide the version filters (format, label, released, country); Enter applies.",
        ),
        Command(
            "master.clear", "x", "clear_filters", "Clear", "Clear the version filters.", show=False
        ),
        Command(
            "master.collect",
            "c",
            "add_to_collection",
            "Collect",
            "Add the highlighted version to one of your collection folders.",
        ),
        *sort_commands("master", SORT_KEYS),
        links_command("master", "the artists and the main release"),
    ]
    BINDINGS = bindings(COMMAND_LIST)

    def where(self) -> str:
        return f"Master {self.location.target}"

    def compose_body(self) -> ComposeResult:
        with VerticalScroll(classes="entity-about"):
            yield Static(classes="entity-name")
            yield EntityLinks(id="credits")
            yield Static(id="facts")
        with Horizontal(id="version-filters"):
            for name in FILTERS:
                yield Input(placeholder=name, id=f"filter-{name}")
        yield PagedTable(VERSION_COLUMNS, noun="versions", id="versions")

    def on_mount(self) -> None:
        super().on_mount()
        self.query_one("#version-filters").display = False

    async def fetch(self) -> Json:
        return await self.service.database.master(self.location.entity_id)

    def show(self, data: Json) -> None:
        title = data.get("title") or f"Master {self.location.target}"
        artists = [a for a in data.get("artists") or [] if isinstance(a, Mapping)]
        by = " – ".join(
            filter(None, [", ".join(clean(a.get("name")) for a in artists), clean(title)])
        )
        self.set_where(f"Master: {by}")
        self.query_one(".entity-name", Static).update(flat_text(title, "bold"))
        self.query_one("#credits", EntityLinks).show_lines(
            [self._credits_line(artists), self._main_release_line(data)]
        )
        self.query_one("#facts", Static).update(
            facts(
                [
                    ("Year", data.get("year") or None),
                    ("Genres", join(data.get("genres") or [])),
                    ("Styles", join(data.get("styles") or [])),
                    ("Tracklist", tracklist_summary(data.get("tracklist"))),
                    ("Videos", count(data.get("videos"), "video")),
                    ("For sale", data.get("num_for_sale") or None),
                    ("Data quality", data.get("data_quality")),
                ]
            )
        )
        self.load_table()

    @staticmethod
    def _credits_line(artists: list[Json]) -> list[markup.Span]:
        if not artists:
            return []
        return [markup.Span("By: ", frozenset({"bold"})), *credit_spans(artists)]

    @staticmethod
    def _main_release_line(data: Json) -> list[markup.Span]:
        main = data.get("main_release")
        if not isinstance(main, int):
            return []
        return [
            markup.Span("Main release: ", frozenset({"bold"})),
            markup.Span(f"release {main}", link=markup.Link("release", str(main))),
            markup.Span(" (m opens it)"),
        ]

    # -- versions ---------------------------------------------------------------------------------
    def _filters(self) -> dict[str, str]:
        values = {name: self.query_one(f"#filter-{name}", Input).value.strip() for name in FILTERS}
        return {name: value for name, value in values.items() if value}

    def _note(self, filters: dict[str, str]) -> Text:
        note = Text()
        if filters:
            note.append("Filtered by ")
            note.append(join(f"{name} {value}" for name, value in filters.items()))
            note.append(".")
        if self.sorting.key:
            note.append(" " if filters else "")
            note.append(self.sorting.describe())
        return note

    def load_table(self) -> None:
        master_id = self.location.entity_id
        filters = self._filters()
        options = {**filters, **self.sorting.params()}

        async def fetch(page: int, per_page: int):
            return await self.service.database.master_versions(
                master_id, page=page, per_page=per_page, **options
            )

        table = self.query_one("#versions", PagedTable)
        table.load(fetch, self._note(filters))
        table.focus()

    @on(PagedTable.Loaded, "#versions")
    def suggest_filters(self, event: PagedTable.Loaded) -> None:
        """Offer the values the server says the versions have as each filter's completions."""
        available = (event.page.extra.get("filters") or {}).get("available") or {}
        for name in FILTERS:
            values = [clean(value) for value in available.get(name) or {}]
            self.query_one(f"#filter-{name}", Input).suggester = SuggestFromList(
                values, case_sensitive=False
            )

    @on(Input.Submitted)
    def apply_filters(self) -> None:
        self.reload_table()

    @on(PagedTable.Opened, "#versions")
    def open_version(self, event: PagedTable.Opened) -> None:
        release_id = event.item.get("id")
        if isinstance(release_id, int):
            self.discogs.open(Location("release", str(release_id)))

    # -- the collection ---------------------------------------------------------------------------
    def action_add_to_collection(self) -> None:
        table = self.query_one("#versions", PagedTable)
        row = table.rows.cursor_row
        version = table.items[row] if 0 <= row < len(table.items) else None
        if isinstance(version, dict) and isinstance(version.get("id"), int):
            self.add_to_folder(version["id"])
        else:
            self.discogs.notify_text("Highlight a version to add it to your collection.")

    def after_write(self) -> None:
        self.reload_table()  # re-read the versions: their "Yours" marks

    # -- keys -------------------------------------------------------------------------------------
    def action_open_main(self) -> None:
        main = (self.data or {}).get("main_release")
        if isinstance(main, int):
            self.discogs.open(Location("release", str(main)))
        else:
            self.discogs.notify_text("This master names no main release.")

    def action_toggle_filters(self) -> None:
        form = self.query_one("#version-filters")
        form.display = not form.display
        if form.display:
            self.query_one(f"#filter-{FILTERS[0]}", Input).focus()
        else:
            self.query_one("#versions", PagedTable).focus()

    def action_clear_filters(self) -> None:
        for name in FILTERS:
            self.query_one(f"#filter-{name}", Input).value = ""
        self.reload_table()

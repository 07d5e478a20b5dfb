"""Master: title, artists, year, genres and styles, the main release, a tracklist summary and
videos; its versions with the server's filters (format, label, released, country) and sort
keys, paged, each marked when it is in your collection or wantlist. Enter opens a version; c
adds it to one of your collection folders."""

from __future__ import annotations

from typing import Any, ClassVar

from rich.text import Text
from textual import on
from textual.app import ComposeResult
from textual.containers import Horizontal
from textual.suggester import SuggestFromList
from textual.widgets import Input

from discogs_tui.api import markup
from discogs_tui.api.database import VERSION_SORT_KEYS
from discogs_tui.api.models import Marks, Master, Track
from discogs_tui.api.pagination import Page
from discogs_tui.app.bulk_jobs import BulkWork, bulk_commands
from discogs_tui.app.commands import Command, bindings
from discogs_tui.app.marks import MarksRows, mark_commands
from discogs_tui.app.navigation import Location
from discogs_tui.app.present import count_text, credit_spans, credits_text, link_to
from discogs_tui.app.render import clean, flat, join, text
from discogs_tui.app.screens.base import DiscogsScreen
from discogs_tui.app.screens.collect import AddsToFolder
from discogs_tui.app.screens.entity import CatalogueScreen, Facts
from discogs_tui.app.screens.search import marks
from discogs_tui.app.widgets.entity import links_command, sort_commands
from discogs_tui.app.widgets.paged_table import Column, PagedTable, field

FILTERS = ("format", "label", "released", "country")  # the versions endpoint's filters


def yours(item: Any) -> Text:
    """Whether a version is in your collection and wantlist (``stats.user``)."""
    user = ((item.get("stats") or {}).get("user") or {}) if isinstance(item, dict) else {}
    return marks(Marks.from_json(user))


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
    parts = [part.strip() for part in str(duration or "").split(":")]
    if len(parts) < 2 or not all(part.isdecimal() for part in parts):
        return 0
    total = 0
    for part in parts:
        total = total * 60 + int(part)
    return total


def tracklist_summary(tracklist: tuple[Track, ...]) -> str:
    tracks = [track for track in tracklist if track.kind in ("track", "index")]
    total = sum(seconds(track.duration) for track in tracks)
    length = f", {total // 60}:{total % 60:02d}" if total else ""
    return f"{count_text(len(tracks), 'track')}{length}" if tracks else ""


class MasterScreen(BulkWork, MarksRows, CatalogueScreen, AddsToFolder):
    KIND = "Master"
    ABOUT = ("related", "facts")
    COLUMNS = VERSION_COLUMNS
    NOUN = "versions"
    TABLE = "versions"
    SORT_KEYS = VERSION_SORT_KEYS
    MARKS_NOUN = "version"
    COMMAND_LIST: ClassVar[list[Command]] = [
        *DiscogsScreen.COMMAND_LIST,
        Command(
            "master.want",
            "w",
            "want_marked",
            "Want",
            "Add the marked versions (or the highlighted one) to your wantlist.",
        ),
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
        *mark_commands("master", MARKS_NOUN),
        *bulk_commands("master"),
    ]
    BINDINGS = bindings(COMMAND_LIST)

    def __init__(self, location: Location) -> None:
        super().__init__(location)
        self.seen: dict[int, dict] = {}  # every version loaded, by id: what marks stand for

    def compose_between(self) -> ComposeResult:
        with Horizontal(id="version-filters"):
            for name in FILTERS:
                yield Input(placeholder=name, id=f"filter-{name}")

    def on_mount(self) -> None:
        super().on_mount()
        self.query_one("#version-filters").display = False

    async def fetch(self) -> Master:
        return Master.from_json(await self.service.database.master(self.location.entity_id))

    def name_of(self, master: Master) -> str:
        return master.title

    def heading_of(self, master: Master) -> str:
        return " – ".join(filter(None, [credits_text(master.artists), flat(master.title)]))

    def links_of(self, master: Master) -> list[list[markup.Span]]:
        by = [markup.Span("By: ", frozenset({"bold"})), *credit_spans(master.artists)]
        main = master.main_release
        return [
            by if master.artists else [],
            [
                markup.Span("Main release: ", frozenset({"bold"})),
                markup.Span(f"release {main}", link=link_to("release", main)),
                markup.Span(" (m opens it)"),
            ]
            if main is not None
            else [],
        ]

    def facts_of(self, master: Master) -> Facts:
        return [
            ("Year", master.year or None),
            ("Genres", join(master.genres)),
            ("Styles", join(master.styles)),
            ("Tracklist", tracklist_summary(master.tracklist)),
            ("Videos", count_text(len(master.videos), "video")),
            ("For sale", master.num_for_sale or None),
            ("Data quality", master.data_quality),
        ]

    # -- versions ---------------------------------------------------------------------------------
    def _filters(self) -> dict[str, str]:
        values = {name: self.query_one(f"#filter-{name}", Input).value.strip() for name in FILTERS}
        return {name: value for name, value in values.items() if value}

    def table_note(self) -> Text:
        filters = self._filters()
        note = Text()
        if filters:
            note.append("Filtered by ")
            note.append(join(f"{name} {value}" for name, value in filters.items()))
            note.append(".")
        if self.sorting.key:
            note.append(" " if filters else "")
            note.append(self.sorting.describe())
        return note

    def table_options(self) -> dict[str, str]:
        return {**self._filters(), **self.sorting.params()}

    async def rows(self, page: int, per_page: int, options: dict[str, str]) -> Page[Any]:
        return await self.service.database.master_versions(
            self.location.entity_id, page=page, per_page=per_page, **options
        )

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

    # -- marks (app/marks.py) and the wantlist ----------------------------------------------------
    @property
    def versions(self) -> PagedTable:
        return self.query_one("#versions", PagedTable)

    def marker(self):
        return self.is_marked

    def is_marked(self, item: Any) -> bool:
        return isinstance(item, dict) and item.get("id") in self.marks

    def current_mark_key(self) -> int | None:
        table = self.versions
        row = table.rows.cursor_row
        return table.items[row].get("id") if 0 <= row < len(table.items) else None

    def shown_mark_keys(self) -> list[int]:
        return [item.get("id") for item in self.versions.items]

    def show_marks(self, moved: bool = False) -> None:
        self.versions.refresh_marks(self.marked_summary())
        if moved:
            self.versions.rows.action_cursor_down()

    @on(PagedTable.Loaded, "#versions")
    def versions_loaded(self, event: PagedTable.Loaded) -> None:
        self.seen.update((item["id"], item) for item in event.page.items if "id" in item)

    def action_want_marked(self) -> None:
        keys = list(self.marks) or [self.current_mark_key()]
        versions = [self.seen[key] for key in keys if key in self.seen]
        if not versions:
            self.discogs.notify_text("Highlight a version (or mark some with space) first.")
            return
        wanted = [v["id"] for v in versions if ((v.get("stats") or {}).get("user") or {}).get("in_wantlist")]
        artist = credits_text(self.data.artists) if self.data is not None else ""
        releases = [(v["id"], " – ".join(filter(None, [artist, clean(v.get("title"))]))) for v in versions]
        self.add_to_wantlist(releases, wanted)

    # -- keys -------------------------------------------------------------------------------------
    def action_open_main(self) -> None:
        main = self.data.main_release if self.data is not None else None
        if main is not None:
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

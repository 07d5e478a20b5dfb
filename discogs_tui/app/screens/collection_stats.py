"""Statistics of a user's collection from the local mirror: counts by format, genre, style,
decade, label and country as bar charts, and the collection's value (fetched from Discogs).

The mirror is the one the collection screen shares for the session, so the counts show at
once. The mirror holds no country (the collection API doesn't give one): each release's
country is looked up once and kept (``ReleaseFacts``), at background priority, while this
screen is showing — one request per release, so it is started by the one screen that needs
it rather than whenever the collection is open, where it would take the rate limit from the
user's browsing. The chart grows as countries arrive; a later visit resumes the look-ups.
"""

from __future__ import annotations

import math
import re
import time
from collections import Counter
from collections.abc import Callable, Iterable
from pathlib import Path
from typing import TYPE_CHECKING, ClassVar

from rich.text import Text
from textual import work
from textual.app import ComposeResult
from textual.widget import Widget
from textual.widgets import Static

from discogs_tui.api.errors import DiscogsError
from discogs_tui.api.history import WatchHistory
from discogs_tui.api.mirror import CollectionMirror, MirrorItem
from discogs_tui.api.release_facts import ReleaseFacts
from discogs_tui.app import render
from discogs_tui.app.commands import Command, bindings
from discogs_tui.app.navigation import Location
from discogs_tui.app.render import join, text
from discogs_tui.app.screens.base import DiscogsScreen
from discogs_tui.app.screens.collection import CollectionScreen, freshness
from discogs_tui.app.widgets.chart import history_charts

if TYPE_CHECKING:
    from discogs_tui.app.shell import Shell

TOP = 15  # bars per chart; the rest add up to "others"
NAME_WIDTH = 22
UNKNOWN = "Unknown"
OTHERS = "others"
_QUANTITY = re.compile(r"^\d+×")  # "2×LP" -> "LP"
COUNTRY = "Country"  # the last chart: the one still growing
DEFAULT_PER_MINUTE = 60  # the API's rate limit, until its headers say otherwise


def format_name(item: MirrorItem) -> list[str]:
    """The first format word of the copy ("LP", "CD", "7\"") without its quantity."""
    first = item.format.split(", ")[0]
    return [_QUANTITY.sub("", first) or UNKNOWN]


def decade(item: MirrorItem) -> list[str]:
    return [f"{item.year // 10 * 10}s" if item.year else UNKNOWN]


# (title, what each copy counts towards); a copy can count towards several genres and styles
CATEGORIES: tuple[tuple[str, Callable[[MirrorItem], Iterable[str]]], ...] = (
    ("Format", format_name),
    ("Genre", lambda item: item.genres or [UNKNOWN]),
    ("Style", lambda item: item.styles or [UNKNOWN]),
    ("Decade", decade),
    ("Label", lambda item: [item.label or UNKNOWN]),
)


def count(items: Iterable[MirrorItem], keys: Callable[[MirrorItem], Iterable[str]]) -> Counter:
    return Counter(key for item in items for key in keys(item))


def top(counts: Counter, limit: int = TOP) -> list[tuple[str, int]]:
    """The ``limit`` biggest counts, the rest summed as "others"."""
    shown = counts.most_common(limit)
    others = counts.total() - sum(n for _, n in shown)
    return [*shown, (OTHERS, others)] if others else shown


def release_ids(items: Iterable[MirrorItem]) -> list[int]:
    """Each release once (second copies share it), in the collection's order."""
    return list(dict.fromkeys(item.release_id for item in items))


def country_counts(items: Iterable[MirrorItem], facts: ReleaseFacts) -> Counter:
    """Copies by country, of the copies whose release's country is known."""
    countries = (facts.country(item.release_id) for item in items)
    return Counter(country or UNKNOWN for country in countries if country is not None)


def time_left(releases: int, per_minute: int) -> str:
    minutes = math.ceil(releases / max(per_minute, 1))
    if minutes <= 1:
        return "about a minute left"
    return f"about {minutes} min left" if minutes < 120 else f"about {minutes // 60} h left"


def country_note(known: int, total: int, per_minute: int, problem: str = "") -> str:
    """How far the country look-ups have got."""
    if known >= total:
        return f"Countries of all {total:,} releases known." if total else ""
    done = f"Countries known for {known:,} of {total:,} releases"
    if problem:
        return f"{done}; look-ups stopped: {problem} (r tries again)."
    return f"{done} — filling in at the rate limit, {time_left(total - known, per_minute)}."


def bar_chart(rows: list[tuple[str, int]], width: int) -> Text:
    """One line per row: the name, a bar of █ scaled to the largest count, the count.
    "others" can outgrow every named row; its bar stops at the full width."""
    if not rows:
        return Text("Nothing yet.", "dim")
    scale = max(n for name, n in rows if name != OTHERS)
    count_width = max(len(f"{n:,}") for _, n in rows)
    bar_width = max(width - NAME_WIDTH - count_width - 2, 1)
    lines = []
    for name, n in rows:
        name_cell = text(name)
        name_cell.truncate(NAME_WIDTH - 1, overflow="ellipsis", pad=True)
        bar = "█" * min(max(round(n / scale * bar_width), 1), bar_width)
        count_cell = (f"{n:,}".rjust(count_width), "dim")
        lines.append(Text.assemble(name_cell, " ", (bar, "bold"), " ", count_cell))
    return Text("\n").join(lines)


class BarChart(Widget):
    """A bar chart that fits its width (redrawn when the terminal is resized), under an
    optional note."""

    DEFAULT_CSS = "BarChart { height: auto; }"

    def __init__(self, title: str, rows: list[tuple[str, int]]) -> None:
        super().__init__(classes="stats-chart")
        self.border_title = title
        self.rows = rows
        self.note = ""

    def update(self, rows: list[tuple[str, int]], note: str) -> None:
        self.rows, self.note = rows, note
        self.refresh(layout=True)

    def render(self) -> Text:
        chart = bar_chart(self.rows, self.content_size.width)
        if not self.note:
            return chart
        note = render.text(self.note, "dim")
        return note if not self.rows else Text("\n").join([note, chart])


class CollectionStatsScreen(DiscogsScreen):
    COMMAND_LIST: ClassVar[list[Command]] = [
        *DiscogsScreen.COMMAND_LIST,
        Command("stats.down", "j,down", "scroll_down", "Down", "Scroll down.", show=False),
        Command("stats.up", "k,up", "scroll_up", "Up", "Scroll up.", show=False),
        Command("stats.first", "g,home", "scroll_first", "Top", "Back to the top.", show=False),
        Command("stats.last", "G,end", "scroll_last", "End", "To the country chart.", show=False),
        Command("stats.collection", "c", "collection", "Collection", "Open the collection's list."),
    ]
    BINDINGS = bindings(COMMAND_LIST)
    # Releases whose country one visit looks up (None: all). The app looks up all; tests and
    # the screenshot tour set a few, so that the screen settles in a known state.
    COUNTRY_LOOKUPS: ClassVar[int | None] = None

    def __init__(self, location: Location) -> None:
        super().__init__(location)
        self.username = location.target
        self.facts: ReleaseFacts | None = None
        self.country_chart: BarChart | None = None
        self.country_problem = ""

    def where(self) -> str:
        return f"Collection stats of {self.username}"

    def compose_body(self) -> ComposeResult:
        yield Static(id="stats-summary")
        yield Static(Text("Value: asking Discogs…"), id="stats-value")

    def mirror_directory(self) -> Path | None:
        """Where the collection screen keeps the mirror (tests override that)."""
        return CollectionScreen.mirror_directory(self)  # type: ignore[arg-type]

    async def fetch(self) -> CollectionMirror:
        directory = self.mirror_directory()
        self.facts = session_facts(self.discogs, self.username, directory)
        return await self.service.stores.collection.opening(self.username, directory)

    def show(self, data: CollectionMirror) -> None:
        items = data.items()
        offline = self.service.stores.collection.offline
        summary = f"{len(items):,} copies, {freshness(data.synced_at, time.time(), offline)}"
        if data.synced_at is None:
            summary += ": open the collection (c) to sync it"
        self.query_one("#stats-summary", Static).update(render.text(summary))
        body = self.query_one("#body")
        body.remove_children(BarChart)
        charts = [BarChart(title, top(count(items, keys))) for title, keys in CATEGORIES]
        # what `discogs-tui watch` noted: value by day, wants' prices check by check
        history = WatchHistory(self.username, self.mirror_directory()).snapshot()
        charts[:0] = history_charts(history)
        self.country_chart = BarChart(COUNTRY, [])
        body.mount_all([*charts, self.country_chart])
        self.show_countries()
        self.fetch_value()
        self.fill_countries()

    # -- countries, looked up while the screen shows ----------------------------------------------
    def show_countries(self) -> None:
        items = self.data.items()
        ids = release_ids(items)
        known = sum(1 for release_id in ids if self.facts.country(release_id) is not None)
        state = self.discogs.rate_state
        per_minute = state.limit if state and state.limit else DEFAULT_PER_MINUTE
        note = country_note(known, len(ids), per_minute, self.country_problem)
        self.country_chart.update(top(country_counts(items, self.facts)), note)

    @work(exclusive=True, group="countries", exit_on_error=False)
    async def fill_countries(self) -> None:
        self.country_problem = ""
        ids = release_ids(self.data.items())
        try:
            await self.facts.fill(
                self.service, ids, lambda _: self.show_countries(), self.COUNTRY_LOOKUPS
            )
        except DiscogsError as error:
            self.country_problem = str(error)
        self.show_countries()

    def on_screen_resume(self) -> None:
        if self.country_chart is not None:
            self.fill_countries()

    def on_screen_suspend(self) -> None:
        """Another screen covers this one: its look-ups stop (saved), and resume on return."""
        self.workers.cancel_group(self, "countries")

    @work(exclusive=True, group="value", exit_on_error=False)
    async def fetch_value(self) -> None:
        panel = self.query_one("#stats-value", Static)
        try:
            value = await self.service.collection.value(self.username)
        except DiscogsError as error:
            panel.update(render.text(f"Value: unavailable ({error}). r tries again."))
            return
        amounts = [
            Text.assemble(render.text(f"{name} "), text(value.get(name, "?"), "bold"))
            for name in ("minimum", "median", "maximum")
        ]
        panel.update(Text.assemble(("Value  ", "bold"), join(amounts, " · ")))

    def action_scroll_down(self) -> None:
        self.query_one("#body").scroll_down()

    def action_scroll_up(self) -> None:
        self.query_one("#body").scroll_up()

    def action_scroll_first(self) -> None:
        self.query_one("#body").scroll_home(animate=False)

    def action_scroll_last(self) -> None:
        self.query_one("#body").scroll_end(animate=False)

    def action_collection(self) -> None:
        self.discogs.open(Location("collection", self.username))


def session_facts(app: Shell, username: str, directory: Path | None) -> ReleaseFacts:
    """The app session's one ``ReleaseFacts`` of ``username``, read on first use."""
    facts: dict[str, ReleaseFacts] = app.session.setdefault("release_facts", {})  # type: ignore[assignment]
    if username not in facts:
        facts[username] = ReleaseFacts(username, directory)
    return facts[username]

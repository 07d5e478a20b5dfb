"""Statistics of a user's collection from the local mirror: counts by format, genre, style,
decade and label as bar charts, and the collection's value (fetched from Discogs).

The mirror is the one the collection screen shares for the session, so the counts show at
once; the mirror holds no country (the collection API doesn't give one), so there is no
country chart.
"""

from __future__ import annotations

import re
import time
from collections import Counter
from collections.abc import Callable, Iterable
from pathlib import Path
from typing import ClassVar

from rich.text import Text
from textual import work
from textual.app import ComposeResult
from textual.widget import Widget
from textual.widgets import Static

from discogs_tui.api.errors import DiscogsError
from discogs_tui.api.mirror import CollectionMirror, MirrorItem
from discogs_tui.app.commands import Command, bindings
from discogs_tui.app.navigation import Location
from discogs_tui.app.render import join, text
from discogs_tui.app.screens.base import DiscogsScreen
from discogs_tui.app.screens.collection import CollectionScreen, freshness, session_mirror

TOP = 15  # bars per chart; the rest add up to "others"
NAME_WIDTH = 22
UNKNOWN = "Unknown"
OTHERS = "others"
_QUANTITY = re.compile(r"^\d+×")  # "2×LP" -> "LP"


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
    """A bar chart that fits its width (redrawn when the terminal is resized)."""

    DEFAULT_CSS = "BarChart { height: auto; }"

    def __init__(self, title: str, rows: list[tuple[str, int]]) -> None:
        super().__init__(classes="stats-chart")
        self.border_title = title
        self.rows = rows

    def render(self) -> Text:
        return bar_chart(self.rows, self.content_size.width)


class CollectionStatsScreen(DiscogsScreen):
    COMMAND_LIST: ClassVar[list[Command]] = [
        *DiscogsScreen.COMMAND_LIST,
        Command("stats.down", "j,down", "scroll_down", "Down", "Scroll down.", show=False),
        Command("stats.up", "k,up", "scroll_up", "Up", "Scroll up.", show=False),
        Command("stats.collection", "c", "collection", "Collection", "Open the collection's list."),
    ]
    BINDINGS = bindings(COMMAND_LIST)

    def __init__(self, location: Location) -> None:
        super().__init__(location)
        self.username = location.target

    def where(self) -> str:
        return f"Collection stats of {self.username}"

    def compose_body(self) -> ComposeResult:
        yield Static(id="stats-summary")
        yield Static(Text("Value: asking Discogs…"), id="stats-value")

    def mirror_directory(self) -> Path | None:
        """Where the collection screen keeps the mirror (tests override that)."""
        return CollectionScreen.mirror_directory(self)  # type: ignore[arg-type]

    async def fetch(self) -> CollectionMirror:
        return session_mirror(self.discogs, self.username, self.mirror_directory())

    def show(self, data: CollectionMirror) -> None:
        items = data.items()
        summary = f"{len(items):,} copies, {freshness(data.synced_at, time.time())}"
        if data.synced_at is None:
            summary += ": open the collection (c) to sync it"
        self.query_one("#stats-summary", Static).update(Text(summary))
        body = self.query_one("#body")
        body.remove_children(BarChart)
        body.mount_all(BarChart(title, top(count(items, keys))) for title, keys in CATEGORIES)
        self.fetch_value()

    @work(exclusive=True, group="value", exit_on_error=False)
    async def fetch_value(self) -> None:
        panel = self.query_one("#stats-value", Static)
        try:
            value = await self.service.collection.value(self.username)
        except DiscogsError as error:
            panel.update(Text(f"Value: unavailable ({error}). r tries again."))
            return
        amounts = [
            Text.assemble(f"{name} ", text(value.get(name, "?"), "bold"))
            for name in ("minimum", "median", "maximum")
        ]
        panel.update(Text.assemble(("Value  ", "bold"), join(amounts, " · ")))

    def action_scroll_down(self) -> None:
        self.query_one("#body").scroll_down()

    def action_scroll_up(self) -> None:
        self.query_one("#body").scroll_up()

    def action_collection(self) -> None:
        self.discogs.open(Location("collection", self.username))

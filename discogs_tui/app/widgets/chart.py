"""Column charts of a series over time, drawn with block characters: a want's lowest price
check by check, the collection's value day by day.

Shape carries everything (eighth blocks ▁…█ stacked on rows, an axis with the highest and
lowest values, the first and last dates under it), so the chart reads the same in 16 colours
and with ``NO_COLOR``; colour is only the theme's emphasis. With more points than columns the
latest ones are shown; with fewer, each point is a column two cells wide.
"""

from __future__ import annotations

import itertools
from collections.abc import Sequence
from datetime import date

from rich.text import Text
from textual.widget import Widget

from discogs_tui.api.history import Snapshot
from discogs_tui.app import render

EIGHTHS = " ▁▂▃▄▅▆▇█"
GAP = "·"  # a point with no value (nothing for sale at that check)


def axis_label(value: float) -> str:
    return f"{value:,.0f}" if value >= 100 else f"{value:,.2f}"


def column_chart(points: Sequence[tuple[str, float | None]], width: int, height: int = 5) -> Text:
    """``points``: (x label, value or None) oldest first. ``height`` rows of columns, an
    axis at the left, the first and last x labels under the columns."""
    if not any(value is not None for _, value in points):
        return Text("No points yet.", "dim")
    values = [value for _, value in points if value is not None]
    top, bottom = max(values), min(values)
    labels = [axis_label(top), axis_label(bottom)]
    axis_width = max(len(label) for label in labels)
    room = max(width - axis_width - 2, 1)
    step = 2 if len(points) * 2 <= room else 1
    shown = list(points)[-(room // step) :]
    # the lowest value still gets a sliver: a column stands for a price, not for zero
    floor = bottom - (top - bottom) / (height * 2) if top > bottom else bottom - 1
    levels = [
        None if value is None else round((value - floor) / (top - floor) * height * 8)
        for _, value in shown
    ]
    lines = []
    for row in range(height, 0, -1):
        label = labels[0] if row == height else labels[1] if row == 1 else ""
        cells = []
        for level in levels:
            if level is None:
                glyph = GAP if row == 1 else " "
            else:
                glyph = EIGHTHS[min(max(level - (row - 1) * 8, 0), 8)]
            cells.append(glyph * step)
        lines.append(
            Text.assemble((label.rjust(axis_width), "dim"), " │", ("".join(cells), "bold"))
        )
    first, last = shown[0][0], shown[-1][0]
    span = len(shown) * step
    gap = max(span - len(first) - len(last), 1)
    under = first if len(shown) == 1 else f"{first}{' ' * gap}{last}"
    lines.append(render.line(" " * axis_width + " └", render.text("─" * span, "dim")))
    lines.append(render.line(" " * (axis_width + 2), render.text(under, "dim")))
    return Text("\n").join(lines)


class ColumnChart(Widget):
    """A titled column chart that fits its width (redrawn on resize), with a note under it."""

    DEFAULT_CSS = """
    ColumnChart {
        height: auto;
        border: round $primary-muted;
        border-title-color: $text;
        padding: 0 1;
    }
    """

    def __init__(
        self, title: str, points: Sequence[tuple[str, float | None]], note: str = ""
    ) -> None:
        super().__init__(classes="stats-chart")
        self.border_title = render.text(title)  # a str would be markup; titles are data
        self.points = list(points)
        self.note = note

    def render(self) -> Text:
        chart = column_chart(self.points, self.content_size.width)
        if not self.note:
            return chart
        return Text("\n").join([chart, render.text(self.note, "dim")])


def history_charts(snapshot: Snapshot, wants: int = 3) -> list[ColumnChart]:
    """The collection's value by day (median, with the latest range in the note), and the
    lowest price check by check of up to ``wants`` wants: those with an alert price first,
    then those whose price moved most recently."""
    charts = []
    if snapshot.values:
        latest = snapshot.values[-1]
        money = f"{latest.symbol}{{:,.2f}}"
        note = (
            f"Median by day, as `discogs-tui watch` noted it; on {latest.day}: "
            f"{money.format(latest.minimum)} min, {money.format(latest.median)} median, "
            f"{money.format(latest.maximum)} max."
        )
        points = [(value.day, value.median) for value in snapshot.values]
        charts.append(ColumnChart("Collection value", points, note))
    for release_id in charted_wants(snapshot, wants):
        checks = snapshot.checks[release_id]
        currency = snapshot.currency.get(release_id, "")
        points = [(date.fromtimestamp(c.at).isoformat(), c.lowest) for c in checks]
        alert = snapshot.alerts.get(release_id)
        note = f"Lowest price in {currency}, check by check (· nothing for sale)"
        note += f"; alert under {alert:,.2f}." if alert is not None else "."
        title = snapshot.titles.get(release_id) or f"Release {release_id}"
        charts.append(ColumnChart(f"{title} — lowest price", points, note))
    return charts


def charted_wants(snapshot: Snapshot, limit: int) -> list[int]:
    def last_move(release_id: int) -> float:
        checks = snapshot.checks[release_id]
        moves = [b.at for a, b in itertools.pairwise(checks) if a.lowest != b.lowest]
        return moves[-1] if moves else 0.0

    priced = [
        rid
        for rid, checks in snapshot.checks.items()
        if sum(1 for c in checks if c.lowest is not None) >= 2 or rid in snapshot.alerts
    ]
    ranked = sorted(priced, key=lambda rid: (rid not in snapshot.alerts, -last_move(rid), rid))
    return ranked[:limit]

"""The watcher's history as terminal charts: the collection's value by day and a want's
lowest price check by check. Snapshots at 80×24 and 60×20; shape, not colour, carries them."""

from __future__ import annotations

from datetime import date, datetime

import pytest
from textual.app import App, ComposeResult
from textual.containers import VerticalScroll

from discogs_tui.api.history import Check, DayValue, Snapshot, WatchHistory
from discogs_tui.app.app import DiscogsApp
from discogs_tui.app.navigation import Location
from discogs_tui.app.screens.collection import CollectionScreen
from discogs_tui.app.screens.collection_stats import CollectionStatsScreen
from discogs_tui.app.widgets.chart import ColumnChart, column_chart, history_charts
from discogs_tui.demo import sandbox_service
from discogs_tui.sandbox import create_app
from discogs_tui.sandbox.config import DEMO_USERNAME
from tests.app.test_collection_screen import press, settle
from tests.conftest import roomy_config

HOSTILE_TITLE = "[b]Boom[/b] \x1b[31mRed\x1b[0m – Year Zero"


def at(day: int) -> float:
    return datetime(2026, 11, day, 12).timestamp()


def sample() -> Snapshot:
    values = [
        DayValue(
            date(2026, 11, day).isoformat(), 50 + day, 120 + 3 * day + (day % 4) * 5, 300 + day, "$"
        )
        for day in range(1, 29)
    ]
    prices = [31.0, 31.0, 28.5, None, None, 24.0, 22.0, 22.0, 19.5, 26.0]
    checks = [Check(at(day + 1), 0 if p is None else 2, p) for day, p in enumerate(prices)]
    return Snapshot(
        checks={1867708: checks},
        currency={1867708: "USD"},
        titles={1867708: HOSTILE_TITLE},
        values=values,
        alerts={1867708: 20.0},
    )


class ChartsApp(App):
    def compose(self) -> ComposeResult:
        with VerticalScroll():
            yield from history_charts(sample())


@pytest.mark.parametrize("size", [(80, 24), (60, 20)], ids=["80x24", "60x20"])
def test_history_charts_snapshot(snap_compare, size):
    assert snap_compare(ChartsApp(), terminal_size=size)


def test_a_column_per_point_and_a_gap_where_nothing_was_for_sale():
    chart = column_chart([("a", 10.0), ("b", None), ("c", 20.0)], width=40, height=4)
    lines = chart.plain.splitlines()
    assert len(lines) == 6  # four rows, the axis, the dates
    assert lines[0].startswith("20.00 │") and lines[3].startswith("10.00 │")
    bottom = lines[3].split("│")[1]
    assert bottom[2:4] == "··"  # the missing point, two cells wide
    assert lines[0].split("│")[1][4:6] == "██"  # the highest point fills the top row
    assert lines[-1].strip() == "a    c"


def test_the_latest_points_when_they_outnumber_the_columns():
    points = [(str(n), float(n)) for n in range(200)]
    chart = column_chart(points, width=30, height=3)
    assert chart.plain.splitlines()[-1].strip().endswith("199")


def test_titles_from_discogs_are_data():
    charts = history_charts(sample())
    want = charts[1]
    assert "\\[b]Boom\\[/b] Red" in str(want.border_title)  # shown literally, not as bold
    assert "\x1b" not in str(want.border_title)
    assert "alert under 20.00" in want.note


async def test_the_stats_screen_shows_the_watchers_history(monkeypatch, tmp_path):
    monkeypatch.setattr(CollectionScreen, "mirror_directory", lambda self: tmp_path)
    monkeypatch.setattr(CollectionStatsScreen, "COUNTRY_LOOKUPS", 0)
    history = WatchHistory(DEMO_USERNAME, tmp_path)
    history.record_value(date(2026, 11, 1), 10.0, 20.0, 30.0, "$")
    history.record_value(date(2026, 11, 2), 11.0, 22.0, 33.0, "$")
    history.record_checks([(249504, Check(at(1), 1, 9.0), "USD", "Rick Astley – Never")])
    history.record_checks([(249504, Check(at(2), 2, 7.5), "USD", "Rick Astley – Never")])
    service = sandbox_service(create_app(roomy_config()))
    app = DiscogsApp(
        service, start=Location("collection", DEMO_USERNAME), signed_in_as=DEMO_USERNAME
    )
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        await press(pilot, "v")
        await settle(pilot)
        titles = [str(chart.border_title) for chart in app.screen.query(ColumnChart)]
    assert titles == ["Collection value", "Rick Astley – Never — lowest price"]

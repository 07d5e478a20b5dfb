"""The collection stats screen and the collection's session mirror, driven by keys against the
in-process sandbox (mirrors in memory)."""

from __future__ import annotations

import pytest
from textual.widgets import Static

from discogs_tui.app import app as app_module
from discogs_tui.app.app import DiscogsApp
from discogs_tui.app.navigation import Location
from discogs_tui.app.screens.collection import CollectionScreen
from discogs_tui.app.screens.collection_stats import BarChart, CollectionStatsScreen
from discogs_tui.demo import sandbox_service
from discogs_tui.sandbox import create_app
from discogs_tui.sandbox.config import DEMO_USERNAME
from tests.app.conftest import settle
from tests.app.test_collection_screen import press
from tests.conftest import roomy_config


@pytest.fixture
def sandbox():
    return create_app(roomy_config())


@pytest.fixture
def app(monkeypatch, sandbox) -> DiscogsApp:
    monkeypatch.setattr(CollectionScreen, "mirror_directory", lambda self: None)
    # A few country look-ups (a release each); tests/app/test_country_chart.py tests them.
    monkeypatch.setattr(CollectionStatsScreen, "COUNTRY_LOOKUPS", 5)
    monkeypatch.setitem(
        app_module.SCREENS, "collection-stats", "collection_stats:CollectionStatsScreen"
    )
    service = sandbox_service(sandbox)
    start = Location("collection", DEMO_USERNAME)
    return DiscogsApp(service, start=start, signed_in_as=DEMO_USERNAME)


def requests(sandbox) -> int:
    return sandbox.state.stats.requests


async def test_v_opens_the_stats_with_bars_and_the_value(app):
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        mirror = app.screen.mirror
        await press(pilot, "v")
        screen = app.screen
        assert isinstance(screen, CollectionStatsScreen)
        charts = list(screen.query(BarChart))
        assert [chart.border_title for chart in charts] == [
            "Format",
            "Genre",
            "Style",
            "Decade",
            "Label",
            "Country",
        ]
        assert all("█" in str(chart.render()) for chart in charts)
        labels = charts[-2].rows
        assert len(labels) == 16 and labels[-1][0] == "others"  # top 15 and the rest
        assert sum(n for _, n in labels) == len(mirror)  # the collection screen's mirror
        value = str(screen.query_one("#stats-value", Static).render())
        assert "minimum" in value and "median" in value and "maximum" in value
        await press(pilot, "j", "j")
        assert screen.query_one("#body").scroll_y > 0


async def test_reopening_reuses_the_mirror_and_R_syncs_in_full(app, sandbox):
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        mirror = app.screen.mirror
        app.open(Location("user", DEMO_USERNAME))
        await settle(pilot)
        before = requests(sandbox)

        app.open(Location("collection", DEMO_USERNAME))
        await settle(pilot)
        assert app.screen.mirror is mirror
        assert requests(sandbox) == before  # fresh: shown without asking Discogs

        oldest = mirror.items()[-1]  # removed elsewhere: only a full sync notices
        await app.service.collection.delete_instance(
            DEMO_USERNAME, oldest.folder_id, oldest.release_id, oldest.instance_id
        )
        await press(pilot, "R")
        assert mirror.get(oldest.instance_id) is None

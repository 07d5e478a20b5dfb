"""The stats screen's country chart filling in, driven by keys against the in-process sandbox."""

from __future__ import annotations

import pytest

from discogs_tui.app.app import DiscogsApp
from discogs_tui.app.navigation import Location
from discogs_tui.app.screens.collection import CollectionScreen
from discogs_tui.app.screens.collection_stats import COUNTRY, BarChart, CollectionStatsScreen
from discogs_tui.demo import sandbox_service
from discogs_tui.sandbox import create_app
from discogs_tui.sandbox.config import DEMO_USERNAME
from tests.app.conftest import settle
from tests.app.test_collection_screen import press
from tests.conftest import roomy_config

LOOKUPS = 30  # releases one visit of the screen looks up


@pytest.fixture
def sandbox():
    return create_app(roomy_config())


@pytest.fixture(autouse=True)
def few_lookups(monkeypatch, tmp_path):
    monkeypatch.setattr(CollectionScreen, "mirror_directory", lambda self: tmp_path)
    monkeypatch.setattr(CollectionStatsScreen, "COUNTRY_LOOKUPS", LOOKUPS)


def collection_app(sandbox, username: str) -> DiscogsApp:
    service = sandbox_service(sandbox)
    return DiscogsApp(service, start=Location("collection", username), signed_in_as=DEMO_USERNAME)


def country_chart(app) -> BarChart:
    return next(chart for chart in app.screen.query(BarChart) if chart.border_title == COUNTRY)


def countries_of(sandbox, items) -> list[str]:
    releases = sandbox.state.sandbox.catalogue.releases
    return [releases[item.release_id].get("country") or "Unknown" for item in items]


async def test_countries_fill_in_while_the_stats_show_and_resume(sandbox):
    async with collection_app(sandbox, DEMO_USERNAME).run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        items = pilot.app.screen.mirror.items()
        releases = len({item.release_id for item in items})
        await press(pilot, "v")
        chart = country_chart(pilot.app)
        assert chart.note.startswith(
            f"Countries known for {LOOKUPS} of {releases:,} releases — filling in at the rate "
            "limit, about"
        )
        first = {item.release_id: item for item in items}
        looked_up = [first[rid] for rid in list(first)[:LOOKUPS]]  # newest first
        copies = [item for item in items if item.release_id in {i.release_id for i in looked_up}]
        assert sum(n for _, n in chart.rows) == len(copies)
        top_country, top_count = chart.rows[0]
        assert countries_of(sandbox, copies).count(top_country) == top_count

        await press(pilot, "escape", "v")  # leaving stops the look-ups; coming back resumes
        assert country_chart(pilot.app).note.startswith(f"Countries known for {2 * LOOKUPS} of")


async def test_a_small_collection_completes(sandbox, monkeypatch):
    monkeypatch.setattr(CollectionStatsScreen, "COUNTRY_LOOKUPS", None)
    async with collection_app(sandbox, "example").run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        items = pilot.app.screen.mirror.items()
        await press(pilot, "v")
        chart = country_chart(pilot.app)
        assert chart.note == f"Countries of all {len(items)} releases known."
        assert sorted(name for name, _ in chart.rows) == sorted(set(countries_of(sandbox, items)))
        assert "█" in str(chart.render())

""" "In your collection" marks and adding to a folder from search results and master versions,
driven by keys against the in-process sandbox."""

from __future__ import annotations

import pytest

from discogs_tui.api.auth import ANONYMOUS
from discogs_tui.app.app import DiscogsApp
from discogs_tui.app.navigation import Location
from discogs_tui.demo import sandbox_service
from discogs_tui.sandbox import create_app
from discogs_tui.sandbox.config import DEMO_USERNAME
from tests.conftest import roomy_config

OWNED = 249503  # in the demo collection; found by "Rick Astley"
VINYL = 2  # the demo user's second folder (after Uncategorized)
MASTER = 96559


@pytest.fixture
def sandbox():
    return create_app(roomy_config())


def make_app(sandbox, start: Location, *, anonymous: bool = False) -> DiscogsApp:
    service = sandbox_service(sandbox, credentials=ANONYMOUS if anonymous else None)
    return DiscogsApp(service, start=start, signed_in_as="" if anonymous else DEMO_USERNAME)


async def press(pilot, *keys: str) -> None:
    await pilot.press(*keys)
    await pilot.pause()
    await pilot.app.workers.wait_for_complete()
    await pilot.pause()


def copies(sandbox, release_id: int, folder_id: int) -> int:
    instances = sandbox.state.sandbox.user(DEMO_USERNAME).instances.values()
    return sum(i.release_id == release_id and i.folder_id == folder_id for i in instances)


def notifications(app) -> str:
    return "\n".join(notification.message for notification in app._notifications)


def mark(app, row: int) -> str:
    screen = app.screen
    return screen.query_one("#results").get_cell_at((row, screen.columns.index("In"))).plain


def row_of(app, predicate) -> int:
    return next(i for i, result in enumerate(app.screen.results) if predicate(result))


async def test_search_marks_what_you_own_and_c_adds_a_release(sandbox):
    app = make_app(sandbox, Location("search", "Rick Astley"))
    async with app.run_test(size=(100, 30)) as pilot:
        await press(pilot)
        assert mark(app, row_of(app, lambda r: r.id == OWNED)) == "✓C"
        row = row_of(
            app, lambda r: r.type == "release" and not (r.user_data and r.user_data.in_collection)
        )
        release_id = app.screen.results[row].id
        assert mark(app, row) == ""
        await press(pilot, *["j"] * row, "c")
        await press(pilot, "j", "enter")  # Uncategorized, then Vinyl
        assert copies(sandbox, release_id, VINYL) == 1
        assert "Added a copy to Vinyl." in notifications(app)
        assert mark(app, row) == "✓C"


async def test_c_on_a_master_result_says_to_pick_a_version(sandbox):
    app = make_app(sandbox, Location("search", "Rick Astley"))
    async with app.run_test(size=(100, 30)) as pilot:
        await press(pilot)
        row = row_of(app, lambda r: r.type == "master")
        await press(pilot, *["j"] * row, "c")
        assert "open it (Enter), highlight a version" in notifications(app)


async def test_c_on_a_master_version_adds_it(sandbox):
    app = make_app(sandbox, Location("master", str(MASTER)))
    async with app.run_test(size=(100, 30)) as pilot:
        await press(pilot)
        version = app.screen.query_one("#versions").items[0]["id"]
        before = copies(sandbox, version, VINYL)
        await press(pilot, "c")
        await press(pilot, "j", "enter")
        assert copies(sandbox, version, VINYL) == before + 1
        assert "Added a copy to Vinyl." in notifications(app)


async def test_anonymous_c_says_sign_in_is_needed(sandbox):
    # (search needs signing in, as on Discogs; a master's versions don't)
    app = make_app(sandbox, Location("master", str(MASTER)), anonymous=True)
    async with app.run_test(size=(100, 30)) as pilot:
        await press(pilot)  # the versions load
        await press(pilot, "c")
        assert "Sign in to add releases to your collection" in notifications(app)
        assert app.screen.location.kind == "master"  # no folder picker

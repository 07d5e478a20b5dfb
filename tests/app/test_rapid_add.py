"""Rapid add, driven by keys against the in-process sandbox."""

from __future__ import annotations

import pytest
from textual.widgets import DataTable, Input

from discogs_tui.app import app as app_module
from discogs_tui.app.app import DiscogsApp
from discogs_tui.app.navigation import Location
from discogs_tui.demo import sandbox_service
from discogs_tui.sandbox import create_app
from discogs_tui.sandbox.config import DEMO_USERNAME
from discogs_tui.sandbox.examples import RELEASE_249504
from tests.conftest import roomy_config

BARCODE = RELEASE_249504["identifiers"][0]["value"]
VINYL = 2  # the demo user's second folder, after Uncategorized


@pytest.fixture
def sandbox_app():
    return create_app(roomy_config())


@pytest.fixture
def app(monkeypatch, sandbox_app) -> DiscogsApp:
    monkeypatch.setitem(app_module.SCREENS, "rapid-add", "rapid_add:RapidAddScreen")
    service = sandbox_service(app=sandbox_app)
    start = Location("rapid-add", DEMO_USERNAME)
    return DiscogsApp(service, start=start, signed_in_as=DEMO_USERNAME)


def typed(value: str) -> list[str]:
    return ["space" if char == " " else char for char in value]


async def press(pilot, *keys: str) -> None:
    await pilot.press(*keys)
    await pilot.pause()
    await pilot.app.workers.wait_for_complete()
    await pilot.pause()


def copies(sandbox_app) -> set[tuple[int, int, int]]:
    """(instance id, release id, folder id) of every copy the demo user has."""
    user = sandbox_app.state.sandbox.user(DEMO_USERNAME)
    return {(i.instance_id, i.release_id, i.folder_id) for i in user.instances.values()}


async def open_in_vinyl(pilot) -> None:
    await press(pilot)  # the folders load, the picker opens
    await press(pilot, "j", "enter")  # Uncategorized → Vinyl


async def test_scan_adds_to_the_folder_in_one_key_and_u_undoes(app, sandbox_app):
    before = copies(sandbox_app)
    async with app.run_test(size=(100, 30)) as pilot:
        await open_in_vinyl(pilot)
        code = app.screen.query_one("#rapid-code", Input)
        assert app.focused is code
        await press(pilot, *BARCODE, "enter")
        assert app.screen.query_one(DataTable).row_count == 1
        await press(pilot, "enter")
        (new,) = copies(sandbox_app) - before
        assert new[1:] == (249504, VINYL)
        assert app.focused is code and code.value == ""
        assert "Added Rick Astley - Never Gonna Give You Up to Vinyl" in str(
            app.screen.query_one("#rapid-log").render()
        )
        await press(pilot, "escape", "u")
        assert copies(sandbox_app) == before


async def test_catno_search_number_key_add_and_f2_undo(app, sandbox_app):
    before = copies(sandbox_app)
    async with app.run_test(size=(80, 24)) as pilot:
        await open_in_vinyl(pilot)
        await press(pilot, *typed("PB 41447"), "enter")
        assert app.screen.query_one(DataTable).row_count == 1
        await press(pilot, "tab", "1")  # from the matches table, 1 adds the first
        (new,) = copies(sandbox_app) - before
        assert new[1] == 249504
        await press(pilot, "ctrl+z")  # undo without leaving the field
        assert copies(sandbox_app) == before


async def test_no_match_keeps_the_text(app):
    async with app.run_test(size=(80, 24)) as pilot:
        await open_in_vinyl(pilot)
        await press(pilot, *"0000000000000", "enter")
        code = app.screen.query_one("#rapid-code", Input)
        assert code.value == "0000000000000" and app.focused is code
        assert "No release matches" in str(app.screen.query_one("#rapid-summary").render())
        await press(pilot, "escape")
        assert app.focused is None

"""Bulk actions on marked rows (issue 17), driven by keys against the in-process sandbox:
each previewed, run as a background job, reported, and undone where Discogs allows; the
server's state is checked after."""

from __future__ import annotations

import pytest

from discogs_tui.app.app import DiscogsApp
from discogs_tui.app.modals.bulk import BulkReport
from discogs_tui.app.modals.confirm import Confirm
from discogs_tui.app.navigation import Location
from discogs_tui.app.screens.collection import CollectionScreen
from discogs_tui.demo import sandbox_service
from discogs_tui.sandbox.config import DEMO_USERNAME
from tests.app.conftest import settle, wait_until

SIZE = (80, 24)


def make_app(sandbox_app, start: Location, data_dir) -> DiscogsApp:
    service = sandbox_service(app=sandbox_app)
    return DiscogsApp(service, start=start, signed_in_as=DEMO_USERNAME, data_dir=data_dir)


async def press(pilot, *keys: str) -> None:
    await pilot.press(*keys)
    await settle(pilot)


async def confirm_and_report(pilot, preview: str) -> BulkReport:
    """y to the preview (which says ``preview``), then the report once the job ends."""
    app = pilot.app
    assert isinstance(app.screen, Confirm), app.screen
    assert preview in app.screen.question.plain
    await press(pilot, "y")
    await wait_until(pilot, lambda: isinstance(app.screen, BulkReport), seconds=20)
    return app.screen


def report_text(screen: BulkReport) -> str:
    return str(screen.query_one("#bulk-report-lines Static").render())


# -- the collection ---------------------------------------------------------------------------
@pytest.fixture
def collection_app(monkeypatch, sandbox_app, tmp_path) -> DiscogsApp:
    monkeypatch.setattr(CollectionScreen, "mirror_directory", lambda self: None)
    return make_app(sandbox_app, Location("collection", DEMO_USERNAME), tmp_path)


def instances(sandbox_app) -> dict:
    return sandbox_app.state.sandbox.user(DEMO_USERNAME).instances


async def test_move_marked_copies_then_undo(collection_app, sandbox_app):
    app = collection_app
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        await press(pilot, "space", "space", "space")
        marked = list(app.screen.marks)
        before = {key: instances(sandbox_app)[key].folder_id for key in marked}
        await press(pilot, "m", "j", "j", "enter")  # Uncategorized, then the second folder
        report = await confirm_and_report(pilot, "Move 3 copies")
        target = instances(sandbox_app)[marked[0]].folder_id
        assert target != 0  # a real folder, not "All"
        assert all(instances(sandbox_app)[key].folder_id == target for key in marked)
        assert "3 done" in report_text(report)
        assert "u undoes it" in str(report.query_one("#bulk-report-keys").render())

        await press(pilot, "u")  # undo: each copy back where it was
        await wait_until(pilot, lambda: isinstance(app.screen, BulkReport), seconds=20)
        assert {key: instances(sandbox_app)[key].folder_id for key in marked} == before
        await press(pilot, "escape")
        assert isinstance(app.screen, CollectionScreen)


async def test_rate_field_and_remove_marked_copies(collection_app, sandbox_app):
    app = collection_app
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        await press(pilot, "space", "space")
        marked = list(app.screen.marks)
        await press(pilot, "4")
        await press(pilot, "escape")  # no: nothing changes
        await press(pilot, "4")
        report = await confirm_and_report(pilot, "Rate 2 copies 4/5")
        assert all(instances(sandbox_app)[key].rating == 4 for key in marked)
        await press(pilot, "escape")

        await press(pilot, "e")  # which field, then its value
        fields = app.screen.choices
        textual = next(i for i, (_, f) in enumerate(fields) if f.get("type") != "dropdown")
        field = fields[textual][1]
        await press(pilot, *["j"] * textual, "enter", *"Shelf A", "ctrl+s")
        report = await confirm_and_report(pilot, "Shelf A")
        assert "2 done" in report_text(report)
        for key in marked:
            assert instances(sandbox_app)[key].notes.get(field["id"]) == "Shelf A"
        await press(pilot, "escape")

        await press(pilot, "x")
        report = await confirm_and_report(pilot, "2 copies")
        assert all(key not in instances(sandbox_app) for key in marked)
        assert "can't be undone" in report_text(report) or "not be undone" in report_text(report)
        await press(pilot, "u")  # says why not, stays
        assert isinstance(app.screen, BulkReport)
        await press(pilot, "escape")
        assert not app.screen.marks  # the removed copies are no longer marked


# -- the wantlist -----------------------------------------------------------------------------
def wants(sandbox_app) -> dict:
    return sandbox_app.state.sandbox.user(DEMO_USERNAME).wants


async def test_rate_note_and_remove_marked_wants(sandbox_app, tmp_path):
    app = make_app(sandbox_app, Location("wantlist", DEMO_USERNAME), tmp_path)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        await press(pilot, "space", "space", "space")
        marked = list(app.screen.marks)
        await press(pilot, "e", "enter", "j", "enter")  # rate them: ★★★★☆ (5 first)
        report = await confirm_and_report(pilot, "3 wants")
        assert report_text(report).startswith("Done: Rate 3 wants 4/5")
        assert all(wants(sandbox_app)[key].rating == 4 for key in marked)
        await press(pilot, "escape")

        await press(pilot, "e", "j", "enter", *"to buy", "ctrl+s")  # their notes
        await confirm_and_report(pilot, "to buy")
        assert all(wants(sandbox_app)[key].notes == "to buy" for key in marked)
        await press(pilot, "u")  # undo: the notes as they were
        await wait_until(pilot, lambda: isinstance(app.screen, BulkReport), seconds=20)
        assert all(wants(sandbox_app)[key].notes != "to buy" for key in marked)
        await press(pilot, "escape")

        await press(pilot, "x")
        report = await confirm_and_report(pilot, "3 wants")
        assert all(key not in wants(sandbox_app) for key in marked)
        assert "u undoes" not in str(report.query_one("#bulk-report-keys").render())
        await press(pilot, "escape")
        await settle(pilot)
        assert not app.screen.marks
        assert len(app.screen.wants) == 297


# -- the inventory ----------------------------------------------------------------------------
def listings(sandbox_app) -> dict:
    return sandbox_app.state.sandbox.listings


async def test_reprice_status_offers_location_and_delete_marked_listings(sandbox_app, tmp_path):
    app = make_app(sandbox_app, Location("inventory", DEMO_USERNAME), tmp_path)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        await press(pilot, "f", "j", "enter")  # For Sale only
        await press(pilot, "space", "space")
        marked = list(app.screen.marks)
        prices = {key: listings(sandbox_app)[key]["price"]["value"] for key in marked}

        await press(pilot, "e", "enter")  # the price form
        await press(pilot, *"-10%", "tab", "enter", "down", "enter", "tab", *"1", "ctrl+s")
        report = await confirm_and_report(pilot, "2 listings")
        assert "2 done" in report_text(report), report_text(report)
        for key in marked:  # down 10%, rounded to .99 (select: the second choice)
            price = listings(sandbox_app)[key]["price"]["value"]
            assert f"{price:.2f}".endswith(".99") and price < prices[key]
        await press(pilot, "u")  # undo: the prices as they were
        await wait_until(pilot, lambda: isinstance(app.screen, BulkReport), seconds=20)
        assert {k: listings(sandbox_app)[k]["price"]["value"] for k in marked} == prices
        await press(pilot, "escape")

        await press(pilot, "e", "j", "j", "enter")  # Status: Draft
        await confirm_and_report(pilot, "2 listings")
        assert all(listings(sandbox_app)[key]["status"] == "Draft" for key in marked)
        await press(pilot, "escape")

        await press(pilot, "e", "j", "j", "j", "j", "enter")  # Don't allow offers
        await confirm_and_report(pilot, "2 listings")
        assert not any(listings(sandbox_app)[key]["allow_offers"] for key in marked)
        await press(pilot, "escape")

        await press(pilot, "e", "G", "enter", *"Box 7", "enter")  # the location
        await confirm_and_report(pilot, "Box 7")
        assert all(listings(sandbox_app)[key]["location"] == "Box 7" for key in marked)
        await press(pilot, "escape")

        await press(pilot, "x")
        report = await confirm_and_report(pilot, "2 listings")
        assert all(
            key not in listings(sandbox_app) or listings(sandbox_app)[key]["status"] == "Deleted"
            for key in marked
        )
        await press(pilot, "escape")
        assert not app.screen.marks


# -- search results and a master's versions: add the marked to the wantlist -------------------
async def test_add_marked_search_results_to_the_wantlist(sandbox_app, tmp_path):
    app = make_app(sandbox_app, Location("search", "Rick Astley"), tmp_path)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        screen = app.screen
        rows = [
            i for i, r in enumerate(screen.results)
            if r.type == "release" and r.id not in wants(sandbox_app)
        ][:2]
        assert len(rows) == 2
        position = 0
        for row in rows:  # j to each, space marks it (and moves down)
            await press(pilot, *["j"] * (row - position), "space")
            position = row + 1
        wanted_ids = [screen.results[row].id for row in rows]
        assert "2 marked" in str(screen.query_one("#summary").render())
        await press(pilot, "w")
        report = await confirm_and_report(pilot, "Add 2 releases to the wantlist")
        assert "2 done" in report_text(report)
        assert all(release_id in wants(sandbox_app) for release_id in wanted_ids)


async def test_add_marked_master_versions_to_the_wantlist(sandbox_app, tmp_path):
    app = make_app(sandbox_app, Location("master", "96559"), tmp_path)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        versions = app.screen.query_one("#versions").items
        await press(pilot, "plus")  # every version shown
        assert len(app.screen.marks) == len(versions) >= 2
        assert f"{len(versions)} marked" in str(app.screen.query_one(".paged-summary").render())
        await press(pilot, "w")
        await confirm_and_report(pilot, f"Add {len(versions)} releases to the wantlist")
        assert all(version["id"] in wants(sandbox_app) for version in versions)


# -- a job interrupted before (the app quit or was killed): said once, U resumes it ------------
async def test_an_interrupted_job_is_mentioned_and_u_resumes_it(sandbox_app, tmp_path):
    from discogs_tui.api.bulk import Journal, actions

    rated = sorted(wants(sandbox_app))[:3]
    records = [{"id": release_id, "rating": 0, "notes": ""} for release_id in rated]
    plan = actions.plan_wantlist_rate(DEMO_USERNAME, records, 2)
    Journal.create(plan, tmp_path)  # written down, nothing sent: as if killed at once

    app = make_app(sandbox_app, Location("wantlist", DEMO_USERNAME), tmp_path)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        await wait_until(
            pilot, lambda: any("was interrupted" in n.message for n in app._notifications)
        )
        await press(pilot, "U")  # which job: the one
        await press(pilot, "enter")
        await wait_until(pilot, lambda: isinstance(app.screen, BulkReport), seconds=20)
        assert "3 done" in report_text(app.screen)
        assert all(wants(sandbox_app)[release_id].rating == 2 for release_id in rated)
        await press(pilot, "escape", "U")
        assert any("No interrupted bulk job" in n.message for n in app._notifications)

"""Inventory exports and uploads, driven by keys against the sandbox."""

from __future__ import annotations

from datetime import date

import pytest
from textual.widgets import Input, ProgressBar, Static

from discogs_tui.app.modals.confirm import Confirm
from discogs_tui.app.navigation import Location
from discogs_tui.app.screens.inventory_jobs import (
    DownloadForm,
    InventoryJobsScreen,
    JobClock,
    UploadForm,
    result_lines,
)
from discogs_tui.app.screens.jobs import JobsScreen
from discogs_tui.sandbox import create_app
from discogs_tui.sandbox.config import DEMO_USERNAME
from tests.app.conftest import settle, wait_until
from tests.app.test_order_screens import plain, seller_app
from tests.conftest import roomy_config

GOOD_CSV = "release_id,price,media_condition\n249504,12.50,Mint (M)\n1,8,Very Good (VG)\n"
BAD_CSV = "release_id,price,media_condition\n249504,cheap,Mint (M)\nx,8,Great\n"


@pytest.fixture(scope="module")
def quick_jobs():
    """A sandbox whose exports and uploads finish in a moment (one for the module: building
    one takes a second; the tests count what they add)."""
    return create_app(roomy_config(export_delay=0.2))


def jobs(sandbox_app):
    return seller_app(sandbox_app, Location("inventory-jobs"))


def shown(app, widget_id: str) -> str:
    return plain(app.screen.query_one(widget_id, Static))


async def test_an_export_is_watched_to_success_and_downloaded(quick_jobs, tmp_path, monkeypatch):
    monkeypatch.setenv("HOME", str(tmp_path))
    exports = quick_jobs.state.sandbox.exports
    before = len(exports)
    app = jobs(quick_jobs)
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        await pilot.press("e")
        await wait_until(pilot, lambda: "success" in shown(app, "#export-status"))
        await settle(pilot)
        await pilot.press("d")  # the newest export is highlighted
        assert isinstance(app.screen, DownloadForm)
        await pilot.press("enter")  # to the default path, in the (temporary) home folder
        await settle(pilot)
        saved = tmp_path / f"discogs-inventory-{date.today():%Y%m%d}.csv"
        progress = app.screen.query_one(ProgressBar)
        assert progress.total == progress.progress == len(saved.read_bytes())
        await pilot.press("d", "enter")  # the file exists now: asks first
        asking = plain(app.screen.query_one(".modal-problem", Static))
        await pilot.press("escape", "escape")
        assert isinstance(app.screen, InventoryJobsScreen)
    assert len(exports) == before + 1
    assert saved.read_text().startswith("listing_id,artist,title,")
    assert "already exists. Enter again replaces it" in asking


async def test_a_good_csv_is_uploaded_and_its_results_shown(quick_jobs, tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    (tmp_path / "good.csv").write_text(GOOD_CSV)
    uploads = quick_jobs.state.sandbox.uploads
    before = len(uploads)
    app = jobs(quick_jobs)
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        await pilot.press("u", *"good.csv", "enter")
        await wait_until(pilot, lambda: "good.csv): success" in shown(app, "#upload-status"))
        results = shown(app, "#upload-lines")
    assert len(uploads) == before + 1
    assert results.splitlines() == ["CSV file contains 2 records.", "Processed 2 records."]


async def test_a_malformed_csv_shows_its_rows_and_sends_nothing(quick_jobs, tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    (tmp_path / "bad.csv").write_text(BAD_CSV)
    app = jobs(quick_jobs)
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        sent = quick_jobs.state.stats.requests
        await pilot.press("u", *"bad.csv", "enter")
        await settle(pilot)
        rows = shown(app, "#upload-lines").splitlines()
        outcome = shown(app, "#jobs-outcome")
        assert quick_jobs.state.stats.requests == sent
    assert outcome.startswith("Not sent: bad.csv needs fixing")
    assert rows[1].startswith("line 2: price must be a number")
    assert rows[2].startswith("line 3: release_id must be a whole number")


async def test_a_second_export_while_one_runs_is_a_conflict():
    sandbox_app = create_app(roomy_config(export_delay=60))
    app = jobs(sandbox_app)
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        await pilot.press("e")
        await wait_until(pilot, lambda: "queued" in shown(app, "#export-status"))
        await pilot.press("e")
        await wait_until(pilot, lambda: "already" in shown(app, "#jobs-outcome"))
        outcome = shown(app, "#jobs-outcome")
    assert len(sandbox_app.state.sandbox.exports) == 2  # the seeded one and the running one
    assert "already in progress" in outcome and "Wait for the running job" in outcome


async def test_a_file_discogs_refuses_as_not_csv_says_so(quick_jobs, tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    (tmp_path / "nul.csv").write_text(
        "release_id,price,media_condition,comments\n1,8,Fair (F),a\0\n"
    )
    uploads = quick_jobs.state.sandbox.uploads
    before = len(uploads)
    app = jobs(quick_jobs)
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        await pilot.press("u", *"nul.csv", "enter")
        await settle(pilot)
        outcome = shown(app, "#jobs-outcome")
    assert "must be a comma-separated CSV file" in outcome  # the 415's own words
    assert len(uploads) == before


async def test_escape_leaves_the_path_then_closes_the_upload_form(quick_jobs):
    app = jobs(quick_jobs)
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        await pilot.press("u", "x", "escape")
        assert isinstance(app.screen, UploadForm) and app.focused is None
        assert app.screen.query_one(Input).value == "x"
        await pilot.press("escape")  # what was typed would go: asked first
        assert isinstance(app.screen, Confirm)
        await pilot.press("n")  # no: back in the field, as typed
        assert isinstance(app.screen, UploadForm)
        assert app.screen.query_one(Input).value == "x"
        await pilot.press("escape", "escape", "y")
        assert isinstance(app.screen, InventoryJobsScreen)


# -- pieces --------------------------------------------------------------------------------------
def test_results_are_split_at_paragraphs_and_never_read_as_html():
    results = "CSV file contains 2 records.<p>Processed 1 records.<P>Line 3: <b>bad</b>"
    assert result_lines(results) == [
        "CSV file contains 2 records.",
        "Processed 1 records.",
        "Line 3: <b>bad</b>",
    ]


def test_the_job_clock_names_times_in_the_servers_clock():
    clock = JobClock("2018-09-27T12:50:39", known_at=100.0)
    assert clock.since().isoformat() == "2018-09-27T12:50:39+00:00"
    clock.seen(130.5)  # asked 30.5 s (by our clock) after the job was known to exist
    assert clock.since().isoformat() == "2018-09-27T12:51:09.500000+00:00"
    assert JobClock(None, 0.0).since() is None


async def test_a_watched_export_is_listed_in_the_jobs_view_and_says_why_it_stays():
    """A running export is a job of the app's jobs view (F8) while it is watched, with its
    status; it runs on Discogs, so x there says why it can't be cancelled."""
    app = jobs(create_app(roomy_config(export_delay=60)))
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        await pilot.press("e")
        registry = app.service.jobs
        await wait_until(
            pilot, lambda: [job.short for job in registry.jobs] == ["inventory export"]
        )
        await pilot.press("f8")
        assert isinstance(app.screen, JobsScreen)
        await pilot.pause()  # not settle(): the watch goes on for the export's minute
        title, progress, _ = (str(cell) for cell in app.screen.table.get_row_at(0))
        assert title.startswith("Inventory export ") and title.endswith(" on Discogs")
        assert progress.endswith("on Discogs")  # "pending on Discogs"
        await pilot.press("x", "p")
        assert len(registry.jobs) == 1 and not registry.jobs[0].paused
        assert "runs on Discogs' side" in list(app._notifications)[-1].message


async def test_leaving_the_screen_stops_watching_the_export():
    """The watch belongs to the screen: going back from it ends the job in the jobs view
    (the export itself goes on at Discogs, and is watched again when the screen is opened)."""
    app = seller_app(
        create_app(roomy_config(export_delay=60)), Location("inventory", DEMO_USERNAME)
    )
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        await pilot.press("ctrl+p", *"exports and uploads", "enter")
        await wait_until(pilot, lambda: isinstance(app.screen, InventoryJobsScreen))
        await settle(pilot)
        await pilot.press("e")
        registry = app.service.jobs
        await wait_until(
            pilot, lambda: [job.short for job in registry.jobs] == ["inventory export"]
        )
        await pilot.press("escape")
        await wait_until(pilot, lambda: not isinstance(app.screen, InventoryJobsScreen))
        await wait_until(pilot, lambda: registry.jobs == [])

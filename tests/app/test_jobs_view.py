"""Background jobs in the app, driven by keys: the jobs view (F6 and the palette) lists each
job with its progress and pauses and cancels it; the status bar says when the user's request
waits for the rate limit because a job is running.

The sandbox keeps the real limit here (60 a minute), so a collection sync (30 pages), paced at
one background request a second, runs for half a minute and stays visible during the test."""

from __future__ import annotations

import asyncio
import re

from textual.widgets import DataTable, Static

from discogs_tui.api.mirror import CollectionMirror
from discogs_tui.app.app import DiscogsApp
from discogs_tui.app.navigation import Location
from discogs_tui.app.screens.jobs import JobsScreen
from discogs_tui.demo import sandbox_service
from discogs_tui.sandbox import create_app
from discogs_tui.sandbox.config import DEMO_TOKEN, DEMO_USERNAME
from tests.conftest import make_client, roomy_config

SIZE = (100, 30)


def paced_app(limit: int = 60, window: float = 60.0) -> DiscogsApp:
    sandbox = create_app(roomy_config(rate_limit_auth=limit, rate_window=window))
    service = sandbox_service(app=sandbox)
    app = DiscogsApp(service, start=Location("search"), signed_in_as=DEMO_USERNAME)
    app.sandbox = sandbox
    return app


async def until(pilot, condition, seconds: float = 5.0) -> None:
    for _ in range(int(seconds / 0.02)):
        if condition():
            return
        await pilot.pause(0.02)
    raise AssertionError("the condition never came true")


async def start_sync(pilot) -> asyncio.Task:
    """A full sync of the demo collection (30 pages), stalled by the rate limit."""
    app = pilot.app
    mirror = CollectionMirror(app.service, DEMO_USERNAME, None)
    task = asyncio.create_task(mirror.sync())
    await until(pilot, lambda: app.service.jobs.jobs)
    return task


def jobs_line(app: DiscogsApp) -> str:
    return str(app.screen.query_one("#jobs", Static).render())


async def test_the_jobs_view_shows_progress_and_pauses_and_cancels_by_key():
    app = paced_app()
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        task = await start_sync(pilot)
        (job,) = app.service.jobs.jobs
        await until(pilot, lambda: re.fullmatch(r"sync \d+%", jobs_line(app)))  # "sync 3%"

        await pilot.press("escape", "f8")  # leave the search field, open the jobs view
        assert isinstance(app.screen, JobsScreen)
        table = app.screen.query_one(DataTable)
        assert table.row_count == 1
        assert str(table.get_row_at(0)[0]) == f"Collection sync of {DEMO_USERNAME}"
        assert re.match(r"\d+ of 30", str(table.get_row_at(0)[1]))

        await pilot.press("p")
        assert job.paused
        await until(pilot, lambda: str(table.get_row_at(0)[1]).endswith("(paused)"))
        await pilot.press("p")
        assert not job.paused

        await pilot.press("x")
        await until(pilot, task.done)
        assert task.cancelled() and app.service.jobs.jobs == []
        assert table.row_count == 0
        empty = str(app.screen.query_one("#jobs-empty", Static).render())
        assert "No background job is running" in empty
        await pilot.press("escape")
        assert not isinstance(app.screen, JobsScreen)


async def test_the_palette_opens_the_jobs_view():
    app = paced_app()
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        await pilot.press("escape", "ctrl+p", *"jobs")
        await pilot.pause(0.3)
        await pilot.press("enter")
        await until(pilot, lambda: isinstance(app.screen, JobsScreen))


async def test_the_status_bar_says_the_user_waits_for_the_rate_limit_because_of_the_sync():
    """Another program on the same account has used the minute's 3 requests: the sync meets
    a 429 and probes now and then; the user's search waits, and the status bar says why."""
    app = paced_app(limit=3, window=60.0)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        token = {"Authorization": f"Discogs token={DEMO_TOKEN}"}
        async with make_client(app.sandbox, token) as other_program:
            for label in (1, 86537, 41841):
                await other_program.get(f"/labels/{label}")
        task = await start_sync(pilot)
        await pilot.press(*"night", "enter")  # a search, typed into the focused field
        await until(pilot, lambda: jobs_line(app) == "waiting for the rate limit (sync running)")
        task.cancel()
        await asyncio.gather(task, return_exceptions=True)

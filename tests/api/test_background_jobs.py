"""Background jobs: the registry (progress, time left, pause, cancel) and the wantlist's
availability check, remembered on disk, against an in-process sandbox."""

from __future__ import annotations

import asyncio

import pytest

from discogs_tui.api.availability import AvailabilityStore
from discogs_tui.api.jobs import JobRegistry
from discogs_tui.api.service import DiscogsService
from discogs_tui.demo import sandbox_service
from discogs_tui.sandbox.config import DEMO_USERNAME
from tests.api.conftest import requests_served

HOUR = 3600.0


class Clock:
    def __init__(self) -> None:
        self.now = 1_000_000.0

    def __call__(self) -> float:
        return self.now


def want_ids(sandbox_app, count: int = 30) -> list[int]:
    return sorted(sandbox_app.state.sandbox.user(DEMO_USERNAME).wants)[:count]


ASKED: list[str] = []


def counting_service(sandbox_app) -> DiscogsService:
    """A new service (a new session: its own memory cache) that notes every marketplace
    request it sends in ASKED."""
    service = sandbox_service(app=sandbox_app)
    send = service.client.scheduler._send

    async def counting(request):
        if request.url.path.startswith("/marketplace/stats/"):
            ASKED.append(request.url.path)
        return await send(request)

    service.client.scheduler._send = counting
    return service


def marketplace_requests(_sandbox_app) -> int:
    return len(ASKED)


@pytest.fixture
async def service(sandbox_app):
    ASKED.clear()
    service = counting_service(sandbox_app)
    yield service
    await service.aclose()


# -- the registry -------------------------------------------------------------------------------
async def test_a_job_shows_progress_and_time_left_and_leaves_when_done():
    clock = Clock()
    registry = JobRegistry(clock)
    heard = []
    registry.subscribe(lambda: heard.append(registry.summary()))
    with registry.start("Collection sync of me", "sync") as job:
        job.advance(0, 10)
        clock.now += 20
        job.advance(2)
        assert job.progress_text() == "2 of 10, about 80 s left"
        assert registry.summary() == "sync 20%"
    assert registry.jobs == []
    assert heard[-1] == ""


async def test_a_paused_job_waits_at_its_next_checkpoint_and_a_cancelled_one_stops():
    registry = JobRegistry()
    steps = []

    async def work() -> None:
        with registry.start("Country look-ups", "countries") as job:
            for step in range(1000):
                await job.checkpoint()
                steps.append(step)
                await asyncio.sleep(0.001)

    task = asyncio.create_task(work())
    await asyncio.sleep(0.02)
    (job,) = registry.jobs
    job.pause()
    assert registry.summary() == "countries paused"
    await asyncio.sleep(0.01)
    held = len(steps)
    await asyncio.sleep(0.05)
    assert len(steps) == held  # nothing runs while paused
    job.resume()
    await asyncio.sleep(0.02)
    assert len(steps) > held
    job.cancel()
    with pytest.raises(asyncio.CancelledError):
        await task
    assert registry.jobs == []


# -- the availability check ---------------------------------------------------------------------
async def test_reopening_within_the_freshness_asks_nothing_again(sandbox_app, service, tmp_path):
    ids = want_ids(sandbox_app)
    clock = Clock()
    store = AvailabilityStore(DEMO_USERNAME, tmp_path, fresh_for=HOUR, clock=clock)
    await store.check(service, ids)
    asked = marketplace_requests(sandbox_app)
    assert asked == len(ids)

    clock.now += HOUR - 60
    before = await requests_served(sandbox_app)
    await store.check(service, ids)  # F3 again, in the same session
    after_restart = counting_service(sandbox_app)
    restarted = AvailabilityStore(DEMO_USERNAME, tmp_path, fresh_for=HOUR, clock=clock)
    await restarted.check(after_restart, ids)  # after a restart
    assert await requests_served(sandbox_app) == before
    assert restarted.get(ids[0]) == store.get(ids[0])

    clock.now += 120  # an hour and a minute since: stale, asked again
    await restarted.check(after_restart, ids[:5])
    await after_restart.aclose()
    assert marketplace_requests(sandbox_app) == asked + 5


async def test_an_interrupted_check_resumes_after_a_restart(sandbox_app, service, tmp_path):
    ids = want_ids(sandbox_app)
    store = AvailabilityStore(DEMO_USERNAME, tmp_path)
    answered = []

    def stop_after_seven(release_id, checked) -> None:
        answered.append(release_id)
        if len(answered) == 7:
            raise asyncio.CancelledError  # as when the screen closes or the app quits

    with pytest.raises(asyncio.CancelledError):
        await store.check(service, ids, on_answer=stop_after_seven)
    assert service.jobs.jobs == []  # the job left the registry

    restarted = AvailabilityStore(DEMO_USERNAME, tmp_path)
    assert set(restarted.due(ids)) == set(ids) - set(answered)
    after_restart = counting_service(sandbox_app)
    await restarted.check(after_restart, ids)
    await after_restart.aclose()
    assert marketplace_requests(sandbox_app) == len(ids)  # nothing asked twice


async def test_visible_rows_first_then_the_stalest(sandbox_app, service, tmp_path):
    ids = want_ids(sandbox_app, 12)
    clock = Clock()
    store = AvailabilityStore(DEMO_USERNAME, tmp_path, fresh_for=HOUR, clock=clock)
    await store.check(service, ids[:4])  # checked long ago...
    clock.now += 2 * HOUR
    await store.check(service, ids[4:6])  # ...and a little while ago (stale by now too)
    clock.now += 2 * HOUR
    order: list[int] = []
    await store.check(
        service, ids, visible=lambda: ids[9:11], on_answer=lambda rid, _: order.append(rid)
    )
    assert order[:2] == ids[9:11]  # on screen
    assert set(order[2:6]) == {*ids[6:9], ids[11]}  # never checked
    assert set(order[6:10]) == set(ids[:4])  # the stalest
    assert set(order[10:]) == set(ids[4:6])

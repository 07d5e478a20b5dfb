"""The scheduler over a real sandbox: priorities, cancellation, coalescing, writes that go on."""

from __future__ import annotations

import asyncio

import httpx
import pytest

from discogs_tui.api.ratelimit import RateLimiter
from discogs_tui.api.scheduler import RESERVE, Priority, Scheduler
from discogs_tui.sandbox import SandboxConfig, create_app
from discogs_tui.sandbox.config import DEMO_TOKEN, DEMO_USERNAME
from discogs_tui.sandbox.faults import FaultRule
from tests.conftest import USER_AGENT, roomy_config


@pytest.fixture
def app(request):
    """A roomy sandbox, or with ``@pytest.mark.one_per_window`` one request per 0.2 s, so
    the client's limiter (which follows the server's headers) has to queue."""
    if request.node.get_closest_marker("one_per_window"):
        return create_app(SandboxConfig(rate_limit_auth=1, rate_window=0.2))
    return create_app(roomy_config())


@pytest.fixture
async def http(app):
    async with httpx.AsyncClient(
        transport=httpx.ASGITransport(app=app),
        base_url="https://api.discogs.com",
        headers={"User-Agent": USER_AGENT, "Authorization": f"Discogs token={DEMO_TOKEN}"},
    ) as client:
        yield client


def recording(http: httpx.AsyncClient, order: list[str]):
    async def send(request: httpx.Request) -> httpx.Response:
        order.append(request.url.path)
        return await http.send(request)

    return send


@pytest.mark.one_per_window
async def test_the_most_urgent_request_goes_first(http):
    order: list[str] = []
    scheduler = Scheduler(recording(http, order), RateLimiter(1, window=0.2, margin=0.0))
    first = asyncio.create_task(scheduler.submit(http.build_request("GET", "/labels/1")))
    await asyncio.sleep(0.05)  # the first one took the only slot of the window
    background = asyncio.create_task(
        scheduler.submit(http.build_request("GET", "/labels/86537"), Priority.BACKGROUND)
    )
    prefetch = asyncio.create_task(
        scheduler.submit(http.build_request("GET", "/labels/41841"), Priority.PREFETCH)
    )
    interactive = asyncio.create_task(
        scheduler.submit(http.build_request("GET", "/artists/108713"))
    )
    await asyncio.gather(first, background, prefetch, interactive)
    await scheduler.aclose()
    assert order == ["/labels/1", "/artists/108713", "/labels/41841", "/labels/86537"]


@pytest.mark.one_per_window
async def test_a_queued_request_whose_caller_left_is_never_sent(http):
    order: list[str] = []
    scheduler = Scheduler(recording(http, order), RateLimiter(1, window=0.2, margin=0.0))
    await scheduler.submit(http.build_request("GET", "/labels/1"))
    abandoned = asyncio.create_task(scheduler.submit(http.build_request("GET", "/labels/86537")))
    await asyncio.sleep(0.01)
    abandoned.cancel()
    kept = await scheduler.submit(http.build_request("GET", "/labels/41841"))
    await scheduler.aclose()
    assert kept.status_code == 200
    assert order == ["/labels/1", "/labels/41841"]


async def test_a_running_read_is_cancelled_with_its_caller(app, http):
    app.state.faults.add(FaultRule("delay", path="^/labels/1$", seconds=5))
    scheduler = Scheduler(http.send, RateLimiter(60))
    read = asyncio.create_task(scheduler.submit(http.build_request("GET", "/labels/1")))
    await asyncio.sleep(0.05)
    read.cancel()
    with pytest.raises(asyncio.CancelledError):
        await asyncio.wait_for(read, 1)
    await asyncio.sleep(0.01)
    assert scheduler.limiter.state().used == 1  # the slot is booked, nothing is in flight
    assert not scheduler._running
    await scheduler.aclose()


async def test_a_running_write_goes_on_when_its_caller_leaves(app, http):
    app.state.faults.add(FaultRule("delay", path="/wants/249504$", method="PUT", seconds=0.2))
    scheduler = Scheduler(http.send, RateLimiter(60))
    write = asyncio.create_task(
        scheduler.submit(http.build_request("PUT", f"/users/{DEMO_USERNAME}/wants/249504"))
    )
    await asyncio.sleep(0.05)
    write.cancel()
    await asyncio.sleep(0.4)
    await scheduler.aclose()
    assert 249504 in app.state.sandbox.user(DEMO_USERNAME).wants


async def test_coalesced_waiters_leave_independently(app, http):
    app.state.faults.add(FaultRule("delay", path="^/labels/1$", seconds=0.1))
    scheduler = Scheduler(http.send, RateLimiter(60))
    request = http.build_request("GET", "/labels/1")
    leaving = asyncio.create_task(scheduler.submit(request, coalesce_key="label-1"))
    staying = asyncio.create_task(scheduler.submit(request, coalesce_key="label-1"))
    await asyncio.sleep(0.02)
    leaving.cancel()
    answer = await staying
    await scheduler.aclose()
    assert answer.status_code == 200
    assert scheduler.sent == 1


@pytest.mark.one_per_window
async def test_state_is_published_while_waiting(http):
    seen = []
    limiter = RateLimiter(1, window=0.2, margin=0.0)
    limiter.subscribe(seen.append)
    scheduler = Scheduler(http.send, limiter)
    await asyncio.gather(
        *(scheduler.submit(http.build_request("GET", f"/labels/{i}")) for i in (1, 86537))
    )
    await scheduler.aclose()
    assert any(state.waiting_until is not None and state.remaining == 0 for state in seen)
    assert seen[-1].waiting_until is None


async def test_background_work_leaves_room_for_the_user():
    """Background requests, paced one per window/limit seconds, never take the window's
    last RESERVE slots; a request the user waits for still goes at once. (Before issue 11
    the reserve was a quarter of the window and only while the user had been active in the
    last 30 s; now it is always kept, and small, so that idle background work still runs
    above 95 % of the limit.)"""
    sandbox = create_app(SandboxConfig(rate_limit_auth=8, rate_window=0.6))
    http = httpx.AsyncClient(
        transport=httpx.ASGITransport(app=sandbox),
        base_url="https://api.discogs.com",
        headers={"User-Agent": USER_AGENT, "Authorization": f"Discogs token={DEMO_TOKEN}"},
    )
    order: list[str] = []
    limiter = RateLimiter(8, window=0.6, margin=0.0)
    scheduler = Scheduler(recording(http, order), limiter)
    await scheduler.submit(http.build_request("GET", "/labels/1"))  # the user is active
    background = [
        asyncio.create_task(
            scheduler.submit(http.build_request("GET", f"/artists/{i}"), Priority.BACKGROUND)
        )
        for i in (108713, 72872, 21849, 25460, 270222, 685755, 685754)
    ]
    await asyncio.sleep(0.45)  # 5 paced sends take 0.3 s; the first answer ages out at 0.6 s
    assert len(order) == 8 - RESERVE  # 1 interactive + 5 background
    answer = await asyncio.wait_for(
        scheduler.submit(http.build_request("GET", "/labels/86537")), 0.3
    )
    assert answer.status_code == 200
    await asyncio.gather(*background)
    await scheduler.aclose()
    await http.aclose()
    assert sandbox.state.stats.rate_limited == 0


@pytest.mark.parametrize("steps", range(8))
async def test_a_caller_that_leaves_at_any_moment_gives_its_slot_back(http, steps):
    """A caller cancelled at any step of its request (found by the fuzz campaign: a read
    cancelled after its task was made but before it began kept its slot for ever; once every
    slot was lost, every screen waited for ever)."""
    scheduler = Scheduler(recording(http, []), RateLimiter(60, window=60), max_in_flight=1)
    caller = asyncio.create_task(scheduler.submit(http.build_request("GET", "/labels/1")))
    for _ in range(steps):
        await asyncio.sleep(0)
    caller.cancel()
    await asyncio.gather(caller, return_exceptions=True)
    answer = await asyncio.wait_for(
        scheduler.submit(http.build_request("GET", "/artists/108713")), 5
    )
    assert answer.status_code == 200
    await scheduler.aclose()

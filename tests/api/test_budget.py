"""The rate budget shared by the user and background jobs, in virtual time.

The real scheduler and limiter run on an event loop whose clock jumps ahead when nothing is
ready; the server is the sandbox's own moving-window limiter on the same clock. Hypothesis
mixes background jobs that send as fast as they are let, idle minutes and the user's key
presses (a few requests at once, seconds apart). Whatever the mix, the server never answers
429 and no request the user waits for is held back more than a few seconds.
"""

from __future__ import annotations

import asyncio
import itertools
import random
import statistics

import httpx
from hypothesis import settings
from hypothesis import strategies as st
from hypothesis.stateful import RuleBasedStateMachine, initialize, invariant, precondition, rule

from discogs_tui.api.ratelimit import RateLimiter
from discogs_tui.api.scheduler import USER_PACE, Priority, Scheduler
from discogs_tui.sandbox.ratelimit import MovingWindowLimiter
from tests.api.virtual_time import VirtualTimeLoop

WINDOW = 60.0
LIMIT = 60
# Seconds a request the user waits for may be held back: the "max ≤ 5 s". Most go
# at once (the reserve); a few wait for the next slot to free up, about a second.
INTERACTIVE_BOUND = 5.0
KEY_PRESS = 3  # requests one key press may need at once (a release screen: release, master, cover)


class Budget(RuleBasedStateMachine):
    def __init__(self) -> None:
        super().__init__()
        self.loop = VirtualTimeLoop()
        self.server = MovingWindowLimiter(WINDOW, self.loop.time)
        self.limiter = RateLimiter(LIMIT, WINDOW, clock=self.loop.time, sleep=asyncio.sleep)
        self.scheduler = Scheduler(self._send, self.limiter, clock=self.loop.time)
        self.rejected = 0
        self.user_waits: list[float] = []
        self.background_sent = 0
        self.jobs: list[asyncio.Task] = []
        self.submitted: dict[int, float] = {}
        self.ids = itertools.count()
        self.latency = 0.05

    async def _send(self, request: httpx.Request) -> httpx.Response:
        if request.url.path.startswith("/user"):
            self.user_waits.append(self.loop.time() - self.submitted.pop(id(request)))
        else:
            self.background_sent += 1
        await asyncio.sleep(self.latency)
        decision = self.server.hit("me", LIMIT)
        self.rejected += not decision.allowed
        await asyncio.sleep(self.latency)
        status = 200 if decision.allowed else 429
        return httpx.Response(status, headers=decision.headers(), request=request)

    async def _background_job(self) -> None:
        while True:
            request = httpx.Request("GET", f"https://api.test/releases/{next(self.ids)}")
            await self.scheduler.submit(request, Priority.BACKGROUND)

    async def _key_press(self, requests: int) -> None:
        async def one() -> None:
            request = httpx.Request("GET", f"https://api.test/user/{next(self.ids)}")
            self.submitted[id(request)] = self.loop.time()
            await self.scheduler.submit(request, Priority.INTERACTIVE)

        await asyncio.gather(*(one() for _ in range(requests)))

    def _run_for(self, seconds: float) -> None:
        self.loop.run_until_complete(asyncio.sleep(seconds))

    @initialize(one_way=st.floats(0.005, 0.4))
    def network(self, one_way: float) -> None:
        self.latency = one_way

    @precondition(lambda self: len(self.jobs) < 3)
    @rule()
    def start_a_job(self) -> None:
        self.jobs.append(self.loop.create_task(self._background_job()))

    @precondition(lambda self: self.jobs)
    @rule()
    def stop_a_job(self) -> None:
        self.jobs.pop().cancel()
        self._run_for(0)

    @rule(requests=st.integers(1, KEY_PRESS), slack=st.floats(0.0, 30.0))
    def press_a_key(self, requests: int, slack: float) -> None:
        """A key press, then reading the answer: on average no faster than USER_PACE."""
        self.loop.run_until_complete(self._key_press(requests))
        self._run_for(requests / USER_PACE + slack)

    @rule(seconds=st.floats(0.0, 150.0))
    def idle(self, seconds: float) -> None:
        self._run_for(seconds)

    @invariant()
    def the_server_never_says_429(self) -> None:
        assert self.rejected == 0

    @invariant()
    def the_user_never_waits_long(self) -> None:
        assert max(self.user_waits, default=0.0) <= INTERACTIVE_BOUND

    def teardown(self) -> None:
        for job in self.jobs:
            job.cancel()
        self.loop.run_until_complete(self.scheduler.aclose())
        self.loop.close()


Budget.TestCase.settings = settings(max_examples=40, stateful_step_count=40, deadline=None)
TestBudget = Budget.TestCase


def run_background_alone(minutes: float) -> float:
    """Background requests per minute, as a share of the limit, with nobody at the keys."""
    machine = Budget()
    try:
        machine.network(0.05)
        machine.start_a_job()
        machine.start_a_job()
        machine._run_for(WINDOW)  # past the first minute, where the window starts empty
        before = machine.background_sent
        machine._run_for(minutes * 60)
        assert machine.rejected == 0
        return (machine.background_sent - before) / (minutes * LIMIT)
    finally:
        machine.teardown()


def test_background_alone_uses_nearly_the_whole_limit():
    """Paced sends fill the window; the reserve then costs nothing, as the slots ageing out
    within the look-ahead count for it."""
    share = run_background_alone(5)
    assert 0.95 <= share <= 1.0


def run_background_with_a_browsing_user(minutes: float, seed: int) -> tuple[float, list[float]]:
    """Background requests per minute, as a share of the limit, while someone opens one
    thing every 3 to 6 seconds (as ``bench_contention.py``'s scripted user); and the user's
    waits."""
    machine = Budget()
    reading = random.Random(seed)
    try:
        machine.network(0.05)
        for _ in range(3):
            machine.start_a_job()
        machine._run_for(WINDOW)
        before = machine.background_sent
        started = machine.loop.time()
        while machine.loop.time() - started < minutes * 60:
            machine.loop.run_until_complete(machine._key_press(1))
            machine._run_for(reading.uniform(3.0, 6.0))
        elapsed = machine.loop.time() - started
        assert machine.rejected == 0
        return (machine.background_sent - before) / (elapsed / WINDOW * LIMIT), machine.user_waits
    finally:
        machine.teardown()


def test_background_keeps_three_quarters_while_the_user_browses():
    """The issue's target, "background throughput >= 0.75 of the limit while the user is
    active", with a user taking about 0.22 of it: kept free for the user at all times, two
    slots of the window held background work to 0.74 (issue 11's first benchmark); counting
    the slots that free up within the look-ahead as within the user's reach, about 0.80."""
    for seed in (1, 2):
        share, waits = run_background_with_a_browsing_user(4, seed)
        assert share >= 0.75
        assert statistics.quantiles(waits, n=20)[-1] <= 2.0  # p95
        assert max(waits) <= INTERACTIVE_BOUND


def test_background_is_paced_not_bursted():
    """Even with the window empty, background requests go one per window/limit seconds."""
    machine = Budget()
    sends: list[float] = []
    send = machine._send

    async def recording(request: httpx.Request) -> httpx.Response:
        sends.append(machine.loop.time())
        return await send(request)

    machine.scheduler._send = recording
    try:
        machine.start_a_job()
        machine.start_a_job()
        machine._run_for(20)
    finally:
        machine.teardown()
    gaps = [later - earlier for earlier, later in itertools.pairwise(sends)]
    assert len(sends) >= 18
    assert min(gaps) >= WINDOW / LIMIT - 1e-6


def test_three_429s_cost_seconds_not_windows():
    """Three 429s in a row without Retry-After (as ``--fault rate_limited:times=3``): the
    user's request is answered after pauses of about 2, 4 and 8 s, not after windows."""
    machine = Budget()
    refusals = iter(range(3))
    send = machine._send

    async def refusing(request: httpx.Request) -> httpx.Response:
        if next(refusals, None) is not None:
            await asyncio.sleep(2 * machine.latency)
            full = {"X-Discogs-Ratelimit": "60", "X-Discogs-Ratelimit-Used": "60"}
            return httpx.Response(429, headers=full, request=request)
        return await send(request)

    machine.scheduler._send = refusing
    try:
        machine.start_a_job()
        machine._run_for(0.5)  # the job's first request met the first 429
        started = machine.loop.time()
        machine.loop.run_until_complete(machine._key_press(1))
        waited = machine.loop.time() - started
    finally:
        machine.teardown()
    assert waited <= 2 + 4 + 8 + 1
    assert machine.rejected == 0

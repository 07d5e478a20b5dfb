"""The client's rate limiter against the server's window, in virtual time.

The oracle is the sandbox's own moving-window limiter: it counts arrivals exactly as the
sandbox server does. Whatever the client does, the server must never have to say 429.
"""

from __future__ import annotations

import asyncio

from hypothesis import settings
from hypothesis import strategies as st
from hypothesis.stateful import RuleBasedStateMachine, invariant, rule

from discogs_tui.api.ratelimit import CALIBRATION_PATIENCE, RateLimiter
from discogs_tui.sandbox.ratelimit import MovingWindowLimiter

WINDOW = 60.0
LIMIT = 10


class VirtualTime:
    def __init__(self) -> None:
        self.now = 0.0

    def __call__(self) -> float:
        return self.now

    async def sleep(self, seconds: float) -> None:
        self.now += max(seconds, 0.0)


def headers_of(decision) -> dict[str, str]:
    return decision.headers()


class ClientAgainstServer(RuleBasedStateMachine):
    """One request at a time: acquire, travel to the server, answer back, release."""

    def __init__(self) -> None:
        super().__init__()
        self.time = VirtualTime()
        self.client = RateLimiter(LIMIT, WINDOW, clock=self.time, sleep=self.time.sleep)
        self.server = MovingWindowLimiter(WINDOW, self.time)
        self.rejected = 0

    @rule(uplink=st.floats(0, 2), downlink=st.floats(0, 2), send_headers=st.booleans())
    def send(self, uplink, downlink, send_headers):
        asyncio.run(self.client.acquire())
        self.time.now += uplink
        decision = self.server.hit("me", LIMIT)
        self.rejected += not decision.allowed
        self.time.now += downlink
        self.client.release(headers_of(decision) if send_headers else None)
        if not decision.allowed:
            self.client.pause(None)

    @rule(seconds=st.floats(0, 90))
    def idle(self, seconds):
        self.time.now += seconds

    @invariant()
    def server_never_rejects(self):
        assert self.rejected == 0


ClientAgainstServer.TestCase.settings = settings(
    max_examples=60, stateful_step_count=120, deadline=None
)
TestClientAgainstServer = ClientAgainstServer.TestCase


def test_long_job_runs_at_least_95_percent_of_the_limit():
    time = VirtualTime()
    client = RateLimiter(60, WINDOW, clock=time, sleep=time.sleep)
    server = MovingWindowLimiter(WINDOW, time)

    async def job(count: int) -> int:
        rejected = 0
        for _ in range(count):
            await client.acquire()
            time.now += 0.05
            decision = server.hit("me", 60)
            rejected += not decision.allowed
            time.now += 0.05
            client.release(decision.headers())
        return rejected

    rejected = asyncio.run(job(600))
    rate_per_minute = 600 / (time.now / 60)
    assert rejected == 0
    assert rate_per_minute >= 0.95 * 60


def test_server_headers_reveal_other_traffic():
    time = VirtualTime()
    client = RateLimiter(60, WINDOW, clock=time, sleep=time.sleep)
    asyncio.run(client.acquire())
    # Another program on this address has used 55 of the 60 slots.
    client.release(
        {
            "X-Discogs-Ratelimit": "60",
            "X-Discogs-Ratelimit-Used": "56",
            "X-Discogs-Ratelimit-Remaining": "4",
        }
    )
    assert client.state().used == 56
    assert client.state().remaining == 4


def test_tier_follows_the_server():
    time = VirtualTime()
    client = RateLimiter(25, WINDOW, clock=time, sleep=time.sleep)
    asyncio.run(client.acquire())
    client.release(
        {
            "X-Discogs-Ratelimit": "60",
            "X-Discogs-Ratelimit-Used": "1",
            "X-Discogs-Ratelimit-Remaining": "59",
        }
    )
    assert client.limit == 60


def test_429_pauses_for_retry_after():
    time = VirtualTime()
    client = RateLimiter(60, WINDOW, clock=time, sleep=time.sleep)
    client.pause(12.0)
    assert client.state().paused
    asyncio.run(client.acquire())
    assert time.now == 12.0


def test_published_state_counts_waits():
    time = VirtualTime()
    client = RateLimiter(2, WINDOW, clock=time, sleep=time.sleep, margin=0.0)
    seen = []
    client.subscribe(seen.append)

    async def three() -> None:
        for _ in range(3):
            await client.acquire()
            client.release()

    asyncio.run(three())
    assert any(state.waiting_until == WINDOW for state in seen)
    assert time.now == WINDOW


def test_one_request_at_a_time_until_the_server_has_spoken():
    time = VirtualTime()
    client = RateLimiter(60, WINDOW, clock=time, sleep=time.sleep)

    async def scenario() -> bool:
        await client.acquire()
        second = asyncio.ensure_future(client.acquire())
        await asyncio.sleep(0)
        waiting = not second.done()
        client.release(
            {
                "X-Discogs-Ratelimit": "60",
                "X-Discogs-Ratelimit-Used": "1",
                "X-Discogs-Ratelimit-Remaining": "59",
            }
        )
        await asyncio.wait_for(second, 1)
        third_free = client._next_free(time.now) == time.now  # calibrated: no longer one at a time
        return waiting and third_free

    assert asyncio.run(scenario())


def test_a_hanging_first_request_holds_the_others_only_a_while():
    """Waiting for the first answer's headers is right, but not for the whole read timeout
    when that request hangs: after CALIBRATION_PATIENCE the others go by the tier's limit."""
    time = VirtualTime()

    async def scenario() -> tuple[bool, float]:
        time_passes = asyncio.Event()

        async def sleep(seconds: float) -> None:
            await time_passes.wait()  # the test says when
            time.now += seconds

        client = RateLimiter(60, WINDOW, clock=time, sleep=sleep)
        await client.acquire()  # the first request, which never gets an answer
        second = asyncio.ensure_future(client.acquire())
        for _ in range(5):
            await asyncio.sleep(0)
        held = not second.done()
        time_passes.set()
        await asyncio.wait_for(second, 1)
        return held, time.now

    held, waited = asyncio.run(scenario())
    assert held and waited == CALIBRATION_PATIENCE


def test_429s_without_retry_after_pause_2_4_8_s_jittered_then_one_probe_goes():
    time = VirtualTime()
    client = RateLimiter(60, WINDOW, clock=time, sleep=time.sleep, jitter=lambda: 1.0)
    full = {"X-Discogs-Ratelimit": "60", "X-Discogs-Ratelimit-Used": "60"}
    pauses = []
    for _ in range(3):
        asyncio.run(client.acquire())
        client.release(full, rejected=True)  # its "window full" headers are not believed
        started = time.now
        client.pause(None)
        asyncio.run(client.acquire())  # the probe
        pauses.append(time.now - started)
        assert client.seconds_until_room(0) > 0  # the probe goes alone
        client.cancel()
    assert pauses == [2.0, 4.0, 8.0]
    asyncio.run(client.acquire())
    client.release({"X-Discogs-Ratelimit": "60", "X-Discogs-Ratelimit-Used": "5"})
    assert client.seconds_until_room(0) == 0.0  # the probe got through: normal pacing
    assert client.state().used < 60


def test_the_pause_after_a_429_is_jittered_and_capped_at_the_window():
    time = VirtualTime()
    client = RateLimiter(60, WINDOW, clock=time, sleep=time.sleep, jitter=lambda: 0.0)
    client.pause(None)
    asyncio.run(client.acquire())
    assert time.now == 1.0  # half of 2 s, the least "equal jitter" gives
    client.cancel()
    for _ in range(10):  # 2, 4 … 1024 s, but never more than the window
        started = time.now
        client.pause(None)
        asyncio.run(client.acquire())
        client.cancel()
    assert time.now - started == WINDOW / 2

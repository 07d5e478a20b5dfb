"""The client side of Discogs' rate limit: a moving 60-second window kept locally.

Discogs counts each request when it arrives and forgets it 60 seconds later. We can't see
arrival times, so a request holds a slot from the moment it is sent until 60 seconds after
its answer came back (the answer comes after the arrival, so our window never frees a slot
before the server's does). That costs one round trip per minute, not more: a long job runs
at ``limit / (window + latency)``, above 95 % of the limit, and never meets a 429.

The server's ``X-Discogs-Ratelimit*`` headers correct our view: the tier they announce
replaces ours, and when the server has counted more than we sent (another program on the
same address), we book the difference as requests made just now.

A 429 costs seconds, not a window. With ``Retry-After`` we wait that long. Without it we do
not assume the window is spent (a 429's headers always say "full", whatever the cause): we
wait a short jittered pause (about 2, then 4, 8 … seconds, never more than the window), then
let one request go alone as a probe. The first answer that is not a 429 ends the episode and
normal pacing resumes, corrected by that answer's headers.

Another process on the box (``discogs-tui watch`` beside the app) spends the same window:
with a ``shared`` budget (``shared_budget.SharedBudget``) each send is recorded in the data
dir and the others' sends count as taken slots until they age out. A ``ceiling`` caps this
process' own sends per window below the limit (the watcher's ``--rate``).
"""

from __future__ import annotations

import asyncio
import random
import time
from collections import deque
from collections.abc import Awaitable, Callable, Mapping
from dataclasses import dataclass
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from discogs_tui.api.shared_budget import SharedBudget

ANONYMOUS_LIMIT = 25
AUTHENTICATED_LIMIT = 60
WINDOW = 60.0
SAFETY_FRACTION = 1 / 240  # of the window added to every slot (0.25 s of 60), for clock granularity
# How long the first request may keep the others waiting for the server's headers: if it
# hangs, the rest go by the tier's limit rather than wait for its timeout.
CALIBRATION_PATIENCE = 2.0
FIRST_PROBE = 2.0  # seconds after a 429 without Retry-After; doubles on each further 429


@dataclass(frozen=True)
class RateState:
    """What the status bar shows."""

    limit: int
    used: int  # slots taken in the current window (answered + in flight)
    remaining: int
    waiting_until: float | None  # clock() time the next send may go, when it must wait
    paused: bool  # a 429 paused everything

    def wait_seconds(self, now: float) -> float:
        return max(0.0, self.waiting_until - now) if self.waiting_until else 0.0


async def event_or_sleep(
    event: asyncio.Event, seconds: float, sleep: Callable[[float], Awaitable[None]]
) -> None:
    """Until ``event`` is set or ``seconds`` have passed (on the caller's clock: ``sleep``)."""
    waits = [asyncio.ensure_future(event.wait()), asyncio.ensure_future(sleep(seconds))]
    try:
        await asyncio.wait(waits, return_when=asyncio.FIRST_COMPLETED)
    finally:
        for wait in waits:
            wait.cancel()


class RateLimiter:
    def __init__(
        self,
        limit: int = ANONYMOUS_LIMIT,
        window: float = WINDOW,
        clock: Callable[[], float] = time.monotonic,
        sleep: Callable[[float], Awaitable[None]] = asyncio.sleep,
        margin: float | None = None,
        jitter: Callable[[], float] = random.random,
        shared: SharedBudget | None = None,
        ceiling: int | None = None,
    ) -> None:
        self.limit = limit
        self.shared = shared  # other processes' sends in the window count too
        self.ceiling = ceiling  # at most this many of our own sends in a window
        self.window = window
        self.margin = window * SAFETY_FRACTION if margin is None else margin
        self._clock = clock
        self._sleep = sleep
        self._answered: deque[float] = deque()  # when each answer in the window arrived
        self._in_flight = 0
        # Until the server's headers have told us how much of the window is already used
        # (another run of the app a minute ago counts), send one request at a time, for a
        # while (CALIBRATION_PATIENCE) after the first went out.
        self._calibrated = False
        self._calibrating_since = 0.0
        self._paused_until = 0.0
        # 429s in a row; while > 0 one request at a time goes, as a probe
        self._strikes = 0
        self._jitter = jitter
        self._waiting_until: float | None = None
        self._released = asyncio.Event()
        self._listeners: list[Callable[[RateState], None]] = []

    # -- observers --------------------------------------------------------------------------------
    def subscribe(self, listener: Callable[[RateState], None]) -> None:
        self._listeners.append(listener)

    def state(self) -> RateState:
        used = self._used(self._clock())
        return RateState(
            limit=self.limit,
            used=used,
            remaining=max(0, self.limit - used),
            waiting_until=self._waiting_until,
            paused=self._paused_until > self._clock(),
        )

    def _publish(self) -> None:
        state = self.state()
        for listener in self._listeners:
            listener(state)

    # -- the window -------------------------------------------------------------------------------
    def _own_used(self, now: float) -> int:
        expiry = self.window + self.margin
        while self._answered and self._answered[0] + expiry <= now:
            self._answered.popleft()
        return len(self._answered) + self._in_flight

    def _used(self, now: float) -> int:
        return self._own_used(now) + (len(self.shared.others()) if self.shared else 0)

    def _oldest_expiry(self, now: float) -> float | None:
        """When the oldest answered slot (ours or another process') leaves the window."""
        ours = self._answered[0] + self.window + self.margin if self._answered else None
        wait = self.shared.seconds_until_oldest_expires() if self.shared else None
        theirs = None if wait is None else now + wait + self.margin
        known = [at for at in (ours, theirs) if at is not None]
        return min(known) if known else None

    def _next_free(self, now: float) -> float | None:
        """When a slot frees up; None when only an answer in flight can free one."""
        if self._paused_until > now:
            return self._paused_until
        if self._strikes and self._in_flight:
            return None  # a probe is out: wait for its answer
        if not self._calibrated and self._in_flight:
            patience_ends = self._calibrating_since + CALIBRATION_PATIENCE
            if now < patience_ends:
                return patience_ends
        if self.ceiling is not None and self._own_used(now) >= self.ceiling:
            return self._answered[0] + self.window + self.margin if self._answered else None
        if self._used(now) < self.limit:
            return now
        return self._oldest_expiry(now)

    def seconds_until_room(
        self,
        reserve: int,
        drought_rate: float = 0.0,
        drought_share: float = 0.25,
        lookahead: float = 0.0,
    ) -> float:
        """How long until a send would leave ``reserve`` slots of the window free (0: now),
        counting as free the slots that free up within ``lookahead`` seconds; plus
        ``drought_rate`` slots per second until the next slot frees up (at most
        ``drought_share`` of the limit): when the window's oldest answer is far from ageing
        out, nothing else will free a slot meanwhile. While only answers in flight hold the
        slots, or while the drought shrinks, a short poll interval."""
        now = self._clock()
        if self._paused_until > now:
            return self._paused_until - now
        if self._strikes:
            return 0.1 if self._in_flight else 0.0  # probing: one at a time, any priority
        used = self._used(now)
        expiry = self.window + self.margin
        next_free = self._oldest_expiry(now)
        drought = min(self.window, next_free - now if next_free is not None else self.window)
        drought_room = min(drought_rate * drought, drought_share * self.limit)
        freeing = 0  # answers that age out within the look-ahead
        while freeing < len(self._answered) and self._answered[freeing] + expiry <= now + lookahead:
            freeing += 1
        if used - freeing < self.limit - reserve - drought_room:
            return 0.0
        if next_free is None:
            return 0.1
        if freeing < len(self._answered):  # the next answer to come within the look-ahead
            next_free = self._answered[freeing] + expiry - lookahead
        return max(0.05, min(next_free - now, 0.5))

    async def acquire(self) -> None:
        """Wait for a free slot and take it (the caller then sends one request)."""
        while True:
            now = self._clock()
            free_at = self._next_free(now)
            if free_at is not None and free_at <= now:
                break
            self._waiting_until = free_at
            self._publish()
            self._released.clear()
            if free_at is None:
                await self._released.wait()
            elif not self._calibrated and self._in_flight:
                # until an answer frees a slot, or the window does
                await event_or_sleep(self._released, free_at - now, self._sleep)
            else:
                await self._sleep(free_at - now)
        self._waiting_until = None
        if not self._calibrated and not self._in_flight:
            self._calibrating_since = now
        self._in_flight += 1
        if self.shared is not None:
            self.shared.record()
        self._publish()


    def release(
        self, headers: Mapping[str, str] | None = None, *, rejected: bool = False
    ) -> None:
        """The request taken by ``acquire`` was answered (or failed): book it. A ``rejected``
        one (429) is booked too, but its headers are not followed (see ``pause``)."""
        self._in_flight -= 1
        now = self._clock()
        self._answered.append(now)
        if headers is not None and not rejected:
            self._strikes = 0  # an answer that is not a 429: the probe got through
        if headers and not rejected:
            self._follow_server(headers, now)
        self._released.set()
        self._publish()

    def cancel(self) -> None:
        """The request taken by ``acquire`` was never sent: give the slot back."""
        self._in_flight -= 1
        self._released.set()
        self._publish()

    def _follow_server(self, headers: Mapping[str, str], now: float) -> None:
        try:
            limit = int(headers["X-Discogs-Ratelimit"])
            used = int(headers["X-Discogs-Ratelimit-Used"])
        except (KeyError, ValueError):
            return
        if limit > 0:
            self.limit = limit
        self._calibrated = True
        unseen = used - self._used(now)
        self._answered.extend([now] * max(0, unseen))

    def pause(self, seconds: float | None) -> None:
        """A 429: stop sending for ``seconds`` (Retry-After), or for a short pause that grows
        with each 429 in a row (2, 4, 8 … s, jittered, at most the window); then one request
        goes alone until an answer that is not a 429 arrives."""
        now = self._clock()
        self._strikes += 1
        if seconds is None:
            bound = min(self.window, FIRST_PROBE * 2 ** (self._strikes - 1))
            seconds = bound * (0.5 + 0.5 * self._jitter())  # "equal jitter": half to all of it
        self._paused_until = max(self._paused_until, now + seconds)
        self._publish()

"""The background worker every request goes through.

One priority queue (what the user waits for first, then visible prefetch, then background
sync), one rate limiter, and a few requests in flight at once. Identical GETs in flight are
coalesced into one request. A caller that goes away takes its request with it: a queued job
is dropped, a running GET is cancelled. Writes, once sent, are never cancelled or resent.
"""

from __future__ import annotations

import asyncio
import contextlib
import heapq
import itertools
import time
from collections.abc import Awaitable, Callable
from dataclasses import dataclass, field
from enum import IntEnum

import httpx

from discogs_tui.api.ratelimit import RateLimiter

MAX_IN_FLIGHT = 4
# While the user is active (an interactive request in the last USER_ACTIVE seconds),
# background work leaves this share of the window free for them; idle, it may use it all.
BACKGROUND_RESERVE = 0.25
USER_ACTIVE = 30.0
SAFE_METHODS = frozenset({"GET", "HEAD"})


class Priority(IntEnum):
    INTERACTIVE = 0  # the user is waiting for this answer
    PREFETCH = 1  # visible soon: the next page, the artist of the release on screen
    BACKGROUND = 2  # sync, exports, availability checks


Send = Callable[[httpx.Request], Awaitable[httpx.Response]]


@dataclass(order=True)
class _Job:
    priority: int
    seq: int
    request: httpx.Request = field(compare=False)
    future: asyncio.Future[httpx.Response] = field(compare=False)
    key: str | None = field(compare=False, default=None)
    waiters: int = field(compare=False, default=1)
    task: asyncio.Task | None = field(compare=False, default=None)

    @property
    def abandoned(self) -> bool:
        return self.waiters <= 0


class Scheduler:
    def __init__(
        self, send: Send, limiter: RateLimiter, max_in_flight: int = MAX_IN_FLIGHT
    ) -> None:
        self._send = send
        self.limiter = limiter
        self._queue: list[_Job] = []
        self._by_key: dict[str, _Job] = {}
        self._seq = itertools.count()
        self._wakeup = asyncio.Event()
        self._slots = asyncio.Semaphore(max_in_flight)
        self._dispatcher: asyncio.Task | None = None
        self._running: set[asyncio.Task] = set()
        self.sent = 0  # requests actually sent (for tests and benchmarks)
        self._last_interactive = float("-inf")

    @property
    def queued(self) -> int:
        return sum(1 for job in self._queue if not job.abandoned)

    @property
    def in_flight(self) -> int:
        """Requests sent and not yet answered."""
        return len(self._running)

    # -- the caller's side --------------------------------------------------------------------
    async def submit(
        self,
        request: httpx.Request,
        priority: Priority = Priority.INTERACTIVE,
        coalesce_key: str | None = None,
    ) -> httpx.Response:
        """Send ``request`` when its turn comes; the answer, or the transport's exception."""
        self._ensure_dispatcher()
        if priority == Priority.INTERACTIVE:
            self._last_interactive = time.monotonic()
        safe = request.method in SAFE_METHODS
        job = self._by_key.get(coalesce_key) if (coalesce_key and safe) else None
        if job is not None:
            job.waiters += 1
            if priority < job.priority and job.task is None:
                self._reprioritise(job, priority)
        else:
            loop = asyncio.get_running_loop()
            job = _Job(
                int(priority),
                next(self._seq),
                request,
                loop.create_future(),
                coalesce_key if safe else None,
            )
            if job.key:
                self._by_key[job.key] = job
            heapq.heappush(self._queue, job)
            self._wakeup.set()
        try:
            return await asyncio.shield(job.future)
        except asyncio.CancelledError:
            self._leave(job, safe)
            raise

    def _leave(self, job: _Job, safe: bool) -> None:
        job.waiters -= 1
        if not job.abandoned:
            return
        if job.task is None:
            self._forget(job)  # still queued: the dispatcher skips it
        elif safe:
            # A running read nobody waits for. Forget it now: a caller asking the same
            # before its task has seen the cancel must not join it and be cancelled too.
            self._forget(job)
            job.task.cancel()
        # A running write goes on: it may already have reached Discogs.

    def _reprioritise(self, job: _Job, priority: Priority) -> None:
        job.priority = int(priority)
        heapq.heapify(self._queue)

    def _forget(self, job: _Job) -> None:
        if job.key and self._by_key.get(job.key) is job:
            del self._by_key[job.key]
        if not job.future.done():
            job.future.cancel()

    # -- the worker's side --------------------------------------------------------------------
    def _ensure_dispatcher(self) -> None:
        if self._dispatcher is None or self._dispatcher.done():
            self._dispatcher = asyncio.get_running_loop().create_task(
                self._dispatch(), name="discogs-scheduler"
            )

    def _next_job(self) -> _Job | None:
        while self._queue and self._queue[0].abandoned:
            heapq.heappop(self._queue)
        return self._queue[0] if self._queue else None

    async def _dispatch(self) -> None:
        while True:
            job = self._next_job()
            if job is None:
                self._wakeup.clear()
                await self._wakeup.wait()
                continue
            wait = self._background_wait(job)
            if wait > 0:
                # Hold background work back, but wake for anything more urgent.
                self._wakeup.clear()
                with contextlib.suppress(TimeoutError):
                    await asyncio.wait_for(self._wakeup.wait(), wait)
                continue
            await self._slots.acquire()
            await self.limiter.acquire()
            # Take the most urgent job now: one may have arrived while we waited.
            job = self._next_job()
            if job is None:
                self.limiter.cancel()
                self._slots.release()
                continue
            heapq.heappop(self._queue)
            job.task = asyncio.get_running_loop().create_task(self._run(job))
            self._running.add(job.task)
            job.task.add_done_callback(self._running.discard)

    def _background_wait(self, job: _Job) -> float:
        if job.priority < Priority.BACKGROUND:
            return 0.0
        if time.monotonic() - self._last_interactive > USER_ACTIVE:
            return 0.0
        reserve = int(self.limiter.limit * BACKGROUND_RESERVE)
        return self.limiter.seconds_until_room(reserve)

    async def _run(self, job: _Job) -> None:
        response: httpx.Response | None = None
        try:
            self.sent += 1
            response = await self._send(job.request)
            await response.aread()
        except asyncio.CancelledError:
            if not job.future.done():
                job.future.cancel()
        except Exception as error:  # the transport's error goes to whoever waits
            if not job.future.done():
                job.future.set_exception(error)
        else:
            if not job.future.done():
                job.future.set_result(response)
        finally:
            self.limiter.release(response.headers if response is not None else None)
            if response is not None and response.status_code == 429:
                self.limiter.pause(_retry_after(response))
            if job.key and self._by_key.get(job.key) is job:
                del self._by_key[job.key]
            self._slots.release()

    async def aclose(self) -> None:
        tasks = [*self._running, *([self._dispatcher] if self._dispatcher else [])]
        for task in tasks:
            task.cancel()
        await asyncio.gather(*tasks, return_exceptions=True)
        for job in self._queue:
            self._forget(job)
        self._queue.clear()


def _retry_after(response: httpx.Response) -> float | None:
    value = response.headers.get("Retry-After")
    if value is None:
        return None
    try:
        return max(0.0, float(value))
    except ValueError:
        return None

"""Every background job that is running, in one place: what it is, how far it has got, how
long it has left, and the means to pause or cancel it.

A job (collection sync, the wantlist's availability check, the stats screen's country
look-ups) registers itself while it runs::

    with service.jobs.start("Collection sync", "sync") as job:
        for page in pages:
            await job.checkpoint()   # waits while paused; raises CancelledError when cancelled
            ...
            job.advance(done, total)

Cancelling cancels the task that started the job, so a request it is waiting for goes with it
(the scheduler drops a queued read, cancels a running one, and lets a sent write finish).
A job that cannot be paused (one download) or cancelled from here (an inventory export runs on
Discogs' side; the app only watches it) says why in ``no_pause`` / ``no_cancel``.
Listeners (the app's status bar and jobs view) hear of every change. No Textual here.
"""

from __future__ import annotations

import asyncio
import itertools
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from enum import Enum


class JobState(Enum):
    RUNNING = "running"
    PAUSED = "paused"


class Job:
    def __init__(
        self,
        registry: JobRegistry,
        title: str,
        short: str,
        task: asyncio.Task | None,
        clock: Callable[[], float],
        no_pause: str = "",
        no_cancel: str = "",
    ) -> None:
        self.id = next(registry.ids)
        self.title = title  # "Collection sync of rodneyfool"
        self.short = short  # "sync": the status bar's word for it
        self.no_pause = no_pause  # why it can't be paused ("": it can)
        self.no_cancel = no_cancel  # why it can't be cancelled ("": it can)
        self.done = 0
        self.total: int | None = None
        self.phase = ""  # what it does, while there is no count to show ("checking")
        self.state = JobState.RUNNING
        self._registry = registry
        self._task = task
        self._clock = clock
        self._resumed = asyncio.Event()
        self._resumed.set()
        # the pace, measured over the running time only (pauses don't count)
        self._ran = 0.0
        self._running_since = clock()
        self._done_at_start: int | None = None  # the first ``advance``: resumed jobs start past 0

    # -- the job's side -------------------------------------------------------------------------
    def advance(self, done: int, total: int | None = None) -> None:
        """``done`` of ``total`` units finished (pages, releases). Call it once before the
        first unit too, with what earlier runs did: the pace counts this run's units."""
        if self._done_at_start is None:
            self._done_at_start = done
        self.done, self.total = done, total if total is not None else self.total
        self._registry.changed()

    def report(self, phase: str) -> None:
        """What it is doing, for a job without a count of units ("in progress on Discogs")."""
        self.phase = phase
        self._registry.changed()

    async def checkpoint(self) -> None:
        """Between two units of work: wait while paused."""
        await self._resumed.wait()

    # -- the user's side ------------------------------------------------------------------------
    @property
    def paused(self) -> bool:
        return self.state is JobState.PAUSED

    def pause(self) -> None:
        if self.state is JobState.RUNNING and not self.no_pause:
            self.state = JobState.PAUSED
            self._ran += self._clock() - self._running_since
            self._resumed.clear()
            self._registry.changed()

    def resume(self) -> None:
        if self.state is JobState.PAUSED:
            self.state = JobState.RUNNING
            self._running_since = self._clock()
            self._resumed.set()
            self._registry.changed()

    def toggle_pause(self) -> None:
        self.resume() if self.paused else self.pause()

    def cancel(self) -> None:
        """Stop the job now (what it finished stays done: jobs save as they go)."""
        if self.no_cancel:
            return
        self._registry.finish(self)
        if self._task is not None and not self._task.done():
            self._task.cancel()

    # -- what the views show --------------------------------------------------------------------
    def fraction(self) -> float | None:
        return self.done / self.total if self.total else None

    def seconds_left(self) -> float | None:
        """From the pace so far (this run, pauses left out); None until it can tell."""
        if not self.total:
            return None
        ran = self._ran + (0.0 if self.paused else self._clock() - self._running_since)
        finished = self.done - (self._done_at_start or 0)
        if finished <= 0 or ran <= 0:
            return None
        return (self.total - self.done) * ran / finished

    def done_text(self) -> str:
        """``120 of 800``, ``120 done``, what it is doing, or ``starting``."""
        if self.total is None:
            return f"{self.done:,} done" if self.done else self.phase or "starting"
        return f"{self.done:,} of {self.total:,}"

    def left_text(self) -> str:
        """``about 12 min``, ``paused``, or "" until the pace tells."""
        if self.paused:
            return "paused"
        left = self.seconds_left()
        return duration(left) if left is not None else ""

    def progress_text(self) -> str:
        """``120 of 800, about 12 min left`` (or as much of it as is known)."""
        text = self.done_text()
        if self.paused:
            return text + " (paused)"
        left = self.left_text()
        return text + (f", {left} left" if left else "")


def duration(seconds: float) -> str:
    if seconds < 90:
        return f"about {max(1, round(seconds))} s"
    if seconds < 2 * 3600:
        return f"about {round(seconds / 60)} min"
    return f"about {seconds / 3600:.1f} h"


class JobRegistry:
    def __init__(self, clock: Callable[[], float] = time.monotonic) -> None:
        self.ids = itertools.count(1)
        self._jobs: dict[int, Job] = {}
        self._listeners: list[Callable[[], None]] = []
        self._clock = clock

    def subscribe(self, listener: Callable[[], None]) -> None:
        self._listeners.append(listener)

    def unsubscribe(self, listener: Callable[[], None]) -> None:
        if listener in self._listeners:
            self._listeners.remove(listener)

    def changed(self) -> None:
        for listener in list(self._listeners):
            listener()

    @property
    def jobs(self) -> list[Job]:
        """The jobs running or paused, oldest first."""
        return list(self._jobs.values())

    def get(self, job_id: int) -> Job | None:
        return self._jobs.get(job_id)

    @contextmanager
    def start(
        self, title: str, short: str, *, no_pause: str = "", no_cancel: str = ""
    ) -> Iterator[Job]:
        """Register a job for as long as the ``with`` block runs (in the current task);
        ``no_pause``, ``no_cancel``: why it can't be paused or cancelled, when it can't."""
        try:
            task = asyncio.current_task()
        except RuntimeError:
            task = None
        job = Job(self, title, short, task, self._clock, no_pause, no_cancel)
        self._jobs[job.id] = job
        self.changed()
        try:
            yield job
        finally:
            self.finish(job)

    def finish(self, job: Job) -> None:
        if self._jobs.pop(job.id, None) is not None:
            job._resumed.set()
            self.changed()

    def summary(self) -> str:
        """One line for the status bar: the first job and how many more."""
        jobs = self.jobs
        if not jobs:
            return ""
        first = jobs[0]
        fraction = first.fraction()
        line = first.short + (f" {fraction:.0%}" if fraction is not None else "")
        if first.paused:
            line += " paused"
        return line + (f" +{len(jobs) - 1}" if len(jobs) > 1 else "")

    def running_names(self) -> str:
        """``sync, availability check``: what is running, for "waiting for the rate limit"."""
        return ", ".join(dict.fromkeys(job.short for job in self.jobs if not job.paused))

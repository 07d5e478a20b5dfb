"""Running a bulk job: its journal first, then each step through the dataset's store at
background priority, as a job in the service's jobs registry (progress, time left, pause,
resume, cancel), and its report at the end.

Order of a step: ``sending`` is written, the request goes, ``done`` is written with the
outcome. A step left ``sending`` (the process was killed, the answer was lost) is learnt by
reading Discogs before anything else is sent:

* after a crash, when Discogs doesn't have the change it is sent (it cannot have been
  applied: the read says so), else it is recorded as done;
* when the answer was lost in this run (``OutcomeUnknown``: the request did go), Discogs
  is read; if it doesn't have the change the step is reported failed, not sent again
  (a write is never sent twice).

A network failure before sending (nothing went), a 429 or a 409 (another inventory upload
is being processed) stops the job, resumable; a refusal (422, 404...) fails that step and
the job goes on.
"""

from __future__ import annotations

import asyncio
import contextlib
import logging
from collections.abc import Sequence
from pathlib import Path
from typing import TYPE_CHECKING

from discogs_tui.api.bulk.action import Action, Context, Failures
from discogs_tui.api.bulk.actions import action_of, preview
from discogs_tui.api.bulk.journal import PENDING, UNKNOWN, Journal
from discogs_tui.api.bulk.plan import Plan
from discogs_tui.api.bulk.report import CANCELLED, FINISHED, RUNNING, STOPPED, Report
from discogs_tui.api.errors import (
    Conflict,
    DiscogsError,
    NetworkError,
    OutcomeUnknown,
    RateLimited,
)
from discogs_tui.api.scheduler import Priority, at_most

if TYPE_CHECKING:
    from discogs_tui.api.jobs import Job
    from discogs_tui.api.service import DiscogsService

log = logging.getLogger(__name__)


class Stopped(Exception):
    """The job can't go on now (no network, rate limited); it can be resumed."""


class BulkRun:
    """One bulk job in this process: ``job`` (the registry's, while it runs: progress,
    ``seconds_left()``), ``pause()``, ``resume()``, ``cancel()``, ``await finished()``
    for the ``Report``, ``report()`` for how it stands now."""

    def __init__(self, service: DiscogsService, journal: Journal) -> None:
        self.service = service
        self.journal = journal
        self.plan = journal.plan
        self.action: Action = action_of(journal.plan)
        self.preview = preview(journal.plan)
        self.job: Job | None = None
        self._state = RUNNING
        self._why = ""
        self._task: asyncio.Task[Report] | None = None

    # -- the caller's side -------------------------------------------------------------------------
    def start(self) -> BulkRun:
        """Take the journal (``JournalBusy``: another process runs it) and start."""
        self.journal.lock()
        self._task = asyncio.get_running_loop().create_task(
            self._run(), name=f"bulk {self.plan.id}"
        )
        return self

    async def finished(self) -> Report:
        assert self._task is not None, "start() it first"
        return await asyncio.shield(self._task)

    @property
    def running(self) -> bool:
        return self._task is not None and not self._task.done()

    def pause(self) -> None:
        if self.job is not None:
            self.job.pause()

    def resume(self) -> None:
        if self.job is not None:
            self.job.resume()

    def cancel(self) -> None:
        """Stop after settling the step in flight (what is done stays done; resumable)."""
        if self.job is not None:
            self.job.cancel()
        elif self._task is not None:
            self._task.cancel()

    def report(self) -> Report:
        return Report.of(self.journal, self.preview, self.action.no_undo, self._state, self._why)

    # -- the job ------------------------------------------------------------------------------------
    async def _run(self) -> Report:
        journal = self.journal
        try:
            with at_most(Priority.BACKGROUND):
                await self._run_steps()
            self._state = FINISHED
            journal.record({"e": "finished"})
        except asyncio.CancelledError:
            self._state = CANCELLED
            await self._settle_after_cancel()
            journal.record({"e": "cancelled"})
        except Stopped as why:
            self._state, self._why = STOPPED, str(why)
        finally:
            journal.unlock()
            self.job = None
        return self.report()

    async def _run_steps(self) -> None:
        journal, plan = self.journal, self.plan
        if journal.cancelled:
            journal.record({"e": "resumed"})
        with self.service.jobs.start(self.preview, "bulk") as job:
            self.job = job
            self._advance()
            for index, step in enumerate(journal.steps):  # unknown outcomes first, by reading
                if step.status == UNKNOWN:
                    await self._settle(index, crashed=True)
                    self._advance()
            for index, step in enumerate(journal.steps):
                if step.status != PENDING:
                    continue
                await job.checkpoint()
                await self._step(index, plan.steps[index])
                self._advance()

    def _advance(self) -> None:
        if self.job is not None:
            settled = sum(len(i) for s, i in zip(self.journal.steps, self.plan.steps, strict=True)
                          if s.status != PENDING)  # fmt: skip
            self.job.advance(settled, len(self.plan.targets))

    async def _step(self, index: int, indexes: Sequence[int]) -> None:
        journal, plan = self.journal, self.plan
        if len(indexes) == 1:
            skip = self.action.skip(plan, plan.targets[indexes[0]])
            if skip:
                journal.record({"s": index, "e": "done", "skipped": skip})
                return
        journal.record({"s": index, "e": "sending"})
        try:
            failed = await self.action.apply(self._context(index), plan, indexes)
        except OutcomeUnknown as error:
            await self._settle(index, crashed=False, lost=str(error))
            return
        except (NetworkError, RateLimited, Conflict) as error:  # nothing applied: it may go later
            journal.record({"s": index, "e": "pending"})
            raise Stopped(f"Stopped: {error.message}") from None
        except DiscogsError as error:
            failed = dict.fromkeys(indexes, error.message)
        self._done(index, failed)

    async def _settle(self, index: int, *, crashed: bool, lost: str = "") -> None:
        """Learn what became of a step whose answer nobody saw, by reading Discogs."""
        journal, indexes = self.journal, self.plan.steps[index]
        note = journal.steps[index].note
        try:
            failed = await self.action.settle(self._context(index), self.plan, indexes, note)
        except DiscogsError as error:
            raise Stopped(
                f"Stopped: reading back a step whose answer was lost failed ({error.message}); "
                "nothing more is sent until it is known."
            ) from None
        if failed is None and crashed:
            journal.record({"s": index, "e": "pending"})  # Discogs hasn't it: it may go
            return
        if failed is None:
            why = f"{lost} Discogs doesn't show the change; it was not sent again."
            failed = dict.fromkeys(indexes, why.strip())
        self._done(index, failed)

    async def _settle_after_cancel(self) -> None:
        """A step cancelled in flight is read back now, when that can be done quickly."""
        for index, step in enumerate(self.journal.steps):
            if step.status == UNKNOWN:
                with contextlib.suppress(Exception), at_most(Priority.BACKGROUND):
                    await asyncio.wait_for(self._settle(index, crashed=True), timeout=10)

    def _done(self, index: int, failed: Failures) -> None:
        event: dict = {"s": index, "e": "done"}
        if failed:
            event["failed"] = {str(k): v for k, v in failed.items()}
        self.journal.record(event)

    def _context(self, index: int) -> Context:
        return Context(
            self.service,
            note=lambda note: self.journal.record({"s": index, "e": "sent", "note": note}),
        )


class Bulk:
    """The bulk jobs of one service, their journals in ``directory`` (the data dir; None:
    in memory). See the package's docstring for the whole of it."""

    def __init__(self, service: DiscogsService, directory: Path | None) -> None:
        self.service = service
        self.directory = directory
        self.runs: list[BulkRun] = []  # this session's, newest last

    def start(self, plan: Plan) -> BulkRun:
        """Write the plan down, then run it as a background job."""
        return self._run(Journal.create(plan, self.directory))

    def interrupted(self) -> list[Journal]:
        """Jobs on disk with steps left (killed, cancelled, stopped), oldest first; not
        those running in this session."""
        if self.directory is None:
            return []
        running = {run.plan.id for run in self.runs if run.running}
        found = []
        for job_id in Journal.saved(self.directory):
            if job_id in running:
                continue
            try:
                journal = Journal.load(self.directory, job_id)
            except (OSError, ValueError, KeyError, TypeError) as error:
                log.warning("bulk journal %s unreadable: %s", job_id, error)
                continue
            if journal.open:
                found.append(journal)
        return found

    def load(self, job_id: str) -> Journal:
        """A journal on disk (``FileNotFoundError`` when there is none)."""
        if self.directory is None:
            raise FileNotFoundError(job_id)
        return Journal.load(self.directory, job_id)

    def resume(self, journal: Journal) -> BulkRun:
        """Go on with an interrupted job: unknown steps are read back first."""
        return self._run(journal)

    def undo_plan(self, report: Report) -> Plan:
        """The plan that puts back what ``report``'s job changed (``ValidationError`` when
        it can't be undone: removals, deletions, or nothing done)."""
        action = action_of(report.plan)
        return action.undo(report.plan, report.done)

    def _run(self, journal: Journal) -> BulkRun:
        run = BulkRun(self.service, journal).start()
        self.runs.append(run)
        return run

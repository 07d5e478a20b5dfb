"""A bulk job's journal, so that it survives a crash: ``<data dir>/bulk-v1/<job id>.plan.json``
(the plan, written whole and atomically before anything is sent) and ``<job id>.log`` (one
JSON line per event, appended and fsynced as it happens):

    {"s": 3, "e": "sending"}                   step 3's request is about to go
    {"s": 3, "e": "sent", "note": {...}}       it went and was accepted (an upload's id)
    {"s": 3, "e": "done", "failed": {"7": "why"}}   acknowledged (targets that failed, if any)
    {"s": 3, "e": "done", "skipped": "already so"}  no request was needed
    {"s": 3, "e": "pending"}                   read back after a crash: Discogs hasn't it
    {"e": "cancelled"} / {"e": "finished"}

A kill loses at most the line being written (a last line cut short is dropped). A step
whose last event is ``sending`` or ``sent`` has an outcome nobody saw: before anything
else, the runner reads Discogs to learn it. One process runs a journal at a time (a lock
file beside it). ``directory=None`` keeps the journal in memory (the demo's sandbox is new
on every run: there is nothing to resume).
"""

from __future__ import annotations

import contextlib
import fcntl
import json
import logging
import os
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from discogs_tui import atomic
from discogs_tui.api.bulk.plan import Plan

log = logging.getLogger(__name__)

FOLDER = "bulk-v1"
PENDING, UNKNOWN, DONE = "pending", "unknown", "done"


class JournalBusy(Exception):
    """Another process is running this job."""


@dataclass
class StepState:
    status: str = PENDING  # pending, unknown (sending/sent without an answer seen) or done
    note: dict[str, Any] = field(default_factory=dict)  # what "sent" recorded
    failed: dict[int, str] = field(default_factory=dict)  # target index -> why
    skipped: str = ""  # why the step needed no request ("already in Shelf A")


class Journal:
    def __init__(self, plan: Plan, directory: Path | None) -> None:
        self.plan = plan
        self.folder = None if directory is None else directory / FOLDER
        self.steps = [StepState() for _ in plan.steps]
        self.cancelled = False
        self.finished = False
        self._lock: int | None = None

    # -- files ------------------------------------------------------------------------------------
    @property
    def plan_path(self) -> Path | None:
        return None if self.folder is None else self.folder / f"{self.plan.id}.plan.json"

    @property
    def log_path(self) -> Path | None:
        return None if self.folder is None else self.folder / f"{self.plan.id}.log"

    @classmethod
    def create(cls, plan: Plan, directory: Path | None) -> Journal:
        """A new journal, its plan on disk before the job sends anything."""
        journal = cls(plan, directory)
        if journal.folder is not None:
            journal.folder.mkdir(parents=True, exist_ok=True, mode=0o700)
            atomic.write(journal.plan_path, json.dumps(plan.as_json()), mode=atomic.PRIVATE)
        return journal

    @classmethod
    def load(cls, directory: Path, job_id: str) -> Journal:
        """The journal of ``job_id`` as the last run left it (``FileNotFoundError``,
        ``ValueError`` for a damaged plan)."""
        folder = directory / FOLDER
        data = json.loads((folder / f"{job_id}.plan.json").read_text(encoding="utf-8"))
        journal = cls(Plan.from_json(data), directory)
        journal._replay()
        return journal

    @classmethod
    def saved(cls, directory: Path) -> list[str]:
        """The ids of every journal on disk, oldest first."""
        folder = directory / FOLDER
        if not folder.is_dir():
            return []
        return sorted(p.name.removesuffix(".plan.json") for p in folder.glob("*.plan.json"))

    def _replay(self) -> None:
        assert self.log_path is not None
        try:
            lines = self.log_path.read_bytes().split(b"\n")
        except FileNotFoundError:
            return
        for number, line in enumerate(lines):
            if not line.strip():
                continue
            try:
                event = json.loads(line)
            except ValueError:
                if number == len(lines) - 1:  # a write cut short by a kill: it never happened
                    continue
                raise ValueError(f"{self.log_path.name}: line {number + 1} is unreadable") from None
            self._take(event)

    def _take(self, event: dict[str, Any]) -> None:
        kind = event.get("e")
        if kind == "cancelled":
            self.cancelled = True
        elif kind == "finished":
            self.finished = True
        elif kind == "resumed":
            self.cancelled = False
        else:
            state = self.steps[int(event["s"])]
            if kind in ("sending", "sent"):
                state.status = UNKNOWN
                state.note = dict(event.get("note") or state.note)
            elif kind == "done":
                state.status = DONE
                state.failed = {int(k): str(v) for k, v in (event.get("failed") or {}).items()}
                state.skipped = str(event.get("skipped") or "")
            elif kind == "pending":  # read back: Discogs doesn't have it; it may go
                state.status = PENDING
                state.note = {}

    def record(self, event: dict[str, Any]) -> None:
        """Take ``event`` and append it to the log (fsynced) before going on."""
        self._take(event)
        if self.log_path is None:
            return
        fd = os.open(self.log_path, os.O_WRONLY | os.O_APPEND | os.O_CREAT, 0o600)
        try:
            os.write(fd, (json.dumps(event, separators=(",", ":")) + "\n").encode())
            os.fsync(fd)
        finally:
            os.close(fd)

    # -- one runner at a time --------------------------------------------------------------------
    def lock(self) -> None:
        """Take the job for this process (``JournalBusy`` if another has it)."""
        if self.folder is None or self._lock is not None:
            return
        fd = os.open(self.folder / f"{self.plan.id}.lock", os.O_RDWR | os.O_CREAT, 0o600)
        try:
            fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except BlockingIOError:
            os.close(fd)
            raise JournalBusy(f"Bulk job {self.plan.id} is running in another process.") from None
        self._lock = fd

    def unlock(self) -> None:
        if self._lock is not None:
            with contextlib.suppress(OSError):
                os.close(self._lock)
            self._lock = None

    # -- what it says -----------------------------------------------------------------------------
    @property
    def open(self) -> bool:
        """Whether the job has steps left (an interrupted or cancelled job can be resumed)."""
        return not self.finished and any(step.status != DONE for step in self.steps)

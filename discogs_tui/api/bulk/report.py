"""What a bulk job did, read from its journal: the targets done, skipped (no request was
needed), failed (and why), whose outcome is still unknown, and those not reached (the job
was cancelled or stopped); and whether it can be undone."""

from __future__ import annotations

from dataclasses import dataclass, field

from discogs_tui.api.bulk.journal import DONE, PENDING, UNKNOWN, Journal
from discogs_tui.api.bulk.plan import Plan, Target

FINISHED, CANCELLED, STOPPED, RUNNING = "finished", "cancelled", "stopped", "running"
SHOWN_FAILURES = 20  # failures named in the summary; the rest are counted


@dataclass
class Report:
    plan: Plan
    preview: str  # "Move 37 copies from Vinyl to Shelf A"
    state: str = RUNNING  # finished, cancelled, stopped (why_stopped says why) or running
    why_stopped: str = ""
    done: list[int] = field(default_factory=list)  # target indexes
    skipped: list[tuple[int, str]] = field(default_factory=list)
    failed: list[tuple[int, str]] = field(default_factory=list)
    unknown: list[int] = field(default_factory=list)
    not_run: list[int] = field(default_factory=list)
    no_undo: str = ""  # why it can't be undone ("": it can, for the targets done)

    @classmethod
    def of(cls, journal: Journal, preview: str, no_undo: str, state: str, why: str = "") -> Report:
        report = cls(journal.plan, preview, state, why, no_undo=no_undo)
        for step, indexes in zip(journal.steps, journal.plan.steps, strict=True):
            if step.status == PENDING:
                report.not_run += indexes
            elif step.status == UNKNOWN:
                report.unknown += indexes
            elif step.status == DONE:
                for index in indexes:
                    if index in step.failed:
                        report.failed.append((index, step.failed[index]))
                    elif step.skipped:
                        report.skipped.append((index, step.skipped))
                    else:
                        report.done.append(index)
        return report

    def target(self, index: int) -> Target:
        return self.plan.targets[index]

    @property
    def complete(self) -> bool:
        """Everything was done or needed nothing."""
        return self.state == FINISHED and not (self.failed or self.unknown or self.not_run)

    @property
    def undoable(self) -> bool:
        return not self.no_undo and bool(self.done)

    def counts(self) -> str:
        """``35 done, 2 failed`` (and skipped, unknown, not run when there are any)."""
        parts = [f"{len(self.done):,} done"]
        for number, words in (
            (len(self.skipped), "needed no change"),
            (len(self.failed), "failed"),
            (len(self.unknown), "outcome unknown (checked on resume)"),
            (len(self.not_run), "not run"),
        ):
            if number:
                parts.append(f"{number:,} {words}")
        return ", ".join(parts)

    def lines(self) -> list[str]:
        """The report as text: the head line, the failures and why, what undo can do."""
        head = {
            FINISHED: "Done",
            CANCELLED: "Cancelled",
            STOPPED: "Stopped",
            RUNNING: "Running",
        }[self.state]
        lines = [f"{head}: {self.preview}: {self.counts()}."]
        if self.why_stopped:
            lines.append(f"  {self.why_stopped}")
        for index, why in self.failed[:SHOWN_FAILURES]:
            lines.append(f"  failed: {self.target(index).label}: {why}")
        if len(self.failed) > SHOWN_FAILURES:
            lines.append(f"  … and {len(self.failed) - SHOWN_FAILURES:,} more failures")
        if self.state in (CANCELLED, STOPPED) or self.unknown:
            lines.append(f"  Resume it with: discogs-tui bulk resume {self.plan.id}")
        if self.no_undo:
            lines.append(f"  {self.no_undo}")
        elif self.done:
            lines.append(f"  Undo it with: discogs-tui bulk undo {self.plan.id}")
        return lines

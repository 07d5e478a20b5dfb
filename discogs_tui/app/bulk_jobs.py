"""Bulk work from the list screens (issue 17): the marked rows' plan is previewed ("Move 37
copies from Vinyl to Shelf A? y/n"), then run by the engine (``api/bulk``) as a background
job, which the status bar and the jobs view (F8) show like any other; when it ends, a report
says what was done and what failed and why, and u undoes it where Discogs allows.

``BulkWork`` is mixed into a list screen with marks (``app/marks.py``); the screen makes
the plan (``actions.plan_…`` of the marked records) and hands it to ``run_bulk``. A job
that was interrupted (the app quit or was killed, the job cancelled, the network gone) is
mentioned once a session, and U (``bulk_commands``) resumes it from any of these screens.
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING, ClassVar
from weakref import WeakKeyDictionary, WeakSet

from discogs_tui.api.errors import ValidationError
from discogs_tui.app import render
from discogs_tui.app.commands import Command
from discogs_tui.app.modals.confirm import Confirm
from discogs_tui.app.modals.picker import Picker

if TYPE_CHECKING:
    from discogs_tui.api.bulk import Bulk, BulkRun, Journal, Plan, Report
    from discogs_tui.api.service import DiscogsService

# The engine (api/bulk) and its dialogs are imported when first used: the search screen,
# the first one, has marks too, and start-up time counts.

REMOVALS = (".remove", ".delete")  # the kinds of plan whose targets go
NOTICE_SECONDS = 30  # how long the notice of an interrupted job stays
TELL_INTERRUPTED_AFTER = 1.5  # seconds after a screen opens (after the first frame)
_ENGINES: WeakKeyDictionary[DiscogsService, Bulk] = WeakKeyDictionary()
_TOLD: WeakSet[DiscogsService] = WeakSet()  # sessions told of interrupted jobs already


def bulk_commands(prefix: str) -> list[Command]:
    """The keys of a screen that runs bulk jobs (beside each action's own)."""
    return [
        Command(
            f"{prefix}.resume_bulk",
            "U",
            "resume_bulk",
            "Resume job",
            "Resume a bulk job that was interrupted (the app quit, it was cancelled or stopped).",
            show=False,
        )
    ]


def describe(journal: Journal) -> str:
    """``Move 37 copies from Vinyl to Shelf A (20 done, 17 not run)``."""
    from discogs_tui.api.bulk import Report, preview
    from discogs_tui.api.bulk.report import STOPPED

    words = preview(journal.plan)
    return f"{words} ({Report.of(journal, words, '', STOPPED).counts()})"


def engine(service: DiscogsService, directory: Path | None) -> Bulk:
    """The session's one bulk engine (its journals in ``directory``)."""
    from discogs_tui.api.bulk import Bulk

    bulk = _ENGINES.get(service)
    if bulk is None:
        bulk = _ENGINES[service] = Bulk(service, directory)
    return bulk


class BulkWork:
    """Running bulk jobs from a screen (a mixin for a ``DiscogsScreen`` with marks)."""

    # Whether the changes a running job announces show as they come (the collection puts
    # each copy in place); else once it ends (the wantlist and the inventory read every
    # page again for a change: per step of a 300-step job, that would be 300 reads).
    BULK_SHOWS_CHANGES_LIVE: ClassVar[bool] = False

    def __init__(self, *args, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.reports_unseen: list[Report] = []  # jobs that ended while another screen showed
        self.bulk_running = 0  # jobs started here that haven't ended

    def _show_unseen_changes(self) -> None:
        if self.bulk_running and not self.BULK_SHOWS_CHANGES_LIVE:
            return  # kept until the job ends
        super()._show_unseen_changes()  # type: ignore[misc]

    def on_mount(self) -> None:
        # (Textual calls each class's handler: the screen's own runs too, without super())
        self.set_timer(TELL_INTERRUPTED_AFTER, self._tell_interrupted)

    def _tell_interrupted(self) -> None:
        self.run_worker(self._look_for_interrupted(), group="bulk-interrupted", exit_on_error=False)  # type: ignore[attr-defined]

    async def _look_for_interrupted(self) -> None:
        service = await self.discogs.service_ready()  # type: ignore[attr-defined]
        if service in _TOLD:
            return
        _TOLD.add(service)
        journals = self.bulk.interrupted()
        if journals:
            more = f" and {len(journals) - 1} more" if len(journals) > 1 else ""
            said = f"A bulk job was interrupted: {describe(journals[0])}{more}. U resumes it."
            # (longer than a notification's usual 5 s: it may come while the screen loads)
            self.discogs.notify_text(said, severity="warning", timeout=NOTICE_SECONDS)  # type: ignore[attr-defined]

    def action_resume_bulk(self) -> None:
        journals = self.bulk.interrupted()
        if not journals:
            self.discogs.notify_text("No interrupted bulk job to resume.")  # type: ignore[attr-defined]
            return

        def chosen(journal: Journal | None) -> None:
            if journal is not None:
                self.resume_journal(journal)

        choices = [(render.text(describe(journal)), journal) for journal in journals]
        self.app.push_screen(Picker("Resume which bulk job?", choices), chosen)  # type: ignore[attr-defined]

    def resume_journal(self, journal: Journal) -> None:
        self._launch(lambda: self.bulk.resume(journal), "resume", "Resumed")

    @property
    def bulk(self) -> Bulk:
        from discogs_tui.locations import data_dir

        return engine(self.service, self.discogs.data_dir or data_dir())  # type: ignore[attr-defined]

    def run_bulk(self, make_plan: Callable[[], Plan]) -> None:
        """Make the plan (a ``ValidationError`` is said, not raised), preview it, and on y
        start it."""
        from discogs_tui.api.bulk import preview

        try:
            plan = make_plan()
        except ValidationError as error:
            self.discogs.notify_text(str(error), severity="warning")  # type: ignore[attr-defined]
            return

        def answered(yes: bool | None) -> None:
            if yes:
                self.start_bulk(plan)

        self.app.push_screen(Confirm(render.text(f"{preview(plan)}?")), answered)  # type: ignore[attr-defined]

    def start_bulk(self, plan: Plan) -> None:
        self._launch(lambda: self.bulk.start(plan), "start", "Started")

    def _launch(self, launch: Callable[[], BulkRun], verb: str, done: str) -> None:
        """Start or resume a job (``launch``), or say why it couldn't ``verb``."""
        from discogs_tui.api.bulk import JournalBusy

        try:
            run = launch()
        except (JournalBusy, OSError) as error:
            self.discogs.notify_text(f"The job couldn't {verb}: {error}", severity="error")  # type: ignore[attr-defined]
            return
        self.watch_run(run, done)

    def watch_run(self, run: BulkRun, started: str) -> None:
        """Say it runs, and show its report when it ends."""
        self.discogs.notify_text(f"{started}: {run.preview}. F8 shows its progress.")  # type: ignore[attr-defined]
        self.bulk_running += 1  # (until _await_report has the report)
        self.app.run_worker(  # type: ignore[attr-defined]
            self._await_report(run), group="bulk", exit_on_error=False, description=run.preview
        )

    async def _await_report(self, run: BulkRun) -> None:
        try:
            report = await run.finished()
        finally:
            self.bulk_running -= 1
        if self.is_current:  # type: ignore[attr-defined]
            self._show_unseen_changes()  # (else when it is in front again)
        if report.plan.kind.endswith(REMOVALS):  # what is gone is no longer marked
            gone = {report.target(index).key for index in report.done}
            self.marks.keep(key for key in self.marks if key not in gone)  # type: ignore[attr-defined]
            if self.is_attached:  # type: ignore[attr-defined]
                self.show_marks()  # type: ignore[attr-defined]
        lines = report.lines()
        self.discogs.notify_text(lines[0], severity="information" if report.complete else "warning")  # type: ignore[attr-defined]
        self.reports_unseen.append(report)
        if self.is_current:  # type: ignore[attr-defined]
            self.show_reports()

    def on_screen_resume(self) -> None:
        # (Textual calls each class's handler: DiscogsScreen's runs too, without super())
        self.show_reports()

    def show_reports(self) -> None:
        """The reports of jobs that ended, one dialog each (u in one undoes its job)."""
        from discogs_tui.app.modals.bulk import BulkReport

        if not self.reports_unseen:
            return
        report = self.reports_unseen.pop(0)

        def closed(undo: bool | None) -> None:
            if undo:
                self.undo_bulk(report)
            self.show_reports()

        self.app.push_screen(BulkReport(report), closed)  # type: ignore[attr-defined]

    def add_to_wantlist(self, releases: list[tuple[int, str]], wanted: list[int]) -> None:
        """Add ``releases`` (id, "Artist – Title") to the signed-in user's wantlist, those
        ``wanted`` already needing nothing."""
        me = self.discogs.signed_in_as  # type: ignore[attr-defined]
        if not me:
            self.discogs.notify_text(  # type: ignore[attr-defined]
                "Sign in to add releases to your wantlist (run `discogs-tui login`).",
                severity="warning",
            )
            return
        from discogs_tui.api.bulk import actions

        self.run_bulk(lambda: actions.plan_wantlist_add(me, releases, wanted))

    def undo_bulk(self, report: Report) -> None:
        try:
            plan = self.bulk.undo_plan(report)
        except ValidationError as error:
            self.discogs.notify_text(str(error), severity="warning")  # type: ignore[attr-defined]
            return
        self.start_bulk(plan)


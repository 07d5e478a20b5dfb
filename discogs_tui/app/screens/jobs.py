"""The jobs view (F8, or "Jobs" in the palette): every background job running — collection
sync, the wantlist's availability check, country look-ups — with its progress and time left;
p pauses or resumes the highlighted one, x cancels it (what it finished stays done)."""

from __future__ import annotations

from typing import ClassVar

from rich.text import Text
from textual.app import ComposeResult
from textual.containers import Vertical
from textual.screen import ModalScreen
from textual.widgets import DataTable, Static

from discogs_tui.api.jobs import Job, JobRegistry
from discogs_tui.app import render
from discogs_tui.app.commands import Command, bindings
from discogs_tui.app.failures import Guarded


class JobsScreen(Guarded, ModalScreen[None]):
    DEFAULT_CSS = """
    JobsScreen { align: center middle; }
    JobsScreen > Vertical {
        width: 90%; max-width: 100; height: auto; max-height: 90%;
        border: round $primary; background: $surface; padding: 0 1;
    }
    JobsScreen #jobs-table { height: auto; max-height: 16; }
    JobsScreen #jobs-keys { color: $text-muted; }
    """
    COMMAND_LIST: ClassVar[list[Command]] = [
        Command("jobs.pause", "p,space", "pause", "Pause/resume", "Pause or resume the job."),
        Command("jobs.cancel", "x,delete", "cancel", "Cancel", "Cancel the job (keeps its work)."),
        Command("jobs.close", "escape,q", "dismiss", "Close", "Close the jobs view."),
        Command("jobs.down", "j,down", "cursor_down", "Down", "Next job.", show=False),
        Command("jobs.up", "k,up", "cursor_up", "Up", "Previous job.", show=False),
    ]
    BINDINGS = bindings(COMMAND_LIST)

    def __init__(self, registry: JobRegistry) -> None:
        super().__init__()
        self.registry = registry

    def where(self) -> str:
        return "Background jobs"

    def compose(self) -> ComposeResult:
        with Vertical() as box:
            box.border_title = "Background jobs"
            yield DataTable(id="jobs-table", cursor_type="row", show_cursor=True)
            yield Static(id="jobs-empty")
            yield Static(Text("p pause/resume · x cancel · Esc close"), id="jobs-keys")

    @property
    def table(self) -> DataTable:
        return self.query_one("#jobs-table", DataTable)

    def on_mount(self) -> None:
        self.table.add_column("Job", key="job")
        self.table.add_column("Progress", key="progress")
        self.registry.subscribe(self._changed)
        self.set_interval(1.0, self.refresh_jobs)  # time left moves on
        self.refresh_jobs()
        self.table.focus()

    def on_unmount(self) -> None:
        self.registry.unsubscribe(self._changed)

    def _changed(self) -> None:
        if self.is_attached:
            self.refresh_jobs()

    def refresh_jobs(self) -> None:
        table = self.table
        jobs = self.registry.jobs
        current = self.current_job()
        table.clear()
        for job in jobs:
            table.add_row(render.text(job.title), render.text(job.progress_text()), key=str(job.id))
        if current is not None and current in jobs:
            table.move_cursor(row=jobs.index(current))
        self.query_one("#jobs-empty", Static).update(
            Text("No background job is running.", style="dim") if not jobs else Text()
        )

    def current_job(self) -> Job | None:
        jobs = self.registry.jobs
        row = self.table.cursor_row
        return jobs[row] if 0 <= row < len(jobs) else None

    def action_pause(self) -> None:
        job = self.current_job()
        if job is not None:
            job.toggle_pause()

    def action_cancel(self) -> None:
        job = self.current_job()
        if job is not None:
            job.cancel()
            self.app.notify_text(f"Cancelled: {job.title}. What it finished is kept.")

    def action_cursor_down(self) -> None:
        self.table.action_cursor_down()

    def action_cursor_up(self) -> None:
        self.table.action_cursor_up()

"""Exporting the collection or the wantlist from inside the app, as ``discogs-tui export``
does from the shell (same columns, same writers: ``discogs_tui.export``).

A small form asks the format and the file (``~`` allowed; asks before overwriting), then the
rows are gathered in a worker with a progress bar and written; a notification says where and
how many. A problem (an unwritable path, Discogs failing) shows in the form, with what was
typed still there. Escape while it runs cancels the export.

What is fetched runs as a background job (``service.jobs``): the wantlist's pages as
"Wantlist export", the collection's as its mirror's sync; the jobs view (F8) and the status
bar show it (F8 opens the view from the form too), and pausing or cancelling it there
pauses or cancels the export.
"""

from __future__ import annotations

import asyncio
import os
import re
from collections.abc import Awaitable, Callable
from dataclasses import dataclass
from datetime import date
from pathlib import Path
from typing import TYPE_CHECKING, ClassVar

from rich.text import Text
from textual import on, work
from textual.app import ComposeResult
from textual.widgets import Input, ProgressBar, Select, Static
from textual.worker import Worker

from discogs_tui.api.errors import DiscogsError
from discogs_tui.app import render
from discogs_tui.app.commands import Command, bindings
from discogs_tui.app.modals.confirm import Confirm
from discogs_tui.app.modals.form import FormModal, options
from discogs_tui.app.screens.edits import save_command
from discogs_tui.export import (
    WANTLIST_COLUMNS,
    WRITERS,
    Progress,
    Row,
    collection_rows,
    export_wantlist,
    want_row,
    write_file,
)

if TYPE_CHECKING:
    from discogs_tui.api.mirror import CollectionMirror
    from discogs_tui.api.service import DiscogsService

Rows = tuple[list[str], list[Row]]
FORMATS = tuple(WRITERS)  # ("csv", "json")


@dataclass(frozen=True)
class ExportJob:
    """What to export and where its rows come from."""

    what: str  # "collection" or "wantlist"
    username: str
    noun: str  # what a row is: "copies", "wants"
    source: str  # said in the form
    rows: Callable[[Progress], Awaitable[Rows]]


def collection_job(mirror: CollectionMirror, freshness: str) -> ExportJob:
    """From the session's mirror: as it is when a sync has completed (``freshness`` says
    when), else synced first."""
    if mirror.synced_at is not None and not mirror.sync_pending:
        source = (
            f"From the local mirror ({freshness}): nothing to fetch. "
            "r on the collection syncs it first."
        )

        async def rows(progress: Progress) -> Rows:
            return collection_rows(mirror)
    else:
        source = "The local mirror isn't complete: it is synced first, at the rate limit."

        async def rows(progress: Progress) -> Rows:
            await mirror.sync(progress)
            return collection_rows(mirror)

    return ExportJob("collection", mirror.username, "copies", source, rows)


def wantlist_job(service: DiscogsService, username: str, wants: list[dict] | None) -> ExportJob:
    """The wants the wantlist screen has loaded (every one), or fetched when it hasn't."""
    if wants is not None:
        source = f"The {len(wants):,} wants this screen has loaded: nothing to fetch."

        async def rows(progress: Progress) -> Rows:
            return WANTLIST_COLUMNS, [want_row(want) for want in wants]
    else:
        source = "Fetched from Discogs, at the rate limit."

        async def rows(progress: Progress) -> Rows:
            return await export_wantlist(service, username, progress)

    return ExportJob("wantlist", username, "wants", source, rows)


def default_path(job: ExportJob, fmt: str, today: date) -> str:
    """``discogs-<user>-<what>-<date>.<format>``: a file name, in the current directory."""
    user = re.sub(r"[^\w.-]", "_", job.username)
    return f"discogs-{user}-{job.what}-{today.isoformat()}.{fmt}"


def with_format(path: str, fmt: str) -> str:
    """The path with its .csv/.json suffix changed to ``fmt`` (other names left alone)."""
    stem, dot, suffix = path.rpartition(".")
    return f"{stem}.{fmt}" if dot and suffix in FORMATS else path


def path_problem(path: Path) -> str:
    """Why ``path`` can't be written ("" when it can)."""
    if path.is_dir():
        return f"{path} is a folder: add a file name."
    folder = path.parent
    if not folder.is_dir():
        return f"There is no folder {folder}: create it first, or choose another."
    if not os.access(folder, os.W_OK | os.X_OK):
        return f"Can't write in {folder} (permission denied): choose another folder."
    if path.exists() and not os.access(path, os.W_OK):
        return f"{path} can't be overwritten (permission denied)."
    return ""


class ExportForm(FormModal[None]):
    """Format and file, then the export with a progress bar."""

    AUTO_FOCUS = "#export-path"
    COMMAND_LIST: ClassVar[list[Command]] = [
        save_command("export", "Export", "Write the file."),
        Command(
            "export.jobs",
            "f8",
            "app.jobs",
            "Jobs",
            "The jobs view: the export's progress, pause, cancel.",
            show=False,
        ),
        *FormModal.COMMAND_LIST,
    ]
    BINDINGS = bindings(COMMAND_LIST)
    here: ClassVar[Callable[[], Path]] = Path.cwd  # where a bare file name goes (a knob)

    def __init__(self, job: ExportJob) -> None:
        super().__init__()
        self.job = job
        self.running_export: Worker | None = None
        self.leaving = False  # Escape closes the form, and so cancels the export

    def compose_form(self) -> ComposeResult:
        yield Static(
            render.text(f"The {self.job.what} of {self.job.username}, with Discogs' export columns."),
            classes="modal-note",
        )
        yield Static(render.text(self.job.source), id="export-source")
        yield Static(Text("Format"), classes="modal-label")
        yield Select(options(FORMATS), value=FORMATS[0], allow_blank=False, id="export-format")
        yield Static(
            render.text(
                f"File, in {type(self).here()} unless you type a folder (Enter or ctrl+s exports)"
            ),
            classes="modal-label",
        )
        path = default_path(self.job, FORMATS[0], type(self).today())
        yield Input(path, id="export-path")
        yield Static(id="export-status")
        progress = ProgressBar(id="export-progress", show_eta=False)
        progress.display = False
        yield progress

    def on_mount(self) -> None:
        self.query_one("#modal-body").border_title = f"Export the {self.job.what}"

    @property
    def fmt(self) -> str:
        return str(self.query_one("#export-format", Select).value)

    @on(Select.Changed, "#export-format")
    def format_changed(self) -> None:
        field = self.query_one("#export-path", Input)
        field.value = with_format(field.value, self.fmt)

    # -- starting: the path checked, overwriting confirmed --------------------------------------
    @on(Input.Submitted, "#export-path")
    def action_save(self) -> None:
        if self.exporting:
            return
        typed = self.query_one("#export-path", Input).value.strip()
        if not typed:
            self.problem("Type the file to write.")
            return
        path = type(self).here() / Path(typed).expanduser()
        if problem := path_problem(path):
            self.problem(problem)
            return
        self.problem()
        if path.exists():
            question = render.text(f"{path} exists. Overwrite it?")
            self.app.push_screen(Confirm(question), lambda yes: self.overwrite(yes, path))
        else:
            self.begin(path)

    def overwrite(self, yes: bool | None, path: Path) -> None:
        if yes:
            self.begin(path)
        else:
            self.query_one("#export-path", Input).focus()

    def begin(self, path: Path) -> None:
        self.running_export = self.export(path, self.fmt)

    @property
    def exporting(self) -> bool:
        return self.running_export is not None and self.running_export.is_running

    # -- running ------------------------------------------------------------------------------
    @work(exclusive=True, group="export", exit_on_error=False)
    async def export(self, path: Path, fmt: str) -> None:
        self.running(True)
        try:
            columns, rows = await self.job.rows(self.show_progress)
            self.status(f"Writing {len(rows):,} {self.job.noun}…")
            await asyncio.to_thread(write_file, path, fmt, columns, rows)
        except DiscogsError as error:
            self.stopped(f"Export stopped: {error} Enter tries again.")
            return
        except OSError as error:
            self.stopped(f"Couldn't write {path}: {error.strerror or error}.")
            return
        except asyncio.CancelledError:
            if self.is_attached and not self.leaving:  # cancelled from the jobs view
                self.stopped("Export cancelled. Enter starts it again.")
            raise
        self.app.notify_text(f"Exported {len(rows):,} {self.job.noun} to {path}.")  # type: ignore[attr-defined]
        self.dismiss(None)

    def running(self, yes: bool) -> None:
        self.query_one("#export-progress", ProgressBar).display = yes
        self.status("Exporting… (Escape cancels)" if yes else "")

    def stopped(self, problem: str) -> None:
        self.running(False)
        self.problem(problem)

    def status(self, message: str) -> None:
        self.query_one("#export-status", Static).update(render.text(message))

    def show_progress(self, done: int, total: int) -> None:
        self.query_one("#export-progress", ProgressBar).update(total=max(total, 1), progress=done)
        self.status(f"Fetching page {done} of {total}… (Escape cancels)")

    def action_leave(self) -> None:
        """Escape: leave the field, then ask, then close; while exporting: close and cancel."""
        if self.exporting:
            self.leaving = True
            self.dismiss(None)
        else:
            super().action_leave()

"""Inventory exports and uploads: request an export and watch it finish, download its CSV;
upload a CSV of listings to add, change or delete, checked here first, and read its
results; the past jobs of both kinds.

Jobs run on Discogs' side. A running one is watched by a background worker that asks for
its status with ``If-Modified-Since`` (answered 304 while nothing changed), waiting longer
between checks as time goes on; when it finishes, the lists are read again. While watched it
is listed in the jobs view (F8) and the status bar, with its status (it can't be paused or
cancelled from the app); a download is listed too, and can be cancelled there.
"""

from __future__ import annotations

import asyncio
import re
import time
from collections.abc import Callable, Iterator, Mapping
from dataclasses import dataclass
from datetime import date, datetime, timedelta
from pathlib import Path
from typing import Any, ClassVar

from rich.text import Text
from textual import on, work
from textual.app import ComposeResult
from textual.containers import Vertical, VerticalScroll
from textual.widgets import Input, ProgressBar, Select, Static

from discogs_tui import atomic
from discogs_tui.api.errors import DiscogsError, ValidationError
from discogs_tui.api.inventory import UPLOAD_KINDS, check_upload_csv, check_upload_size
from discogs_tui.api.pagination import Page
from discogs_tui.api.scheduler import Priority
from discogs_tui.api.validation import local_path
from discogs_tui.app import render
from discogs_tui.app.commands import Command, bindings
from discogs_tui.app.modals.form import FormModal, options
from discogs_tui.app.render import clean, text
from discogs_tui.app.screens.base import DiscogsScreen
from discogs_tui.app.screens.edits import save_command
from discogs_tui.app.times import local_time, moment, zone_name
from discogs_tui.app.widgets.paged_table import Column, FetchPage, PagedTable, field

Json = Mapping[str, Any]
PER_PAGE = 50
FINISHED = ("success", "failure")
ON_DISCOGS = "it runs on Discogs' side: the app only watches it until it finishes."
CHECK_WAITS = (0.5, 1.0, 2.0, 4.0, 8.0, 15.0)  # seconds between status checks; the last repeats


# -- watching a job ----------------------------------------------------------------------------
def check_waits() -> Iterator[float]:
    yield from CHECK_WAITS
    while True:
        yield CHECK_WAITS[-1]


class JobClock:
    """``If-Modified-Since`` for one job in the server's clock, never trusting ours.

    The job's ``created_ts`` is the server's time when it began, and it existed by our
    monotonic time ``known_at``. So when we ask at our time ``t``, the server's time is at
    least ``created + (t - known_at)``: the state we saw then can be named by that time,
    and a skewed local clock can't make a 304 hide a change."""

    def __init__(self, created_ts: Any, known_at: float) -> None:
        self.created = moment(created_ts)
        self.known_at = known_at
        self.seen_at = known_at  # when we last asked and learnt the state we have

    def since(self) -> datetime | None:
        if self.created is None:
            return None
        return self.created + timedelta(seconds=max(0.0, self.seen_at - self.known_at))

    def seen(self, asked_at: float) -> None:
        self.seen_at = asked_at


# -- what jobs look like -----------------------------------------------------------------------
def when(value: Any) -> str:
    """A job's time in the user's zone (the columns' headings name it)."""
    return local_time(value, zone=False)


def time_cell(key: str) -> Callable[[Any], Text]:
    def cell(job: Any) -> Text:
        return text(when(job.get(key))) if isinstance(job, Mapping) else Text()

    return cell


def result_lines(results: Any) -> list[str]:
    """An upload's results, split at the ``<p>`` separators the API puts in them. The text
    is data: no other HTML is read, anything else shows as it is."""
    parts = re.split(r"<\s*/?\s*p\s*/?\s*>", clean(results), flags=re.IGNORECASE)
    return [part.strip() for part in parts if part.strip()]


def first_result(job: Any) -> Text:
    lines = result_lines(job.get("results")) if isinstance(job, Mapping) else []
    return text(lines[-1] if lines else "")


def problem_lines(message: str) -> list[str]:
    """A CSV check's message with each bad row on a line of its own."""
    return re.split(r"(?:: |; )(?=line \d+: )", message)


EXPORT_COLUMNS = (
    Column("Id", field("id"), 8),
    Column("Status", field("status"), 11),
    Column(f"Created ({zone_name()})", time_cell("created_ts"), 16),
    Column(f"Finished ({zone_name()})", time_cell("finished_ts"), 16, drop=1),
    Column("File", field("filename"), 12, flexible=True),
)
UPLOAD_COLUMNS = (
    Column("Id", field("id"), 8),
    Column("Type", field("type"), 6),
    Column("Status", field("status"), 10),
    Column(f"Created ({zone_name()})", time_cell("created_ts"), 16, drop=2),
    Column("File", field("filename"), 12, drop=1),
    Column("Result", first_result, 12, flexible=True),
)


def job_line(kind: str, job: Json | None) -> Text:
    """One line about the newest job of a kind: its status and what to do next."""
    if job is None:
        return render.text(f"No {kind}s yet.", style="dim")
    status = clean(job.get("status"))
    line = render.text(f"{kind.capitalize()} {clean(job.get('id'))}", style="bold")
    if kind == "upload":
        line.append(text(f" ({job.get('type')}, {job.get('filename')})"))
    line.append(render.text(f": {status}"))
    if status not in FINISHED:
        line.append(" — checking for changes in the background…", style="dim")
    elif job.get("finished_ts"):
        line.append(render.text(f", finished {local_time(job['finished_ts'])}"))
    if kind == "export" and status == "success":
        line.append(". d downloads it.")
    return line


def default_download_path(today: date) -> str:
    return f"~/discogs-inventory-{today:%Y%m%d}.csv"


def typed_path(value: str) -> Path:
    """The path typed in a form (``ValidationError`` when it can't be one)."""
    return local_path(value, "The path")


# -- forms -------------------------------------------------------------------------------------
class DownloadForm(FormModal[Path]):
    """Where to save an export's CSV; asks before overwriting a file."""

    HEADING = "Download the export"
    COMMAND_LIST: ClassVar[list[Command]] = [
        save_command("download", help_text="Save the export's CSV here."),
        *FormModal.COMMAND_LIST,
    ]
    BINDINGS = bindings(COMMAND_LIST)

    def __init__(self, export: Json) -> None:
        super().__init__()
        self.export = export
        self.confirmed: Path | None = None  # the existing file the user agreed to replace

    def compose_form(self) -> ComposeResult:
        yield Static(
            text(
                f"Save export {self.export.get('id')} as (Enter or ctrl+s saves; ~ is your home):"
            ),
            classes="modal-note",
        )
        yield Input(default_download_path(type(self).today()), id="download-path")

    @on(Input.Changed, "#download-path")
    def forget_confirmation(self) -> None:
        self.confirmed = None
        self.problem()

    @on(Input.Submitted, "#download-path")
    def action_save(self) -> None:
        try:
            path = typed_path(self.query_one("#download-path", Input).value)
        except ValidationError as error:
            self.problem(str(error))
            return
        if path.is_dir():
            self.problem(f"{path} is a folder: add a file name.")
        elif not path.parent.is_dir():
            self.problem(f"The folder {path.parent} doesn't exist.")
        elif path.exists() and path != self.confirmed:
            self.confirmed = path
            self.problem(f"{path} already exists. Enter again replaces it; or change the name.")
        else:
            self.dismiss(path)


@dataclass(frozen=True)
class UploadRequest:
    kind: str  # add, change or delete
    path: Path


UPLOAD_HELP = {
    "add": "Add listings: columns release_id, price, media_condition, and optional ones.",
    "change": "Change listings: a listing_id column and the columns to change.",
    "delete": "Delete listings: a listing_id column.",
}


class UploadForm(FormModal[UploadRequest]):
    """What to do with a CSV file of listings, and where the file is."""

    HEADING = "Upload a CSV of listings"
    AUTO_FOCUS = "#upload-path"
    COMMAND_LIST: ClassVar[list[Command]] = [
        save_command("upload", "Upload", "Check the file, then upload it."),
        *FormModal.COMMAND_LIST,
    ]
    BINDINGS = bindings(COMMAND_LIST)

    def compose_form(self) -> ComposeResult:
        yield Static(
            "The file is checked here first; nothing is sent while a row is wrong.",
            classes="modal-note",
        )
        yield Select(options(UPLOAD_KINDS), value="add", allow_blank=False, id="upload-kind")
        yield Static(UPLOAD_HELP["add"], id="upload-help", classes="modal-label")
        yield Input(placeholder="path to a .csv file, e.g. ~/listings.csv", id="upload-path")

    @on(Select.Changed, "#upload-kind")
    def explain(self, event: Select.Changed) -> None:
        self.query_one("#upload-help", Static).update(UPLOAD_HELP.get(str(event.value), ""))

    @on(Input.Submitted, "#upload-path")
    def action_save(self) -> None:
        try:
            path = typed_path(self.query_one("#upload-path", Input).value)
            if not path.is_file():
                raise ValidationError(f"There is no file {path}.")
            check_upload_size(path.stat().st_size)
        except (ValidationError, OSError) as error:
            self.problem(str(error))
            return
        self.dismiss(UploadRequest(str(self.query_one("#upload-kind", Select).value), path))


# -- the screen --------------------------------------------------------------------------------
@dataclass(frozen=True)
class JobLists:
    exports: Page[Any]
    uploads: Page[Any]
    known_at: float  # our monotonic time when the lists had arrived


def first_page_then(first: Page[Any], more: Callable[..., Any]) -> FetchPage:
    """Page 1 as already read, later pages from ``more``."""

    async def fetch(page: int, per_page: int) -> Page[Any]:
        return first if page == 1 else await more(page=page, per_page=per_page)

    return fetch


class InventoryJobsScreen(DiscogsScreen):
    BODY_SCROLLS = False
    COMMAND_LIST: ClassVar[list[Command]] = [
        *DiscogsScreen.COMMAND_LIST,
        Command(
            "jobs.export", "e", "request_export", "Export", "Request an export of your inventory."
        ),
        Command("jobs.download", "d", "download", "Download", "Save the highlighted export's CSV."),
        Command(
            "jobs.upload", "u", "upload", "Upload", "Add, change or delete listings from a CSV."
        ),
    ]
    BINDINGS = bindings(COMMAND_LIST)

    def where(self) -> str:
        return "Inventory exports and uploads"

    def compose_body(self) -> ComposeResult:
        yield Static(id="jobs-outcome")
        with Vertical(id="jobs-exports", classes="jobs-part"):
            yield Static("Exports (e requests one)", classes="section-title")
            yield Static(id="export-status")
            yield ProgressBar(show_eta=False, id="download-progress")
            yield Static(id="download-status")
            yield PagedTable(EXPORT_COLUMNS, noun="exports", id="exports")
        with Vertical(id="jobs-uploads", classes="jobs-part"):
            yield Static("Uploads (u uploads a CSV)", classes="section-title")
            yield Static(id="upload-status")
            with VerticalScroll(id="upload-results"):
                yield Static(id="upload-lines")
            yield PagedTable(UPLOAD_COLUMNS, noun="uploads", id="uploads")

    def on_mount(self) -> None:
        super().on_mount()
        self.query_one("#download-progress").display = False
        self.query_one("#download-status").display = False
        self.query_one("#jobs-outcome").display = False

    async def fetch(self) -> JobLists:
        inventory = self.service.inventory
        exports = await inventory.exports(per_page=PER_PAGE)
        uploads = await inventory.uploads(per_page=PER_PAGE)
        return JobLists(exports, uploads, time.monotonic())

    def show(self, data: JobLists) -> None:
        inventory = self.service.inventory
        exports = self.query_one("#exports", PagedTable)
        exports.load(first_page_then(data.exports, inventory.exports))
        self.query_one("#uploads", PagedTable).load(
            first_page_then(data.uploads, inventory.uploads)
        )
        newest_export = data.exports.items[0] if data.exports.items else None
        newest_upload = data.uploads.items[0] if data.uploads.items else None
        self.show_job("export", newest_export)
        self.show_job("upload", newest_upload)
        for kind, page in (("export", data.exports), ("upload", data.uploads)):
            running = next((job for job in page.items if job.get("status") not in FINISHED), None)
            if running is not None:
                self.follow_job(kind, running, data.known_at)
        if self.focused is None:
            exports.focus()

    def show_job(self, kind: str, job: Json | None) -> None:
        """The job's status line (and an upload's results)."""
        self.query_one(f"#{kind}-status", Static).update(job_line(kind, job))
        if kind == "upload":
            lines = result_lines(job.get("results")) if job else []
            self.query_one("#upload-lines", Static).update(text("\n".join(lines)))

    def say(self, message: str, severity: str = "information") -> None:
        """The outcome of the last thing asked, kept in view above both lists."""
        outcome = self.query_one("#jobs-outcome", Static)
        outcome.set_classes(f"outcome-{severity}")
        outcome.update(text(message))
        outcome.display = True

    def report_write(self, message: str, severity: str) -> None:
        self.say(message, severity)
        super().report_write(message, severity)

    # -- following jobs -----------------------------------------------------------------------
    def follow_job(self, kind: str, job: Json, known_at: float) -> None:
        self.run_worker(
            self._follow(kind, job, known_at),
            group=f"follow-{kind}",
            exclusive=True,
            exit_on_error=False,
        )

    async def _follow(self, kind: str, job: Json, known_at: float) -> None:
        inventory = self.service.inventory
        read = inventory.export if kind == "export" else inventory.upload
        clock = JobClock(job.get("created_ts"), known_at)
        title = f"Inventory {kind} {clean(job.get('id'))} on Discogs"
        jobs = self.service.jobs
        with jobs.start(
            title, f"inventory {kind}", no_pause=ON_DISCOGS, no_cancel=ON_DISCOGS
        ) as watched:
            for wait in check_waits():
                self.show_job(kind, job)
                watched.report(f"{clean(job.get('status')) or 'waiting'} on Discogs")
                if job.get("status") in FINISHED:
                    break
                await asyncio.sleep(wait)
                asked_at = time.monotonic()
                try:
                    changed = await read(
                        job["id"], since=clock.since(), priority=Priority.BACKGROUND
                    )
                except DiscogsError as error:
                    self.query_one(f"#{kind}-status", Static).update(
                        text(f"Couldn't check {kind} {job['id']}: {error} Press r to look again.")
                    )
                    return
                clock.seen(asked_at)
                job = changed or job
        self.load()  # the lists, with the finished job

    # -- exports ----------------------------------------------------------------------------------
    def action_request_export(self) -> None:
        self.run_write(
            self.service.inventory.request_export,
            "Export requested: it is watched here until it finishes.",
        )

    def _highlighted(self, table_id: str) -> Json | None:
        table = self.query_one(table_id, PagedTable)
        row = table.rows.cursor_row
        return table.items[row] if 0 <= row < len(table.items) else None

    def action_download(self) -> None:
        export = self._highlighted("#exports")
        if export is None:
            self.discogs.notify_text("No export to download yet: e requests one.")
        elif export.get("status") != "success":
            self.discogs.notify_text(
                f"Export {clean(export.get('id'))} is {clean(export.get('status'))}: "
                "it can be downloaded once it has finished."
            )
        else:
            self.app.push_screen(DownloadForm(export), lambda path: self._download(export, path))

    def _download(self, export: Json, path: Path | None) -> None:
        if path is not None:
            self.download(export["id"], path)

    @work(exclusive=True, group="download", exit_on_error=False)
    async def download(self, export_id: int, path: Path) -> None:
        progress = self.query_one("#download-progress", ProgressBar)
        status = self.query_one("#download-status", Static)
        progress.update(total=None, progress=0)
        progress.display = status.display = True
        status.update(text(f"Downloading export {export_id} to {path}…"))
        title = f"Download of inventory export {export_id}"
        one_file = "it is one file: cancel it, and download it again later."
        try:
            with self.service.jobs.start(title, "download", no_pause=one_file) as job:
                job.report("downloading")
                csv_text = await self.service.inventory.download_export(export_id)
                data = csv_text.encode("utf-8")
                job.report("saving")
                await asyncio.to_thread(atomic.write, path, data)
        except DiscogsError as error:
            status.update(text(f"Couldn't download export {export_id}: {error}"))
        except OSError as error:
            status.update(text(f"Couldn't save {path}: {error.strerror}."))
        else:
            progress.update(total=len(data), progress=len(data))
            status.update(text(f"Saved export {export_id}: {len(data):,} bytes in {path}."))
            return
        progress.display = False

    @on(PagedTable.Opened, "#exports")
    def open_export(self) -> None:
        self.action_download()

    # -- uploads ----------------------------------------------------------------------------------
    def action_upload(self) -> None:
        self.app.push_screen(UploadForm(), self._upload)

    def _upload(self, request: UploadRequest | None) -> None:
        if request is not None:
            self.check_and_send(request)

    @work(exclusive=True, group="upload-check", exit_on_error=False)
    async def check_and_send(self, request: UploadRequest) -> None:
        """Reads and checks the file; sends it only when every row is right."""
        try:
            data = await asyncio.to_thread(request.path.read_bytes)
            records = await asyncio.to_thread(check_upload_csv, data, request.kind)
        except OSError as error:
            self.say(f"Couldn't read {request.path}: {error.strerror}.", "error")
            return
        except ValidationError as error:
            self.say(f"Not sent: {request.path.name} needs fixing (the rows below).", "error")
            self.query_one("#upload-status", Static).update(Text("Checked here:", style="bold"))
            self.query_one("#upload-lines", Static).update(
                text("\n".join(problem_lines(str(error))))
            )
            return
        send = {
            "add": self.service.inventory.upload_add,
            "change": self.service.inventory.upload_change,
            "delete": self.service.inventory.upload_delete,
        }[request.kind]

        async def upload() -> None:
            await send(data, request.path.name)

        self.say(f"Sending {request.path.name} ({records} rows to {request.kind})…")
        self.run_write(upload, f"Uploaded {request.path.name}: Discogs is processing it.")

    @on(PagedTable.Opened, "#uploads")
    def open_upload(self, event: PagedTable.Opened) -> None:
        self.show_job("upload", event.item)

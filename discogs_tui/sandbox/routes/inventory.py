"""Routes: inventory exports (a CSV snapshot of your inventory) and uploads (CSV files of
listings to add, change or delete).

Both are jobs that take ``config.export_delay`` seconds of the sandbox clock: an export is
"queued", then "in progress" (from half the delay), then "success"; an upload is
"processing", then "success" (or "failure" when no record could be processed). While one
of a user's jobs of a kind runs, starting another answers 409.

The sandbox snapshots an export's rows and applies an upload's rows when the job is
created; the job only *reports* completion after the delay. Downloading an export before
it finished answers 404 ("not ready"), the only error besides 401 the document lists there.
"""

from __future__ import annotations

import csv
import io
import math
from datetime import UTC, datetime
from email.utils import format_datetime, parsedate_to_datetime
from typing import Any

from starlette.datastructures import UploadFile
from starlette.requests import Request
from starlette.responses import Response
from starlette.routing import Route

from discogs_tui.sandbox.http import (
    ApiError,
    base_url,
    not_found,
    paginate,
    require_user,
    respond,
    sandbox,
    unprocessable,
)
from discogs_tui.sandbox.market import (
    EXPORT_COLUMNS,
    apply_listing_changes,
    create_listing,
    export_rows,
    job_done,
    job_stage,
    job_timestamp,
    listing_changes,
    listing_seller_key,
    new_job,
    public,
)
from discogs_tui.sandbox.state import EDITABLE_LISTING_STATUSES, SandboxState, User, api_url

UPLOAD_KINDS = ("add", "change", "delete")
# Columns of an upload file, by listing field they set ("Any fields that aren't optional or
# required will be ignored").
CSV_FIELDS = {
    "release_id": "release_id",
    "price": "price",
    "media_condition": "condition",
    "sleeve_condition": "sleeve_condition",
    "comments": "comments",
    "accept_offer": "allow_offers",
    "location": "location",
    "external_id": "external_id",
    "weight": "weight",
    "format_quantity": "format_quantity",
}
CSV_LABELS = {field: column for column, field in CSV_FIELDS.items()}
REQUIRED_COLUMNS = {
    "add": ("release_id", "price", "media_condition"),
    "change": ("listing_id",),
    "delete": ("listing_id",),
}
# Content types a CSV file arrives with (browsers and libraries send the generic ones too).
CSV_CONTENT_TYPES = {
    "",
    "text/csv",
    "application/csv",
    "text/x-csv",
    "text/comma-separated-values",
    "application/vnd.ms-excel",
    "text/plain",
    "application/octet-stream",
}
MSG_NOT_CSV = "The file must be a comma-separated CSV file (UTF-8 text)."


# -- jobs -----------------------------------------------------------------------------------------
def config_delay(request: Request) -> float:
    return float(request.app.state.config.export_delay)


def job_view(job: dict[str, Any], now: float) -> dict[str, Any]:
    """What the API shows of a job now: its current status, and results once finished."""
    view = public(job)
    if job_done(job, now):
        view.update(job.get("_final", {}))
    view["status"] = job_stage(job, now)[1]
    return view


def running(jobs: dict[int, dict[str, Any]], user: User, now: float) -> bool:
    return any(job["_owner"] == user.key and not job_done(job, now) for job in jobs.values())


def users_jobs(request: Request, jobs: dict[int, dict[str, Any]]) -> Response:
    """The user's jobs, newest first, paginated under ``items``."""
    user = require_user(request)
    now = sandbox(request).clock()
    mine = sorted(
        (job for job in jobs.values() if job["_owner"] == user.key), key=lambda job: -job["id"]
    )
    return paginate(request, [job_view(job, now) for job in mine], "items")


def users_job(request: Request, jobs: dict[int, dict[str, Any]]) -> dict[str, Any]:
    """The job of the path if it is the user's (404 otherwise, other users' jobs included)."""
    user = require_user(request)
    try:
        job = jobs.get(int(request.path_params["job_id"]))
    except ValueError:
        job = None
    if job is None or job["_owner"] != user.key:
        raise not_found()
    return job


def job_answer(request: Request, job: dict[str, Any]) -> Response:
    """The job, with ``Last-Modified``; 304 when ``If-Modified-Since`` is not older."""
    now = sandbox(request).clock()
    # Rounded up to HTTP-date seconds: a 200 too many is harmless, a wrong 304 loses an update.
    modified = math.ceil(job_stage(job, now)[0])
    headers = {
        "Last-Modified": format_datetime(datetime.fromtimestamp(modified, tz=UTC), usegmt=True)
    }
    since = modified_since(request)
    if since is not None and modified <= since:
        return Response(status_code=304, headers=headers)
    return respond(request, job_view(job, now), headers=headers)


def modified_since(request: Request) -> float | None:
    value = request.headers.get("if-modified-since")
    if not value:
        return None
    try:
        return parsedate_to_datetime(value).timestamp()
    except (TypeError, ValueError):
        return None  # an unreadable date is ignored, as HTTP says


def created_answer(request: Request, job: dict[str, Any], path: str) -> Response:
    """The new job, with a ``Location`` header pointing at it (on the client's base URL)."""
    view = job_view(job, sandbox(request).clock())
    return respond(request, view, headers={"Location": f"{base_url(request)}{path}/{job['id']}"})


# -- exports ------------------------------------------------------------------------------------
async def exports(request: Request) -> Response:
    if request.method == "GET":
        return users_jobs(request, sandbox(request).exports)
    user = require_user(request)
    state = sandbox(request)
    delay = config_delay(request)
    with state.lock:
        now = state.clock()
        if running(state.exports, user, now):
            raise ApiError(409, "An export of your inventory is already in progress.")
        job = new_export(state, user, now, delay)
    return created_answer(request, job, "/inventory/export")


def new_export(state: SandboxState, user: User, now: float, delay: float) -> dict[str, Any]:
    export_id = state.next_id("export")
    finished = now + delay
    stages = [(now, "queued"), (now + delay / 2, "in progress"), (finished, "success")]
    url = api_url(f"/inventory/export/{export_id}")
    job = new_job(export_id, user, now, stages, url=url, download_url=None, filename=None)
    stamp = datetime.fromtimestamp(finished, tz=UTC).strftime("%Y%m%d-%H%M")
    job["_final"] = {
        "finished_ts": job_timestamp(finished),
        "download_url": f"{url}/download",
        "filename": f"{user.username}-inventory-{stamp}.csv",
    }
    job["_rows"] = export_rows(state, user.key)
    state.exports[export_id] = job
    return job


async def export(request: Request) -> Response:
    return job_answer(request, users_job(request, sandbox(request).exports))


async def export_download(request: Request) -> Response:
    job = users_job(request, sandbox(request).exports)
    view = job_view(job, sandbox(request).clock())
    if view["status"] != "success":
        raise not_found("The export is not ready yet: download it once its status is success.")
    out = io.StringIO()
    writer = csv.writer(out)
    writer.writerow(EXPORT_COLUMNS)
    writer.writerows(job["_rows"])
    return Response(
        out.getvalue(),
        media_type="text/csv; charset=utf-8",
        headers={"Content-Disposition": f"attachment; filename={view['filename']}"},
    )


# -- uploads ------------------------------------------------------------------------------------
async def uploads(request: Request) -> Response:
    return users_jobs(request, sandbox(request).uploads)


async def upload(request: Request) -> Response:
    if request.method == "GET":
        return job_answer(request, users_job(request, sandbox(request).uploads))
    kind = request.path_params["job_id"]
    if kind not in UPLOAD_KINDS:
        raise not_found()
    user = require_user(request)
    filename, text = await uploaded_csv(request)
    rows = parse_csv(text, kind)
    state = sandbox(request)
    delay = config_delay(request)
    with state.lock:
        now = state.clock()
        if running(state.uploads, user, now):
            raise ApiError(409, "Another inventory upload of yours is still being processed.")
        errors = apply_rows(state, user, kind, rows)
        job = new_upload(
            state, user, now, delay, kind=kind, filename=filename, records=len(rows), errors=errors
        )
    return created_answer(request, job, "/inventory/upload")


async def uploaded_csv(request: Request) -> tuple[str, str]:
    """(file name, text) of the multipart field ``file``; 415 unless it is CSV text."""
    if not request.headers.get("content-type", "").lower().startswith("multipart/form-data"):
        raise ApiError(415, "Send the CSV file as the multipart/form-data field 'file'.")
    form = await request.form()
    upload_file = form.get("file")
    if not isinstance(upload_file, UploadFile):
        raise unprocessable(
            "Missing file: send the CSV file as the multipart/form-data field 'file'."
        )
    data = await upload_file.read()
    content_type = (upload_file.content_type or "").split(";")[0].strip().lower()
    if content_type not in CSV_CONTENT_TYPES or b"\0" in data:
        raise ApiError(415, MSG_NOT_CSV)
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError:
        raise ApiError(415, MSG_NOT_CSV) from None
    return upload_file.filename or "upload.csv", text


def parse_csv(text: str, kind: str) -> list[tuple[int, dict[str, str]]]:
    """The non-empty records as (line number, {column: value}); 422 when the header lacks
    a required column."""
    reader = csv.reader(io.StringIO(text))
    header = [name.strip() for name in next(reader, [])]
    missing = [column for column in REQUIRED_COLUMNS[kind] if column not in header]
    if missing:
        raise unprocessable(f"The CSV header is missing required columns: {', '.join(missing)}.")
    if kind == "change" and not set(header) & set(CSV_FIELDS):
        raise unprocessable(
            f"The CSV header names nothing to change: add one of {', '.join(CSV_FIELDS)}."
        )
    rows = []
    for values in reader:
        if any(value.strip() for value in values):
            rows.append(
                (
                    reader.line_num,
                    dict(zip(header, (value.strip() for value in values), strict=False)),
                )
            )
    return rows


def apply_rows(
    state: SandboxState, user: User, kind: str, rows: list[tuple[int, dict[str, str]]]
) -> list[dict[str, Any]]:
    """Applies every valid record; the errors of the others as [{"line", "message"}]."""
    apply = {"add": add_record, "change": change_record, "delete": delete_record}[kind]
    errors = []
    for line, record in rows:
        try:
            apply(state, user, record)
        except ApiError as error:
            errors.append({"line": line, "message": error.message})
    return errors


def record_params(record: dict[str, str]) -> dict[str, Any]:
    """The listing fields a record sets (empty cells set nothing)."""
    params: dict[str, Any] = {}
    for column, field in CSV_FIELDS.items():
        value = record.get(column, "")
        if value:
            params[field] = value
    offer = params.get("allow_offers")
    if offer is not None:
        if offer.upper() not in ("Y", "N"):
            raise unprocessable("Invalid accept_offer: must be Y or N.")
        params["allow_offers"] = offer.upper() == "Y"
    return params


def add_record(state: SandboxState, user: User, record: dict[str, str]) -> None:
    params = record_params(record)
    for column in REQUIRED_COLUMNS["add"]:
        if CSV_FIELDS[column] not in params:
            raise unprocessable(f"Missing {column}.")
    create_listing(state, user, listing_changes(state, params, labels=CSV_LABELS))


def own_listing(state: SandboxState, user: User, record: dict[str, str]) -> dict[str, Any]:
    text = record.get("listing_id", "")
    try:
        listing = state.listings.get(int(text))
    except ValueError:
        raise unprocessable("Invalid listing_id: must be a number.") from None
    if listing is None or listing_seller_key(listing) != user.key:
        raise unprocessable(f"Listing {text} is not in your inventory.")
    return listing


def change_record(state: SandboxState, user: User, record: dict[str, str]) -> None:
    listing = own_listing(state, user, record)
    if listing["status"] not in EDITABLE_LISTING_STATUSES:
        raise unprocessable(
            f"Listing {listing['id']} is {listing['status']}: it cannot be modified – only deleted."
        )
    current = state.catalogue.releases.get(listing["release"]["id"])
    changes = listing_changes(state, record_params(record), current, labels=CSV_LABELS)
    apply_listing_changes(listing, changes)


def delete_record(state: SandboxState, user: User, record: dict[str, str]) -> None:
    state.listings.pop(own_listing(state, user, record)["id"])


def new_upload(
    state: SandboxState,
    user: User,
    now: float,
    delay: float,
    *,
    kind: str,
    filename: str,
    records: int,
    errors: list[dict[str, Any]],
) -> dict[str, Any]:
    processed = records - len(errors)
    outcome = "failure" if records and not processed else "success"
    upload_id = state.next_id("upload")
    stages = [(now, "processing"), (now + delay, outcome)]
    job = new_job(upload_id, user, now, stages, results=None, filename=filename, type=kind)
    results = f"CSV file contains {records} records.<p>Processed {processed} records."
    results += "".join(f"<p>Line {error['line']}: {error['message']}" for error in errors)
    job["_final"] = {"finished_ts": job_timestamp(now + delay), "results": results}
    job["_errors"] = errors
    state.uploads[upload_id] = job
    return job


routes: list[Route] = [
    Route("/inventory/export", exports, methods=["GET", "POST"]),
    Route("/inventory/export/{job_id}", export, methods=["GET"]),
    Route("/inventory/export/{job_id}/download", export_download, methods=["GET"]),
    Route("/inventory/upload", uploads, methods=["GET"]),
    # one path for GET /inventory/upload/{id} and POST /inventory/upload/{add|change|delete}
    Route("/inventory/upload/{job_id}", upload, methods=["GET", "POST"]),
]

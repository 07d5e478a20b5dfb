"""Inventory export and upload: CSV snapshots of your inventory, and CSV files of listings
to add, change or delete.

Both are jobs Discogs runs in the background: starting one answers its URL in the
``Location`` header; its status can be polled cheaply with ``If-Modified-Since``. Upload
files are checked here, row by row, against the document's rules, so a malformed CSV
never reaches the server.
"""

from __future__ import annotations

import csv
import io
import re
from collections.abc import Callable, Mapping
from datetime import UTC, datetime
from email.utils import format_datetime
from urllib.parse import urlsplit

from discogs_tui.api import validation
from discogs_tui.api.client import ApiResponse, DiscogsClient
from discogs_tui.api.errors import MalformedResponse, ValidationError
from discogs_tui.api.pagination import Page
from discogs_tui.api.resource import Json, get_page
from discogs_tui.api.scheduler import Priority

UPLOAD_KINDS = ("add", "change", "delete")
REQUIRED_COLUMNS = {
    "add": ("release_id", "price", "media_condition"),
    "change": ("listing_id",),
    "delete": ("listing_id",),
}
MAX_REPORTED_ROWS = 5  # bad rows named in one error; the rest are counted
MAX_UPLOAD_BYTES = 10 * 2**20  # far more rows than any upload needs; checked in a few seconds
_CSV_PRICE = re.compile(r"[0-9]{1,8}(?:\.[0-9]{1,2})?")  # what the server reads: 12.50, no commas


# -- CSV checks -------------------------------------------------------------------------------
CellCheck = Callable[[str], str | None]  # a cell's text -> what is wrong with it, or None


def _whole_number(minimum: int) -> CellCheck:
    def check(text: str) -> str | None:
        if not (text.isascii() and text.isdecimal()) or len(text) > 12 or int(text) < minimum:
            return f"must be a whole number, {minimum} or more"
        return None

    return check


def _price(text: str) -> str | None:
    if text.startswith("-") and _CSV_PRICE.fullmatch(text[1:]):
        return "must be greater than 0"
    if not _CSV_PRICE.fullmatch(text):
        return "must be a number like 12.50 (digits, a dot, at most 2 decimals)"
    return None if float(text) > 0 else "must be greater than 0"


def _one_of(allowed: tuple[str, ...]) -> CellCheck:
    def check(text: str) -> str | None:
        return None if text in allowed else f"must be exactly one of {', '.join(allowed)}"

    return check


def _yes_no(text: str) -> str | None:
    return None if text.upper() in ("Y", "N") else "must be Y or N"


# Columns with rules; any other column is free text (or, by the document, ignored).
CELL_CHECKS: dict[str, CellCheck] = {
    "listing_id": _whole_number(1),
    "release_id": _whole_number(1),
    "price": _price,
    "media_condition": _one_of(validation.MEDIA_CONDITIONS),
    "sleeve_condition": _one_of(validation.SLEEVE_CONDITIONS),
    "accept_offer": _yes_no,
    "weight": _whole_number(0),
    "format_quantity": _whole_number(0),
}


def _decoded(data: str | bytes) -> str:
    if isinstance(data, str):
        return data
    try:
        return data.decode("utf-8-sig")
    except UnicodeDecodeError:
        raise ValidationError("The CSV file must be UTF-8 text.") from None


def _check_header(header: list[str], kind: str) -> None:
    if not header:
        raise ValidationError("The CSV file is empty: its first row must be a header.")
    not_lower = [name for name in header if name != name.lower()]
    if not_lower:
        raise ValidationError(f"CSV header names must be lower case: {', '.join(not_lower)}.")
    missing = [name for name in REQUIRED_COLUMNS[kind] if name not in header]
    if missing:
        raise ValidationError(f"The CSV header lacks required columns: {', '.join(missing)}.")
    if kind == "change" and set(header) <= {"listing_id"}:
        raise ValidationError("The CSV header names nothing to change: add a column such as price.")


def _row_problems(header: list[str], cells: list[str], kind: str) -> list[str]:
    problems = []
    if len(cells) > len(header):
        problems.append(
            f"{len(cells)} cells but {len(header)} columns (quote values that hold commas)"
        )
    required = REQUIRED_COLUMNS[kind]
    for column, text in zip(header, cells, strict=False):
        text = text.strip()
        check = CELL_CHECKS.get(column)
        if not text:
            if column in required:
                problems.append(f"{column} is missing")
        elif check is not None:
            problem = check(text)
            if problem:
                problems.append(f"{column} {problem} (got {validation.shown(text)})")
    missing = [column for column in required if column in header[len(cells) :]]
    problems += [f"{column} is missing" for column in missing]
    return problems


def _bad_rows_error(bad: list[tuple[int, list[str]]]) -> ValidationError:
    shown = "; ".join(
        f"line {line}: {', '.join(problems)}" for line, problems in bad[:MAX_REPORTED_ROWS]
    )
    more = len(bad) - MAX_REPORTED_ROWS
    tail = f"; and {more} more bad rows" if more > 0 else ""
    rows = "row" if len(bad) == 1 else "rows"
    return ValidationError(f"The CSV file has {len(bad)} bad {rows}: {shown}{tail}.")


def check_upload_size(size: int) -> None:
    if size > MAX_UPLOAD_BYTES:
        raise ValidationError(
            f"The CSV file is {size / 2**20:,.0f} MB; at most {MAX_UPLOAD_BYTES // 2**20} MB can "
            "be checked and sent at once. Split it into smaller files."
        )


def check_upload_csv(data: str | bytes, kind: str) -> int:
    """Checks an upload file; answers its number of records, or raises ``ValidationError``
    naming the first bad rows by line number (the header is line 1)."""
    validation.choice("upload kind", kind, UPLOAD_KINDS)
    check_upload_size(len(data))
    reader = csv.reader(io.StringIO(_decoded(data)), strict=True)
    try:
        header = [name.strip() for name in next(reader, [])]
        _check_header(header, kind)
        records, bad = 0, []
        for cells in reader:
            if not any(cell.strip() for cell in cells):
                continue  # blank lines are no records
            records += 1
            problems = _row_problems(header, cells, kind)
            if problems:
                bad.append((reader.line_num, problems))
    except csv.Error as error:
        raise ValidationError(
            f"The CSV file is malformed at line {reader.line_num}: {error}."
        ) from None
    if bad:
        raise _bad_rows_error(bad)
    if not records:
        raise ValidationError("The CSV file has a header but no rows.")
    return records


# -- jobs -------------------------------------------------------------------------------------
def job_id(answer: ApiResponse) -> int:
    """The id at the end of the ``Location`` header a new export or upload answers with."""
    location = answer.headers.get("location", "")
    last = urlsplit(location).path.rstrip("/").rpartition("/")[2]
    if not last.isdecimal():
        raise MalformedResponse(
            "Discogs started the job but did not say where to follow it (no Location header).",
            status=answer.status,
        )
    return int(last)


def http_date(moment: datetime) -> str:
    """``moment`` as an HTTP date (a naive datetime is taken as UTC)."""
    aware = moment if moment.tzinfo else moment.replace(tzinfo=UTC)
    return format_datetime(aware.astimezone(UTC), usegmt=True)


class Inventory:
    def __init__(self, client: DiscogsClient) -> None:
        self._client = client

    async def _job(self, path: str, since: datetime | None, priority: Priority) -> Json | None:
        headers: Mapping[str, str] | None = (
            None if since is None else {"If-Modified-Since": http_date(since)}
        )
        answer = await self._client.get_response(path, priority=priority, headers=headers)
        return None if answer.status == 304 else answer.data

    # -- exports --------------------------------------------------------------------------------
    async def request_export(self) -> int:
        """Starts an export of your inventory; answers its id. ``Conflict`` while one runs."""
        return job_id(await self._client.write("POST", "/inventory/export"))

    async def exports(
        self, *, page: int = 1, per_page: int = 50, priority: Priority = Priority.INTERACTIVE
    ) -> Page[Json]:
        return await get_page(
            self._client, "/inventory/export", "items", page, per_page, None, priority
        )

    async def export(
        self,
        export_id: int,
        *,
        since: datetime | None = None,
        priority: Priority = Priority.INTERACTIVE,
    ) -> Json | None:
        """The export's status; None when it has not changed since ``since``."""
        return await self._job(f"/inventory/export/{int(export_id)}", since, priority)

    async def download_export(
        self, export_id: int, *, priority: Priority = Priority.INTERACTIVE
    ) -> str:
        """The CSV text of a finished export (``NotFound`` until it has finished)."""
        answer = await self._client.get_response(
            f"/inventory/export/{int(export_id)}/download", priority=priority
        )
        return answer.text

    # -- uploads --------------------------------------------------------------------------------
    async def _upload(self, kind: str, data: str | bytes, filename: str) -> int:
        check_upload_csv(data, kind)
        content = data.encode("utf-8") if isinstance(data, str) else data
        answer = await self._client.write(
            "POST",
            f"/inventory/upload/{kind}",
            files={"file": (filename, content, "text/csv")},
        )
        return job_id(answer)

    async def upload_add(self, data: str | bytes, filename: str = "add.csv") -> int:
        """Lists the CSV's rows For Sale (columns release_id, price, media_condition, and
        optional ones); answers the upload's id."""
        return await self._upload("add", data, filename)

    async def upload_change(self, data: str | bytes, filename: str = "change.csv") -> int:
        """Changes the listings the CSV's ``listing_id`` column names; answers the upload's id."""
        return await self._upload("change", data, filename)

    async def upload_delete(self, data: str | bytes, filename: str = "delete.csv") -> int:
        """Deletes the listings of the CSV's ``listing_id`` column; answers the upload's id."""
        return await self._upload("delete", data, filename)

    async def uploads(
        self, *, page: int = 1, per_page: int = 50, priority: Priority = Priority.INTERACTIVE
    ) -> Page[Json]:
        return await get_page(
            self._client, "/inventory/upload", "items", page, per_page, None, priority
        )

    async def upload(
        self,
        upload_id: int,
        *,
        since: datetime | None = None,
        priority: Priority = Priority.INTERACTIVE,
    ) -> Json | None:
        """The upload's status and results; None when unchanged since ``since``."""
        return await self._job(f"/inventory/upload/{int(upload_id)}", since, priority)

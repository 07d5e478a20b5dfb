"""Inventory changes and deletions as CSV uploads: one request for up to ``UPLOAD_ROWS``
listings instead of one each, then the upload's status read until Discogs has processed it, and its per-row results
("Line 7: …") turned back into the listings that failed.

Each upload's file name names its job and step (``discogs-tui-bulk-<job>-<step>.csv``), so
an upload whose answer was lost is found again in the list of recent uploads: it is then
followed, never sent again.
"""

from __future__ import annotations

import asyncio
import csv
import io
import re
from collections.abc import Mapping, Sequence
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from discogs_tui.api.bulk.action import Context, Failures
    from discogs_tui.api.bulk.plan import Plan

UPLOAD_ROWS = 2000  # listings in one upload: a few dozen KB, far under the file limit
FIRST_POLL, LONGEST_POLL = 1.0, 15.0  # seconds between two looks at a running upload
FINISHED = ("success", "failure")
_LINE = re.compile(r"Line (\d+):\s*(.*?)\s*$")


def file_name(plan: Plan, indexes: Sequence[int]) -> str:
    return f"discogs-tui-bulk-{plan.id}-{indexes[0]}.csv"


def csv_text(column: str, rows: Sequence[tuple[int, str]]) -> str:
    """``listing_id[,column]`` and a row per listing (values hold no line breaks, so row
    *n* is line *n* + 1 of the file, as the results count them)."""
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\n")
    writer.writerow(["listing_id", column] if column else ["listing_id"])
    for listing_id, value in rows:
        writer.writerow([listing_id, value] if column else [listing_id])
    return out.getvalue()


async def run(
    ctx: Context,
    plan: Plan,
    indexes: Sequence[int],
    kind: str,
    column: str,
    rows: Sequence[tuple[int, str]],
) -> Failures:
    """Upload the step's rows, follow the upload to its end, and answer the failed rows."""
    name = file_name(plan, indexes)
    ids = tuple(listing_id for listing_id, _ in rows)
    await others_finished(ctx)
    upload_id = await ctx.service.stores.inventory.upload(kind, csv_text(column, rows), name, ids)
    if ctx.note is not None:
        ctx.note({"upload": upload_id})
    return await follow(ctx, indexes, upload_id)


async def settle(
    ctx: Context, plan: Plan, indexes: Sequence[int], note: Mapping[str, Any]
) -> Failures | None:
    """A step whose upload may have gone: followed when Discogs has it, None when not."""
    upload_id = note.get("upload")
    if upload_id is None:
        upload_id = await find(ctx, file_name(plan, indexes))
        if upload_id is None:
            return None
        if ctx.note is not None:
            ctx.note({"upload": upload_id})
    return await follow(ctx, indexes, int(upload_id))


async def find(ctx: Context, name: str) -> int | None:
    """The id of the recent upload of file ``name``, if Discogs has one."""
    page = await ctx.service.inventory.uploads(per_page=100)
    return next((int(item["id"]) for item in page.items if item.get("filename") == name), None)


async def others_finished(ctx: Context) -> None:
    """Wait while an upload of the seller's is being processed: Discogs takes one at a time
    (another answers 409, and the job would stop on it)."""
    wait = FIRST_POLL
    while True:
        page = await ctx.service.inventory.uploads(per_page=5)
        if all(item.get("status") in FINISHED for item in page.items):
            return
        await asyncio.sleep(wait)
        wait = min(LONGEST_POLL, wait * 1.5)


async def follow(ctx: Context, indexes: Sequence[int], upload_id: int) -> Failures:
    """Wait for upload ``upload_id`` to finish; the step's targets whose rows failed."""
    wait = FIRST_POLL
    while True:
        # No If-Modified-Since: our clock against Discogs' could miss the change for good
        status = await ctx.service.inventory.upload(upload_id) or {}
        if status.get("status") in FINISHED:
            return failures(indexes, status)
        await asyncio.sleep(wait)
        wait = min(LONGEST_POLL, wait * 1.5)


def failures(indexes: Sequence[int], status: Mapping[str, Any]) -> Failures:
    """The targets of the rows the upload's results name as failed (line *n*: row *n* - 2);
    every one of them when it failed as a whole without naming lines."""
    results = str(status.get("results") or "")
    failed: Failures = {}
    for part in results.split("<p>"):
        match = _LINE.match(part.strip())
        if match and 0 <= int(match[1]) - 2 < len(indexes):
            failed[indexes[int(match[1]) - 2]] = match[2] or "Discogs refused this row"
    if status.get("status") == "failure" and not failed:
        why = results.replace("<p>", " ").strip() or "Discogs could not process the upload"
        failed = dict.fromkeys(indexes, why)
    return failed

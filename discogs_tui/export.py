"""The user's records as CSV or JSON, with the columns of Discogs' own exports: the rows and
the writers, shared by ``discogs-tui export`` (export_command.py) and the export dialog. The
collection comes from the local mirror (synced first), the wantlist from walking its pages."""

from __future__ import annotations

import csv
import json
from collections.abc import Callable, Iterable, Mapping
from pathlib import Path
from typing import IO, TYPE_CHECKING, Any

from discogs_tui.atomic import replacing

if TYPE_CHECKING:
    from discogs_tui.api.mirror import CollectionMirror, MirrorItem
    from discogs_tui.api.service import DiscogsService

RELEASE_COLUMNS = ["Catalog#", "Artist", "Title", "Label", "Format", "Rating", "Released"]
COLLECTION_COLUMNS = [*RELEASE_COLUMNS, "release_id", "CollectionFolder", "Date Added"]
WANTLIST_COLUMNS = [*RELEASE_COLUMNS, "release_id", "Notes"]
BAR_WIDTH = 30

Row = dict[str, Any]
Progress = Callable[[int, int], None]


class ExportFailed(Exception):
    """Something the user can fix; the message says what."""


# -- rows ---------------------------------------------------------------------------------------
def _release_row(
    catno: str, artist: str, title: str, label: str, fmt: str, rating: int, year: int
) -> Row:
    return {
        "Catalog#": catno,
        "Artist": artist,
        "Title": title,
        "Label": label,
        "Format": fmt,
        "Rating": rating or None,
        "Released": year or None,
    }


def _date_added(iso: str) -> str:
    """``2024-04-25T07:23:39-07:00`` as Discogs' exports write it: ``2024-04-25 07:23:39``."""
    return iso[:19].replace("T", " ")


def field_columns(fields: Iterable[Mapping[str, Any]]) -> list[tuple[Any, str]]:
    """(field id, column) of each custom field: the column is the field's name, unless that
    is a standard column's name already."""
    from discogs_tui.api.mirror import clean_line

    columns = []
    for f in fields:
        name = clean_line(f.get("name")) or f"Field {f.get('id')}"
        columns.append((f.get("id"), f"Collection {name}" if name in COLLECTION_COLUMNS else name))
    return columns


def collection_rows(mirror: CollectionMirror) -> tuple[list[str], list[Row]]:
    from discogs_tui.api.mirror import clean_line

    folder_names = {f.get("id"): clean_line(f.get("name")) for f in mirror.folders}
    fields = field_columns(mirror.fields)
    columns = [*COLLECTION_COLUMNS, *(column for _, column in fields)]
    return columns, [_collection_row(i, folder_names, fields) for i in mirror.items()]


def _collection_row(
    item: MirrorItem, folder_names: Mapping[Any, str], field_columns: list[tuple[Any, str]]
) -> Row:
    row = _release_row(
        item.catno, item.artist, item.title, item.label, item.format, item.rating, item.year
    )
    row["release_id"] = item.release_id
    row["CollectionFolder"] = folder_names.get(item.folder_id, str(item.folder_id))
    row["Date Added"] = _date_added(item.date_added)
    for field_id, column in field_columns:
        row[column] = item.notes.get(field_id, "")
    return row


def want_row(want: Mapping[str, Any]) -> Row:
    from discogs_tui.api.mirror import clean_line, release_summary

    info = want.get("basic_information") or {}
    summary = release_summary(info)
    row = _release_row(
        summary["catno"],
        summary["artist"],
        summary["title"],
        summary["label"],
        summary["format"],
        int(want.get("rating") or 0),
        summary["year"],
    )
    row["release_id"] = int(want.get("id") or info.get("id") or 0)
    row["Notes"] = clean_line(want.get("notes"))
    return row


# -- fetching -----------------------------------------------------------------------------------
async def export_collection(
    service: DiscogsService, username: str, directory: Path | None, progress: Progress | None
) -> tuple[list[str], list[Row]]:
    from discogs_tui.api.mirror import CollectionMirror

    mirror = CollectionMirror(service, username, directory)
    try:
        await mirror.sync(progress)
        return collection_rows(mirror)
    finally:
        mirror.close()


async def export_wantlist(
    service: DiscogsService, username: str, progress: Progress | None
) -> tuple[list[str], list[Row]]:
    from discogs_tui.api.pagination import walk_items
    from discogs_tui.api.scheduler import Priority

    def fetch(page: int, per_page: int) -> Any:
        return service.wantlist.wants(
            username, page=page, per_page=per_page, priority=Priority.BACKGROUND
        )

    rows = [want_row(want) async for want in walk_items(fetch, progress=progress)]
    return WANTLIST_COLUMNS, rows


# -- writing ------------------------------------------------------------------------------------
def write_csv(out: IO[str], columns: list[str], rows: list[Row]) -> None:
    writer = csv.DictWriter(out, fieldnames=columns, lineterminator="\n")
    writer.writeheader()
    writer.writerows(rows)


def write_json(out: IO[str], columns: list[str], rows: list[Row]) -> None:
    json.dump(rows, out, ensure_ascii=False, indent=2)
    out.write("\n")


WRITERS = {"csv": write_csv, "json": write_json}


def progress_bar(stream: IO[str]) -> Progress | None:
    """A one-line bar of pages done on ``stream``, or None when it isn't a terminal."""
    if not stream.isatty():
        return None

    def show(done: int, total: int) -> None:
        filled = BAR_WIDTH * done // max(total, 1)
        bar = "█" * filled + "░" * (BAR_WIDTH - filled)
        stream.write(f"\r{bar} {done}/{total} pages")
        if done >= total:
            stream.write("\n")
        stream.flush()

    return show


def write_file(path: Path, fmt: str, columns: list[str], rows: list[Row]) -> None:
    """The export replaces ``path`` whole (temp file, fsync, rename): a kill or Ctrl-C while
    writing leaves the previous file as it was."""
    with replacing(path) as out:
        WRITERS[fmt](out, columns, rows)

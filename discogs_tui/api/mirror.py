"""The local mirror of a user's collection: every instance in memory, kept in one file.

Browsing, sorting and filtering read ``items()`` from memory, instantly and offline; ``sync()``
brings the mirror up to date in the background. In memory each copy is one ``MirrorItem``
tuple (labels, formats, genre and style lists shared between copies) and one haystack:
nothing else. The file is ``<data dir>/mirror-v3/<username>.jsonl`` (0600):

* JSON lines, each ``{"put": {instance id: row}, "drop": [instance ids], "meta": {...}}``.
  A row is a JSON array of the flattened fields the app shows, never the raw API answers
  (arrays rather than objects because opening is parsing: about half the time);
* a write (a page of a sync, a rating, a move) appends one line and fsyncs: it costs its own
  rows, not the collection's. Killing the process (even ``kill -9``) loses at most the line
  being written: a line cut short at the end is dropped. Anything else unreadable (a line
  elsewhere, a wrong structure, a row of the wrong shape or types) is damage: the file is
  moved aside with a log line, ``damaged`` says so until a sync completes, and that sync
  reads everything again;
* opening replays the lines one at a time, so the parsed file is never whole in memory; a
  sync rewrites the file (atomically, newest first, a thousand rows a line, encoded a line
  per turn of the event loop) once it has appended half as many rows as the mirror holds,
  and so does ``close()`` after any write;
* one process owns a user's mirror (``fcntl.flock``); a second one opens it read-only and
  keeps its changes in memory.

Syncing walks folder 0 newest first (sorted by date added). After each page it saves the page
to resume from and the sync's start time, so an interrupted sync continues where it stopped
(one page earlier, in case removals meanwhile shifted the pages), then reads the newest pages
again for copies added while it was stopped. An incremental sync stops
at the first page whose instances are all known; a full one (and the first, until it
completes) walks every page and then drops the instances it didn't see (each row ends with
the start time of the last sync that saw it). An incremental sync that ends with another
count than Discogs' goes on as a full one (copies were removed elsewhere).
"""

from __future__ import annotations

import asyncio
import bisect
import fcntl
import gc
import json
import logging
import os
import re
import time
from collections.abc import Awaitable, Callable, Iterable, Iterator, Mapping, Sequence
from dataclasses import asdict, dataclass
from operator import attrgetter
from pathlib import Path
from types import MappingProxyType
from typing import TYPE_CHECKING, Any, NamedTuple

from discogs_tui import atomic
from discogs_tui.api import markup
from discogs_tui.api.collection import ALL_FOLDER
from discogs_tui.api.models import Credit, credit_line
from discogs_tui.api.pagination import walk_pages
from discogs_tui.api.scheduler import Priority
from discogs_tui.atomic import PRIVATE, move_aside, remove_stale_temps
from discogs_tui.locations import user_file_name

if TYPE_CHECKING:
    from discogs_tui.api.jobs import Job
    from discogs_tui.api.pagination import Page
    from discogs_tui.api.sections import Sections

log = logging.getLogger(__name__)

FORMAT_VERSION = 3
Progress = Callable[[int, int], None]  # (pages done, pages in all)

# Control characters and bidi overrides; a mirror field is one line of text.
_NUMBERED = re.compile(r" \(\d+\)$")  # Discogs' "Name (2)" disambiguation


class Damaged(Exception):
    """A mirror file line that isn't a write cut short: the file can't be trusted."""


class MirrorFile:
    """One mirror's file: JSON lines, each an entry ``{"put": {instance id: row}, "drop":
    [instance ids], "meta": {...}}``. Opening replays the entries in order; a write appends
    one and fsyncs; ``replace`` rewrites the file atomically as a few entries of many rows.
    Only a last line can be cut short (by a crash during its write): that write is lost."""

    def __init__(self, path: Path, writable: bool) -> None:
        self.path = path
        self.writable = writable
        self.cut_short = False  # whether the last line read was a write cut short

    def entries(self) -> Iterator[dict[str, Any]]:
        """The entries, one at a time (the parsed file is never whole in memory); raises
        ``Damaged`` for a line that is unreadable other than at the end."""
        try:
            handle = open(self.path, "rb")  # noqa: SIM115 - closed below, also on damage
        except FileNotFoundError:
            return
        with handle:
            unreadable = None
            for number, line in enumerate(handle):
                if unreadable is not None:
                    raise Damaged(unreadable)
                try:
                    entry = json.loads(line)
                except ValueError as error:  # UnicodeDecodeError included
                    # A write cut short: a last line without its line break, after a whole one.
                    if number == 0 or line.endswith(b"\n"):
                        raise Damaged(f"line {number + 1}: {error}") from None
                    unreadable = str(error)
                    continue
                if not _well_formed(entry):
                    raise Damaged(f"line {number + 1} is not a mirror entry")
                yield entry
        self.cut_short = unreadable is not None

    def move_aside(self, why: str) -> None:
        if self.writable:
            move_aside(self.path, why)
        else:  # another process owns it: it will set it aside
            log.warning("mirror store %s is damaged (%s); reading it as empty", self.path, why)

    def append(self, entry: Mapping[str, Any]) -> None:
        if not self.writable:
            return
        fd = os.open(self.path, os.O_WRONLY | os.O_APPEND | os.O_CREAT, 0o600)
        try:
            os.write(fd, (_compact(entry) + "\n").encode())
            os.fsync(fd)
        finally:
            os.close(fd)

    def replace(self, lines: Iterable[str]) -> None:
        if self.writable:
            atomic.write(self.path, "".join(f"{line}\n" for line in lines), mode=PRIVATE)


def _well_formed(entry: Any) -> bool:
    """Whether a parsed line has an entry's structure (its rows are checked as they load)."""
    return (
        isinstance(entry, dict)
        and isinstance(entry.get("put", {}), dict)
        and isinstance(drop := entry.get("drop", []), list)
        and all(type(instance_id) is int for instance_id in drop)
        and _well_formed_meta(entry.get("meta", {}))
    )


def _well_formed_meta(meta: Any) -> bool:
    if not isinstance(meta, dict):
        return False
    folders, fields = meta.get("folders") or [], meta.get("fields") or []
    synced_at = meta.get("synced_at")
    return (
        isinstance(folders, list)
        and isinstance(fields, list)
        and all(isinstance(f, dict) for f in (*folders, *fields))
        and (synced_at is None or type(synced_at) in (int, float))
    )


def _rows_in(entry: Mapping[str, Any]) -> int:
    return max(1, len(entry.get("put") or ()) + len(entry.get("drop") or ()))


def _compact(value: Any) -> str:
    return json.dumps(value, separators=(",", ":"))


def _unusable(folder: Path, error: OSError) -> str:
    """Why ``folder`` can't hold the store, naming the file that is in the way, if any."""
    for place in (folder, *folder.parents):
        if place.exists() and not place.is_dir():
            return (
                f"{place} is a file, not a folder: your collection is kept in memory only. "
                "Move that file away (or set DISCOGS_TUI_DATA_DIR) and start again."
            )
    return f"Can't keep a local copy in {folder} ({error.strerror}): kept in memory only."


def clean_line(value: object) -> str:
    """``value`` as one line of text: escape sequences and control characters dropped, tabs
    and line breaks become spaces, ends trimmed."""
    if value is None:
        return ""
    return markup.strip_controls(str(value)).replace("\t", " ").replace("\n", " ").strip()


# -- flattening what the API gives --------------------------------------------------------------
def artist_line(artists: Iterable[Mapping[str, Any]]) -> str:
    """``Artist A & Artist B``: each artist's credited name (anv) and the join after it."""
    return clean_line(credit_line(tuple(Credit.from_json(a) for a in artists if isinstance(a, Mapping))))


def format_line(formats: Iterable[Mapping[str, Any]]) -> str:
    """``2×LP, Album, RE``, as Discogs abbreviates formats: quantity, name (for vinyl, its
    first description: LP, 7", 12"), the descriptions and the free text."""
    parts: list[str] = []
    for fmt in formats:
        qty = clean_line(fmt.get("qty")) or "1"
        words = [clean_line(d) for d in fmt.get("descriptions") or ()]
        if clean_line(fmt.get("name")) != "Vinyl" or not words:
            words.insert(0, clean_line(fmt.get("name")))
        words[0] = words[0] if qty == "1" else f"{qty}×{words[0]}"
        parts += [*words, clean_line(fmt.get("text"))]
    return ", ".join(p for p in parts if p)


def release_summary(info: Mapping[str, Any]) -> dict[str, Any]:
    """The display fields of a ``basic_information`` (collection and wantlist items)."""
    labels = info.get("labels") or [{}]
    return {
        "artist": artist_line(info.get("artists") or ()),
        "title": clean_line(info.get("title")),
        "label": clean_line(_NUMBERED.sub("", labels[0].get("name") or "")),
        "catno": clean_line(labels[0].get("catno")),
        "format": format_line(info.get("formats") or ()),
        "year": int(info.get("year") or 0),
        "genres": tuple(clean_line(g) for g in info.get("genres") or ()),
        "styles": tuple(clean_line(s) for s in info.get("styles") or ()),
    }


class MirrorItem(NamedTuple):
    """One collection instance, flattened for fast display, filtering and sorting (a tuple:
    50,000 are made at once when the mirror opens). Make one with ``MirrorItem.make``."""

    instance_id: int
    release_id: int
    folder_id: int
    rating: int
    date_added: str  # ISO 8601 as the API gives it
    artist: str  # display artist (joins, anv), cleaned of control characters
    title: str
    label: str  # first label's name
    catno: str
    format: str  # "2×LP, Album"
    year: int  # 0 when unknown
    genres: tuple[str, ...]
    styles: tuple[str, ...]
    notes: Mapping[int, str]  # field id -> value

    @classmethod
    def make(cls, **fields: Any) -> MirrorItem:
        """An item from its fields by name."""
        return cls(*[fields[name] for name in cls._fields])

    @property
    def haystack(self) -> str:
        """The lower-cased words a filter looks in (made on each call: keep it)."""
        words = [self.artist, self.title, self.label, self.catno, self.format]
        words += [str(self.year or ""), *self.genres, *self.styles, *self.notes.values()]
        return " ".join(words).lower()

    @classmethod
    def from_api(cls, item: Mapping[str, Any]) -> MirrorItem:
        """From a collection item as the API gives it (``folder_releases`` and friends)."""
        notes = {
            int(note["field_id"]): clean_line(note.get("value"))
            for note in item.get("notes") or ()
            if note.get("field_id") is not None
        }
        return cls.make(
            instance_id=int(item["instance_id"]),
            release_id=int(item.get("id") or item["basic_information"]["id"]),
            folder_id=int(item.get("folder_id") or 0),
            rating=int(item.get("rating") or 0),
            date_added=str(item.get("date_added") or ""),
            notes=notes or NO_NOTES,
            **release_summary(item.get("basic_information") or {}),
        )

    def with_changes(self, **changes: Any) -> MirrorItem:
        return self._replace(**changes)

    # -- the stored row -------------------------------------------------------------------------
    def row(self) -> list[Any]:
        """The fields after the instance id (the row's key) as stored, without the stamp."""
        *scalars, genres, styles, notes = self[1:]
        return [*scalars, list(genres), list(styles), {str(k): v for k, v in notes.items()}]

    @classmethod
    def from_row(cls, doc_id: str, row: Sequence[Any], shared: dict) -> MirrorItem:
        """An item from its stored row. ``shared`` maps the values that repeat from copy to
        copy (labels, formats, years, genre and style lists, sets of notes) to one object
        each: pass the same dict for every row of a load. (Notes are read-only mappings, so
        sharing them is safe.)"""
        # Spelled out rather than generic: this runs 50,000 times when the mirror opens.
        (release_id, folder_id, rating, date_added, artist, title, label, catno, fmt, year,
         genre_list, style_list, stored_notes, _stamp) = row  # fmt: skip
        # Chained rather than a loop: a call per row would cost a tenth of the load.
        if not (type(release_id) is type(folder_id) is type(rating) is type(year) is int
                and type(date_added) is type(artist) is type(title) is type(label)
                is type(catno) is type(fmt) is str):  # fmt: skip
            raise TypeError("a field of the wrong type")
        genres, styles = tuple(genre_list), tuple(style_list)
        share = shared.setdefault
        notes = NO_NOTES
        if stored_notes:
            pairs = tuple(stored_notes.items())
            notes = shared.get(pairs) or share(
                pairs, MappingProxyType({int(k): v for k, v in pairs})
            )
        return tuple.__new__(cls, (  # what cls() does, without its argument parsing
            int(doc_id), release_id, folder_id, rating, date_added, artist, title,
            share(label, label), catno, share(fmt, fmt), share(year, year),
            share(genres, genres), share(styles, styles), notes,
        ))  # fmt: skip


NO_NOTES: Mapping[int, str] = MappingProxyType({})  # shared by every copy without notes
_NEWEST = attrgetter("date_added", "instance_id")  # the mirror's order (descending)
_INSTANCE_ID = attrgetter("instance_id")
COMPACT_AFTER = 5_000  # items appended before a sync rewrites the file (or half the items)
SNAPSHOT_SLICE = 1_000  # items per line of a rewritten file (encoded in one turn of the loop)
ORDER_SLICE = 5_000  # items whose order keys are made in one turn of the loop


# A stored row holds the fields but the instance id (its key), then the start time of the
# sync that saw it: that is its last cell.
STAMP = len(MirrorItem._fields) - 1


@dataclass(frozen=True)
class SyncReport:
    added: int
    updated: int
    removed: int
    pages: int
    seconds: float


@dataclass
class _Progress:
    """What a sync has done so far, saved after every page."""

    next_page: int
    started: int  # wall-clock milliseconds; stamps every document the sync sees
    full: bool

    @classmethod
    def load(cls, saved: Any) -> _Progress | None:
        try:
            return cls(int(saved["next_page"]), int(saved["started"]), bool(saved["full"]))
        except (TypeError, KeyError, ValueError):
            return None


@dataclass
class _Tally:
    added: int = 0
    updated: int = 0
    pages: int = 0


class CollectionMirror:
    """The whole collection of ``username`` in memory, mirrored from the API by ``sync()``.

    In memory each copy is one ``MirrorItem`` (values that repeat, like labels and genre
    lists, shared between copies) and one haystack: nothing else. Opening replays its file
    (about 0.3 s for 50,000 items). Besides the interface:
    ``get(instance_id)``, ``len()``, ``haystacks(items)``, ``sync_pending`` (an interrupted
    sync waits), ``writable`` (False: another process owns the store; changes stay in
    memory), ``path`` and ``close()``."""

    def __init__(
        self, service: Sections, username: str, directory: Path | None, *, load: bool = True
    ) -> None:
        """``directory=None`` keeps everything in memory (tests); otherwise the store lives in
        ``directory/mirror-v3/`` (pass ``locations.data_dir()``). ``load=False``: read the
        file later, with ``opened``."""
        self.service = service
        self.username = username
        self.writable = False
        # Why the store on disk can't be used, when it can't (said on screen)
        self.storage_problem = ""
        # Set when the store was found damaged and set aside, until a sync completes
        self.damaged = False
        self.path: Path | None = None
        self._lock_handle = None
        self._sync_lock = asyncio.Lock()
        self._file = self._open(directory)
        self._items: dict[int, MirrorItem] = {}
        self._seen: dict[int, int | None] = {}  # instance id -> the last sync that saw it
        self._oldest_first: list[MirrorItem] | None = None  # by _NEWEST; None: to be sorted
        self._haystacks: dict[int, str] = {}  # instance id -> its haystack
        self._appended = 0  # rows written by appending since the file was last rewritten
        self.folders: list[dict] = []
        self.fields: list[dict] = []
        self.synced_at: float | None = None
        self._progress: _Progress | None = None
        if load:
            for _ in self._loading():
                pass

    @classmethod
    async def opened(
        cls, service: Sections, username: str, directory: Path | None
    ) -> CollectionMirror:
        """A mirror read a thousand rows per turn of the event loop (about 5 ms each), so
        that opening 200,000 copies never holds up a frame."""
        mirror = cls(service, username, directory, load=False)
        for _ in mirror._loading():
            await asyncio.sleep(0)
        await mirror._order_in_slices()
        return mirror

    async def _order_in_slices(self) -> None:
        """Put the items in order (what ``items()`` does first) with the event loop free
        between slices: only the sort itself is one call, and the file's order (newest
        first) leaves it little to do."""
        values = list(self._items.values())
        keys: list[tuple[str, int]] = []
        for first in range(0, len(values), ORDER_SLICE):
            keys += map(_NEWEST, values[first : first + ORDER_SLICE])
            await asyncio.sleep(0)
        order = sorted(range(len(values)), key=keys.__getitem__)
        self._oldest_first = list(map(values.__getitem__, order))
        del keys, order
        _out_of_collectors_sight()  # the order lives as long as the mirror, as the items do

    # -- opening --------------------------------------------------------------------------------
    def _open(self, directory: Path | None) -> MirrorFile | None:
        if directory is None:
            self.writable = True
            return None
        self.path = store_path(directory, self.username)
        folder = self.path.parent
        try:
            folder.mkdir(parents=True, exist_ok=True, mode=0o700)
            self.writable = self._take_lock(folder / f"{user_file_name(self.username)}.lock")
            if self.writable:
                remove_stale_temps(folder, f".{self.path.name}.*.tmp")
        except OSError as error:
            log.warning("mirror directory unusable (%s); mirroring in memory only", error)
            self.storage_problem = _unusable(folder, error)
            self.path = None
            self.writable = True  # in memory, where nothing else can write
            return None
        if not self.writable:
            self.storage_problem = (
                "Another discogs-tui is using this collection's local copy: "
                "changes made here stay in memory until you quit."
            )
        return MirrorFile(self.path, self.writable)

    def _take_lock(self, lock_path: Path) -> bool:
        handle = open(lock_path, "a+")  # noqa: SIM115 - held for the mirror's lifetime
        os.chmod(lock_path, 0o600)
        try:
            fcntl.flock(handle.fileno(), fcntl.LOCK_EX | fcntl.LOCK_NB)
        except OSError:
            handle.close()
            log.info("another discogs-tui process owns the mirror; this one reads it only")
            return False
        self._lock_handle = handle
        return True

    def _loading(self) -> Iterator[None]:
        """Read the file, yielding after each of its lines."""
        if self._file is None:
            return
        meta: Mapping[str, Any] = {}
        shared: dict = {}  # one object for each value that repeats
        try:
            for entry in self._file.entries():
                self._take_rows(entry.get("put") or {}, shared)
                for instance_id in entry.get("drop") or ():
                    self._items.pop(instance_id, None)
                    self._seen.pop(instance_id, None)
                    self._haystacks.pop(instance_id, None)
                meta = entry.get("meta") or meta
                if "drop" in entry:  # a write's entry (a rewritten file's lines have one key)
                    self._appended += _rows_in(entry)
                _out_of_collectors_sight()
                yield
        except Damaged as error:
            self._items.clear()
            self._seen.clear()
            self._haystacks.clear()
            self._appended = 0
            meta = {}
            self.damaged = True
            self._file.move_aside(str(error))
        self.folders = list(meta.get("folders") or [])
        self.fields = list(meta.get("fields") or [])
        self.synced_at = meta.get("synced_at")
        self._progress = _Progress.load(meta.get("progress"))
        if self._file.cut_short:  # later appends must not follow the cut-off line
            self.compact()

    def _take_rows(self, rows: Mapping[str, Any], shared: dict) -> None:
        for doc_id, row in rows.items():
            try:
                item = MirrorItem.from_row(doc_id, row, shared)
                seen = shared.setdefault(row[STAMP], row[STAMP])
            except (KeyError, TypeError, ValueError, AttributeError) as error:
                raise Damaged(f"row {doc_id!r}: {type(error).__name__}: {error}") from None
            self._items[item.instance_id] = item
            self._seen[item.instance_id] = seen
            self._haystacks[item.instance_id] = item.haystack

    def close(self) -> None:
        if self._appended:
            self.compact()
        if self._lock_handle is not None:
            fcntl.flock(self._lock_handle.fileno(), fcntl.LOCK_UN)
            self._lock_handle.close()
            self._lock_handle = None

    # -- reading --------------------------------------------------------------------------------
    def items(self, folder_id: int = ALL_FOLDER) -> list[MirrorItem]:
        """The items of a folder (0: all), newest first, from memory."""
        if self._oldest_first is None:
            self._oldest_first = sorted(self._items.values(), key=_NEWEST)
        newest_first = self._oldest_first[::-1]
        if folder_id == ALL_FOLDER:
            return newest_first
        return [item for item in newest_first if item.folder_id == folder_id]

    def get(self, instance_id: int) -> MirrorItem | None:
        return self._items.get(instance_id)

    def haystacks(self, items: Sequence[MirrorItem]) -> list[str]:
        """The copies' lower-cased text a filter looks in, each made once and kept."""
        kept = self._haystacks
        found = list(map(kept.get, map(_INSTANCE_ID, items)))
        if None in found:  # copies a sync or a write brought
            for at, item in enumerate(items):
                if found[at] is None:
                    found[at] = kept[item.instance_id] = item.haystack
        return found

    def __len__(self) -> int:
        return len(self._items)

    @property
    def total(self) -> int | None:
        """How many copies Discogs counts in the collection (folder 0), if known."""
        everything = next((f for f in self.folders if f.get("id") == ALL_FOLDER), None)
        return None if everything is None else int(everything.get("count") or 0)

    @property
    def sync_pending(self) -> bool:
        """Whether an interrupted sync waits to be resumed."""
        return self._progress is not None

    # -- syncing --------------------------------------------------------------------------------
    async def sync(self, progress: Progress | None = None, *, full: bool = False) -> SyncReport:
        """Bring the mirror up to date (at background priority): resumes an interrupted sync,
        else reads newest first and stops at the first page it knows entirely; ``full``
        reads every page and drops what it didn't see. ``progress`` hears of every page
        stored (and once, as ``(0, 0)``, when the folders are known)."""
        async with self._sync_lock:
            with self.service.jobs.start(f"Collection sync of {self.username}", "sync") as job:
                return await self._sync(job, progress, full)

    async def _sync(self, job: Job, progress: Progress | None, full: bool) -> SyncReport:
        began = time.monotonic()
        state = self._progress or _Progress(1, int(time.time() * 1000), full)
        resumed = state.next_page > 1
        # Stopping at a known page is only right when the mirror was whole before.
        state.full = full = state.full or full or self.synced_at is None
        # With nothing to show yet, someone looks at an empty list: the folders and the first
        # page are theirs (asked at once), the rest of the sync is background work (paced).
        first = Priority.INTERACTIVE if not self._items else Priority.BACKGROUND
        self.folders = await self.service.collection.folders(self.username, priority=first)
        if progress is not None:
            progress(0, 0)
        # Asked beside the first page rather than before it: the rows come sooner.
        fields = asyncio.ensure_future(
            self.service.collection.fields(self.username, priority=Priority.BACKGROUND)
        )
        tally = _Tally()
        try:
            await self._walk(state, progress, tally, job)
        except BaseException:
            fields.cancel()
            raise
        self.fields = await fields
        if resumed:
            # Copies added while the sync was interrupted went onto the first pages, read
            # before it: read from the newest again, up to the first page all known.
            await self._walk(_Progress(1, state.started, full=False), progress, tally, job)
        if not full and self.total is not None and self.total != len(self._items):
            # Copies removed elsewhere (on discogs.com, or by another session) leave the
            # count off after an incremental sync: read every page and drop what is gone.
            full = True
            await self._walk(_Progress(1, state.started, full=True), progress, tally, job)
        removed = self._drop_unseen(state.started) if full else []
        self.synced_at = time.time()
        self._progress = None
        self.damaged = False
        self._commit({}, removed)
        await self._compact_in_slices()
        return SyncReport(
            tally.added, tally.updated, len(removed), tally.pages, time.monotonic() - began
        )

    async def _walk(
        self, state: _Progress, progress: Progress | None, tally: _Tally, job: Job
    ) -> None:
        # One page back when resuming: removals meanwhile may have shifted items onto it.
        start = max(1, state.next_page - 1)
        job.advance(start - 1)
        urgent = start if not self._items else None  # see _sync

        def fetch(page: int, per_page: int) -> Awaitable[Page[dict]]:
            return self._fetch(page, per_page, urgent=page == urgent)

        async for page in walk_pages(fetch, start_page=start):
            known = self._store_page(page, state, tally)
            tally.pages += 1
            if self._appended > max(COMPACT_AFTER, len(self._items) // 2):
                await self._compact_in_slices()
            job.advance(page.page, page.pages)
            if progress is not None:
                progress(page.page, page.pages)
            await job.checkpoint()
            if known and not state.full:
                if progress is not None:
                    progress(page.pages, page.pages)
                break

    def _fetch(self, page: int, per_page: int, *, urgent: bool) -> Awaitable[Page[dict]]:
        return self.service.collection.folder_releases(
            self.username,
            ALL_FOLDER,
            page=page,
            per_page=per_page,
            sort="added",
            sort_order="desc",
            priority=Priority.INTERACTIVE if urgent else Priority.BACKGROUND,
            use_cache=False,  # a sync is for what the server has now, not what we kept
        )

    def _store_page(self, page: Page[dict], state: _Progress, tally: _Tally) -> bool:
        """Store one page's items and the progress; whether all of them were known."""
        changed: dict[int, MirrorItem] = {}
        all_known = True
        for raw in page.items:
            item = MirrorItem.from_api(raw)
            old = self._items.get(item.instance_id)
            if old is None:
                tally.added += 1
                all_known = False
            elif old != item:
                tally.updated += 1
            changed[item.instance_id] = item
        state.next_page = page.page + 1
        self._progress = state
        self._commit(changed, [], stamp=state.started)
        return all_known

    def _drop_unseen(self, started: int) -> list[int]:
        return [instance_id for instance_id, seen in self._seen.items() if seen != started]

    def _commit(
        self, changed: Mapping[int, MirrorItem], removed: Iterable[int], stamp: int | None = None
    ) -> None:
        """Apply a batch of items and the metadata, and append them to the file as one
        line. ``stamp``: the sync that saw them; else a running sync's, so that a full sync
        doesn't drop what a write just confirmed."""
        if stamp is None and self._progress is not None:
            stamp = self._progress.started
        put: dict[str, list[Any]] = {}
        dropped = []
        for instance_id, item in changed.items():
            seen = stamp if stamp is not None else self._seen.get(instance_id)
            self._place(self._items.get(instance_id), item)
            self._items[instance_id] = item
            self._seen[instance_id] = seen
            put[str(instance_id)] = [*item.row(), seen]
        for instance_id in removed:
            if (old := self._items.pop(instance_id, None)) is not None:
                self._place(old, None)
                self._seen.pop(instance_id, None)
                dropped.append(instance_id)
        entry = {"put": put, "drop": dropped, "meta": self._meta()}
        self._appended += _rows_in(entry)
        if self._file is not None:
            self._file.append(entry)

    def _place(self, old: MirrorItem | None, new: MirrorItem | None) -> None:
        """Keep the order and the haystacks in step with one item replaced (or removed)."""
        if old is not None:
            self._haystacks.pop(old.instance_id, None)
        order = self._oldest_first
        if order is None:
            return
        if old is not None:
            at = bisect.bisect_left(order, _NEWEST(old), key=_NEWEST)
            if at < len(order) and order[at].instance_id == old.instance_id:
                del order[at]
        if new is not None:
            bisect.insort(order, new, key=_NEWEST)

    def _meta(self) -> dict[str, Any]:
        state = self._progress
        return {
            "folders": self.folders,
            "fields": self.fields,
            "synced_at": self.synced_at,
            "progress": None if state is None else asdict(state),
        }

    # -- the snapshot ---------------------------------------------------------------------------
    def compact(self) -> None:
        """Rewrite the file from memory, in one go."""
        self._replace_snapshot(list(self._snapshot_slices()))

    async def _compact_in_slices(self) -> None:
        """``compact()`` encoding a slice of items per turn of the event loop."""
        pieces = []
        for piece in self._snapshot_slices():
            pieces.append(piece)
            await asyncio.sleep(0)
        self._replace_snapshot(pieces)

    def _snapshot_slices(self) -> Iterator[str]:
        """The file's lines anew: the metadata, then the items newest first (so that the
        next load finds them in order), a slice of them per line."""
        yield _compact({"meta": self._meta()})
        newest_first = self.items()
        seen = self._seen
        for first in range(0, len(newest_first), SNAPSHOT_SLICE):
            rows = {
                str(item.instance_id): [*item.row(), seen.get(item.instance_id)]
                for item in newest_first[first : first + SNAPSHOT_SLICE]
            }
            yield _compact({"put": rows})

    def _replace_snapshot(self, lines: list[str]) -> None:
        if self._file is not None:
            self._file.replace(lines)
        self._appended = 0

    # -- keeping in step with writes ------------------------------------------------------------
    def _replace(self, instance_id: int, **changes: Any) -> MirrorItem | None:
        old = self._items.get(instance_id)
        if old is None:
            return None
        self._commit({instance_id: old.with_changes(**changes)}, [])
        return old

    def apply_rating(self, instance_id: int, rating: int) -> None:
        self._replace(instance_id, rating=rating)

    def apply_move(self, instance_id: int, folder_id: int) -> None:
        old = self._items.get(instance_id)
        if old is not None and old.folder_id != folder_id:
            self._count(old.folder_id, -1)
            self._count(folder_id, +1)
            self._replace(instance_id, folder_id=folder_id)

    def apply_remove(self, instance_id: int) -> None:
        old = self._items.get(instance_id)
        if old is not None:
            self._count(old.folder_id, -1)
            self._count(ALL_FOLDER, -1)
            self._commit({}, [instance_id])

    def apply_field(self, instance_id: int, field_id: int, value: str) -> None:
        old = self._items.get(instance_id)
        if old is not None:
            notes = {**old.notes, field_id: value}
            if not value:
                del notes[field_id]
            self._replace(instance_id, notes=notes)

    def apply_add(self, item: MirrorItem | Mapping[str, Any]) -> None:
        """A new instance: a ``MirrorItem`` or a collection item as the API gives it (with
        ``instance_id``, ``folder_id`` and ``basic_information``)."""
        if not isinstance(item, MirrorItem):
            item = MirrorItem.from_api(item)
        if item.instance_id not in self._items:
            self._count(item.folder_id, +1)
            self._count(ALL_FOLDER, +1)
        self._commit({item.instance_id: item}, [])

    def apply_folders(self, folders: list[dict]) -> None:
        """The folder list after a folder was created, renamed or deleted."""
        self.folders = list(folders)
        self._commit({}, [])

    def _count(self, folder_id: int, delta: int) -> None:
        for folder in self.folders:
            if folder.get("id") == folder_id:
                folder["count"] = max(0, int(folder.get("count") or 0) + delta)


def _out_of_collectors_sight() -> None:
    """Move what was just loaded out of the cyclic collector's sight: the items live as long
    as the mirror, and each of its full passes would walk all of them (tens of ms at 50,000,
    at random moments while typing). Young garbage (other code runs between slices) is
    collected first, so that none of it is kept for good."""
    gc.collect(1)
    gc.freeze()


def store_path(directory: Path, username: str) -> Path:
    """The file of ``username``'s mirror under ``directory`` (the data directory)."""
    return directory / f"mirror-v{FORMAT_VERSION}" / f"{user_file_name(username)}.jsonl"


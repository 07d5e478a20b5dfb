"""The local mirror of a user's collection: every instance in memory, kept in one TinyDB file.

Browsing, sorting and filtering read ``items()`` from memory, instantly and offline; ``sync()``
brings the mirror up to date in the background. The store is designed around TinyDB's costs:

* one file, ``<data dir>/mirror-v2/<username>.json``, parsed once at open by the cache's
  ``AtomicShardStorage`` and replaced atomically on every write (0600), so killing the process
  (even ``kill -9``) loses at most the page being fetched; an unreadable file is moved aside;
* the items table maps ``doc_id`` = instance id to a row: a JSON array of the flattened fields
  the app shows, never the raw API answers. Arrays rather than objects because opening is
  parsing: 50,000 rows parse in about half the time of the same documents with keys (v1), and
  become ``MirrorItem`` tuples without a lookup per field. The meta table is a TinyDB table;
* a sync writes once per page of 100, straight into the storage (TinyDB's table API rewrites
  the file on every call), and the storage re-encodes only the rows that changed, so a page
  costs milliseconds even with 50,000 items (rows are replaced, never mutated);
* one process owns a user's mirror (``fcntl.flock``); a second one opens it read-only and
  keeps its changes in memory.

Syncing walks folder 0 newest first (sorted by date added). After each page it saves the page
to resume from and the sync's start time, so an interrupted sync continues where it stopped
(one page earlier, in case removals meanwhile shifted the pages), then reads the newest pages
again for copies added while it was stopped. An incremental sync stops
at the first page whose instances are all known; a full one (and the first, until it
completes) walks every page and then drops the instances it didn't see (each row ends with
the start time of the last sync that saw it).
"""

from __future__ import annotations

import asyncio
import contextlib
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
from typing import TYPE_CHECKING, Any, NamedTuple

from tinydb import TinyDB
from tinydb.storages import MemoryStorage

from discogs_tui.api import markup
from discogs_tui.api.cache import (
    AtomicShardStorage,
    _move_aside,
    _write_atomically,
    remove_stale_temps,
)
from discogs_tui.api.collection import ALL_FOLDER
from discogs_tui.api.pagination import walk_pages
from discogs_tui.api.scheduler import Priority

if TYPE_CHECKING:
    from discogs_tui.api.jobs import Job
    from discogs_tui.api.pagination import Page
    from discogs_tui.api.service import DiscogsService

log = logging.getLogger(__name__)

FORMAT_VERSION = 2
ITEMS = "items"
META = "meta"
META_ID = "1"
Progress = Callable[[int, int], None]  # (pages done, pages in all)

# Control characters and bidi overrides; a mirror field is one line of text.
_NUMBERED = re.compile(r" \(\d+\)$")  # Discogs' "Name (2)" disambiguation


class MirrorStorage(AtomicShardStorage):
    """The cache's atomic storage, keeping each item row's JSON from one write to the next:
    a write encodes only the rows replaced since, then joins the rest."""

    def __init__(self, path: Path, writable: bool = True) -> None:
        super().__init__(path, writable)
        # doc_id -> (row, '"doc_id":[its JSON]'), reused while the row is the same object
        self._encoded: dict[str, tuple[list, str]] = {}

    def write(self, data: dict[str, dict[str, Any]]) -> None:
        self._data = data
        if self.writable:
            _write_atomically(self.path, self._encode(data))

    def _encode(self, data: dict[str, dict[str, Any]]) -> str:
        previous, encoded = self._encoded, {}
        for doc_id, row in data.get(ITEMS, {}).items():
            cached = previous.get(doc_id)
            if cached is None or cached[0] is not row:
                cached = (row, f"{json.dumps(doc_id)}:{_compact(row)}")
            encoded[doc_id] = cached
        self._encoded = encoded
        items = ",".join([member for _, member in encoded.values()])
        tables = [f'"{ITEMS}":{{{items}}}']
        tables += [
            f"{json.dumps(name)}:{_compact(table)}" for name, table in data.items() if name != ITEMS
        ]
        return "{" + ",".join(tables) + "}"


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
    pieces: list[str] = []
    for artist in artists:
        pieces.append(clean_line(artist.get("anv") or _NUMBERED.sub("", artist.get("name") or "")))
        join = clean_line(artist.get("join"))
        pieces.append(", " if join in ("", ",") else f" {join} ")
    return "".join(pieces[:-1])  # the last artist's join joins nothing


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
            notes=notes,
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
    def from_row(cls, doc_id: str, row: Sequence[Any]) -> MirrorItem:
        # Spelled out rather than generic: this runs 50,000 times when the mirror opens.
        (release_id, folder_id, rating, date_added, artist, title, label, catno, fmt, year,
         genre_list, style_list, stored_notes, _stamp) = row  # fmt: skip
        if not (_all_ints(release_id, folder_id, rating, year)
                and _all_strs(date_added, artist, title, label, catno, fmt)):  # fmt: skip
            raise TypeError("a field of the wrong type")
        genres, styles = tuple(genre_list), tuple(style_list)
        notes = {int(k): v for k, v in stored_notes.items()} if stored_notes else {}
        return cls(
            int(doc_id), release_id, folder_id, rating, date_added, artist, title, label,
            catno, fmt, year, genres, styles, notes,
        )  # fmt: skip


def _all_ints(*values: Any) -> bool:
    return all(type(value) is int for value in values)


def _all_strs(*values: Any) -> bool:
    return all(type(value) is str for value in values)


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

    Opening reads the whole store (about 0.6 s for 50,000 items): build it in a worker
    thread, once per session. Besides the interface: ``get(instance_id)``, ``len()``,
    ``sync_pending`` (an interrupted sync waits), ``writable`` (False: another process owns
    the store; changes stay in memory), ``path`` and ``close()``."""

    def __init__(self, service: DiscogsService, username: str, directory: Path | None) -> None:
        """``directory=None`` keeps everything in memory (tests); otherwise the store lives in
        ``directory/mirror-v2/`` (pass ``locations.data_dir()``)."""
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
        self._db = self._open(directory)
        self._items: dict[int, MirrorItem] = {}
        self._ordered: list[MirrorItem] | None = None  # newest first; None: to be sorted
        self.folders: list[dict] = []
        self.fields: list[dict] = []
        self.synced_at: float | None = None
        self._progress: _Progress | None = None
        self._load()

    # -- opening --------------------------------------------------------------------------------
    def _open(self, directory: Path | None) -> TinyDB:
        if directory is None:
            self.writable = True
            return TinyDB(storage=MemoryStorage)
        folder = directory / f"mirror-v{FORMAT_VERSION}"
        self.path = folder / f"{_file_name(self.username)}.json"
        try:
            folder.mkdir(parents=True, exist_ok=True, mode=0o700)
            self.writable = self._take_lock(folder / f"{_file_name(self.username)}.lock")
            if self.writable:
                remove_stale_temps(folder, f".{self.path.name}.*.tmp")
        except OSError as error:
            log.warning("mirror directory unusable (%s); mirroring in memory only", error)
            self.storage_problem = _unusable(folder, error)
            self.path = None
            self.writable = True  # in memory, where nothing else can write
            return TinyDB(storage=MemoryStorage)
        if not self.writable:
            self.storage_problem = (
                "Another discogs-tui is using this collection's local copy: "
                "changes made here stay in memory until you quit."
            )
        path = self.path
        return TinyDB(storage=lambda: MirrorStorage(path, self.writable))

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

    def _data(self) -> dict[str, dict[str, Any]]:
        data = self._db.storage.read()
        if data is None:  # a new in-memory store
            data = {}
            self._db.storage.write(data)
        return data

    def _load(self) -> None:
        with _collector_paused():
            self._load_store()

    def _load_store(self) -> None:
        """Read the store; anything unreadable in it (a wrong structure, a row cut short or
        of the wrong types) is damage: the file is set aside and the mirror starts empty, so
        the next sync reads everything again."""
        was_on_disk = self.path is not None and self.path.exists()
        try:
            data = self._data()
            rows = data.get(ITEMS, {})
            meta = data.get(META, {}).get(META_ID, {})
            self._items = {
                item.instance_id: item
                for item in (MirrorItem.from_row(doc_id, row) for doc_id, row in rows.items())
            }
            folders, fields = list(meta.get("folders") or []), list(meta.get("fields") or [])
            synced_at = meta.get("synced_at")
            if not all(isinstance(f, dict) for f in (*folders, *fields)) or not (
                synced_at is None or isinstance(synced_at, int | float)
            ):
                raise TypeError("metadata of the wrong types")
        except (KeyError, TypeError, ValueError, AttributeError) as error:
            self._set_aside(f"{type(error).__name__}: {error}")
            return
        if was_on_disk and not data:
            self.damaged = True  # unreadable: the storage set it aside (or, read-only, skipped it)
        self.folders, self.fields, self.synced_at = folders, fields, synced_at
        self._progress = _Progress.load(meta.get("progress"))

    def _set_aside(self, why: str) -> None:
        self._items = {}
        self.damaged = True
        if self.writable and self.path is not None:
            _move_aside(self.path, why)
        else:
            log.warning("mirror store %s is damaged (%s); reading it as empty", self.path, why)
        self._db.storage.write({})

    def close(self) -> None:
        self._db.close()
        if self._lock_handle is not None:
            fcntl.flock(self._lock_handle.fileno(), fcntl.LOCK_UN)
            self._lock_handle.close()
            self._lock_handle = None

    # -- reading --------------------------------------------------------------------------------
    def items(self, folder_id: int = ALL_FOLDER) -> list[MirrorItem]:
        """The items of a folder (0: all), newest first, from memory."""
        if self._ordered is None:
            self._ordered = sorted(
                self._items.values(), key=attrgetter("date_added", "instance_id"), reverse=True
            )
        if folder_id == ALL_FOLDER:
            return list(self._ordered)
        return [item for item in self._ordered if item.folder_id == folder_id]

    def get(self, instance_id: int) -> MirrorItem | None:
        return self._items.get(instance_id)

    def __len__(self) -> int:
        return len(self._items)

    @property
    def sync_pending(self) -> bool:
        """Whether an interrupted sync waits to be resumed."""
        return self._progress is not None

    # -- syncing --------------------------------------------------------------------------------
    async def sync(self, progress: Progress | None = None, *, full: bool = False) -> SyncReport:
        """Bring the mirror up to date (at background priority): resumes an interrupted sync,
        else reads newest first and stops at the first page it knows entirely; ``full``
        reads every page and drops what it didn't see."""
        async with self._sync_lock:
            with self.service.jobs.start(f"Collection sync of {self.username}", "sync") as job:
                return await self._sync(job, progress, full)

    async def _sync(self, job: Job, progress: Progress | None, full: bool) -> SyncReport:
        began = time.monotonic()
        state = self._progress or _Progress(1, int(time.time() * 1000), full)
        resumed = state.next_page > 1
        # Stopping at a known page is only right when the mirror was whole before.
        state.full = full = state.full or full or self.synced_at is None
        self.folders = await self.service.collection.folders(
            self.username, priority=Priority.BACKGROUND
        )
        self.fields = await self.service.collection.fields(
            self.username, priority=Priority.BACKGROUND
        )
        tally = _Tally()
        await self._walk(state, progress, tally, job)
        if resumed:
            # Copies added while the sync was interrupted went onto the first pages, read
            # before it: read from the newest again, up to the first page all known.
            await self._walk(_Progress(1, state.started, full=False), progress, tally, job)
        removed = self._drop_unseen(state.started) if full else []
        self.synced_at = time.time()
        self._progress = None
        self.damaged = False
        self._commit({}, removed)
        return SyncReport(
            tally.added, tally.updated, len(removed), tally.pages, time.monotonic() - began
        )

    async def _walk(
        self, state: _Progress, progress: Progress | None, tally: _Tally, job: Job
    ) -> None:
        # One page back when resuming: removals meanwhile may have shifted items onto it.
        start = max(1, state.next_page - 1)
        job.advance(start - 1)
        async for page in walk_pages(self._fetch, start_page=start):
            known = self._store_page(page, state, tally)
            tally.pages += 1
            job.advance(page.page, page.pages)
            if progress is not None:
                progress(page.page, page.pages)
            await job.checkpoint()
            if known and not state.full:
                if progress is not None:
                    progress(page.pages, page.pages)
                break

    def _fetch(self, page: int, per_page: int) -> Awaitable[Page[dict]]:
        return self.service.collection.folder_releases(
            self.username,
            ALL_FOLDER,
            page=page,
            per_page=per_page,
            sort="added",
            sort_order="desc",
            priority=Priority.BACKGROUND,
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
        rows = self._data().get(ITEMS, {})
        return [int(doc_id) for doc_id, row in rows.items() if row[STAMP] != started]

    def _commit(
        self, changed: Mapping[int, MirrorItem], removed: Iterable[int], stamp: int | None = None
    ) -> None:
        """One write of a batch of items and the metadata, straight into the storage.
        ``stamp``: the sync that saw them; else a running sync's, so that a full sync doesn't
        drop what a write just confirmed."""
        data = self._data()
        rows = data.setdefault(ITEMS, {})
        if stamp is None and self._progress is not None:
            stamp = self._progress.started
        for instance_id, item in changed.items():
            key = str(instance_id)
            seen = stamp if stamp is not None else rows[key][STAMP] if key in rows else None
            rows[key] = [*item.row(), seen]
            self._items[instance_id] = item
        for instance_id in removed:
            rows.pop(str(instance_id), None)
            self._items.pop(instance_id, None)
        data[META] = {META_ID: self._meta()}
        self._db.storage.write(data)
        self._ordered = None

    def _meta(self) -> dict[str, Any]:
        state = self._progress
        return {
            "folders": self.folders,
            "fields": self.fields,
            "synced_at": self.synced_at,
            "progress": None if state is None else asdict(state),
        }

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


@contextlib.contextmanager
def _collector_paused() -> Iterator[None]:
    """The collector paused while the items load: it would walk the growing heap again and
    again. The items then live as long as the mirror, so they are frozen out of its sight
    (``gc.freeze``); else its first pass after would walk every one of them."""
    enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        gc.freeze()
        if enabled:
            gc.enable()


def _file_name(username: str) -> str:
    """A username as a file name (usernames may hold dots and other characters)."""
    return re.sub(r"[^a-z0-9_.-]", "_", username.lower()).lstrip(".") or "_"

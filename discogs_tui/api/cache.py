"""The on-disk response cache: TinyDB, laid out around what TinyDB is slow at.

TinyDB rewrites a whole file on every write and scans on every query, so:

* entries are spread over ``SHARDS`` small TinyDB files; a write rewrites one small shard;
* documents are found by ``doc_id`` (from a hash of the key), never by ``Query``;
* a shard is parsed on first use, so opening the cache reads no entries at all;
* bodies are stored zlib-compressed (base64), which halves the files and their parse time;
* every write goes to a temporary file, is fsync'ed and replaces the shard atomically, so
  a crash (even ``kill -9``) leaves either the old shard or the new one, never half of each
  (and a temporary file, which the next owner deletes);
  a shard that can't be read anyway is moved aside and starts empty, with a log line;
* one process owns the directory (``fcntl.flock``); a second one opens it read-only and
  keeps its own writes in memory, so two app instances never corrupt it;
* total size is capped; the least recently used entries go first;
* files are 0600 in a 0700 directory, and the directory name carries the format version.

Invalidation is by *scope generation*: a key includes the current generation of its scope
(say, one user's wantlist); a write bumps the generations of the scopes it affects, which
makes every old entry of those scopes unreachable at once (LRU eviction reclaims them).
"""

from __future__ import annotations

import base64
import contextlib
import fcntl
import hashlib
import json
import logging
import os
import tempfile
import time
import zlib
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from tinydb import TinyDB
from tinydb.storages import Storage
from tinydb.table import Document

log = logging.getLogger(__name__)

FORMAT_VERSION = 1
SHARDS = 256
DEFAULT_MAX_BYTES = 200 * 1024 * 1024
OPEN_SHARDS = 32  # parsed shards kept in memory (at the size cap, about 1/8 of the cache)
EVICT_TO = 0.8  # after eviction the cache holds at most this share of max_bytes
_SCOPES_FILE = "scopes.json"
_LOCK_FILE = "cache.lock"


def _write_atomically(path: Path, text: str) -> None:
    fd, temp = tempfile.mkstemp(dir=path.parent, prefix=f".{path.name}.", suffix=".tmp")
    try:
        with os.fdopen(fd, "w", encoding="utf-8") as handle:
            handle.write(text)
            handle.flush()
            os.fsync(handle.fileno())
        os.chmod(temp, 0o600)
        os.replace(temp, path)
    except BaseException:
        with contextlib.suppress(FileNotFoundError):
            os.unlink(temp)
        raise


def remove_stale_temps(directory: Path, pattern: str = ".*.tmp") -> None:
    """Delete the temporary files of writes a crash cut off. Call it holding the lock: only
    the owner writes, so no other process has one of them open."""
    for temp in directory.glob(pattern):
        with contextlib.suppress(OSError):
            temp.unlink()


def _move_aside(path: Path, why: str) -> None:
    aside = path.with_name(f"{path.name}.corrupt-{int(time.time())}")
    with contextlib.suppress(OSError):
        os.replace(path, aside)
    log.warning(
        "cache file %s was unreadable (%s); moved to %s and starting it empty",
        path.name,
        why,
        aside.name,
    )


class AtomicShardStorage(Storage):
    """A TinyDB storage that parses its file once, then serves reads from memory and
    replaces the file atomically on every write (or, read-only, keeps writes in memory)."""

    def __init__(self, path: Path, writable: bool = True) -> None:
        self.path = path
        self.writable = writable
        self._data: dict[str, dict[str, Any]] | None = None

    def read(self) -> dict[str, dict[str, Any]] | None:
        if self._data is None:
            self._data = self._load()
        return self._data

    def _load(self) -> dict[str, dict[str, Any]]:
        try:
            text = self.path.read_bytes()  # decoded by json.loads: bad UTF-8 is damage too
        except FileNotFoundError:
            return {}
        try:
            data = json.loads(text)
            if not isinstance(data, dict):
                raise ValueError("not a JSON object")
        except (ValueError, UnicodeDecodeError) as error:
            if self.writable:
                _move_aside(self.path, str(error))
            return {}
        return data

    def write(self, data: dict[str, dict[str, Any]]) -> None:
        self._data = data
        if self.writable:
            _write_atomically(self.path, json.dumps(data, separators=(",", ":")))

    def close(self) -> None:
        pass


@dataclass(frozen=True)
class CachedResponse:
    body: bytes
    stored_at: float  # wall-clock time it was stored
    expires_at: float

    def fresh(self, now: float) -> bool:
        return now < self.expires_at

    def age(self, now: float) -> float:
        return max(0.0, now - self.stored_at)


def _last_use(entry: tuple[tuple[int, int], tuple[float, int]]) -> float:
    return entry[1][0]


class ResponseCache:
    """Maps a request key to the body of its last answer, with an expiry time."""

    def __init__(
        self,
        directory: Path | None,
        max_bytes: int = DEFAULT_MAX_BYTES,
        clock: Callable[[], float] = time.time,
    ) -> None:
        """``directory=None`` keeps everything in memory (no disk at all)."""
        self.max_bytes = max_bytes
        self._clock = clock
        self._shards: dict[int, TinyDB] = {}
        # (shard, doc_id) -> last use by get(); saved at close() rather than on every read
        self._touched: dict[tuple[int, int], float] = {}
        # (shard, doc_id) -> (last use, stored size) of every entry: made by the first eviction
        # (which has to read every shard once), then kept up to date, so later ones read none
        self._entries: dict[tuple[int, int], tuple[float, int]] | None = None
        self._lock_handle = None
        self.directory: Path | None = None
        self.writable = False
        if directory is not None:
            self.directory = directory / f"responses-v{FORMAT_VERSION}"
            self._open_directory()
        self._scopes: dict[str, int] = self._load_scopes()
        self._approx_bytes = self._disk_bytes()

    # -- opening ----------------------------------------------------------------------------------
    def _open_directory(self) -> None:
        assert self.directory is not None
        try:
            self.directory.mkdir(parents=True, exist_ok=True, mode=0o700)
            os.chmod(self.directory, 0o700)
            handle = open(self.directory / _LOCK_FILE, "a+")  # noqa: SIM115 - held for our lifetime
            os.chmod(self.directory / _LOCK_FILE, 0o600)
        except OSError as error:
            log.warning("cache directory unusable (%s); caching in memory only", error.strerror)
            self.directory = None
            return
        try:
            fcntl.flock(handle.fileno(), fcntl.LOCK_EX | fcntl.LOCK_NB)
        except OSError:
            handle.close()
            log.info(
                "another discogs-tui process owns the cache; this one reads it but won't write"
            )
            return
        self._lock_handle = handle
        self.writable = True
        remove_stale_temps(self.directory)

    def _load_scopes(self) -> dict[str, int]:
        if self.directory is None:
            return {}
        storage = AtomicShardStorage(self.directory / _SCOPES_FILE, self.writable)
        scopes = storage.read() or {}
        return {k: v for k, v in scopes.items() if isinstance(v, int)}

    def _disk_bytes(self) -> int:
        if self.directory is None:
            return 0
        return sum(path.stat().st_size for path in self.directory.glob("shard-*.json"))

    def _shard(self, index: int) -> TinyDB:
        db = self._shards.pop(index, None)
        if db is None:
            if self.directory is None:
                from tinydb.storages import MemoryStorage

                db = TinyDB(storage=MemoryStorage)
            else:
                path = self.directory / f"shard-{index:03d}.json"
                db = TinyDB(path, storage=lambda p: AtomicShardStorage(Path(p), self.writable))
        self._shards[index] = db  # the most recently used last
        # A shard on disk is read again when needed: keep only some in memory, or a long
        # session would end up holding the whole cache. (Others keep their writes in memory.)
        if self.writable and len(self._shards) > OPEN_SHARDS:
            self._release(next(iter(self._shards)))
        return db

    def _release(self, index: int) -> None:
        """Forget a parsed shard: its file holds all of it but the last uses, saved now."""
        self._save_touches({index})
        self._shards.pop(index).close()

    def now(self) -> float:
        return self._clock()

    # -- keys -----------------------------------------------------------------------------------
    def generation(self, scope: str) -> int:
        return self._scopes.get(scope, 0)

    def bump(self, *scopes: str) -> None:
        """Make every entry stored under ``scopes`` unreachable (a write changed them)."""
        for scope in scopes:
            self._scopes[scope] = self._scopes.get(scope, 0) + 1
        if self.directory is not None and self.writable:
            _write_atomically(self.directory / _SCOPES_FILE, json.dumps(self._scopes))

    def _locate(self, key: str) -> tuple[int, int, str]:
        digest = hashlib.sha256(key.encode("utf-8")).digest()
        doc_id = int.from_bytes(digest[:7], "big") or 1
        return digest[7] % SHARDS, doc_id, digest.hex()

    # -- reading and writing -----------------------------------------------------------------------
    def get(self, key: str) -> CachedResponse | None:
        shard_index, doc_id, digest = self._locate(key)
        table = self._shard(shard_index).table("r")
        doc = table.get(doc_id=doc_id)
        if doc is None or doc.get("k") != digest:
            return None
        try:
            body = zlib.decompress(base64.b64decode(doc["b"]))
        except (ValueError, zlib.error, KeyError):
            return None
        used = self._touched[(shard_index, doc_id)] = self._clock()
        if self._entries is not None:
            self._entries[(shard_index, doc_id)] = (used, doc.get("s", 0) + 100)
        return CachedResponse(body, doc["t"], doc["e"])

    def put(self, key: str, body: bytes, ttl: float) -> None:
        now = self._clock()
        shard_index, doc_id, digest = self._locate(key)
        packed = base64.b64encode(zlib.compress(body, 6)).decode("ascii")
        record = {"k": digest, "b": packed, "t": now, "e": now + ttl, "u": now, "s": len(packed)}
        self._shard(shard_index).table("r").upsert(Document(record, doc_id=doc_id))
        self._approx_bytes += len(packed) + 100
        if self._entries is not None:
            self._entries[(shard_index, doc_id)] = (now, len(packed) + 100)
        if self._approx_bytes > self.max_bytes:
            self.evict()

    def evict(self) -> None:
        """Drop least recently used entries until the cache is well under its cap."""
        if self._entries is None:
            self._entries = self._read_entries()
        total = sum(size for _, size in self._entries.values())
        doomed: dict[int, list[int]] = {}
        for (index, doc_id), (_used, size) in sorted(self._entries.items(), key=_last_use):
            if total <= self.max_bytes * EVICT_TO:
                break
            doomed.setdefault(index, []).append(doc_id)
            del self._entries[(index, doc_id)]
            total -= size
        for index, doc_ids in doomed.items():
            self._shard(index).table("r").remove(doc_ids=doc_ids)
        self._approx_bytes = total

    def _read_entries(self) -> dict[tuple[int, int], tuple[float, int]]:
        """Every entry's last use and size, from every shard (read one after another)."""
        entries = {}
        for index in range(SHARDS):
            for doc in self._shard(index).table("r").all():
                used = self._touched.get((index, doc.doc_id), doc.get("u", 0.0))
                entries[(index, doc.doc_id)] = (used, doc.get("s", 0) + 100)
        return entries

    def clear(self) -> None:
        for index in range(SHARDS):
            self._shard(index).drop_tables()
        self._approx_bytes = 0
        self._entries = None

    def _save_touches(self, shards: set[int] | None = None) -> None:
        """Save the last uses ``get()`` noted, of every shard or of ``shards``."""
        by_shard: dict[int, dict[int, float]] = {}
        for (index, doc_id), used in list(self._touched.items()):
            if shards is None or index in shards:
                by_shard.setdefault(index, {})[doc_id] = used
                del self._touched[(index, doc_id)]
        for index, uses in by_shard.items():
            # One write per shard: update the storage's parsed data, then save it.
            storage = self._shards[index].storage  # noted by get(): open since
            data = storage.read() or {}
            docs = data.get("r", {})
            for doc_id, used in uses.items():
                if str(doc_id) in docs:
                    docs[str(doc_id)]["u"] = used
            storage.write(data)

    def close(self) -> None:
        if self.writable:
            self._save_touches()
        for db in self._shards.values():
            db.close()
        self._shards.clear()
        if self._lock_handle is not None:
            fcntl.flock(self._lock_handle.fileno(), fcntl.LOCK_UN)
            self._lock_handle.close()
            self._lock_handle = None

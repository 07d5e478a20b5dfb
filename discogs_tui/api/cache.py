"""The on-disk response cache: an index in memory, each body read from disk when asked for.

TinyDB parses a whole file to find one document, and a cache that keeps parsed files in
memory either grows with the cache or parses again on most gets. So this cache keeps only
*where* each entry is, and reads the entry itself with one ``pread``:

* entries are spread over ``SHARDS`` shard files by a hash of their key. A shard file is
  ``MAGIC``, its records one after another, then its index (JSON: key digest -> offset,
  length and sequence number of the record) and that index's length in 4 bytes;
* a record is the key's digest, when it was stored, when it expires and the body, zlib
  compressed. A reader checks the digest, so it notices a shard another process rewrote
  since it read the index (it reads that shard's index again);
* opening the cache reads the indexes (never a body) into one map of entries, ordered from
  the least to the most recently used. That order is saved in ``recency.json`` at close and
  after an eviction, with the sequence number the next record will take: a crash loses the
  uses since, never an entry (one the order doesn't name, stored later, counts as just used);
* a put rewrites one shard (small: the cache's size over ``SHARDS``); every write goes to a
  temporary file, is fsync'ed and replaces the shard atomically, so a crash (even
  ``kill -9``) leaves either the old shard or the new one, never half of each (and a
  temporary file, which the next owner deletes); a shard that can't be read is moved aside,
  with a log line, and its entries are gone;
* one process owns the directory (``fcntl.flock``); a second one opens it read-only and
  keeps its own writes in memory, so two app instances never corrupt it;
* total size is capped; the least recently used entries go first, from the map at once and
  from their shard files when these are next written. Each entry counts ``ENTRY_COST`` bytes
  more than its record, for its place in the map: the cap bounds the cache's memory too;
* files are 0600 in a 0700 directory, and the directory name carries the format version
  (the directory of an older version is deleted once no process holds it).

Invalidation is by *scope generation*: a key includes the current generation of its scope
(say, one user's wantlist); a write bumps the generations of the scopes it affects, which
makes every old entry of those scopes unreachable at once (LRU eviction reclaims them).
"""

from __future__ import annotations

import fcntl
import hashlib
import json
import logging
import os
import re
import shutil
import struct
import time
import zlib
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from tinydb.storages import Storage

from discogs_tui import atomic
from discogs_tui.atomic import PRIVATE, move_aside, remove_stale_temps

log = logging.getLogger(__name__)

FORMAT_VERSION = 2
SHARDS = 512
DEFAULT_MAX_BYTES = 200 * 1024 * 1024
EVICT_TO = 0.8  # after eviction the cache holds at most this share of max_bytes
ENTRY_COST = 1024  # counted per entry beyond its record: its place in the map takes ~0.24 kB
MAGIC = b"DTC2"
_RECORD_HEAD = struct.Struct(">16sdd")  # key digest, stored at, expires at; then the body
_INDEX_LENGTH = struct.Struct(">I")
_SCOPES_FILE = "scopes.json"
_RECENCY_FILE = "recency.json"
_LOCK_FILE = "cache.lock"
_OLD_VERSION = re.compile(r"responses-v(\d+)")

# Where a record is in its shard file: offset, length, and its sequence number (records are
# numbered as they are stored).
Located = tuple[int, int, int]
# Where an entry is: in its shard file, or the record itself (kept in memory: no cache
# directory, or writes of a process that doesn't own it).
Place = Located | bytes


def _store(path: Path, data: str | bytes) -> None:
    """A cache file replaced whole, private to the user; no directory fsync per put (a power
    cut may bring back the previous shard, which the cache only re-fetches)."""
    atomic.write(path, data, mode=PRIVATE, sync_directory=False)


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
                move_aside(self.path, str(error))
            return {}
        return data

    def write(self, data: dict[str, dict[str, Any]]) -> None:
        self._data = data
        if self.writable:
            _store(self.path, json.dumps(data, separators=(",", ":")))

    def close(self) -> None:
        pass


@dataclass(frozen=True)
class CachedResponse:
    body: bytes
    stored_at: float  # wall-clock time it was stored
    expires_at: float

    def fresh(self, now: float) -> bool:
        return now < self.expires_at


class CorruptShard(ValueError):
    pass


def _digest(key: str) -> str:
    return hashlib.sha256(key.encode("utf-8")).hexdigest()[:32]


def _shard_of(digest: str) -> int:
    return int(digest[:6], 16) % SHARDS


def _cost(place: Place) -> int:
    return (place[1] if isinstance(place, tuple) else len(place)) + ENTRY_COST


def _parse_index(tail: bytes, size: int) -> dict[str, Located]:
    """A shard's index from the end of its file (``tail``, of a file of ``size`` bytes)."""
    try:
        (length,) = _INDEX_LENGTH.unpack(tail[-_INDEX_LENGTH.size :])
        end = length + _INDEX_LENGTH.size
        if end + len(MAGIC) > size or end > len(tail):
            raise CorruptShard("truncated")
        index = json.loads(tail[-end : -_INDEX_LENGTH.size])
        places = zip(index["offset"], index["length"], index["seq"], strict=True)
        return dict(zip(index["digest"], places, strict=True))
    except (struct.error, ValueError, TypeError, KeyError) as error:
        raise CorruptShard(str(error) or type(error).__name__) from error


def _read_index(fd: int) -> dict[str, Located]:
    """The index of the shard file open as ``fd``, reading only its ends."""
    size = os.fstat(fd).st_size
    if size < len(MAGIC) + _INDEX_LENGTH.size or os.pread(fd, len(MAGIC), 0) != MAGIC:
        raise CorruptShard("not a shard of this format")
    (length,) = _INDEX_LENGTH.unpack(os.pread(fd, _INDEX_LENGTH.size, size - _INDEX_LENGTH.size))
    end = length + _INDEX_LENGTH.size
    return _parse_index(os.pread(fd, end, max(0, size - end)), size)


def _shard_bytes(
    records: Iterable[tuple[str, bytes | memoryview, int]],
) -> tuple[bytes, dict[str, Located]]:
    """A shard file holding ``records`` (digest, record, sequence number), and its index."""
    parts: list[bytes | memoryview] = [MAGIC]
    index: dict[str, Located] = {}
    offset = len(MAGIC)
    for digest, record, seq in records:
        parts.append(record)
        index[digest] = (offset, len(record), seq)
        offset += len(record)
    # By column: the next start parses and maps it in a few C loops, not one per entry.
    offsets, lengths, seqs = zip(*index.values(), strict=True)
    columns = {"digest": list(index), "offset": offsets, "length": lengths, "seq": seqs}
    encoded = json.dumps(columns, separators=(",", ":")).encode("ascii")
    parts += [encoded, _INDEX_LENGTH.pack(len(encoded))]
    return b"".join(parts), index


def _unpack(record: bytes, digest: str) -> CachedResponse | None:
    """The response in ``record``; None unless it is ``digest``'s and whole."""
    if len(record) < _RECORD_HEAD.size:
        return None
    own, stored_at, expires_at = _RECORD_HEAD.unpack_from(record)
    if own.hex() != digest:
        return None
    try:
        body = zlib.decompress(memoryview(record)[_RECORD_HEAD.size :])
    except zlib.error:
        return None
    return CachedResponse(body, stored_at, expires_at)


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
        # key digest -> where its entry is; the one map of last uses: least recently used first
        self._entries: dict[str, Place] = {}
        self._next_seq = 0  # of the next record stored: tells entries stored after a save
        self._lock_handle = None
        self.directory: Path | None = None
        self.writable = False
        if directory is not None:
            self.directory = directory / f"responses-v{FORMAT_VERSION}"
            self._open_directory()
            if self.writable:
                _remove_old_versions(directory)
        self._scopes: dict[str, int] = self._load_scopes()
        self._entries = self._load_entries()
        self._bytes = sum(map(_cost, self._entries.values()))

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

    def _load_entries(self) -> dict[str, Place]:
        """Every shard's index, in the order of last uses last saved."""
        if self.directory is None:
            return {}
        found: dict[str, Located] = {}
        for name in os.listdir(self.directory):
            if not (name.startswith("shard-") and name.endswith(".dat")):
                continue
            path = self.directory / name
            try:
                fd = os.open(path, os.O_RDONLY)
            except OSError:
                continue
            try:
                found.update(_read_index(fd))
            except (CorruptShard, OSError) as error:
                self._unreadable(path, str(error))
            finally:
                os.close(fd)
        saved = AtomicShardStorage(self.directory / _RECENCY_FILE, self.writable).read() or {}
        order, saved_seq = saved.get("order"), saved.get("next")
        try:
            entries: dict[str, Place] = {
                digest: found[digest] for digest in order if digest in found
            }
        except TypeError:  # no order saved, or not one of ours
            entries, saved_seq = {}, 0
        if not isinstance(saved_seq, int):
            entries, saved_seq = {}, 0
        self._next_seq = max([saved_seq, *(seq + 1 for _, _, seq in found.values())])
        if len(entries) < len(found):
            # Stored since the order was saved: as good as just used. Any other entry was
            # evicted before it (its record stays until its shard is next written).
            newer = [item for item in found.items() if item[1][2] >= saved_seq]
            entries.update(sorted(newer, key=lambda item: item[1][2]))
        return entries

    def _unreadable(self, path: Path, why: str) -> None:
        if self.writable:
            move_aside(path, why)
        else:
            log.warning("cache file %s was unreadable (%s); skipping it", path.name, why)

    def now(self) -> float:
        return self._clock()

    def __len__(self) -> int:
        return len(self._entries)

    @property
    def stored_bytes(self) -> int:
        """What the entries count toward ``max_bytes``."""
        return self._bytes

    # -- keys -----------------------------------------------------------------------------------
    def generation(self, scope: str) -> int:
        return self._scopes.get(scope, 0)

    def bump(self, *scopes: str) -> None:
        """Make every entry stored under ``scopes`` unreachable (a write changed them)."""
        for scope in scopes:
            self._scopes[scope] = self._scopes.get(scope, 0) + 1
        if self.directory is not None and self.writable:
            _store(self.directory / _SCOPES_FILE, json.dumps(self._scopes))

    # -- reading and writing -----------------------------------------------------------------------
    def get(self, key: str) -> CachedResponse | None:
        digest = _digest(key)
        place = self._entries.pop(digest, None)
        if place is None:
            return None
        if isinstance(place, bytes):
            found = _unpack(place, digest)
        else:
            place, found = self._read(digest, place)
        if found is None:  # gone from its shard, or damaged: forget it
            self._bytes -= _cost(place)
            return None
        self._entries[digest] = place  # now the most recently used
        return found

    def _read(self, digest: str, place: Located) -> tuple[Place, CachedResponse | None]:
        """The entry at ``place`` in its shard, and where it was found."""
        assert self.directory is not None
        try:
            fd = os.open(self._shard_path(_shard_of(digest)), os.O_RDONLY)
        except OSError:
            return place, None
        try:
            found = _unpack(os.pread(fd, place[1], place[0]), digest)
            if found is None and not self.writable:
                # The owner may have rewritten the shard since we read its index.
                moved = _read_index(fd).get(digest)
                if moved is not None:
                    place, found = moved, _unpack(os.pread(fd, moved[1], moved[0]), digest)
            return place, found
        except (CorruptShard, OSError, TypeError):  # TypeError: an index not of ours
            return place, None
        finally:
            os.close(fd)

    def put(self, key: str, body: bytes, ttl: float) -> None:
        now = self._clock()
        digest = _digest(key)
        record = _RECORD_HEAD.pack(bytes.fromhex(digest), now, now + ttl) + zlib.compress(body, 6)
        if self.writable:
            self._store(digest, record)
        else:
            self._forget(digest)
            self._entries[digest] = record
            self._bytes += _cost(record)
        if self._bytes > self.max_bytes:
            self.evict()

    def _forget(self, digest: str) -> None:
        place = self._entries.pop(digest, None)
        if place is not None:
            self._bytes -= _cost(place)

    def _shard_path(self, shard: int) -> Path:
        assert self.directory is not None
        return self.directory / f"shard-{shard:03d}.dat"

    def _store(self, digest: str, record: bytes) -> None:
        """Write ``digest``'s shard again with ``record`` and the entries it holds that are
        still in the map (dropping records of evicted ones); the map learns the new places,
        each entry keeping its rank in the order of last uses, ``digest`` the last."""
        path = self._shard_path(_shard_of(digest))
        old, index = self._read_shard(path)
        kept = [
            (other, old[offset : offset + length], seq)
            for other, (offset, length, seq) in index.items()
            if other in self._entries and other != digest
        ]
        data, places = _shard_bytes([*kept, (digest, record, self._next_seq)])
        _store(path, data)
        self._next_seq += 1
        self._forget(digest)
        self._bytes += _cost(record)
        for other, place in places.items():
            self._entries[other] = place

    def _read_shard(self, path: Path) -> tuple[memoryview, dict[str, Located]]:
        try:
            data = path.read_bytes()
        except FileNotFoundError:
            return memoryview(b""), {}
        try:
            if data[: len(MAGIC)] != MAGIC:
                raise CorruptShard("not a shard of this format")
            return memoryview(data), _parse_index(data, len(data))
        except CorruptShard as error:
            self._unreadable(path, str(error))
            return memoryview(b""), {}

    def evict(self) -> None:
        """Drop least recently used entries until the cache is well under its cap. Only from
        the map (rewriting every shard at once would stall for seconds): a shard drops their
        records when it is next written, and the order saved now keeps them out of the next
        start's map."""
        doomed = []
        total = self._bytes
        for digest, place in self._entries.items():
            if total <= self.max_bytes * EVICT_TO:
                break
            doomed.append(digest)
            total -= _cost(place)
        for digest in doomed:
            self._forget(digest)
        self._save_recency()

    def _save_recency(self) -> None:
        """Save the order of last uses, and the sequence number the next put will take: an
        entry the order doesn't name is new only if it was stored later."""
        if self.directory is not None and self.writable:
            order = [digest for digest, place in self._entries.items() if isinstance(place, tuple)]
            saved = {"next": self._next_seq, "order": order}
            _store(self.directory / _RECENCY_FILE, json.dumps(saved, separators=(",", ":")))

    def close(self) -> None:
        self._save_recency()
        if self._lock_handle is not None:
            fcntl.flock(self._lock_handle.fileno(), fcntl.LOCK_UN)
            self._lock_handle.close()
            self._lock_handle = None
        self.writable = False


def _remove_old_versions(parent: Path) -> None:
    """Delete the directories of older cache formats that no process holds."""
    for old in parent.glob("responses-v*"):
        match = _OLD_VERSION.fullmatch(old.name)
        if not match or int(match[1]) >= FORMAT_VERSION or not old.is_dir():
            continue
        try:
            with open(old / _LOCK_FILE, "a+") as handle:
                fcntl.flock(handle.fileno(), fcntl.LOCK_EX | fcntl.LOCK_NB)
                shutil.rmtree(old)
        except OSError:
            continue  # an older discogs-tui still runs on it (or it is not ours to delete)
        log.info("deleted the cache of an older format, %s", old.name)

"""A big collection kept by column, so that a first request about it answers in milliseconds.

The sandbox's biggest users own 50,000 and 200,000 copies. Made as one ``Instance`` per copy,
such a collection took about a second to generate (and 100 MB for 200,000), and every sorted
page sorted all of it. Here a copy is a row: its instance id, release, folder and rating sit in
compact columns (made from a few bytes of randomness: the releases once per process, as every
sandbox draws the same, the rest on first use, in milliseconds), and the rest (the date it was
added, its notes) is worked out for the rows a page shows. How many copies each release and
each folder has is counted once and kept by every write, so the collection's value and its
folder list answer without a pass over the rows.

Orders are those of the small collections' ``sorted``: stable, so rows that compare equal keep
the order they were added in, descending orders included. They are produced lazily and
remembered until the next write: page 1 of any sort reads the rows it needs, found in C in
byte columns (``bytes.translate``, ``bytes.find``), and paging on continues where the last page
stopped.

Reads hand out ``InstanceView``s, which read and write their row like an ``Instance``.
"""

from __future__ import annotations

import functools
import random
import sys
from array import array
from bisect import bisect, bisect_left
from collections import Counter
from collections.abc import Callable, Iterable, Iterator, Mapping, MutableMapping, Sequence
from datetime import datetime
from itertools import accumulate, chain, compress, islice
from typing import Any, overload

from discogs_tui.sandbox.state import DISCOGS_TZ, Instance, format_timestamp

# What a copy's notes are, drawn from ``rng`` for a copy of the release.
NotesMaker = Callable[[random.Random, int], dict[int, str]]
RATINGS = range(6)
_MOST_FOLDERS = 256  # a folder is a byte in the folder column
_FIRST_CHUNK_ROWS = 128  # rows a text-key order gathers in its first pass
_LAZY_CHUNKS = 6  # chunks a text-key order gathers before putting the rest in order at once


@functools.cache
def _equal_to(value: int) -> bytes:
    """A ``bytes.translate`` table: 1 where a byte is ``value``, else 0."""
    return bytes(int(byte == value) for byte in range(256))


@functools.lru_cache(maxsize=8)
def _drawn_slots(seed: int, size: int, hi_bits: int) -> tuple[bytes, bytes, tuple[int, ...]]:
    """The release slots of ``size`` generated copies (8 + ``hi_bits`` bits: low and high
    bytes) and how many copies each slot holds. Every sandbox draws the same, so the drawing
    and the counting (tens of milliseconds for 200,000 copies) are done once per process."""
    drawn = bytearray(random.Random(seed).randbytes(2 * size))
    drawn[1::2] = drawn[1::2].translate(bytes(b & (1 << hi_bits) - 1 for b in range(256)))
    slots = array("H", drawn)
    if sys.byteorder == "big":
        slots.byteswap()
    counts = [0] * (256 << hi_bits)
    for slot, copies in Counter(slots).items():
        counts[slot] = copies
    return bytes(drawn[0::2]), bytes(drawn[1::2]), tuple(counts)


@functools.lru_cache(maxsize=8)
def _drawn_folders_and_ratings(
    seed: int, size: int, folders_drawn: int, folder_draws: bytes, rating_draws: bytes
) -> tuple[bytes, bytes, tuple[int, ...]]:
    """The folder and rating columns of ``size`` generated copies (``_spread`` tables turn
    random bytes into one of ``folders_drawn`` folders and a rating) and how many copies each
    folder holds: drawn and counted once per process."""
    rng = random.Random(seed + 1)
    folders = rng.randbytes(size).translate(folder_draws)
    ratings = rng.randbytes(size).translate(rating_draws)
    folder_counts = tuple(folders.count(code) for code in range(folders_drawn))
    return folders, ratings, folder_counts


def _spread(weights: Sequence[float]) -> bytes:
    """A ``bytes.translate`` table turning a uniform random byte into an index with ``weights``."""
    cumulative = list(accumulate(weights))
    total = cumulative[-1]
    return bytes(
        min(bisect(cumulative, (byte + 0.5) / 256 * total), len(weights) - 1) for byte in range(256)
    )


class ColumnarInstances(MutableMapping[int, "InstanceView"]):
    """A user's collection instances (instance id -> copy) by column; added to at the end."""

    def __init__(
        self,
        *,
        seed: int,
        first_instance_id: int,
        size: int,
        folder_ids: Sequence[int],
        rating_weights: Sequence[float],
        since: datetime,
        spacing: int,
        notes: NotesMaker,
        population: Sequence[int],
    ) -> None:
        """``size`` copies of releases of ``population`` (every release a copy may be of),
        instance ids from ``first_instance_id`` on; each copy lands in one of ``folder_ids``,
        rated with ``rating_weights``, ``spacing`` seconds after the one before on average
        (from ``since``)."""
        self.seed = seed
        self.first_instance_id = first_instance_id
        self.generated = size
        self.population = population
        # A copy's release is a slot of 8 + hi_bits bits, kept as two bytes (columns a
        # ``bytes.translate`` can test): the population spread over the slots, a release
        # on one or more of them.
        hi_bits = max(0, (len(population) - 1).bit_length() - 8)
        if hi_bits > 8:
            raise ValueError("a collection by column draws from at most 65,536 releases")
        slots = 256 << hi_bits
        self._slot_release = [population[slot * len(population) // slots] for slot in range(slots)]
        self._release_slots: dict[int, list[int]] = {}
        for slot, release_id in enumerate(self._slot_release):
            self._release_slots.setdefault(release_id, []).append(slot)
        low, high, slot_counts = _drawn_slots(seed, size, hi_bits)
        self._lo, self._hi = bytearray(low), bytearray(high)
        self._slot_counts = list(slot_counts)  # copies per slot, kept by every add and removal
        self._folder_draws = _spread([1] * len(folder_ids))
        self._rating_draws = _spread(rating_weights)
        self._since = int(since.timestamp())
        self._spacing = spacing
        self._make_notes = notes
        # Rewrites generated notes (the hostile sandbox's), set before the first read.
        self.note_filter: Callable[[str], str] | None = None
        self._start_folders = list(folder_ids)
        # The columns, made on first use (see ``columns_made``); instance ids only once
        # they stop being first_instance_id + row (at the first write that adds or removes).
        self.columns_made = False
        self._ids: array[int] | None = None
        self._folders = bytearray()  # a code per row: _folder_ids[code] is the folder id
        self._folder_counts: list[int] = []  # rows per code, kept by every write
        self._ratings = bytearray()
        self._folder_ids: list[int | None] = []
        self._codes: dict[int, int] = {}
        # What rows added later hold that generated rows work out: date (and its epoch), notes.
        self._added: dict[int, tuple[str, float]] = {}
        self._notes: dict[int, dict[int, str]] = {}  # notes as written, by instance id
        self._dates_in_order = True  # every row added no earlier than the row before it
        self._version = 0  # moves on every write that changes an order or a folder's rows
        self._orders: dict[tuple[int, str | None, bool], OrderedRows] = {}
        self._orders_version = 0
        self._key_groups: dict[Any, list[list[int]]] = {}

    # -- the columns ------------------------------------------------------------------------
    def _columns(self) -> None:
        if not self.columns_made:
            folders, ratings, folder_counts = _drawn_folders_and_ratings(
                self.seed,
                self.generated,
                len(self._start_folders),
                self._folder_draws,
                self._rating_draws,
            )
            self._folders, self._ratings = bytearray(folders), bytearray(ratings)
            self._folder_ids = list(self._start_folders)
            self._codes = {folder_id: code for code, folder_id in enumerate(self._folder_ids)}
            self._folder_counts = list(folder_counts)
            self.columns_made = True

    def _owned_ids(self) -> array[int]:
        """The instance id column, made for a write that adds or removes a row."""
        self._columns()
        if self._ids is None:
            first = self.first_instance_id
            self._ids = array("q", range(first, first + len(self._lo)))
        return self._ids

    def _id_at(self, row: int) -> int:
        return self.first_instance_id + row if self._ids is None else self._ids[row]

    def _row(self, instance_id: int) -> int:
        self._columns()
        if self._ids is None:
            row = instance_id - self.first_instance_id
            if not 0 <= row < len(self._lo):
                raise KeyError(instance_id)
            return row
        ids = self._ids
        row = bisect_left(ids, instance_id)
        if row == len(ids) or ids[row] != instance_id:
            raise KeyError(instance_id)
        return row

    def _code(self, folder_id: int) -> int:
        """The folder column's byte for ``folder_id`` (a folder no row is in gives up its byte)."""
        code = self._codes.get(folder_id)
        if code is not None:
            return code
        if len(self._folder_ids) < _MOST_FOLDERS:
            self._folder_ids.append(None)
            self._folder_counts.append(0)
            code = len(self._folder_ids) - 1
        else:
            code = next((c for c in range(_MOST_FOLDERS) if not self._folder_counts[c]), None)
            if code is None:
                raise ValueError(
                    f"a collection this big has its copies in at most {_MOST_FOLDERS} folders"
                )
            self._codes.pop(self._folder_ids[code], None)  # type: ignore[arg-type]
        self._folder_ids[code] = folder_id
        self._codes[folder_id] = code
        return code

    def _changed(self) -> None:
        self._version += 1

    # -- a row's values ---------------------------------------------------------------------
    def release_counts(self) -> Counter[int]:
        """How many copies of each release there are."""
        counts: dict[int, int] = {}
        for release_id, copies in zip(self._slot_release, self._slot_counts, strict=True):
            if copies:
                counts[release_id] = counts.get(release_id, 0) + copies
        return Counter(counts)

    def _release_at(self, row: int) -> int:
        return self._slot_release[self._hi[row] << 8 | self._lo[row]]

    def release_of(self, instance_id: int) -> int:
        return self._release_at(self._row(instance_id))

    def _rows_of_releases(self, release_ids: Iterable[int]) -> Iterator[int]:
        """The rows holding any of ``release_ids``, in order, found as they are taken: the
        rows whose low slot byte is one of theirs (found in C, ``bytes.find``), checked one
        by one (at least one in 16 is one of theirs: a low byte is on 16 slots at most)."""
        slots = {slot for release_id in release_ids for slot in self._release_slots[release_id]}
        lows = {slot & 0xFF for slot in slots}
        high, low = self._hi, self._lo
        candidates = _ones(low.translate(bytes(int(byte in lows) for byte in range(256))))
        return (row for row in candidates if high[row] << 8 | low[row] in slots)

    def folder_of(self, instance_id: int) -> int:
        return self._folder_ids[self._folders[self._row(instance_id)]]  # type: ignore[return-value]

    def rating_of(self, instance_id: int) -> int:
        return self._ratings[self._row(instance_id)]

    def _generated_epoch(self, offset: int) -> int:
        """When generated copy ``offset`` was added: ``spacing`` apart, give or take a quarter
        (so always later than the copy before)."""
        jitter = (offset * 2654435761 + self.seed) % 4294967291 % (self._spacing // 2)
        return self._since + offset * self._spacing + jitter

    def _epoch(self, row: int) -> float:
        instance_id = self._id_at(row)
        offset = instance_id - self.first_instance_id
        if offset < self.generated:
            return self._generated_epoch(offset)
        return self._added[instance_id][1]

    def date_of(self, instance_id: int) -> str:
        self._row(instance_id)
        offset = instance_id - self.first_instance_id
        if offset < self.generated:
            moment = datetime.fromtimestamp(self._generated_epoch(offset), DISCOGS_TZ)
            return format_timestamp(moment)
        return self._added[instance_id][0]

    def notes_of(self, instance_id: int) -> dict[int, str]:
        """The copy's notes (don't change the dictionary: ``set_notes`` does)."""
        row = self._row(instance_id)
        written = self._notes.get(instance_id)
        if written is not None:
            return written
        offset = instance_id - self.first_instance_id
        rng = random.Random(self.seed * 1_000_003 + offset)
        notes = self._make_notes(rng, self._release_at(row))
        if self.note_filter is not None:
            notes = {field_id: self.note_filter(value) for field_id, value in notes.items()}
        return notes

    # -- writes -----------------------------------------------------------------------------
    def move(self, instance_id: int, folder_id: int) -> None:
        row = self._row(instance_id)
        code = self._code(folder_id)  # before the row leaves its folder: not given its byte
        self._folder_counts[self._folders[row]] -= 1
        self._folder_counts[code] += 1
        self._folders[row] = code
        self._changed()

    def rate(self, instance_id: int, rating: int) -> None:
        if rating not in RATINGS:
            raise ValueError(f"rating {rating} is not 0 to 5")
        self._ratings[self._row(instance_id)] = rating
        self._changed()

    def set_notes(self, instance_id: int, notes: dict[int, str]) -> None:
        self._row(instance_id)
        self._notes[instance_id] = dict(notes)

    def __setitem__(self, instance_id: int, instance: Instance | InstanceView) -> None:
        """Adds a copy; its instance id must be above every other's (ids only grow)."""
        ids = self._owned_ids()
        if instance_id in self:
            raise ValueError(f"instance {instance_id} is already in the collection")
        if ids and instance_id < ids[-1]:
            raise ValueError(f"instance {instance_id} would not be the newest")
        epoch = datetime.fromisoformat(instance.date_added).timestamp()
        if ids and epoch < self._epoch(len(ids) - 1):
            self._dates_in_order = False
        self._ratings.append(instance.rating)
        code = self._code(instance.folder_id)
        self._folders.append(code)
        self._folder_counts[code] += 1
        slot = self._release_slots[instance.release_id][0]
        self._hi.append(slot >> 8)
        self._lo.append(slot & 0xFF)
        self._slot_counts[slot] += 1
        ids.append(instance_id)
        self._added[instance_id] = (instance.date_added, epoch)
        self._notes[instance_id] = dict(instance.notes)
        self._changed()

    def __delitem__(self, instance_id: int) -> None:
        row = self._row(instance_id)
        self._slot_counts[self._hi[row] << 8 | self._lo[row]] -= 1
        self._folder_counts[self._folders[row]] -= 1
        for column in (self._owned_ids(), self._hi, self._lo, self._folders, self._ratings):
            del column[row]
        self._added.pop(instance_id, None)
        self._notes.pop(instance_id, None)
        self._changed()

    # -- the mapping ------------------------------------------------------------------------
    def __getitem__(self, instance_id: int) -> InstanceView:
        self._row(instance_id)
        return InstanceView(self, instance_id)

    def __contains__(self, instance_id: object) -> bool:
        if not isinstance(instance_id, int):
            return False
        try:
            self._row(instance_id)
        except KeyError:
            return False
        return True

    def __iter__(self) -> Iterator[int]:
        self._columns()
        return iter(map(self._id_at, range(len(self._lo))))

    def __len__(self) -> int:
        return len(self._lo)

    # -- what the routes ask ----------------------------------------------------------------
    def folder_counts(self) -> Counter[int]:
        self._columns()
        return Counter(
            {
                folder_id: copies
                for folder_id, copies in zip(self._folder_ids, self._folder_counts, strict=True)
                if folder_id is not None and copies
            }
        )

    def of_release(self, release_id: int) -> list[InstanceView]:
        """The copies of a release, in the order they were added."""
        self._columns()
        return [
            InstanceView(self, self._id_at(row)) for row in self._rows_of_releases([release_id])
        ]

    def ordered(
        self,
        folder_id: int | None,
        key: str | None,
        descending: bool,
        release_ranks: Mapping[str, Mapping[int, int]],
    ) -> Sequence[InstanceView]:
        """The copies (in ``folder_id``, or all for None) sorted by ``key``: None for the order
        they were added in, "rating", "added", or a key of ``release_ranks`` (a text key, the
        year: its release id -> place in that order), as ``sorted(..., reverse=descending)``
        would."""
        self._columns()
        if self._orders_version != self._version:
            self._orders.clear()
            self._orders_version = self._version
        name = (-1 if folder_id is None else folder_id, key, descending)
        order = self._orders.get(name)
        if order is None:
            rows = self._rows_in_order(key, descending, release_ranks)
            if folder_id is None:
                total = len(self._lo)
            else:
                code = self._codes.get(folder_id)
                total = 0 if code is None else self._folder_counts[code]
                folders = self._folders
                rows = (row for row in rows if folders[row] == code) if total else iter(())
            order = self._orders[name] = OrderedRows(rows, total)
        return ViewsOf(self, order)

    def _rows_in_order(
        self, key: str | None, descending: bool, release_ranks: Mapping[str, Mapping[int, int]]
    ) -> Iterator[int]:
        rows = range(len(self._lo))
        if key is None:
            return reversed(rows) if descending else iter(rows)
        if key == "rating":
            ratings = self._ratings
            values = reversed(RATINGS) if descending else RATINGS
            return chain.from_iterable(
                compress(rows, ratings.translate(_equal_to(value))) for value in values
            )
        if key == "added":
            if not self._dates_in_order:
                return iter(sorted(rows, key=self._epoch, reverse=descending))
            return _descending(reversed(rows), self._epoch) if descending else iter(rows)
        groups = self._groups(key, release_ranks[key])
        return self._rows_of_groups(groups[::-1] if descending else groups)

    def _groups(self, key: str, place: Mapping[int, int]) -> list[list[int]]:
        """The population's releases grouped by their ``place`` in ``key``'s order, in order."""
        if key not in self._key_groups:
            at: dict[int, list[int]] = {}
            for release_id in self.population:
                at.setdefault(place[release_id], []).append(release_id)
            self._key_groups[key] = [at[n] for n in sorted(at)]
        return self._key_groups[key]

    def _rows_of_groups(self, groups: list[list[int]]) -> Iterator[int]:
        """The rows of each group's releases in turn, each group's in the order added.

        The first groups, all a first page needs, are gathered a chunk at a time
        (``_rows_of_releases``), each chunk expected to hold twice the rows of the one before;
        a group bigger than that is a chunk of its own, whose rows (in order already) are
        taken only as far as pages go. Past those, the rest are put in order in one pass."""
        share = len(self._lo) / max(len(self.population), 1)
        wanted = _FIRST_CHUNK_ROWS
        start = 0
        for _ in range(_LAZY_CHUNKS):
            if start == len(groups):
                return
            if len(groups[start]) * share >= wanted:  # a chunk of its own, read as needed
                yield from self._rows_of_releases(groups[start])
                start += 1
                continue
            stop, expected = start, 0.0
            while stop < len(groups) and expected < wanted and len(groups[stop]) * share < wanted:
                expected += len(groups[stop]) * share
                stop += 1
            yield from self._rows_sorted(groups[start:stop], self._rows_of_releases)
            start, wanted = stop, wanted * 2
        yield from self._rows_sorted(groups[start:], lambda _: range(len(self._lo)))

    def _rows_sorted(
        self, groups: list[list[int]], rows_of: Callable[[list[int]], Iterable[int]]
    ) -> Iterator[int]:
        """The rows of ``groups``' releases (among ``rows_of`` them), a group after another."""
        group_of = [-1] * len(self._slot_release)
        for n, group in enumerate(groups):
            for release_id in group:
                for slot in self._release_slots[release_id]:
                    group_of[slot] = n
        buckets: list[list[int]] = [[] for _ in groups]
        high, low = self._hi, self._lo
        for row in rows_of([release_id for group in groups for release_id in group]):
            n = group_of[high[row] << 8 | low[row]]
            if n >= 0:
                buckets[n].append(row)
        for bucket in buckets:
            yield from bucket


def _ones(selectors: bytes) -> Iterator[int]:
    """Where ``selectors`` (mostly 0) holds 1: ``memchr`` from one to the next."""
    find, at = selectors.find, selectors.find(1)
    while at >= 0:
        yield at
        at = find(1, at + 1)


def _descending(rows: Iterable[int], key: Callable[[int], Any]) -> Iterator[int]:
    """``rows`` (newest first, their ``key`` never rising) as a stable descending sort gives
    them: rows with equal keys in the order they were added."""
    run: list[int] = []
    last: Any = None
    for row in rows:
        value = key(row)
        if run and value != last:
            yield from reversed(run)
            run = []
        run.append(row)
        last = value
    yield from reversed(run)


class OrderedRows:
    """Rows in some order, taken from ``rows`` only as far as a page needs them."""

    def __init__(self, rows: Iterator[int], total: int) -> None:
        self.total = total
        self._source = rows
        self._taken: list[int] = []

    def window(self, start: int, stop: int) -> list[int]:
        missing = stop - len(self._taken)
        if missing > 0:
            self._taken.extend(islice(self._source, missing))
        return self._taken[start:stop]


class ViewsOf(Sequence["InstanceView"]):
    """An ``OrderedRows`` of a collection as its instances (what ``paginate`` slices)."""

    def __init__(self, store: ColumnarInstances, order: OrderedRows) -> None:
        self.store = store
        self.order = order

    def __len__(self) -> int:
        return self.order.total

    @overload
    def __getitem__(self, index: int) -> InstanceView: ...
    @overload
    def __getitem__(self, index: slice) -> list[InstanceView]: ...
    def __getitem__(self, index: int | slice) -> InstanceView | list[InstanceView]:
        if isinstance(index, slice):
            start, stop, step = index.indices(len(self))
            if step != 1:
                return list(self)[index]
            at = self.store._id_at
            return [InstanceView(self.store, at(row)) for row in self.order.window(start, stop)]
        position = range(len(self))[index]
        return self[position : position + 1][0]


class InstanceView:
    """One copy of a ``ColumnarInstances``, read and written like an ``Instance``."""

    __slots__ = ("instance_id", "store")

    def __init__(self, store: ColumnarInstances, instance_id: int) -> None:
        self.store = store
        self.instance_id = instance_id

    @property
    def release_id(self) -> int:
        return self.store.release_of(self.instance_id)

    @property
    def folder_id(self) -> int:
        return self.store.folder_of(self.instance_id)

    @folder_id.setter
    def folder_id(self, folder_id: int) -> None:
        self.store.move(self.instance_id, folder_id)

    @property
    def rating(self) -> int:
        return self.store.rating_of(self.instance_id)

    @rating.setter
    def rating(self, rating: int) -> None:
        self.store.rate(self.instance_id, rating)

    @property
    def date_added(self) -> str:
        return self.store.date_of(self.instance_id)

    @property
    def notes(self) -> dict[int, str]:
        """The notes; changing the dictionary changes the copy's."""
        return LiveNotes(self.store, self.instance_id)

    @notes.setter
    def notes(self, notes: dict[int, str]) -> None:
        self.store.set_notes(self.instance_id, notes)

    def __repr__(self) -> str:
        return (
            f"InstanceView(instance_id={self.instance_id}, release_id={self.release_id}, "
            f"folder_id={self.folder_id}, rating={self.rating}, date_added={self.date_added!r})"
        )


class LiveNotes(dict[int, str]):
    """A copy's notes that write themselves back to the collection when changed."""

    def __init__(self, store: ColumnarInstances, instance_id: int) -> None:
        super().__init__(store.notes_of(instance_id))
        self._store = store
        self._instance_id = instance_id

    def _save(self) -> None:
        self._store.set_notes(self._instance_id, self)

    def __setitem__(self, field_id: int, value: str) -> None:
        super().__setitem__(field_id, value)
        self._save()

    def __delitem__(self, field_id: int) -> None:
        super().__delitem__(field_id)
        self._save()

    def pop(self, *args: Any) -> Any:
        value = super().pop(*args)
        self._save()
        return value

    def popitem(self) -> tuple[int, str]:
        item = super().popitem()
        self._save()
        return item

    def setdefault(self, field_id: int, default: str = "") -> str:  # type: ignore[override]
        value = super().setdefault(field_id, default)
        self._save()
        return value

    def update(self, *args: Any, **kwargs: Any) -> None:
        super().update(*args, **kwargs)
        self._save()

    def clear(self) -> None:
        super().clear()
        self._save()

    def __ior__(self, other: Any) -> LiveNotes:  # type: ignore[override]
        self.update(other)
        return self

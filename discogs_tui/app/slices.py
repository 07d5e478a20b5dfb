"""Work too long for one frame, done a few milliseconds at a time between frames.

At 200,000 rows a sort or a filter takes longer than a frame (and several on a busy machine):
done in one go, the screen would freeze. ``Slices`` measures the work and hands the event
loop a turn whenever a slice's budget is spent; ``sort_order`` sorts that way.
"""

from __future__ import annotations

import asyncio
import gc
from array import array
from collections.abc import Callable, Sequence
from time import perf_counter
from typing import Any

SLICE_SECONDS = 0.008  # work between two turns of the event loop: half a 60 fps frame
CHUNK = 2048  # items handled between two looks at the clock
SORTED_AT_ONCE = 10_000  # fewer items than this are sorted in one go (a few ms)
BUCKET = 2_000  # items of a sort's bucket sorted in one go (about a millisecond)
PREFIX = 3  # characters of the string keys that spread a sort's items over buckets at first
WIDEST = 48  # the longest prefix that does (beyond it, a bucket is sorted in one go)


class Slices:
    """A budget of work per turn of the event loop: ``await slices.pause()`` between chunks
    yields once the budget is spent."""

    def __init__(self, seconds: float | None = None) -> None:
        self.seconds = SLICE_SECONDS if seconds is None else seconds
        self.deadline = perf_counter() + self.seconds

    @property
    def spent(self) -> bool:
        return perf_counter() >= self.deadline

    async def pause(self) -> None:
        if self.spent:
            await asyncio.sleep(0)
            self.deadline = perf_counter() + self.seconds


def order_at_once(items: Sequence[Any], key: Callable[[Any], Any], descending: bool) -> list[int]:
    """The indexes of ``items`` in ``key`` order, as ``sorted`` gives them, in one go."""
    keys = list(map(key, items))
    return sorted(range(len(items)), key=keys.__getitem__, reverse=descending)


async def sort_keys(
    items: Sequence[Any], key: Callable[[Any], Any], slices: Slices | None = None
) -> list[Any]:
    """``key`` of each of ``items``, a chunk at a time between frames: what ``sort_order``
    sorts by, to keep for the next sort by the same key (the other way round, say)."""
    slices = slices or Slices()
    keys: list[Any] = []
    for first in range(0, len(items), CHUNK):
        keys += map(key, items[first : first + CHUNK])
        await slices.pause()
    return keys


async def sort_order(
    items: Sequence[Any],
    key: Callable[[Any], Any],
    descending: bool,
    keys: list[Any] | None = None,
) -> Sequence[int]:
    """The indexes of ``items`` in ``key`` order, as ``sorted`` gives them (stable, also
    descending), worked out between frames: the keys a chunk at a time (unless ``keys``
    has them, from ``sort_keys``), then the items spread over buckets (see ``_in_order``),
    no sort in one go longer than a millisecond or so."""
    if len(items) <= SORTED_AT_ONCE:
        return order_at_once(items, key, descending)
    slices = Slices()
    # The buckets are many small lists: the cyclic collector would run every few of them,
    # and its full passes over everything the app holds froze the screen for a tenth of
    # a second or more. Nothing here makes cycles; it runs again when the sort is done.
    collecting = gc.isenabled()
    gc.disable()
    try:
        if keys is None:
            keys = await sort_keys(items, key, slices)
        # An array of machine ints: a fifth of a list's memory, and nothing the collector
        # walks through (a list of 200,000 is, on every pass over its generation).
        return array("l", await _in_order(range(len(keys)), keys, PREFIX, descending, slices))
    finally:
        if collecting:
            gc.enable()


async def _in_order(
    indexes: Sequence[int], keys: list[Any], width: int, descending: bool, slices: Slices
) -> list[int]:
    """``indexes`` in the order of their ``keys``, which share their first characters
    (strings: fewer than ``width``) or are equal (anything else). A few are sorted at once;
    more are spread over buckets by their keys' first ``width`` characters (strings in
    bucket order are in key order) or by key, each bucket put in order the same way, then
    joined."""
    if len(indexes) <= BUCKET or width > WIDEST:
        ordered = sorted(indexes, key=keys.__getitem__, reverse=descending)
        await slices.pause()
        return ordered
    strings = isinstance(keys[indexes[0]], str)
    buckets: dict[Any, list[int]] = {}
    for first in range(0, len(indexes), CHUNK):
        for index in indexes[first : first + CHUNK]:
            bucket = keys[index][:width] if strings else keys[index]
            if bucket in buckets:
                buckets[bucket].append(index)
            else:
                buckets[bucket] = [index]
        await slices.pause()
    if not strings and len(buckets) == 1:  # all equal: in the order they come (sorts are stable)
        return list(indexes)
    ordered: list[int] = []
    for bucket in sorted(buckets, reverse=descending):
        ordered += await _in_order(buckets[bucket], keys, width * 2, descending, slices)
    return ordered

"""Work too long for one frame, done a few milliseconds at a time between frames.

At 200,000 rows a sort or a filter takes longer than a frame (and several on a busy machine):
done in one go, the screen would freeze. ``Slices`` measures the work and hands the event
loop a turn whenever a slice's budget is spent; ``sort_order`` sorts that way.
"""

from __future__ import annotations

import asyncio
from collections.abc import Callable, Sequence
from time import perf_counter
from typing import Any

SLICE_SECONDS = 0.008  # work between two turns of the event loop: half a 60 fps frame
CHUNK = 4096  # items handled between two looks at the clock
SORTED_AT_ONCE = 10_000  # fewer items than this are sorted in one go (a few ms)


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


def prefix_of(key: Any) -> Any:
    """The bucket a sort key goes in: a string's first three characters (strings in bucket
    order are in key order), anything else itself."""
    return key[:3] if isinstance(key, str) else key


def order_at_once(items: Sequence[Any], key: Callable[[Any], Any], descending: bool) -> list[int]:
    """The indexes of ``items`` in ``key`` order, as ``sorted`` gives them, in one go."""
    keys = list(map(key, items))
    return sorted(range(len(items)), key=keys.__getitem__, reverse=descending)


async def sort_order(
    items: Sequence[Any], key: Callable[[Any], Any], descending: bool
) -> list[int]:
    """The indexes of ``items`` in ``key`` order, as ``sorted`` gives them (stable, also
    descending), worked out between frames: the keys a chunk at a time, then the items
    spread over buckets by the keys' first characters, then each bucket sorted (a few
    thousand items: a millisecond or so) and the buckets joined in order."""
    if len(items) <= SORTED_AT_ONCE:
        return order_at_once(items, key, descending)
    slices = Slices()
    keys: list[Any] = []
    for first in range(0, len(items), CHUNK):
        keys += map(key, items[first : first + CHUNK])
        await slices.pause()
    buckets: dict[Any, list[int]] = {}
    for first in range(0, len(keys), CHUNK):
        for index in range(first, min(first + CHUNK, len(keys))):
            bucket = prefix_of(keys[index])
            if bucket in buckets:
                buckets[bucket].append(index)
            else:
                buckets[bucket] = [index]
        await slices.pause()
    order: list[int] = []
    for bucket in sorted(buckets, reverse=descending):
        order += sorted(buckets[bucket], key=keys.__getitem__, reverse=descending)
        await slices.pause()
    return order

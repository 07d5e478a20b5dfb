"""The wantlist's owner: wants added, edited and removed go through here (and every screen
showing the wantlist hears of it), and the session's one record per user of what the
marketplace has for each want (``AvailabilityStore``), which every view of it reads."""

from __future__ import annotations

from collections.abc import Awaitable, Mapping
from pathlib import Path
from typing import TYPE_CHECKING, Any, TypeVar

from discogs_tui.api.availability import DEFAULT_FRESH_FOR, AvailabilityStore
from discogs_tui.api.stores.changes import WANTLIST, Change, Changes

if TYPE_CHECKING:
    from discogs_tui.api.wantlist import Wantlist

Json = Mapping[str, Any]
T = TypeVar("T")


class WantlistStore:
    def __init__(self, wantlist: Wantlist, changes: Changes) -> None:
        self.api = wantlist
        self._changes = changes
        self._availability: dict[str, AvailabilityStore] = {}

    def availability(
        self, username: str, directory: Path | None, fresh_for: float = DEFAULT_FRESH_FOR
    ) -> AvailabilityStore:
        """The session's one record of marketplace answers for ``username``'s wants."""
        key = username.lower()
        if key not in self._availability:
            self._availability[key] = AvailabilityStore(username, directory, fresh_for)
        return self._availability[key]

    async def add(
        self, username: str, release_id: int, *, notes: str | None = None, rating: int | None = None
    ) -> Json:
        write = self.api.add(username, release_id, notes=notes, rating=rating)
        return await self._write(username, release_id, write)

    async def edit(
        self, username: str, release_id: int, *, notes: str | None = None, rating: int | None = None
    ) -> Json:
        write = self.api.edit(username, release_id, notes=notes, rating=rating)
        return await self._write(username, release_id, write)

    async def remove(self, username: str, release_id: int) -> None:
        await self._write(username, release_id, self.api.remove(username, release_id))

    async def _write(self, username: str, release_id: int, write: Awaitable[T]) -> T:
        return await self._changes.after(write, Change(WANTLIST, username, (release_id,)))

    def close(self) -> None:
        """Forget the records (each check saved what it learnt when it stopped)."""
        self._availability.clear()

"""The collection's owner: the session's mirrors (one per user, opened once and shared by
every screen) and every write to folders, copies and their fields.

A write goes to Discogs once; then the mirror takes the change and ``Changes`` hears of it.
When the answer was lost (``OutcomeUnknown``) the store reads what Discogs has now, puts that
in the mirror, announces it and lets the error through (the write is never sent again)."""

from __future__ import annotations

import asyncio
from collections.abc import Awaitable, Callable, Iterable, Mapping
from pathlib import Path
from typing import TYPE_CHECKING, Any, Protocol

from discogs_tui.api.errors import NetworkError, OutcomeUnknown
from discogs_tui.api.mirror import CollectionMirror, MirrorItem, SyncReport, store_path
from discogs_tui.api.stores.changes import COLLECTION, Change, Changes

if TYPE_CHECKING:
    from discogs_tui.api.collection import Collection
    from discogs_tui.api.mirror import Progress
    from discogs_tui.api.sections import Sections

Json = Mapping[str, Any]


class CopyRef(Protocol):
    """What a write to a copy needs of it: a ``MirrorItem``, or the ids a bulk job keeps."""

    @property
    def instance_id(self) -> int: ...
    @property
    def release_id(self) -> int: ...
    @property
    def folder_id(self) -> int: ...


class CollectionStore:
    def __init__(self, service: Sections, changes: Changes) -> None:
        self._service = service
        self._changes = changes
        self._mirrors: dict[str, asyncio.Future[CollectionMirror]] = {}
        self._unseen: set[str] = set()  # users written to while their mirror was closed
        # Whether the last sync failed for want of a network (the freshness line says so).
        self.offline = False

    @property
    def api(self) -> Collection:
        return self._service.collection

    # -- the mirrors ------------------------------------------------------------------------------
    def opening(self, username: str, directory: Path | None) -> asyncio.Future[CollectionMirror]:
        """The session's one mirror of ``username``'s collection (a future: it is read a
        slice of rows per turn of the event loop)."""
        key = username.lower()
        if key not in self._mirrors:
            opened = CollectionMirror.opened(self._service, username, directory)
            self._mirrors[key] = asyncio.ensure_future(opened)
        return self._mirrors[key]

    def preload(self, username: str, directory: Path) -> None:
        """Start reading ``username``'s mirror if there is one on disk."""
        if store_path(directory, username).exists():
            self.opening(username, directory)

    def opened(self, username: str) -> CollectionMirror | None:
        """``username``'s mirror, if it is open."""
        future = self._mirrors.get(username.lower())
        if future is None or not future.done() or future.cancelled() or future.exception():
            return None
        return future.result()

    def needs_sync(self, username: str) -> bool:
        """Whether a write reached Discogs while the mirror was closed (its file missed it)."""
        return username.lower() in self._unseen

    async def sync(
        self, mirror: CollectionMirror, progress: Progress | None = None, *, full: bool = False
    ) -> SyncReport:
        try:
            report = await mirror.sync(progress, full=full)
        except NetworkError:
            self.offline = True
            raise
        self.offline = False
        self._unseen.discard(mirror.username.lower())
        return report

    def close(self) -> None:
        """Close every mirror (releasing their files' locks); one still opening is dropped."""
        for future in self._mirrors.values():
            if future.done() and not future.cancelled() and future.exception() is None:
                future.result().close()
            else:
                future.cancel()
        self._mirrors.clear()

    # -- writes to copies -------------------------------------------------------------------------
    async def add(self, username: str, release_id: int, folder_id: int) -> Json:
        """Adds a copy of a release to a folder; the mirror gets it as Discogs lists it."""
        try:
            answer = await self.api.add_release(username, release_id, folder_id)
        except OutcomeUnknown:  # whether it was added: the copies Discogs has now
            await self._reread_release(username, release_id)
            raise
        await self._reread_release(username, release_id)
        return answer

    async def rate(self, username: str, item: CopyRef, rating: int) -> None:
        write = self.api.edit_instance(
            username, item.folder_id, item.release_id, item.instance_id, rating=rating
        )
        await self._copy_write(username, item, write, lambda m: m.apply_rating(item.instance_id, rating))

    async def move(self, username: str, item: CopyRef, folder_id: int) -> None:
        write = self.api.edit_instance(
            username, item.folder_id, item.release_id, item.instance_id, move_to=folder_id
        )
        await self._copy_write(username, item, write, lambda m: m.apply_move(item.instance_id, folder_id))

    async def remove(self, username: str, item: CopyRef) -> None:
        write = self.api.delete_instance(username, item.folder_id, item.release_id, item.instance_id)
        await self._copy_write(username, item, write, lambda m: m.apply_remove(item.instance_id))

    async def remove_instance(
        self, username: str, folder_id: int, release_id: int, instance_id: int
    ) -> None:
        """Removes a copy known by its ids (one that may not be in the mirror yet)."""
        try:
            await self.api.delete_instance(username, folder_id, release_id, instance_id)
        except OutcomeUnknown:
            await self._reread_release(username, release_id)
            raise
        self._apply(username, lambda m: m.apply_remove(instance_id), (instance_id,))

    async def set_field(self, username: str, item: CopyRef, field: Json, value: str) -> None:
        write = self.api.set_field_value(
            username, item.folder_id, item.release_id, item.instance_id, field["id"], value,
            field=field,
        )  # fmt: skip
        field_id = field["id"]
        await self._copy_write(
            username, item, write, lambda m: m.apply_field(item.instance_id, field_id, value)
        )

    async def _copy_write(
        self,
        username: str,
        item: CopyRef,
        write: Awaitable[Any],
        apply: Callable[[CollectionMirror], None],
    ) -> None:
        try:
            await write
        except OutcomeUnknown:
            await self._reread_release(username, item.release_id, (item.instance_id,))
            raise
        self._apply(username, apply, (item.instance_id,))

    async def _reread_release(
        self, username: str, release_id: int, expected: Iterable[int] = ()
    ) -> None:
        """Put the user's copies of one release in the mirror as Discogs has them now;
        ``expected``: copies the mirror holds that may be gone. (With no mirror open there is
        nothing to read for: the mirror syncs when it opens.)"""
        if self.opened(username) is None:
            self._apply(username, lambda mirror: None, tuple(expected))
            return
        page = await self.api.release_instances(username, release_id)
        copies = [copy for copy in page.items if copy.get("instance_id") is not None]
        found = {int(copy["instance_id"]) for copy in copies}
        gone = [instance_id for instance_id in expected if instance_id not in found]

        def apply(mirror: CollectionMirror) -> None:
            for copy in copies:
                item = MirrorItem.from_api(copy)
                mirror.apply_move(item.instance_id, item.folder_id)  # the folders' counts
                mirror.apply_add(item)
            for instance_id in gone:
                mirror.apply_remove(instance_id)

        self._apply(username, apply, (*found, *gone))

    def _apply(
        self, username: str, apply: Callable[[CollectionMirror], None], ids: tuple[int, ...]
    ) -> None:
        mirror = self.opened(username)
        if mirror is None:
            self._unseen.add(username.lower())
        else:
            apply(mirror)
        self._changes.announce(Change(COLLECTION, username, ids))

    # -- writes to folders ------------------------------------------------------------------------
    async def create_folder(self, username: str, name: str) -> None:
        await self._folder_write(username, self.api.create_folder(username, name))

    async def rename_folder(self, username: str, folder_id: int, name: str) -> None:
        await self._folder_write(username, self.api.rename_folder(username, folder_id, name))

    async def delete_folder(self, username: str, folder_id: int) -> None:
        await self._folder_write(username, self.api.delete_folder(username, folder_id))

    async def _folder_write(self, username: str, write: Awaitable[Any]) -> None:
        try:
            await write
        finally:  # also when the answer was lost: the folders as Discogs has them
            folders = await self.api.folders(username)
            self._apply(username, lambda mirror: mirror.apply_folders(folders), ())

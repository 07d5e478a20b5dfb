"""The seller's inventory's owner: listings created, edited and deleted go through here, and
every screen showing listings hears of the change."""

from __future__ import annotations

from collections.abc import Awaitable, Mapping
from typing import TYPE_CHECKING, Any, NamedTuple, TypeVar

from discogs_tui.api.errors import NotFound, OutcomeUnknown
from discogs_tui.api.stores.changes import INVENTORY, Change, Changes

if TYPE_CHECKING:
    from discogs_tui.api.inventory import Inventory
    from discogs_tui.api.marketplace import Marketplace

Json = Mapping[str, Any]
T = TypeVar("T")


class Deletion(NamedTuple):
    gone: bool  # False: Discogs still has the listing (nothing was deleted)
    answer_lost: bool  # the delete's answer was lost: the listing was read to learn it


class InventoryStore:
    def __init__(self, marketplace: Marketplace, changes: Changes, inventory: Inventory) -> None:
        self.api = marketplace
        self.uploads = inventory
        self._changes = changes

    async def create(self, **values: Any) -> int:
        """Lists a release (see ``Marketplace.create_listing``); answers the listing id."""
        created = await self._write(self.api.create_listing(**values), ())
        return int(created["listing_id"])

    async def edit(self, listing_id: int, **values: Any) -> None:
        await self._write(self.api.edit_listing(listing_id, **values), (listing_id,))

    async def delete(self, listing_id: int) -> Deletion:
        """Deletes a listing; when the answer was lost, reads it to learn whether it went
        (a failed read raises: the outcome stays unknown)."""
        try:
            await self._write(self.api.delete_listing(listing_id), (listing_id,))
        except OutcomeUnknown:
            try:
                listing = await self.api.listing(listing_id)
            except NotFound:
                return Deletion(gone=True, answer_lost=True)
            return Deletion(gone=listing.get("status") == "Deleted", answer_lost=True)
        return Deletion(gone=True, answer_lost=False)

    async def upload(
        self, kind: str, data: str, filename: str, listing_ids: tuple[int, ...]
    ) -> int:
        """Uploads a CSV of listings to change or delete (``kind``) naming ``listing_ids``;
        answers the upload's id. Discogs applies it in its own time: screens hear of the
        change now, and read again."""
        send = {"change": self.uploads.upload_change, "delete": self.uploads.upload_delete}[kind]
        return await self._write(send(data, filename), listing_ids)

    async def _write(self, write: Awaitable[T], ids: tuple[int, ...]) -> T:
        return await self._changes.after(write, Change(INVENTORY, "", ids))

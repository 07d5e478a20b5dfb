"""The seller's orders' owner: status and shipping changes and messages to the buyer go
through here, and every screen showing an order hears of the change."""

from __future__ import annotations

from collections.abc import Awaitable, Mapping
from typing import TYPE_CHECKING, Any

from discogs_tui.api.stores.changes import ORDERS, Change, Changes

if TYPE_CHECKING:
    from discogs_tui.api.marketplace import Marketplace

Json = Mapping[str, Any]


class OrdersStore:
    def __init__(self, marketplace: Marketplace, changes: Changes) -> None:
        self.api = marketplace
        self._changes = changes

    async def edit(
        self,
        order_id: str,
        *,
        status: str | None = None,
        shipping: float | None = None,
        order: Json | None = None,
    ) -> Json:
        """Changes the status or sets the shipping (see ``Marketplace.edit_order``)."""
        write = self.api.edit_order(order_id, status=status, shipping=shipping, order=order)
        return await self._write(order_id, write)

    async def message(
        self,
        order_id: str,
        message: str | None = None,
        *,
        status: str | None = None,
        order: Json | None = None,
    ) -> Json:
        """Messages the buyer, optionally changing the status."""
        write = self.api.add_order_message(order_id, message, status=status, order=order)
        return await self._write(order_id, write)

    async def _write(self, order_id: str, write: Awaitable[Json]) -> Json:
        return await self._changes.after(write, Change(ORDERS, "", (order_id,)))

"""The seller's orders' owner: status and shipping changes and messages to the buyer go
through here, and every screen showing an order hears of the change (and finds the order
as the write left it here, so no screen needs to read it, or its list, again)."""

from __future__ import annotations

import logging
from collections.abc import Awaitable, Mapping
from typing import TYPE_CHECKING, Any

from discogs_tui.api.errors import DiscogsError
from discogs_tui.api.models import Order
from discogs_tui.api.stores.changes import ORDERS, Change, Changes

if TYPE_CHECKING:
    from discogs_tui.api.marketplace import Marketplace

Json = Mapping[str, Any]
log = logging.getLogger(__name__)


class OrdersStore:
    def __init__(self, marketplace: Marketplace, changes: Changes) -> None:
        self.api = marketplace
        self._changes = changes
        self._latest: dict[str, Order] = {}

    def latest(self, order_id: str) -> Order | None:
        """The order as Discogs answered after the last write to it here (None: no write, or
        the write's answer, or the read after it, was lost: read it)."""
        return self._latest.get(order_id)

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
        return await self._write(order_id, write, answers_order=True)

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
        return await self._write(order_id, write, answers_order=False)

    async def _write(self, order_id: str, write: Awaitable[Json], *, answers_order: bool) -> Json:
        self._latest.pop(order_id, None)
        written = self._keep_order(order_id, write, answers_order)
        return await self._changes.after(written, Change(ORDERS, "", (order_id,)))

    async def _keep_order(self, order_id: str, write: Awaitable[Json], answers_order: bool) -> Json:
        """``write``'s answer, keeping the order it left: its answer, or (a message's answer
        is the message) the order read after it, which also gives its new last activity."""
        answer = await write
        try:
            order = answer if answers_order else await self.api.order(order_id)
        except DiscogsError as error:  # the write went through: the screens read the order
            log.warning("order %s changed, but couldn't be read after: %s", order_id, error)
        else:
            self._latest[order_id] = Order.from_json(order)
        return answer

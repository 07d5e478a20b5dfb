"""The Marketplace section: inventories, listings, orders and their messages, fees,
price suggestions and release statistics."""

from __future__ import annotations

import math
from collections.abc import Iterable, Mapping
from datetime import UTC, datetime
from typing import Any
from urllib.parse import quote

from discogs_tui.api import validation
from discogs_tui.api.client import DiscogsClient
from discogs_tui.api.errors import ValidationError
from discogs_tui.api.pagination import Page
from discogs_tui.api.resource import Json, get_page, user_path
from discogs_tui.api.scheduler import Priority
from discogs_tui.vocabulary import (
    LISTING_STATUSES,
    NEW_LISTING_STATUSES,
    ORDER_STATUSES,
    SETTABLE_ORDER_STATUSES,
)

# The document lists no inventory statuses; these are the listing statuses, plus "All".
INVENTORY_STATUSES = ("All", *LISTING_STATUSES)
ORDER_FILTER_STATUSES = ("All", *ORDER_STATUSES)
INVENTORY_SORT_KEYS = ("listed", "price", "item", "artist", "label", "catno", "audio")
OWNER_INVENTORY_SORT_KEYS = ("status", "location")  # only on your own inventory
# What a seller may set an order to (the document's list for "Edit an order").
ORDER_SORT_KEYS = ("id", "buyer", "created", "status", "last_activity")


def order_path(order_id: str) -> str:
    """An order id ("1-1") as a path segment."""
    return quote(str(order_id), safe="")


def spelled(name: str, value: str | None, allowed: Iterable[str]) -> str | None:
    """``value`` in its documented spelling, matched without regard to case."""
    if value is None:
        return None
    allowed = tuple(allowed)
    canonical = next((a for a in allowed if a.lower() == value.strip().lower()), value)
    return validation.choice(name, canonical, allowed)


def iso_timestamp(name: str, value: datetime | str | None) -> str | None:
    """An ISO 8601 timestamp: a datetime (naive means UTC) or a string that parses as one."""
    if value is None:
        return None
    if isinstance(value, datetime):
        moment = value if value.tzinfo else value.replace(tzinfo=UTC)
        return moment.astimezone(UTC).strftime("%Y-%m-%dT%H:%M:%SZ")
    try:
        datetime.fromisoformat(value.strip().replace("Z", "+00:00"))
    except ValueError:
        raise ValidationError(
            f"{name} must be an ISO 8601 timestamp like 2019-06-24T20:58:58Z (got {value!r})."
        ) from None
    return value.strip()


def shipping_amount(value: Any) -> float:
    """A shipping price: a number, 0 (free shipping) or more; typed text as people type it."""
    if isinstance(value, str):
        return validation.parse_amount(value, "Shipping", zero_ok=True)
    try:
        amount = float(value)
    except (TypeError, ValueError):
        raise ValidationError(f"shipping must be a number (got {value!r}).") from None
    if not math.isfinite(amount) or amount < 0:
        raise ValidationError(f"shipping must be 0 or more (got {value!r}).")
    return round(amount, 2)


def count_or_auto(name: str, value: int | str | None) -> int | str | None:
    """``weight`` and ``format_quantity``: a non-negative whole number, or "auto"."""
    if value is None or value == "auto":
        return value
    return validation.integer(name, value, 0)


def listing_body(
    release_id: int,
    condition: str,
    price: float,
    *,
    sleeve_condition: str | None = None,
    comments: str | None = None,
    allow_offers: bool | None = None,
    status: str | None = None,
    external_id: str | None = None,
    location: str | None = None,
    weight: int | str | None = None,
    format_quantity: int | str | None = None,
) -> Json:
    """The JSON body of a listing create or edit, every documented rule checked."""
    if allow_offers is not None and not isinstance(allow_offers, bool):
        raise ValidationError(f"allow_offers must be true or false (got {allow_offers!r}).")
    body: Json = {
        "release_id": validation.integer("release_id", release_id, 1),
        "condition": validation.choice("condition", condition, validation.MEDIA_CONDITIONS),
        "sleeve_condition": validation.choice(
            "sleeve condition", sleeve_condition, validation.SLEEVE_CONDITIONS
        ),
        "price": validation.positive_price("price", price),
        "comments": comments,
        "allow_offers": allow_offers,
        "status": validation.choice("status", status, NEW_LISTING_STATUSES),
        "external_id": external_id,
        "location": location,
        "weight": count_or_auto("weight", weight),
        "format_quantity": count_or_auto("format_quantity", format_quantity),
    }
    return {name: value for name, value in body.items() if value is not None}


def checked_order_status(status: str, order: Mapping[str, Any] | None) -> str:
    """A new order status: in the order's ``next_status`` when the caller has the order,
    else one of the statuses the document lets a seller set."""
    if order is not None and order.get("next_status") is not None:
        allowed = order["next_status"]
        if status not in allowed:
            current = order.get("status", "its current status")
            raise ValidationError(
                f"An order in {current} can't change to {status!r}: "
                f"expected one of {', '.join(allowed) or 'none (it is final)'}."
            )
        return status
    return validation.choice("order status", status, SETTABLE_ORDER_STATUSES) or status


class Marketplace:
    def __init__(self, client: DiscogsClient) -> None:
        self._client = client

    def _is_own(self, username: str) -> bool | None:
        """Whether ``username`` is the signed-in user (None when that isn't known)."""
        own = self._client.username
        return None if own is None else own.lower() == username.lower()

    # -- inventory ------------------------------------------------------------------------------
    async def inventory(
        self,
        username: str,
        *,
        page: int = 1,
        per_page: int = 50,
        status: str | None = None,
        sort: str | None = None,
        sort_order: str | None = None,
        priority: Priority = Priority.INTERACTIVE,
        use_cache: bool = True,
    ) -> Page[Json]:
        """A seller's listings. Others' inventories show For Sale only and stop at page 100."""
        if sort in OWNER_INVENTORY_SORT_KEYS and self._is_own(username) is False:
            raise ValidationError(f"Sorting by {sort} works on your own inventory only.")
        params: dict[str, Any] = {"status": spelled("status", status, INVENTORY_STATUSES)}
        params.update(
            validation.sort(sort, INVENTORY_SORT_KEYS + OWNER_INVENTORY_SORT_KEYS, sort_order)
        )
        return await get_page(
            self._client,
            f"/users/{user_path(username)}/inventory",
            "listings",
            page,
            per_page,
            params,
            priority,
            use_cache,
        )

    # -- listings -------------------------------------------------------------------------------
    async def listing(
        self,
        listing_id: int,
        *,
        currency: str | None = None,
        priority: Priority = Priority.INTERACTIVE,
        use_cache: bool = True,
    ) -> Json:
        return await self._client.get(
            f"/marketplace/listings/{int(listing_id)}",
            {"curr_abbr": validation.currency(currency)},
            priority=priority,
            use_cache=use_cache,
        )

    async def create_listing(
        self, release_id: int, condition: str, price: float, **optional: Any
    ) -> Json:
        """A new listing in your inventory: ``{"listing_id", "resource_url"}``.

        ``optional``: sleeve_condition, comments, allow_offers, status ("For Sale" or
        "Draft"), external_id, location, weight, format_quantity (a number or "auto").
        """
        body = listing_body(release_id, condition, price, **optional)
        answer = await self._client.write("POST", "/marketplace/listings", json_body=body)
        return answer.data

    async def edit_listing(
        self, listing_id: int, release_id: int, condition: str, price: float, **optional: Any
    ) -> None:
        """Edits a For Sale, Draft or Expired listing; the document requires release_id,
        condition and price every time (send the current ones to keep them)."""
        body = listing_body(release_id, condition, price, **optional)
        await self._client.write("POST", f"/marketplace/listings/{int(listing_id)}", json_body=body)

    async def delete_listing(self, listing_id: int) -> None:
        await self._client.write("DELETE", f"/marketplace/listings/{int(listing_id)}")

    # -- orders ---------------------------------------------------------------------------------
    async def orders(
        self,
        *,
        page: int = 1,
        per_page: int = 50,
        status: str | None = None,
        created_after: datetime | str | None = None,
        created_before: datetime | str | None = None,
        archived: bool | None = None,
        sort: str | None = None,
        sort_order: str | None = None,
        priority: Priority = Priority.INTERACTIVE,
    ) -> Page[Json]:
        """The signed-in seller's orders."""
        if archived is not None and not isinstance(archived, bool):
            raise ValidationError(f"archived must be true or false (got {archived!r}).")
        params: dict[str, Any] = {
            "status": spelled("status", status, ORDER_FILTER_STATUSES),
            "created_after": iso_timestamp("created_after", created_after),
            "created_before": iso_timestamp("created_before", created_before),
            "archived": archived,
        }
        params.update(validation.sort(sort, ORDER_SORT_KEYS, sort_order))
        return await get_page(
            self._client, "/marketplace/orders", "orders", page, per_page, params, priority
        )

    async def order(self, order_id: str, *, priority: Priority = Priority.INTERACTIVE) -> Json:
        return await self._client.get(
            f"/marketplace/orders/{order_path(order_id)}", priority=priority
        )

    async def edit_order(
        self,
        order_id: str,
        *,
        status: str | None = None,
        shipping: float | None = None,
        order: Mapping[str, Any] | None = None,
    ) -> Json:
        """Changes the status, or sets the shipping (which invoices the buyer and moves the
        order to Invoice Sent), never both. Pass the ``order`` you have to check the status
        against its ``next_status`` before sending. Answers the updated order."""
        if (status is None) == (shipping is None):
            raise ValidationError(
                "Change either the order status or its shipping: "
                "setting the shipping moves the order to Invoice Sent, so not both at once."
            )
        body: Json = (
            {"status": checked_order_status(status, order)}
            if status is not None
            else {"shipping": shipping_amount(shipping)}
        )
        answer = await self._client.write(
            "POST", f"/marketplace/orders/{order_path(order_id)}", json_body=body
        )
        return answer.data

    async def order_messages(
        self,
        order_id: str,
        *,
        page: int = 1,
        per_page: int = 50,
        priority: Priority = Priority.INTERACTIVE,
    ) -> Page[Json]:
        """The order's messages, newest first."""
        return await get_page(
            self._client,
            f"/marketplace/orders/{order_path(order_id)}/messages",
            "messages",
            page,
            per_page,
            None,
            priority,
        )

    async def add_order_message(
        self,
        order_id: str,
        message: str | None = None,
        *,
        status: str | None = None,
        order: Mapping[str, Any] | None = None,
    ) -> Json:
        """Messages the buyer, optionally changing the status at the same time."""
        text = message if message and message.strip() else None
        if text is None and status is None:
            raise ValidationError("Write a message, choose a new status, or both.")
        body = {
            "message": text,
            "status": None if status is None else checked_order_status(status, order),
        }
        answer = await self._client.write(
            "POST",
            f"/marketplace/orders/{order_path(order_id)}/messages",
            json_body={name: value for name, value in body.items() if value is not None},
        )
        return answer.data

    # -- fees, suggestions, statistics --------------------------------------------------------
    async def fee(self, price: float, currency: str | None = None) -> Json:
        """Discogs' selling fee for ``price`` (in USD unless ``currency`` says otherwise)."""
        path = f"/marketplace/fee/{validation.positive_price('price', price):.2f}"
        code = validation.currency(currency)
        return await self._client.get(f"{path}/{code}" if code else path)

    async def price_suggestions(self, release_id: int) -> Json:
        """Suggested prices by condition, in your selling currency; ``{}`` when there are none
        (or your seller settings are not filled in)."""
        return await self._client.get(f"/marketplace/price_suggestions/{int(release_id)}")

    async def stats(
        self,
        release_id: int,
        *,
        currency: str | None = None,
        priority: Priority = Priority.INTERACTIVE,
        use_cache: bool = True,
    ) -> Json:
        """For-sale count and lowest price (None when nothing is for sale, or blocked);
        ``use_cache=False`` asks the server even when a cached answer is fresh (the watcher)."""
        return await self._client.get(
            f"/marketplace/stats/{int(release_id)}",
            {"curr_abbr": validation.currency(currency)},
            priority=priority,
            use_cache=use_cache,
        )

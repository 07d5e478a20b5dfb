"""Routes: the marketplace — inventories, listings, orders and their messages, fees,
price suggestions and release statistics.

Listings and orders are built and validated by ``demo_market`` (shared with the seed and
the inventory uploads); this module decides who sees what and answers.
"""

from __future__ import annotations

import random
from datetime import UTC, datetime
from typing import Any

from starlette.requests import Request
from starlette.responses import Response
from starlette.routing import Route

from discogs_tui.sandbox import examples, numbers
from discogs_tui.sandbox.http import (
    MSG_NOT_FOUND,
    body_params,
    choice_param,
    forbidden,
    is_owner,
    not_found,
    paginate,
    principal,
    require_user,
    respond,
    sandbox,
    sort_params,
    unprocessable,
)
from discogs_tui.sandbox.market import (
    OWNER_ONLY_KEYS,
    SHIPPING_LOCKED,
    apply_listing_changes,
    create_listing,
    is_cancelled,
    listing_changes,
    listing_description,
    listing_seller_key,
    marketplace_fee,
    next_statuses,
    order_ref,
    order_seller_key,
    order_title,
    order_total,
    shipping_message,
    status_message,
    text_message,
    user_ref,
)
from discogs_tui.sandbox.money import (
    convert,
    money,
    parse_amount,
)
from discogs_tui.sandbox.state import (
    CURRENCIES,
    EDITABLE_LISTING_STATUSES,
    MEDIA_CONDITIONS,
    ORDER_STATUSES,
    SandboxState,
    User,
)

INVENTORY_STATUSES = (
    "All",
    "Deleted",
    "Draft",
    "Expired",
    "For Sale",
    "Sold",
    "Suspended",
    "Violation",
)
INVENTORY_SORTS = ("listed", "price", "item", "artist", "label", "catno", "audio")
OWNER_INVENTORY_SORTS = (*INVENTORY_SORTS, "status", "location")
PUBLIC_PAGE_LIMIT = 100  # others can't page an inventory past page 100
ORDER_SORTS = ("id", "buyer", "created", "status", "last_activity")
REQUIRED_LISTING_FIELDS = ("release_id", "condition", "price")
MSG_RELEASE_NOT_FOUND = examples.ERROR_MESSAGES["RELEASE_NOT_FOUND"]
# The document's wording (sic) for an unknown listing and an unknown user's inventory.
MSG_RESOURCE_NOT_FOUND = examples.ERROR_MESSAGES["RESOURCE_NOT_FOUND"]
# Price suggestions relative to Poor, by condition (the ratios of the document's example).
SUGGESTION_FACTORS = dict(zip(MEDIA_CONDITIONS, (19, 17, 13, 9, 5, 3, 2, 1), strict=True))


# -- shared lookups -----------------------------------------------------------------------------
def viewer(request: Request) -> User | None:
    return principal(request).user


def path_int(request: Request, name: str, message: str = MSG_NOT_FOUND) -> int:
    try:
        return int(request.path_params[name])
    except ValueError:
        raise not_found(message) from None


def release_or_404(request: Request) -> dict[str, Any]:
    release_id = path_int(request, "release_id", MSG_RELEASE_NOT_FOUND)
    release = sandbox(request).catalogue.releases.get(release_id)
    if release is None:
        raise not_found(MSG_RELEASE_NOT_FOUND)
    return release


def currency_choice(request: Request) -> str | None:
    return choice_param(request, "curr_abbr", CURRENCIES)


# -- listings ----------------------------------------------------------------------------------
def listing_view(
    listing: dict[str, Any], who: User | None, currency: str | None = None
) -> dict[str, Any]:
    """The listing as ``who`` sees it, its prices in ``currency`` when given."""
    view = dict(listing)
    if who is None or who.key != listing_seller_key(listing):
        for key in OWNER_ONLY_KEYS:
            view.pop(key, None)
        if who is not None:
            view["in_cart"] = False
    if currency is not None:
        for key in ("price", "shipping_price"):
            if key in view:
                amount = view[key]
                view[key] = money(convert(amount["value"], amount["currency"], currency), currency)
    return view


def inventory_entry(listing: dict[str, Any], who: User | None) -> dict[str, Any]:
    view = listing_view(listing, who)
    seller = listing["seller"]
    view["seller"] = {
        key: seller[key] for key in ("username", "resource_url", "id") if key in seller
    }
    return view


def listing_or_404(state: SandboxState, request: Request) -> dict[str, Any]:
    listing = state.listings.get(path_int(request, "listing_id", MSG_RESOURCE_NOT_FOUND))
    if listing is None:
        raise not_found(MSG_RESOURCE_NOT_FOUND)
    return listing


def owned_listing(request: Request) -> tuple[SandboxState, dict[str, Any]]:
    """The listing of the path, if the request is authenticated as its seller."""
    user = require_user(request)
    state = sandbox(request)
    listing = listing_or_404(state, request)
    if listing_seller_key(listing) != user.key:
        raise forbidden()
    return state, listing


def _label_name(state: SandboxState, listing: dict[str, Any]) -> str:
    release = state.catalogue.releases.get(listing["release"]["id"], {})
    return (release.get("labels") or [{"name": ""}])[0]["name"].lower()


def inventory_sort_key(state: SandboxState, sort: str):
    keys = {
        "listed": lambda item: item["posted"],
        "price": lambda item: convert(item["price"]["value"], item["price"]["currency"], "USD"),
        "item": lambda item: listing_description(item)[1].lower(),
        "artist": lambda item: listing_description(item)[0].lower(),
        "label": lambda item: _label_name(state, item),
        "catno": lambda item: item["release"].get("catalog_number", "").lower(),
        "audio": lambda item: item.get("audio", False),
        "status": lambda item: item["status"],
        "location": lambda item: item.get("location", "").lower(),
    }
    return keys[sort]


async def inventory(request: Request) -> Response:
    state = sandbox(request)
    user = state.user(request.path_params["username"])
    if user is None:
        raise not_found(MSG_RESOURCE_NOT_FOUND)
    owner = is_owner(request, user)
    status = choice_param(request, "status", INVENTORY_STATUSES, "All")
    sort, descending = sort_params(
        request, OWNER_INVENTORY_SORTS if owner else INVENTORY_SORTS, "listed"
    )
    listings = [
        listing
        for listing in state.listings.values()
        if listing_seller_key(listing) == user.key
        and (owner or listing["status"] == "For Sale")
        and status in ("All", listing["status"])
    ]
    listings.sort(key=inventory_sort_key(state, sort or "listed"), reverse=descending)
    who = viewer(request)
    entries = [inventory_entry(listing, who) for listing in listings]
    return paginate(request, entries, "listings", max_pages=None if owner else PUBLIC_PAGE_LIMIT)


async def listing_endpoint(request: Request) -> Response:
    if request.method == "POST":
        return await edit_listing(request)
    if request.method == "DELETE":
        return delete_listing(request)
    state = sandbox(request)
    listing = listing_or_404(state, request)
    who = viewer(request)
    if listing["status"] != "For Sale" and (who is None or who.key != listing_seller_key(listing)):
        raise not_found(MSG_RESOURCE_NOT_FOUND)
    currency = currency_choice(request) or (who.currency if who else None)
    return respond(request, listing_view(listing, who, currency))


async def edit_listing(request: Request) -> Response:
    state, listing = owned_listing(request)
    if listing["status"] not in EDITABLE_LISTING_STATUSES:
        raise forbidden(
            f"This listing is {listing['status']}: it cannot be modified – only deleted. "
            "To re-list a Sold listing, create a new listing."
        )
    params = await body_params(request)
    with state.lock:
        current = state.catalogue.releases.get(listing["release"]["id"])
        apply_listing_changes(listing, listing_changes(state, params, current))
    return respond(request, None, 204)


def delete_listing(request: Request) -> Response:
    state, listing = owned_listing(request)
    with state.lock:
        state.listings.pop(listing["id"], None)
    return respond(request, None, 204)


async def create_listing_endpoint(request: Request) -> Response:
    user = require_user(request)
    state = sandbox(request)
    params = await body_params(request)
    for name in REQUIRED_LISTING_FIELDS:
        if params.get(name) in (None, ""):
            raise unprocessable(f"Missing required field: {name}.")
    with state.lock:
        listing = create_listing(state, user, listing_changes(state, params))
    return respond(
        request, {"listing_id": listing["id"], "resource_url": listing["resource_url"]}, 201
    )


# -- orders ------------------------------------------------------------------------------------
def order_view(order: dict[str, Any]) -> dict[str, Any]:
    return {**order, "next_status": next_statuses(order["status"])}


def sellers_order(request: Request) -> tuple[SandboxState, User, dict[str, Any]]:
    """The order of the path, if the request is authenticated as its seller."""
    user = require_user(request)
    state = sandbox(request)
    order = state.orders.get(request.path_params["order_id"])
    if order is None:
        raise not_found()
    if order_seller_key(order) != user.key:
        raise forbidden()
    return state, user, order


def checked_status(order: dict[str, Any], value: Any) -> str:
    """``value`` as one of the order's next statuses; 422 otherwise, naming them."""
    allowed = next_statuses(order["status"])
    text = str(value).strip().lower()
    for status in allowed:
        if status.lower() == text:
            return status
    if not allowed:
        raise unprocessable(
            f"Invalid status: the order is {order['status']} and its status can no longer change."
        )
    raise unprocessable(
        f"Invalid status: an order in {order['status']} can change to one of {', '.join(allowed)}."
    )


def change_status(state: SandboxState, order: dict[str, Any], status: str, now: str) -> None:
    """Moves the order to ``status`` and logs it (the API messages the buyer)."""
    old = order["status"]
    order["status"] = status
    order["last_activity"] = now
    if status != old:
        state.order_messages.setdefault(order["id"], []).append(
            status_message(order["id"], order["seller"], old, status, now)
        )


def set_shipping(state: SandboxState, order: dict[str, Any], value: Any, now: str) -> None:
    """New shipping: the buyer is invoiced, so the order moves to Invoice Sent."""
    if is_cancelled(order["status"]) or order["status"] in SHIPPING_LOCKED:
        raise unprocessable(f"The shipping of an order in {order['status']} can't be changed.")
    amount = parse_amount(value, "shipping")
    state.order_messages.setdefault(order["id"], []).append(shipping_message(order, amount, now))
    order["shipping"]["value"] = amount
    order["total"]["value"] = order_total(order)
    change_status(state, order, "Invoice Sent", now)


async def order_endpoint(request: Request) -> Response:
    state, _user, order = sellers_order(request)
    if request.method == "POST":
        params = await body_params(request)
        status, shipping = params.get("status"), params.get("shipping")
        if status is not None and shipping is not None:
            raise unprocessable(
                "You cannot set the shipping and the order status in the same request."
            )
        with state.lock:
            if status is not None:
                change_status(state, order, checked_status(order, status), state.now())
            elif shipping is not None:
                set_shipping(state, order, shipping, state.now())
    return respond(request, order_view(order))


def iso_param(request: Request, name: str) -> datetime | None:
    value = request.query_params.get(name)
    if not value:
        return None
    try:
        moment = datetime.fromisoformat(value.strip().replace("Z", "+00:00"))
    except ValueError:
        raise unprocessable(
            f"Invalid {name}: expected an ISO 8601 timestamp like 2019-06-24T20:58:58Z."
        ) from None
    return moment if moment.tzinfo else moment.replace(tzinfo=UTC)


def order_number(order: dict[str, Any]) -> tuple[int, ...]:
    return tuple(int(part) for part in order["id"].split("-") if part.isdigit())


ORDER_SORT_KEYS = {
    "id": order_number,
    "buyer": lambda order: order["buyer"]["username"].lower(),
    "created": lambda order: datetime.fromisoformat(order["created"]),
    "status": lambda order: order["status"],
    "last_activity": lambda order: datetime.fromisoformat(order["last_activity"]),
}


def order_matches(order: dict[str, Any], status: str, archived: str | None) -> bool:
    if status == "Cancelled":
        matched = is_cancelled(order["status"])
    else:
        matched = status in ("All", order["status"])
    return matched and archived in (None, str(order.get("archived", False)).lower())


async def orders(request: Request) -> Response:
    user = require_user(request)
    state = sandbox(request)
    status = choice_param(request, "status", ("All", *ORDER_STATUSES), "All")
    archived = choice_param(request, "archived", ("true", "false"))
    after, before = iso_param(request, "created_after"), iso_param(request, "created_before")
    sort, descending = sort_params(request, ORDER_SORTS)
    if sort is None and "sort_order" not in request.query_params:
        descending = True  # newest first unless asked otherwise
    selected = []
    for order in state.orders.values():
        created = datetime.fromisoformat(order["created"])
        if (
            order_seller_key(order) == user.key
            and order_matches(order, status, archived)
            and (after is None or created >= after)
            and (before is None or created <= before)
        ):
            selected.append(order)
    selected.sort(key=ORDER_SORT_KEYS[sort or "id"], reverse=descending)
    return paginate(request, [order_view(order) for order in selected], "orders")


async def order_messages(request: Request) -> Response:
    state, user, order = sellers_order(request)
    if request.method == "POST":
        return await add_order_message(request, state, user, order)
    log = state.order_messages.get(order["id"], [])
    return paginate(request, list(reversed(log)), "messages")


async def add_order_message(
    request: Request, state: SandboxState, user: User, order: dict[str, Any]
) -> Response:
    params = await body_params(request)
    text = str(params.get("message") or "")
    status = params.get("status")
    if not text and status in (None, ""):
        raise unprocessable("Either message or status is required.")
    with state.lock:
        now = state.now()
        new = order["status"] if status in (None, "") else checked_status(order, status)
        if new != order["status"]:
            prefix = f"Seller changed status from {order['status']} to {new}"
            text = f"{prefix}\n\n{text}" if text else prefix
            order["status"] = new
        elif not text:
            raise unprocessable(f"The order is already {new}: send a message or another status.")
        order["last_activity"] = now
        subject = f"Discogs Order #{order['id']}, {order_title(order, state)}"
        entry = text_message(order, user, text, now, subject)
        state.order_messages.setdefault(order["id"], []).append(entry)
    answer = {
        "from": {"username": user.username, "resource_url": user_ref(user)["resource_url"]},
        "message": text,
        "order": order_ref(order["id"]),
        "timestamp": now,
        "subject": subject,
    }
    return respond(request, answer, 201)


# -- fees, suggestions, statistics -----------------------------------------------------------
async def fee(request: Request) -> Response:
    price = parse_amount(request.path_params["price"], "price")
    currency = request.path_params.get("currency", "USD")
    matched = [code for code in CURRENCIES if code == currency.upper()]
    if not matched:
        raise unprocessable(f"Invalid currency: expected one of {', '.join(CURRENCIES)}.")
    return respond(request, {"value": marketplace_fee(price), "currency": matched[0]})


def suggested_usd(release: dict[str, Any]) -> dict[str, float]:
    """Suggested prices in US dollars by condition; empty for releases never sold."""
    if release["id"] == 1:
        return {
            condition: price["value"]
            for condition, price in examples.PRICE_SUGGESTIONS_EXAMPLE.items()
        }
    if not release.get("lowest_price"):
        return {}
    unit = release["lowest_price"] * 0.3 * random.Random(release["id"]).uniform(0.8, 1.25)
    return {condition: unit * factor for condition, factor in SUGGESTION_FACTORS.items()}


async def price_suggestions(request: Request) -> Response:
    user = require_user(request)
    release = release_or_404(request)
    if not user.seller_settings:
        return respond(request, {})
    prices = suggested_usd(release)
    return respond(
        request,
        {
            condition: money(convert(value, "USD", user.currency), user.currency)
            for condition, value in prices.items()
        },
    )


async def stats(request: Request) -> Response:
    state = sandbox(request)
    release = release_or_404(request)
    who = viewer(request)
    currency = currency_choice(request) or (who.currency if who else "USD")
    return respond(request, numbers.market_stats(state, release["id"], currency))


routes: list[Route] = [
    Route("/users/{username}/inventory", inventory, methods=["GET"]),
    Route("/marketplace/listings", create_listing_endpoint, methods=["POST"]),
    Route(
        "/marketplace/listings/{listing_id}", listing_endpoint, methods=["GET", "POST", "DELETE"]
    ),
    Route("/marketplace/orders", orders, methods=["GET"]),
    Route("/marketplace/orders/{order_id}", order_endpoint, methods=["GET", "POST"]),
    Route("/marketplace/orders/{order_id}/messages", order_messages, methods=["GET", "POST"]),
    Route("/marketplace/fee/{price}", fee, methods=["GET"]),
    Route("/marketplace/fee/{price}/{currency}", fee, methods=["GET"]),
    Route("/marketplace/price_suggestions/{release_id}", price_suggestions, methods=["GET"]),
    Route("/marketplace/stats/{release_id}", stats, methods=["GET"]),
]

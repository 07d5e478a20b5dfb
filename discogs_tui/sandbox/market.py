"""The marketplace's model: listings, orders and their messages, inventory jobs and the
export CSV. The routes (``routes/marketplace.py``, ``routes/inventory.py``) and the seed
(``demo_market.py``) build objects with these same functions, so seeded and created objects
have one shape. Everything is stored in API shape (see ``state.py``); listings keep the
owner-only keys and routes drop them for other viewers.
"""

from __future__ import annotations

import math
from datetime import UTC, datetime
from typing import Any

from discogs_tui.sandbox.catalogue import (
    display_artist,
    format_summary,
    listing_release_summary,
)
from discogs_tui.sandbox.http import unprocessable
from discogs_tui.sandbox.money import (
    formatted,
    money,
    original_money,
    parse_amount,
)
from discogs_tui.sandbox.state import (
    MEDIA_CONDITIONS,
    SLEEVE_CONDITIONS,
    WEBSITE,
    SandboxState,
    User,
    api_url,
)
from discogs_tui.vocabulary import NEW_LISTING_STATUSES, SETTABLE_ORDER_STATUSES

FEE_RATE = 0.042  # 4.2 % of the price: the document's fee example (0.42 for 10.00)

SHIPS_FROM = {
    "USD": "United States",
    "GBP": "United Kingdom",
    "EUR": "Germany",
    "CAD": "Canada",
    "AUD": "Australia",
    "JPY": "Japan",
    "CHF": "Switzerland",
    "MXN": "Mexico",
    "BRL": "Brazil",
    "NZD": "New Zealand",
    "SEK": "Sweden",
    "ZAR": "South Africa",
}


def marketplace_fee(price: float) -> float:
    return round(price * FEE_RATE, 2)


# -- users ----------------------------------------------------------------------------------------
def user_ref(user: User) -> dict[str, Any]:
    """``{"resource_url", "username", "id"}``, as orders and inventories name users."""
    return {
        "resource_url": api_url(f"/users/{user.username}"),
        "username": user.username,
        "id": user.profile.get("id", 0),
    }


def seller_details(user: User) -> dict[str, Any]:
    """The ``seller`` of a single listing: the user plus their terms and rating."""
    profile = user.profile
    return {
        "username": user.username,
        "avatar_url": profile.get("avatar_url", ""),
        "resource_url": api_url(f"/users/{user.username}"),
        "url": api_url(f"/users/{user.username}"),
        "id": profile.get("id", 0),
        "shipping": f"Ships from {ships_from(user)} within two business days.",
        "payment": "PayPal",
        "stats": {
            "rating": f"{profile.get('seller_rating', 100.0):g}",
            "stars": float(profile.get("seller_rating_stars", 5)),
            "total": profile.get("seller_num_ratings", 0),
        },
    }


def ships_from(user: User) -> str:
    return ships_from_currency(user.currency)


def ships_from_currency(currency: str) -> str:
    return SHIPS_FROM.get(currency, "United States")


# -- listings ---------------------------------------------------------------------------------
OWNER_ONLY_KEYS = ("weight", "format_quantity", "external_id", "location", "quantity")
LISTING_FIELDS = (
    "release_id",
    "condition",
    "sleeve_condition",
    "price",
    "comments",
    "allow_offers",
    "status",
    "external_id",
    "location",
    "weight",
    "format_quantity",
)
_TRUE = ("true", "1", "yes", "y", "on")
_FALSE = ("false", "0", "no", "n", "off", "")


def listing_seller_key(listing: dict[str, Any]) -> str:
    return listing["seller"]["username"].lower()


def set_listing_price(listing: dict[str, Any], value: float, currency: str) -> None:
    listing["price"] = money(value, currency)
    listing["original_price"] = original_money(value, currency)


def set_listing_release(listing: dict[str, Any], release: dict[str, Any]) -> None:
    listing["release"] = listing_release_summary(release)


def new_listing(
    user: User,
    listing_id: int,
    release: dict[str, Any],
    posted: str,
    *,
    price: float,
    condition: str,
    sleeve_condition: str = "",
    status: str = "For Sale",
    shipping: float = 0.0,
) -> dict[str, Any]:
    """A listing of ``user`` as its owner sees it (owner-only keys included)."""
    currency = user.currency
    listing: dict[str, Any] = {
        "id": listing_id,
        "resource_url": api_url(f"/marketplace/listings/{listing_id}"),
        "uri": f"{WEBSITE}/sell/item/{listing_id}",
        "status": status,
        "condition": condition,
        "sleeve_condition": sleeve_condition,
        "comments": "",
        "allow_offers": False,
        "posted": posted,
        "ships_from": ships_from(user),
        "audio": False,
        "seller": seller_details(user),
        "shipping_price": money(shipping, currency),
        "original_shipping_price": original_money(shipping, currency),
        "weight": release.get("estimated_weight", 0),
        "format_quantity": release.get("format_quantity", 1),
        "external_id": "",
        "location": "",
        "quantity": 1,
    }
    set_listing_price(listing, price, currency)
    set_listing_release(listing, release)
    return listing


def _choice(value: Any, name: str, choices: tuple[str, ...], *, exact: bool) -> str:
    text = str(value).strip() if value is not None else ""
    for choice in choices:
        if text == choice or (not exact and text.lower() == choice.lower()):
            return choice
    raise unprocessable(f"Invalid {name}: expected one of {', '.join(choices)}.")


def _flag(value: Any, name: str) -> bool:
    if isinstance(value, bool):
        return value
    text = str(value).strip().lower()
    if text in _TRUE or text in _FALSE:
        return text in _TRUE
    raise unprocessable(f"Invalid {name}: must be true or false.")


def _count(value: Any, label: str, auto: int | None) -> int:
    """A non-negative integer, or ``auto`` (the estimate ``auto``) where that is allowed."""
    text = str(value).strip()
    if auto is not None and text.lower() == "auto":
        return auto
    try:
        number = float(text)
    except ValueError:
        number = math.nan
    if isinstance(value, bool) or not number.is_integer() or number < 0:
        allowed = " or auto" if auto is not None else ""
        raise unprocessable(f"Invalid {label}: must be a non-negative integer{allowed}.")
    return int(number)


def _release(state: SandboxState, value: Any, label: str) -> dict[str, Any]:
    try:
        release_id = int(str(value).strip())
    except ValueError:
        raise unprocessable(f"Invalid {label}: must be a number.") from None
    release = state.catalogue.releases.get(release_id)
    if release is None:
        raise unprocessable(f"Invalid {label}: release {release_id} does not exist.")
    return release


def listing_changes(
    state: SandboxState,
    params: dict[str, Any],
    current_release: dict[str, Any] | None = None,
    *,
    labels: dict[str, str] | None = None,
) -> dict[str, Any]:
    """The validated listing fields in ``params`` (unknown fields ignored); 422 on a bad one.

    ``release_id`` becomes ``release`` (a catalogue release). Errors name fields by
    ``labels`` (CSV uploads use their column names); ``weight`` and ``format_quantity``
    accept ``auto`` only from the API, not in CSV files (no ``labels``).
    """
    labels = labels or {}
    from_api = not labels
    changes: dict[str, Any] = {}
    if params.get("release_id") is not None:
        changes["release"] = _release(
            state, params["release_id"], labels.get("release_id", "release_id")
        )
    release = changes.get("release", current_release) or {}
    for name, value in params.items():
        if value is None or name not in LISTING_FIELDS or name == "release_id":
            continue
        label = labels.get(name, name)
        if name == "condition":
            changes[name] = _choice(value, label, MEDIA_CONDITIONS, exact=True)
        elif name == "sleeve_condition":
            changes[name] = (
                "" if value == "" else _choice(value, label, SLEEVE_CONDITIONS, exact=True)
            )
        elif name == "price":
            changes[name] = parse_amount(value, label, strict=True)
        elif name == "allow_offers":
            changes[name] = _flag(value, label)
        elif name == "status":
            changes[name] = _choice(value, label, NEW_LISTING_STATUSES, exact=False)
        elif name == "weight":
            changes[name] = _count(
                value, label, release.get("estimated_weight", 0) if from_api else None
            )
        elif name == "format_quantity":
            changes[name] = _count(
                value, label, release.get("format_quantity", 1) if from_api else None
            )
        else:
            changes[name] = str(value)
    return changes


def apply_listing_changes(listing: dict[str, Any], changes: dict[str, Any]) -> None:
    for name, value in changes.items():
        if name == "release":
            set_listing_release(listing, value)
        elif name == "price":
            set_listing_price(listing, value, listing["price"]["currency"])
        else:
            listing[name] = value


def create_listing(state: SandboxState, user: User, changes: dict[str, Any]) -> dict[str, Any]:
    """Stores a new listing of ``user`` from validated ``changes`` (release, condition, price)."""
    listing_id = state.next_id("listing")
    listing = new_listing(
        user,
        listing_id,
        changes["release"],
        state.now(),
        price=changes["price"],
        condition=changes["condition"],
        status=changes.get("status", "For Sale"),
    )
    apply_listing_changes(listing, {k: v for k, v in changes.items() if k != "release"})
    state.listings[listing_id] = listing
    return listing


def listing_description(listing: dict[str, Any]) -> tuple[str, str]:
    """(artist, title) of a listing's release, from the summary it carries."""
    release = listing["release"]
    artist, _, title = release.get("description", "").partition(" - ")
    return release.get("artist", artist), release.get("title", title.rsplit(" (", 1)[0])


# -- orders ------------------------------------------------------------------------------------
_SELLER_CANCELS = SETTABLE_ORDER_STATUSES[-2:]
# Where an order can go from each status (itself included, as the document's lists show).
# Before payment anything goes; after payment only forward; cancelled and merged are final.
NEXT_STATUS: dict[str, tuple[str, ...]] = {
    **dict.fromkeys(
        ("New Order", "Buyer Contacted", "Invoice Sent", "Payment Pending", "Order Changed"),
        SETTABLE_ORDER_STATUSES,
    ),
    "Payment Received": (
        "Payment Received",
        "In Progress",
        "Shipped",
        "Refund Sent",
        *_SELLER_CANCELS,
    ),
    "In Progress": ("In Progress", "Shipped", "Refund Sent", *_SELLER_CANCELS),
    "Shipped": ("Shipped", "Refund Sent"),
    "Refund Sent": ("Refund Sent", *_SELLER_CANCELS),
}
# The message log's status_id of each status (the document's example: 1, 3, 5, 6).
STATUS_IDS = {
    "New Order": 1,
    "Buyer Contacted": 2,
    "Invoice Sent": 3,
    "Payment Pending": 4,
    "Payment Received": 5,
    "Shipped": 6,
    "Merged": 7,
    "Order Changed": 8,
    "Refund Sent": 9,
    "Cancelled": 10,
    "Cancelled (Non-Paying Buyer)": 11,
    "Cancelled (Item Unavailable)": 12,
    "Cancelled (Per Buyer's Request)": 13,
    "Cancelled (Refund Received)": 14,
    "In Progress": 15,
}
# Statuses in which the seller may no longer change the shipping.
SHIPPING_LOCKED = ("Payment Received", "Shipped")


def next_statuses(status: str) -> list[str]:
    return list(NEXT_STATUS.get(status, ()))


def is_cancelled(status: str) -> bool:
    return status.startswith("Cancelled")


def order_ref(order_id: str) -> dict[str, Any]:
    return {"resource_url": api_url(f"/marketplace/orders/{order_id}"), "id": order_id}


def order_seller_key(order: dict[str, Any]) -> str:
    return order["seller"]["username"].lower()


def order_total(order: dict[str, Any]) -> float:
    items = sum(item["price"]["value"] for item in order["items"])
    return round(items + order["shipping"]["value"], 2)


def status_message(
    order_id: str, actor: dict[str, Any], old: str, new: str, timestamp: str, text: str = ""
) -> dict[str, Any]:
    """The log entry of a status change (type ``status``); ``text`` overrides the wording."""
    return {
        "status_id": STATUS_IDS.get(new, 0),
        "timestamp": timestamp,
        "actor": {"username": actor["username"], "resource_url": actor["resource_url"]},
        "message": text or f"Seller changed status from {old} to {new}",
        "type": "status",
        "order": order_ref(order_id),
        "subject": "",
    }


def shipping_message(order: dict[str, Any], new: float, timestamp: str) -> dict[str, Any]:
    currency = order["shipping"]["currency"]
    seller = order["seller"]["username"]
    return {
        "timestamp": timestamp,
        "original": order["shipping"]["value"],
        "new": new,
        "message": f"{seller} set the shipping price to {formatted(new, currency)}.",
        "type": "shipping",
        "order": order_ref(order["id"]),
        "subject": "",
    }


def text_message(
    order: dict[str, Any], sender: User, text: str, timestamp: str, subject: str
) -> dict[str, Any]:
    """A message someone wrote on the order (type ``message``)."""
    return {
        "from": {
            "id": sender.profile.get("id", 0),
            "username": sender.username,
            "avatar_url": sender.profile.get("avatar_url", ""),
            "resource_url": api_url(f"/users/{sender.username}"),
        },
        "timestamp": timestamp,
        "message": text,
        "type": "message",
        "order": order_ref(order["id"]),
        "subject": subject,
    }


def order_title(order: dict[str, Any], state: SandboxState) -> str:
    """The title of an order's first item's release, as message subjects name orders."""
    release_ref = order["items"][0]["release"]
    release = state.catalogue.releases.get(release_ref["id"])
    if release is not None:
        return release["title"]
    return release_ref.get("description", "").partition(" - ")[2].rsplit(" (", 1)[0]


# -- inventory jobs (exports and uploads) -------------------------------------------------------
JOB_TIME_FORMAT = "%Y-%m-%dT%H:%M:%S"  # the jobs' timestamps: UTC, without an offset


def job_timestamp(epoch: float) -> str:
    return datetime.fromtimestamp(epoch, tz=UTC).strftime(JOB_TIME_FORMAT)


def job_epoch(timestamp: str) -> float:
    return datetime.strptime(timestamp, JOB_TIME_FORMAT).replace(tzinfo=UTC).timestamp()


def new_job(
    job_id: int, owner: User, created: float, stages: list[tuple[float, str]], **fields: Any
) -> dict[str, Any]:
    """A job record: API fields plus ``_owner`` and ``_stages`` ([(epoch, status)], ascending).

    The job's status is that of the last stage that has begun. Fields known only once the
    job finished (finished_ts, results, download_url…) go in ``_final``: shown from then on.
    """
    return {
        "id": job_id,
        "status": stages[0][1],
        "created_ts": job_timestamp(created),
        "finished_ts": None,
        **fields,
        "_owner": owner.key,
        "_stages": stages,
    }


def job_stage(job: dict[str, Any], now: float) -> tuple[float, str]:
    """(when it began, status) of the job's current stage."""
    current = job["_stages"][0]
    for stage in job["_stages"]:
        if stage[0] <= now:
            current = stage
    return current


def job_done(job: dict[str, Any], now: float) -> bool:
    return job_stage(job, now) == job["_stages"][-1]


def public(record: dict[str, Any]) -> dict[str, Any]:
    return {key: value for key, value in record.items() if not key.startswith("_")}


# -- the export CSV ----------------------------------------------------------------------------------
EXPORT_COLUMNS = (
    "listing_id",
    "artist",
    "title",
    "label",
    "catno",
    "format",
    "release_id",
    "status",
    "price",
    "listed",
    "comments",
    "media_condition",
    "sleeve_condition",
    "accept_offer",
    "external_id",
    "weight",
    "format_quantity",
    "flat_shipping",
    "location",
)


def export_rows(state: SandboxState, owner_key: str) -> list[tuple[Any, ...]]:
    """The owner's inventory as export rows (deleted listings are not exported)."""
    return [
        export_row(state, listing)
        for listing in state.listings.values()
        if listing_seller_key(listing) == owner_key and listing["status"] != "Deleted"
    ]


def export_row(state: SandboxState, listing: dict[str, Any]) -> tuple[Any, ...]:
    summary = listing["release"]
    release = state.catalogue.releases.get(summary["id"], {})
    label = (release.get("labels") or [{"name": "", "catno": summary.get("catalog_number", "")}])[0]
    artist, title = listing_description(listing)
    listed = datetime.fromisoformat(listing["posted"]).astimezone(UTC).strftime("%Y-%m-%d %H:%M:%S")
    return (
        listing["id"],
        display_artist(release) if release else artist,
        release.get("title", title),
        label["name"],
        label["catno"],
        format_summary(release.get("formats", ())) if release else summary.get("format", ""),
        summary["id"],
        listing["status"],
        f"{listing['price']['value']:.2f}",
        listed,
        listing.get("comments", ""),
        listing["condition"],
        listing.get("sleeve_condition", ""),
        "Y" if listing.get("allow_offers") else "N",
        listing.get("external_id", ""),
        listing.get("weight", ""),
        listing.get("format_quantity", ""),
        f"{listing.get('shipping_price', {}).get('value', 0):.2f}",
        listing.get("location", ""),
    )

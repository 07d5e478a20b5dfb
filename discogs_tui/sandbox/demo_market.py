"""Seeds the marketplace (the model is in ``market.py``).

Seeded, deterministically (``random.Random(SEED)``):

* the document's examples verbatim: listing 172723812 (Booms528), rappcats' inventory,
  order 1-1 and order 845236-9, both with the document's messages (sold by example_seller, bought by
  example_buyer), export 599632 and upload 119615 (both the demo user's jobs);
* the demo user's inventory of 600 listings in every status, 50 orders as seller with
  2 to 8 messages each, and a few other sellers' For Sale listings — all on generated
  releases, so the document's releases carry only the document's listings.

Users the seed needs and ``demo_users`` did not create are created here; the document's
users get the personal tokens of ``SEED_TOKENS`` (unless they already have one).
"""

from __future__ import annotations

import random
from datetime import datetime, timedelta
from typing import Any

from discogs_tui.sandbox import examples
from discogs_tui.sandbox.catalogue import (
    GENERATED_ID_START,
    listing_release_summary,
)
from discogs_tui.sandbox.config import DEMO_USERNAME
from discogs_tui.sandbox.market import (
    export_rows,
    is_cancelled,
    job_epoch,
    marketplace_fee,
    new_job,
    new_listing,
    order_title,
    order_total,
    shipping_message,
    ships_from,
    ships_from_currency,
    status_message,
    text_message,
    user_ref,
)
from discogs_tui.sandbox.money import (
    convert,
    money,
)
from discogs_tui.sandbox.state import (
    DISCOGS_TZ,
    MEDIA_CONDITIONS,
    SLEEVE_CONDITIONS,
    WEBSITE,
    SandboxState,
    User,
    api_url,
    format_timestamp,
)

SEED = 528

# Personal tokens of the document's users, so tests and people can act as them.
SEED_TOKENS = {
    "example_seller": "sandbox-token-example_seller",
    "example_buyer": "sandbox-token-example_buyer",
    "Booms528": "sandbox-token-Booms528",
    "rappcats": "sandbox-token-rappcats",
}


def new_profile(username: str, user_id: int, currency: str, **extra: Any) -> dict[str, Any]:
    """A profile in the shape of GET /users/{username} (owner's view, counters left out)."""
    profile = {
        "id": user_id,
        "username": username,
        "name": "",
        "profile": "",
        "home_page": "",
        "location": ships_from_currency(currency),
        "registered": "2012-03-14T10:21:05-07:00",
        "rank": 0,
        "num_pending": 0,
        "releases_contributed": 0,
        "releases_rated": 0,
        "rating_avg": 0.0,
        "resource_url": api_url(f"/users/{username}"),
        "uri": f"{WEBSITE}/user/{username}",
        "inventory_url": api_url(f"/users/{username}/inventory"),
        "collection_folders_url": api_url(f"/users/{username}/collection/folders"),
        "collection_fields_url": api_url(f"/users/{username}/collection/fields"),
        "wantlist_url": api_url(f"/users/{username}/wants"),
        "avatar_url": f"https://secure.gravatar.com/avatar/{user_id:032x}?s=500&r=pg&d=mm",
        "banner_url": "",
        "buyer_rating": 100.0,
        "buyer_rating_stars": 5,
        "buyer_num_ratings": 12,
        "seller_rating": 100.0,
        "seller_rating_stars": 5,
        "seller_num_ratings": 15,
        "curr_abbr": currency,
    }
    profile.update(extra)
    return profile


def ensure_user(
    state: SandboxState, username: str, user_id: int, currency: str = "USD", **extra: Any
) -> User:
    """The user ``username``, created with a fresh profile if the users' seed has none."""
    user = state.user(username)
    if user is None:
        profile = new_profile(username, user_id, currency, **extra)
        user = state.add_user(
            User(username=username, profile=profile, email=f"{username.lower()}@example.com")
        )
    if user.token is None and username in SEED_TOKENS:
        user.token = SEED_TOKENS[username]
    return user


# -- the seed -------------------------------------------------------------------------------------
DEMO_LISTING_STATUSES = (
    ("For Sale", 410),
    ("Sold", 110),
    ("Draft", 30),
    ("Expired", 25),
    ("Deleted", 10),
    ("Suspended", 8),
    ("Violation", 7),
)
DEMO_ORDERS = 50
ORDER_STATUS_WEIGHTS = {
    "New Order": 8,
    "Buyer Contacted": 3,
    "Invoice Sent": 5,
    "Payment Pending": 3,
    "Payment Received": 6,
    "In Progress": 3,
    "Shipped": 12,
    "Merged": 1,
    "Order Changed": 1,
    "Refund Sent": 2,
    "Cancelled": 1,
    "Cancelled (Non-Paying Buyer)": 2,
    "Cancelled (Item Unavailable)": 1,
    "Cancelled (Per Buyer's Request)": 1,
    "Cancelled (Refund Received)": 1,
}
# The statuses an order passes through to reach each status, after "New Order".
STATUS_PATHS: dict[str, tuple[str, ...]] = {
    "Buyer Contacted": ("Buyer Contacted",),
    "Invoice Sent": ("Invoice Sent",),
    "Payment Pending": ("Invoice Sent", "Payment Pending"),
    "Payment Received": ("Invoice Sent", "Payment Received"),
    "In Progress": ("Invoice Sent", "Payment Received", "In Progress"),
    "Shipped": ("Invoice Sent", "Payment Received", "Shipped"),
    "Refund Sent": ("Invoice Sent", "Payment Received", "Shipped", "Refund Sent"),
    "Cancelled (Refund Received)": (
        "Invoice Sent",
        "Payment Received",
        "Cancelled (Refund Received)",
    ),
}
BUYER_POOL = (
    "milKt",
    "jerome99",
    "Diognes_The_Fox",
    "Aquacrash_Dj",
    "example_buyer",
    "Kassette_Kid",
)
# Other sellers: username -> (user id if created here, currency if created here, listings).
OTHER_SELLERS = {
    "grooveminer": (7310021, "CAD", 120),
    "nordlicht": (7310022, "EUR", 90),
    "vinylwolf": (7310023, "USD", 70),
    "Kassette_Kid": (7310024, "GBP", 40),
    "Booms528": (1369620, "USD", 12),
}
BUYER_IDS = {
    "milKt": 7310031,
    "jerome99": 7310032,
    "Diognes_The_Fox": 7310033,
    "Aquacrash_Dj": 7310034,
}
LISTING_ID_START = 200_000_001
EXPORT_ID_START = 600_001
UPLOAD_ID_START = 120_001
CONDITION_FACTORS = (1.4, 1.2, 1.0, 0.7, 0.45, 0.3, 0.2, 0.1)  # by MEDIA_CONDITIONS
COMMENTS = (
    "",
    "",
    "Plays through without skips.",
    "Light marks, no effect on play.",
    "Still sealed.",
    "Corner ding on the sleeve.",
    "Includes the original inner sleeve and insert.",
    "Small seam split at the top.",
    "Promo stamp on the back cover.",
    "Light ring wear.",
    "Cleaned on a vacuum machine.",
)
CHAT = (
    ("buyer", "Hi! Could you combine shipping with my other order?"),
    ("seller", "Thank you for your order!"),
    ("buyer", "Payment sent, thanks."),
    ("seller", "Packed with stiffeners, it goes out tomorrow."),
    ("buyer", "Any chance of tracking?"),
    ("seller", "Tracking number is in the shipping confirmation."),
)
STREETS = ("Elm St.", "Harbour Rd.", "Linden Allee", "Queen St.", "Rue des Lilas", "Maple Ave.")
INSTRUCTIONS = (
    "",
    "",
    "please use sturdy packaging.",
    "No rush.",
    "Please ship without the shrink wrap.",
)
_SEED_EPOCH = datetime(2024, 6, 30, 12, 0, tzinfo=DISCOGS_TZ)


class _Seeder:
    """Builds the seed with one random generator, in a fixed order."""

    def __init__(self, state: SandboxState) -> None:
        self.state = state
        self.rng = random.Random(SEED)
        # Generated releases only: the document's releases keep just the document's listings.
        first = GENERATED_ID_START["release"]
        self.release_ids = sorted(i for i in state.catalogue.releases if i >= first)

    # -- helpers
    def moment(self, days_back: float) -> datetime:
        return _SEED_EPOCH - timedelta(
            days=self.rng.uniform(0, days_back), seconds=self.rng.randrange(86400)
        )

    def price_for(self, release: dict[str, Any], condition: str, currency: str) -> float:
        base = release.get("lowest_price") or self.rng.uniform(3, 40)
        factor = CONDITION_FACTORS[MEDIA_CONDITIONS.index(condition)]
        usd = max(0.99, base * factor * self.rng.uniform(0.9, 1.8))
        return round(convert(usd, "USD", currency), 2 if currency != "JPY" else 0)

    def add_listing(self, user: User, status: str, *, owner_extras: bool) -> dict[str, Any]:
        rng = self.rng
        release = self.state.catalogue.releases[rng.choice(self.release_ids)]
        condition = rng.choice(MEDIA_CONDITIONS[:6])
        listing = new_listing(
            user,
            self.state.next_id("listing", LISTING_ID_START),
            release,
            format_timestamp(self.moment(5 * 365)),
            price=self.price_for(release, condition, user.currency),
            condition=condition,
            sleeve_condition=rng.choice(SLEEVE_CONDITIONS[:6] + SLEEVE_CONDITIONS[8:]),
            status=status,
            shipping=round(convert(rng.choice((2.5, 3.0, 4.5, 6.0)), "USD", user.currency), 2),
        )
        listing["comments"] = rng.choice(COMMENTS)
        listing["allow_offers"] = rng.random() < 0.4
        if owner_extras:
            listing["external_id"] = f"SKU-{listing['id'] % 100_000:05d}"
            listing["location"] = f"Shelf {rng.choice('ABCDEFG')}{rng.randint(1, 12)}"
        self.state.listings[listing["id"]] = listing
        return listing

    # -- the document's examples
    def document_examples(self) -> None:
        state = self.state
        ensure_user(
            state,
            "Booms528",
            1369620,
            avatar_url=examples.LISTING_172723812["seller"]["avatar_url"],
        )
        ensure_user(state, "rappcats", 2098225)
        seller = ensure_user(
            state,
            "example_seller",
            1001,  # the messages example's id (order 1-1 names it with id 1, as the document does)
            avatar_url=examples.ORDER_845236_9_MESSAGES[2]["from"]["avatar_url"],
        )
        buyer = ensure_user(state, "example_buyer", 2)
        buyer.seller_settings = False  # a buyer only: no price suggestions
        for listing in (examples.LISTING_172723812, *examples.INVENTORY_RAPPCATS_LISTINGS):
            state.listings[listing["id"]] = _copy(listing)
            state.reserve_id("listing", listing["id"])
        state.orders["1-1"] = _copy(examples.ORDER_1_1)
        # The document answers GET /marketplace/orders/1-1/messages with this thread, verbatim
        # (its entries name order 845236-9, the merged order it comes from).
        state.order_messages["1-1"] = list(reversed(_copy(examples.ORDER_845236_9_MESSAGES)))
        self.merged_order(seller, buyer)

    def merged_order(self, seller: User, buyer: User) -> None:
        """Order 845236-9 of the messages example: two items, shipped, $5 refunded."""
        releases = [r for r in (self.state.catalogue.releases.get(i) for i in (2964, 4674)) if r]
        items = [
            {
                "release": _order_release(release),
                "price": money(price, "USD"),
                "media_condition": "Very Good Plus (VG+)",
                "sleeve_condition": "Very Good Plus (VG+)",
                "id": 150_000_001 + index,
            }
            for index, (release, price) in enumerate(zip(releases, (18.0, 12.5), strict=False))
        ]
        log = list(reversed(_copy(examples.ORDER_845236_9_MESSAGES)))
        order = _order_shell(
            "845236-9", seller, buyer, "Shipped", log[0]["timestamp"], items, "USD"
        )
        order["shipping"]["value"] = 5.0
        order["total"]["value"] = order_total(order)
        order["last_activity"] = log[-1]["timestamp"]
        self.state.orders[order["id"]] = order
        self.state.order_messages[order["id"]] = log

    # -- the demo user
    def demo_inventory(self, demo: User) -> list[dict[str, Any]]:
        statuses = [status for status, count in DEMO_LISTING_STATUSES for _ in range(count)]
        self.rng.shuffle(statuses)
        listings = [self.add_listing(demo, status, owner_extras=True) for status in statuses]
        return [listing for listing in listings if listing["status"] == "Sold"]

    def demo_orders(self, demo: User, sold: list[dict[str, Any]]) -> None:
        rng = self.rng
        buyers = [
            ensure_user(self.state, name, BUYER_IDS.get(name, 7310039), "USD")
            for name in BUYER_POOL
        ]
        statuses = rng.choices(
            list(ORDER_STATUS_WEIGHTS), weights=list(ORDER_STATUS_WEIGHTS.values()), k=DEMO_ORDERS
        )
        seller_id = demo.profile.get("id", 0)
        for number, status in enumerate(statuses, start=1):
            count = min(len(sold), rng.choice((1, 1, 1, 2, 2, 3)))
            taken, sold = sold[:count], sold[count:]
            if not taken:
                break
            self.demo_order(f"{seller_id}-{number}", demo, rng.choice(buyers), status, taken)

    def demo_order(
        self, order_id: str, seller: User, buyer: User, status: str, sold: list[dict[str, Any]]
    ) -> None:
        rng = self.rng
        created = self.moment(2 * 365)
        items = [
            {
                "release": _order_release(
                    self.state.catalogue.releases.get(listing["release"]["id"], {}), listing
                ),
                "price": dict(listing["price"]),
                "media_condition": listing["condition"],
                "sleeve_condition": listing["sleeve_condition"],
                "id": listing["id"],
            }
            for listing in sold
        ]
        order = _order_shell(
            order_id, seller, buyer, status, format_timestamp(created), items, seller.currency
        )
        order["shipping"]["value"] = sold[0]["shipping_price"]["value"]
        order["archived"] = (
            status in ("Shipped", "Merged") or is_cancelled(status)
        ) and rng.random() < 0.4
        order["shipping_address"] = self.address(buyer)
        order["additional_instructions"] = rng.choice(INSTRUCTIONS)
        self.state.orders[order_id] = order
        self.state.order_messages[order_id] = self.history(order, seller, buyer, created)
        order["total"]["value"] = order_total(order)
        order["last_activity"] = self.state.order_messages[order_id][-1]["timestamp"]

    def history(
        self, order: dict[str, Any], seller: User, buyer: User, created: datetime
    ) -> list[dict[str, Any]]:
        """2 to 8 log entries: creation, the status path (with the invoice), some chat."""
        rng = self.rng
        clock = [created]

        def tick() -> str:
            clock[0] += timedelta(minutes=rng.randint(5, 3000))
            return format_timestamp(clock[0])

        order_id, status = order["id"], order["status"]
        seller_ref, buyer_ref = user_ref(seller), user_ref(buyer)
        opened = f"{buyer.username} created the order."
        log = [
            status_message(order_id, buyer_ref, "", "New Order", format_timestamp(created), opened)
        ]
        subject = f"New Message - Order #{order_id} - {order_title(order, self.state)}"
        previous = "New Order"
        path = STATUS_PATHS.get(status, (status,) if status != "New Order" else ())
        for step in path:
            if step == "Invoice Sent":
                entry = shipping_message(order, order["shipping"]["value"], tick())
                entry["original"] = 0.0
                log.append(entry)
            log.append(status_message(order_id, seller_ref, previous, step, tick()))
            previous = step
        for _ in range(rng.randint(1 if len(log) < 2 else 0, min(2, 8 - len(log)))):
            role, text = rng.choice(CHAT)
            log.append(
                text_message(order, seller if role == "seller" else buyer, text, tick(), subject)
            )
        return log

    def address(self, buyer: User) -> str:
        rng = self.rng
        country = ships_from(buyer)
        return (
            f"{buyer.profile.get('name') or buyer.username}\n{rng.randint(1, 999)} {rng.choice(STREETS)}\n"
            f"{rng.randint(10000, 99999)} {buyer.profile.get('location') or country}\n{country}"
        )

    # -- other sellers and jobs
    def other_sellers(self) -> None:
        for username, (user_id, currency, count) in OTHER_SELLERS.items():
            user = ensure_user(self.state, username, user_id, currency)
            for _ in range(count):
                self.add_listing(user, "For Sale", owner_extras=False)

    def jobs(self, demo: User) -> None:
        state = self.state
        export = examples.INVENTORY_EXPORT_599632
        finished = job_epoch(export["finished_ts"])
        job = new_job(export["id"], demo, job_epoch(export["created_ts"]), [(finished, "success")])
        job.update(_copy(export))
        job["_rows"] = export_rows(state, demo.key)
        state.exports[job["id"]] = job
        state.reserve_id("export", EXPORT_ID_START - 1)
        upload = examples.INVENTORY_UPLOAD_119615
        job = new_job(
            upload["id"],
            demo,
            job_epoch(upload["created_ts"]),
            [(job_epoch(upload["finished_ts"]), "success")],
        )
        job.update(_copy(upload))
        state.uploads[job["id"]] = job
        state.reserve_id("upload", UPLOAD_ID_START - 1)


def _copy(value: Any) -> Any:
    """A deep copy of plain JSON data (examples stay pristine)."""
    if isinstance(value, dict):
        return {key: _copy(item) for key, item in value.items()}
    if isinstance(value, list):
        return [_copy(item) for item in value]
    return value


def _order_release(
    release: dict[str, Any], listing: dict[str, Any] | None = None
) -> dict[str, Any]:
    summary = listing["release"] if listing else listing_release_summary(release)
    return {
        "id": summary["id"],
        "description": summary["description"],
        "resource_url": summary["resource_url"],
        "thumbnail": summary.get("thumbnail", ""),
    }


def _order_shell(
    order_id: str,
    seller: User,
    buyer: User,
    status: str,
    created: str,
    items: list[dict[str, Any]],
    currency: str,
) -> dict[str, Any]:
    items_total = round(sum(item["price"]["value"] for item in items), 2)
    return {
        "id": order_id,
        "resource_url": api_url(f"/marketplace/orders/{order_id}"),
        "messages_url": api_url(f"/marketplace/orders/{order_id}/messages"),
        "uri": f"{WEBSITE}/sell/order/{order_id}",
        "status": status,
        "fee": money(marketplace_fee(items_total), currency),
        "created": created,
        "items": items,
        "shipping": {"currency": currency, "method": "Standard", "value": 0.0},
        "shipping_address": "",
        "additional_instructions": "",
        "archived": False,
        "seller": user_ref(seller),
        "last_activity": created,
        "buyer": user_ref(buyer),
        "total": money(items_total, currency),
    }


def seed(state: SandboxState) -> None:
    """The marketplace's starting state (see the module docstring)."""
    seeder = _Seeder(state)
    demo = state.user(DEMO_USERNAME)
    if demo is None:
        demo = ensure_user(state, DEMO_USERNAME, 9000001)
    seeder.document_examples()
    sold = seeder.demo_inventory(demo)
    seeder.demo_orders(demo, sold)
    seeder.other_sellers()
    seeder.jobs(demo)

"""The sandbox marketplace: inventories, listings, orders, messages, fees, suggestions, stats."""

from __future__ import annotations

import copy
import json
import re
from collections.abc import AsyncIterator, Callable
from typing import Any

import httpx
import pytest

from discogs_tui.sandbox import examples
from discogs_tui.sandbox.config import DEMO_USERNAME
from discogs_tui.sandbox.demo_market import (
    SEED_TOKENS,
)
from discogs_tui.sandbox.market import (
    marketplace_fee,
    next_statuses,
)
from discogs_tui.sandbox.state import LISTING_STATUSES
from tests.conftest import make_client

INVALID_STATUS = "Invalid status: expected one of All, Deleted, Draft, Expired, For Sale, Sold, Suspended, Violation."
IMAGE_HOSTS = re.compile(r"https?://(?:api-img|img|i)\.discogs\.com/")
OWNER_KEYS = {"weight", "format_quantity", "external_id", "location", "quantity"}
Client = Callable[[str], httpx.AsyncClient]


def served(example: Any) -> Any:
    """An example as the sandbox serves it to an authenticated client: image URLs point at
    the sandbox's image route."""
    text = IMAGE_HOSTS.sub("https://api.discogs.com/images/", json.dumps(example))
    return json.loads(text)


@pytest.fixture
async def as_user(sandbox_app) -> AsyncIterator[Client]:
    """``as_user(name)``: a client signed in with that user's personal token."""
    clients: list[httpx.AsyncClient] = []

    def open_client(username: str) -> httpx.AsyncClient:
        token = sandbox_app.state.sandbox.user(username).token
        client = make_client(sandbox_app, {"Authorization": f"Discogs token={token}"})
        clients.append(client)
        return client

    yield open_client
    for client in clients:
        await client.aclose()


def state_of(app):
    return app.state.sandbox


def demo_listings(app, status: str | None = None) -> list[dict[str, Any]]:
    return [
        listing
        for listing in state_of(app).listings.values()
        if listing["seller"]["username"] == DEMO_USERNAME and status in (None, listing["status"])
    ]


def demo_order(app, status: str) -> dict[str, Any]:
    return next(
        order
        for order in state_of(app).orders.values()
        if order["seller"]["username"] == DEMO_USERNAME and order["status"] == status
    )


# -- seed ------------------------------------------------------------------------------------------
def test_seed_has_the_documented_users_with_tokens(sandbox_app):
    for username, token in SEED_TOKENS.items():
        assert state_of(sandbox_app).user(username).token == token


def test_demo_inventory_covers_every_status(sandbox_app):
    listings = demo_listings(sandbox_app)
    assert len(listings) == 600
    statuses = {listing["status"] for listing in listings}
    assert statuses == set(LISTING_STATUSES)
    assert all(listing.keys() >= OWNER_KEYS for listing in listings)


def test_demo_orders_reference_sold_listings(sandbox_app):
    state = state_of(sandbox_app)
    orders = [o for o in state.orders.values() if o["seller"]["username"] == DEMO_USERNAME]
    assert len(orders) == 50
    for order in orders:
        assert 2 <= len(state.order_messages[order["id"]]) <= 8
        for item in order["items"]:
            assert state.listings[item["id"]]["status"] == "Sold"
        items = sum(item["price"]["value"] for item in order["items"])
        assert order["total"]["value"] == pytest.approx(items + order["shipping"]["value"])


# -- inventory -----------------------------------------------------------------------------------------
async def test_rappcats_inventory_is_the_documents_example(consumer):
    answer = await consumer.get("/users/rappcats/inventory")
    assert answer.status_code == 200
    body = answer.json()
    assert body["listings"] == served(examples.INVENTORY_RAPPCATS_LISTINGS)
    assert body["pagination"] == examples.INVENTORY_RAPPCATS_PAGINATION


async def test_others_see_only_for_sale_without_owner_keys(anon, sandbox_app):
    answer = await anon.get(f"/users/{DEMO_USERNAME}/inventory", params={"per_page": 100})
    body = answer.json()
    assert body["pagination"]["items"] == len(demo_listings(sandbox_app, "For Sale"))
    for listing in body["listings"]:
        assert listing["status"] == "For Sale"
        assert not OWNER_KEYS & listing.keys()
        assert "in_cart" not in listing
        assert set(listing["seller"]) == {"username", "resource_url", "id"}


async def test_authenticated_others_get_in_cart(as_user):
    answer = await as_user("example_buyer").get(f"/users/{DEMO_USERNAME}/inventory")
    assert all(listing["in_cart"] is False for listing in answer.json()["listings"])


async def test_owner_sees_every_status_and_owner_keys(client):
    answer = await client.get(f"/users/{DEMO_USERNAME}/inventory", params={"per_page": 100})
    body = answer.json()
    assert body["pagination"]["items"] == 600
    assert all(
        listing.keys() >= OWNER_KEYS and "in_cart" not in listing for listing in body["listings"]
    )


@pytest.mark.parametrize("status", ["Sold", "Draft", "for sale", "Violation"])
async def test_owner_filters_by_status(client, sandbox_app, status):
    answer = await client.get(
        f"/users/{DEMO_USERNAME}/inventory", params={"status": status, "per_page": 100}
    )
    listings = answer.json()["listings"]
    assert listings
    assert {listing["status"].lower() for listing in listings} == {status.lower()}


async def test_unknown_status_is_the_documents_422(client, anon):
    for who in (client, anon):
        answer = await who.get(f"/users/{DEMO_USERNAME}/inventory", params={"status": "Lost"})
        assert answer.status_code == 422
        assert answer.json() == {"message": INVALID_STATUS}


async def test_sort_by_price_descending(anon):
    answer = await anon.get(
        "/users/rappcats/inventory", params={"sort": "price", "sort_order": "desc"}
    )
    prices = [listing["price"]["value"] for listing in answer.json()["listings"]]
    assert prices == sorted(prices, reverse=True) == [229.99, 149.99, 49.99, 39.99]


@pytest.mark.parametrize("sort", ["status", "location"])
async def test_owner_only_sort_keys(client, anon, sort):
    assert (
        await anon.get(f"/users/{DEMO_USERNAME}/inventory", params={"sort": sort})
    ).status_code == 422
    mine = await client.get(
        f"/users/{DEMO_USERNAME}/inventory", params={"sort": sort, "per_page": 100}
    )
    assert mine.status_code == 200
    keys = [listing[sort].lower() for listing in mine.json()["listings"]]
    assert keys == sorted(keys)


async def test_unknown_sort_and_user(anon):
    assert (
        await anon.get("/users/rappcats/inventory", params={"sort": "colour"})
    ).status_code == 422
    assert (await anon.get("/users/nobody_at_all_here/inventory")).status_code == 404


async def test_others_cannot_page_past_page_100(anon, consumer, client):
    path = f"/users/{DEMO_USERNAME}/inventory"
    assert (await anon.get(path, params={"per_page": 1, "page": 100})).status_code == 200
    for who in (anon, consumer):
        answer = await who.get(path, params={"per_page": 1, "page": 101})
        assert answer.status_code == 403
        assert "page 100" in answer.json()["message"]
    assert (await client.get(path, params={"per_page": 1, "page": 101})).status_code == 200


# -- single listings ------------------------------------------------------------------------------
async def test_listing_example_is_verbatim_for_its_owner_and_consumers(as_user, consumer):
    for who in (as_user("Booms528"), consumer):
        answer = await who.get("/marketplace/listings/172723812")
        assert answer.status_code == 200
        assert answer.json() == served(examples.LISTING_172723812)


async def test_listing_for_other_users_and_anonymous(client, anon):
    mine = await client.get("/marketplace/listings/172723812")
    assert mine.json()["in_cart"] is False
    anonymous = (await anon.get("/marketplace/listings/172723812")).json()
    assert "in_cart" not in anonymous
    assert anonymous["release"]["thumbnail"] == ""


async def test_listing_price_in_curr_abbr(anon):
    answer = await anon.get("/marketplace/listings/172723812", params={"curr_abbr": "EUR"})
    body = answer.json()
    assert body["price"] == {"currency": "EUR", "value": 110.4}
    assert body["original_price"]["curr_abbr"] == "USD"
    assert body["shipping_price"]["currency"] == "EUR"
    assert (
        await anon.get("/marketplace/listings/172723812", params={"curr_abbr": "XYZ"})
    ).status_code == 422


async def test_owner_keys_only_for_the_owner(client, anon, sandbox_app):
    listing = demo_listings(sandbox_app, "For Sale")[0]
    mine = (await client.get(f"/marketplace/listings/{listing['id']}")).json()
    assert mine.keys() >= OWNER_KEYS
    theirs = (await anon.get(f"/marketplace/listings/{listing['id']}")).json()
    assert not OWNER_KEYS & theirs.keys()


async def test_non_for_sale_listings_are_hidden_from_others(client, anon, sandbox_app):
    sold = demo_listings(sandbox_app, "Sold")[0]
    assert (await anon.get(f"/marketplace/listings/{sold['id']}")).status_code == 404
    assert (await client.get(f"/marketplace/listings/{sold['id']}")).status_code == 200
    assert (await anon.get("/marketplace/listings/999")).status_code == 404
    assert (await anon.get("/marketplace/listings/abc")).status_code == 404


async def test_edit_changes_only_what_is_sent(client, sandbox_app):
    listing = demo_listings(sandbox_app, "For Sale")[0]
    path = f"/marketplace/listings/{listing['id']}"
    before = (await client.get(path)).json()
    answer = await client.post(
        path, json={"price": "15.50", "comments": "Now with insert", "weight": "auto"}
    )
    assert answer.status_code == 204
    after = (await client.get(path)).json()
    assert after["price"]["value"] == 15.5
    assert after["original_price"]["value"] == 15.5
    assert after["comments"] == "Now with insert"
    assert after["condition"] == before["condition"]
    assert after["release"] == before["release"]


async def test_edit_release_condition_and_status(client, sandbox_app):
    listing = demo_listings(sandbox_app, "Draft")[0]
    path = f"/marketplace/listings/{listing['id']}"
    sent = {
        "release_id": "249504",
        "condition": "Mint (M)",
        "sleeve_condition": "Generic",
        "status": "For Sale",
    }
    assert (await client.post(path, json=sent)).status_code == 204
    after = (await client.get(path)).json()
    assert after["release"]["id"] == 249504
    assert (after["condition"], after["sleeve_condition"], after["status"]) == (
        "Mint (M)",
        "Generic",
        "For Sale",
    )


@pytest.mark.parametrize(
    "sent",
    [
        {"condition": "Mint"},
        {"sleeve_condition": "mint (m)"},
        {"price": 0},
        {"price": "cheap"},
        {"status": "Sold"},
        {"allow_offers": "maybe"},
        {"weight": -3},
        {"release_id": 1234567890},
    ],
)
async def test_edit_validation(client, sandbox_app, sent):
    listing = demo_listings(sandbox_app, "For Sale")[0]
    answer = await client.post(f"/marketplace/listings/{listing['id']}", json=sent)
    assert answer.status_code == 422
    assert answer.json()["message"].startswith("Invalid")


async def test_edit_permissions(client, anon, consumer, sandbox_app):
    path = "/marketplace/listings/172723812"
    assert (await anon.post(path, json={"price": 1})).status_code == 401
    assert (await consumer.post(path, json={"price": 1})).status_code == 401
    assert (await client.post(path, json={"price": 1})).status_code == 403
    sold = demo_listings(sandbox_app, "Sold")[0]
    answer = await client.post(f"/marketplace/listings/{sold['id']}", json={"price": 1})
    assert answer.status_code == 403
    assert "only deleted" in answer.json()["message"]


async def test_delete(client, sandbox_app):
    listing = demo_listings(sandbox_app, "For Sale")[0]
    path = f"/marketplace/listings/{listing['id']}"
    assert (await client.delete("/marketplace/listings/172723812")).status_code == 403
    assert (await client.delete(path)).status_code == 204
    assert (await client.get(path)).status_code == 404
    assert (await client.delete(path)).status_code == 404


async def test_create_listing_shows_in_inventory(client, sandbox_app):
    sent = {
        "release_id": "249504",
        "condition": "Very Good Plus (VG+)",
        "price": 12.5,
        "allow_offers": True,
    }
    answer = await client.post("/marketplace/listings", json=sent)
    assert answer.status_code == 201
    body = answer.json()
    assert set(body) == {"listing_id", "resource_url"}
    assert body["resource_url"].endswith(f"/marketplace/listings/{body['listing_id']}")
    inventory = await client.get(
        f"/users/{DEMO_USERNAME}/inventory", params={"sort": "listed", "sort_order": "desc"}
    )
    newest = inventory.json()["listings"][0]
    assert newest["id"] == body["listing_id"]
    assert newest["status"] == "For Sale"
    assert newest["price"]["currency"] == state_of(sandbox_app).user(DEMO_USERNAME).currency
    assert newest["allow_offers"] is True
    assert newest["weight"] == state_of(sandbox_app).catalogue.releases[249504]["estimated_weight"]


async def test_create_as_draft_with_form_body(client):
    form = {"release_id": "1", "condition": "Good (G)", "price": "3", "status": "Draft"}
    answer = await client.post("/marketplace/listings", data=form)
    assert answer.status_code == 201
    listing = (
        await client.get(answer.json()["resource_url"].replace("https://api.discogs.com", ""))
    ).json()
    assert listing["status"] == "Draft"


@pytest.mark.parametrize(
    "sent",
    [
        {"condition": "Mint (M)", "price": 5},
        {"release_id": 1, "price": 5},
        {"release_id": 1, "condition": "Mint (M)"},
        {"release_id": 987654321, "condition": "Mint (M)", "price": 5},
        {"release_id": 1, "condition": "Mint (M)", "price": -1},
    ],
)
async def test_create_validation(client, sent):
    assert (await client.post("/marketplace/listings", json=sent)).status_code == 422


async def test_create_needs_a_user(anon, consumer):
    sent = {"release_id": 1, "condition": "Mint (M)", "price": 5}
    for who in (anon, consumer):
        answer = await who.post("/marketplace/listings", json=sent)
        assert answer.status_code == 401
        assert "WWW-Authenticate" in answer.headers


# -- orders ----------------------------------------------------------------------------------------
async def test_order_example_is_verbatim_for_its_seller(as_user):
    answer = await as_user("example_seller").get("/marketplace/orders/1-1")
    assert answer.status_code == 200
    assert answer.json() == examples.ORDER_1_1


async def test_order_permissions(client, anon, consumer, as_user):
    assert (await anon.get("/marketplace/orders/1-1")).status_code == 401
    assert (await consumer.get("/marketplace/orders/1-1")).status_code == 401
    assert (await client.get("/marketplace/orders/1-1")).status_code == 403
    assert (await as_user("example_buyer").get("/marketplace/orders/1-1")).status_code == 403
    assert (await client.get("/marketplace/orders/9-999")).status_code == 404


async def test_setting_shipping_invoices_the_buyer(as_user):
    seller = as_user("example_seller")
    answer = await seller.post("/marketplace/orders/1-1", json={"shipping": "5.00"})
    assert answer.status_code == 200
    body = answer.json()
    expected = copy.deepcopy(examples.ORDER_1_1_EDITED)
    for key in ("last_activity", "items"):
        body.pop(key)
        expected.pop(key)
    assert body == expected
    messages = (await seller.get("/marketplace/orders/1-1/messages")).json()["messages"]
    assert [m["type"] for m in messages[:3]] == ["status", "shipping", "refund_received"]
    assert messages[0]["message"] == "Seller changed status from New Order to Invoice Sent"
    assert messages[1]["new"] == 5.0


async def test_status_change_must_be_a_next_status(client, sandbox_app):
    shipped = demo_order(sandbox_app, "Shipped")
    path = f"/marketplace/orders/{shipped['id']}"
    answer = await client.post(path, json={"status": "New Order"})
    assert answer.status_code == 422
    assert "Refund Sent" in answer.json()["message"]
    answer = await client.post(path, json={"status": "Refund Sent"})
    assert answer.status_code == 200
    body = answer.json()
    assert body["status"] == "Refund Sent"
    assert body["next_status"] == next_statuses("Refund Sent")
    latest = (await client.get(f"{path}/messages")).json()["messages"][0]
    assert latest["type"] == "status"
    assert latest["message"] == "Seller changed status from Shipped to Refund Sent"
    assert latest["timestamp"] == body["last_activity"]


async def test_order_edit_rules(client, sandbox_app):
    new = demo_order(sandbox_app, "New Order")["id"]
    both = await client.post(
        f"/marketplace/orders/{new}", json={"status": "Shipped", "shipping": 3}
    )
    assert both.status_code == 422
    paid = demo_order(sandbox_app, "Payment Received")["id"]
    assert (
        await client.post(f"/marketplace/orders/{paid}", json={"shipping": 3})
    ).status_code == 422
    assert (
        await client.post(f"/marketplace/orders/{new}", json={"shipping": "free"})
    ).status_code == 422
    cancelled = demo_order(sandbox_app, "Cancelled (Non-Paying Buyer)")
    assert cancelled["status"] and next_statuses(cancelled["status"]) == []
    answer = await client.post(f"/marketplace/orders/{cancelled['id']}", json={"status": "Shipped"})
    assert answer.status_code == 422


async def test_orders_list_is_the_sellers(client, as_user, anon):
    answer = await client.get("/marketplace/orders", params={"per_page": 100})
    body = answer.json()
    assert body["pagination"]["items"] == 50
    assert {order["seller"]["username"] for order in body["orders"]} == {DEMO_USERNAME}
    assert all(order["next_status"] == next_statuses(order["status"]) for order in body["orders"])
    theirs = (await as_user("example_seller").get("/marketplace/orders")).json()
    assert {order["id"] for order in theirs["orders"]} == {"1-1", "845236-9"}
    assert (await anon.get("/marketplace/orders")).status_code == 401


async def test_orders_filters(client, sandbox_app):
    state = state_of(sandbox_app)
    mine = [o for o in state.orders.values() if o["seller"]["username"] == DEMO_USERNAME]

    async def ids(**params) -> set[str]:
        answer = await client.get("/marketplace/orders", params={"per_page": 100, **params})
        assert answer.status_code == 200, answer.text
        return {order["id"] for order in answer.json()["orders"]}

    assert await ids(status="Shipped") == {o["id"] for o in mine if o["status"] == "Shipped"}
    assert await ids(status="Cancelled") == {
        o["id"] for o in mine if o["status"].startswith("Cancelled")
    }
    assert len(await ids(status="All")) == 50
    assert await ids(archived="true") == {o["id"] for o in mine if o["archived"]}
    assert await ids(archived="false") == {o["id"] for o in mine if not o["archived"]}
    middle = sorted(o["created"] for o in mine)[25]
    after = await ids(created_after=middle)
    before = await ids(created_before=middle)
    assert len(after) == 25 and len(before) == 26 and len(after & before) == 1
    assert await ids(created_after="2030-01-01T00:00:00Z") == set()


@pytest.mark.parametrize(
    "params",
    [{"status": "Lost"}, {"created_after": "yesterday"}, {"archived": "maybe"}, {"sort": "price"}],
)
async def test_orders_bad_parameters(client, params):
    assert (await client.get("/marketplace/orders", params=params)).status_code == 422


@pytest.mark.parametrize("sort", ["id", "buyer", "created", "status", "last_activity"])
async def test_orders_sort(client, sort):
    answer = await client.get(
        "/marketplace/orders", params={"sort": sort, "sort_order": "desc", "per_page": 100}
    )
    orders = answer.json()["orders"]
    if sort == "id":
        keys = [int(order["id"].split("-")[1]) for order in orders]
    elif sort == "buyer":
        keys = [order["buyer"]["username"].lower() for order in orders]
    else:
        keys = [order[sort] for order in orders]
    assert keys == sorted(keys, reverse=True)


# -- order messages ------------------------------------------------------------------------------
async def test_messages_example_is_verbatim(as_user):
    answer = await as_user("example_seller").get("/marketplace/orders/845236-9/messages")
    assert answer.status_code == 200
    body = answer.json()
    assert body["messages"] == examples.ORDER_845236_9_MESSAGES
    assert body["pagination"] == examples.ORDER_845236_9_MESSAGES_PAGINATION


async def test_messages_newest_first_and_paginated(client, sandbox_app):
    order = demo_order(sandbox_app, "Shipped")
    answer = await client.get(f"/marketplace/orders/{order['id']}/messages", params={"per_page": 1})
    body = answer.json()
    log = state_of(sandbox_app).order_messages[order["id"]]
    assert body["pagination"]["items"] == len(log)
    assert body["messages"] == [log[-1]]


async def test_post_message_with_status(as_user):
    seller = as_user("example_seller")
    await seller.post("/marketplace/orders/1-1", json={"status": "Payment Received"})
    sent = {"message": "Your order is on its way, tracking number #foobarbaz!", "status": "Shipped"}
    answer = await seller.post("/marketplace/orders/1-1/messages", json=sent)
    assert answer.status_code == 201
    body = answer.json()
    expected = dict(examples.ORDER_MESSAGE_CREATED_1_1)
    assert body.pop("timestamp")
    expected.pop("timestamp")
    assert body == expected
    order = (await seller.get("/marketplace/orders/1-1")).json()
    assert order["status"] == "Shipped"
    latest = (await seller.get("/marketplace/orders/1-1/messages")).json()["messages"][0]
    assert latest["message"] == expected["message"]
    assert latest["type"] == "message"


async def test_post_message_only_and_rules(client, as_user, sandbox_app):
    order = demo_order(sandbox_app, "New Order")["id"]
    path = f"/marketplace/orders/{order}/messages"
    answer = await client.post(path, json={"message": "hello world"})
    assert answer.status_code == 201
    assert answer.json()["message"] == "hello world"
    assert (await client.post(path, json={})).status_code == 422
    assert (await client.post(path, json={"status": "Merged"})).status_code == 422
    assert (await as_user("example_seller").post(path, json={"message": "hi"})).status_code == 403


# -- fee, price suggestions, stats ----------------------------------------------------------------
@pytest.mark.parametrize(
    ("path", "expected"),
    [
        ("/marketplace/fee/10.00", {"value": 0.42, "currency": "USD"}),
        ("/marketplace/fee/10.0000/EUR", {"value": 0.42, "currency": "EUR"}),
        ("/marketplace/fee/120", {"value": marketplace_fee(120), "currency": "USD"}),
    ],
)
async def test_fee(anon, path, expected):
    answer = await anon.get(path)
    assert answer.status_code == 200
    assert answer.json() == expected


@pytest.mark.parametrize(
    "path", ["/marketplace/fee/ten", "/marketplace/fee/10.00/XYZ", "/marketplace/fee/-2"]
)
async def test_fee_validation(anon, path):
    assert (await anon.get(path)).status_code == 422


async def test_price_suggestions(client, as_user, anon, consumer, sandbox_app):
    answer = await client.get("/marketplace/price_suggestions/1")
    assert answer.status_code == 200
    if state_of(sandbox_app).user(DEMO_USERNAME).currency == "USD":
        assert answer.json() == examples.PRICE_SUGGESTIONS_EXAMPLE
    assert set(answer.json()) == set(examples.PRICE_SUGGESTIONS_EXAMPLE)
    again = await client.get("/marketplace/price_suggestions/1")
    assert again.json() == answer.json()
    assert (await as_user("example_buyer").get("/marketplace/price_suggestions/1")).json() == {}
    for who in (anon, consumer):
        assert (await who.get("/marketplace/price_suggestions/1")).status_code == 401
    assert (await client.get("/marketplace/price_suggestions/987654321")).status_code == 404


async def test_price_suggestions_in_the_users_currency(as_user, sandbox_app):
    user = state_of(sandbox_app).user("Kassette_Kid")
    user.token = user.token or "kassette-token"
    user.profile["curr_abbr"] = "GBP"
    answer = (await as_user("Kassette_Kid").get("/marketplace/price_suggestions/1")).json()
    assert {price["currency"] for price in answer.values()} == {"GBP"}


async def test_stats_follow_the_listings(anon, client, consumer):
    stats = (await anon.get("/marketplace/stats/5610049")).json()
    assert stats == {
        "lowest_price": {"currency": "USD", "value": 120},
        "num_for_sale": 1,
        "blocked_from_sale": False,
    }
    euro = (await consumer.get("/marketplace/stats/5610049", params={"curr_abbr": "EUR"})).json()
    assert euro["lowest_price"] == {"currency": "EUR", "value": 110.4}
    sent = {"release_id": 5610049, "condition": "Good (G)", "price": 50}
    assert (await client.post("/marketplace/listings", json=sent)).status_code == 201
    stats = (await anon.get("/marketplace/stats/5610049")).json()
    assert stats["num_for_sale"] == 2
    assert stats["lowest_price"]["value"] < 120


async def test_stats_without_listings_and_unknown_release(anon):
    empty = (await anon.get("/marketplace/stats/249504")).json()
    assert empty == {"lowest_price": None, "num_for_sale": None, "blocked_from_sale": False}
    assert (await anon.get("/marketplace/stats/987654321")).status_code == 404
    assert (
        await anon.get("/marketplace/stats/5610049", params={"curr_abbr": "XYZ"})
    ).status_code == 422

"""Marketplace endpoints through the service layer, against the sandbox."""

from __future__ import annotations

from datetime import UTC, datetime

import pytest

from discogs_tui.api.errors import AuthError, NotFound, PermissionDenied, ValidationError
from discogs_tui.api.pagination import walk_pages
from discogs_tui.sandbox.config import DEMO_USERNAME

RELEASE = 249504  # a document release (the examples' "Never Gonna Give You Up")


async def own_listing(service, status: str = "For Sale") -> dict:
    page = await service.marketplace.inventory(DEMO_USERNAME, status=status, per_page=1)
    return page.items[0]


async def create(service, **optional) -> int:
    created = await service.marketplace.create_listing(RELEASE, "Mint (M)", 12.5, **optional)
    return created["listing_id"]


# -- inventory ----------------------------------------------------------------------------------
async def test_own_inventory_pages_with_owner_fields(service):
    page = await service.marketplace.inventory(DEMO_USERNAME, per_page=100)
    assert page.total == 600 and page.pages == 6 and len(page.items) == 100
    assert {"id", "price", "status", "release", "location", "weight"} <= set(page.items[0])


async def test_inventory_status_filter_and_sort(service):
    page = await service.marketplace.inventory(
        DEMO_USERNAME, status="draft", sort="price", sort_order="desc", per_page=100
    )
    assert page.total == 30 and {item["status"] for item in page.items} == {"Draft"}
    prices = [item["price"]["value"] for item in page.items]
    assert prices == sorted(prices, reverse=True)


async def test_others_see_for_sale_only_and_no_owner_fields(service_as):
    rodney = service_as("rodneyfool")
    page = await rodney.marketplace.inventory(DEMO_USERNAME, per_page=100)
    assert page.total == 410
    assert {item["status"] for item in page.items} == {"For Sale"}
    assert "location" not in page.items[0]


async def test_others_inventory_walk_stops_cleanly_at_page_100(service_as):
    rodney = service_as("rodneyfool")

    async def fetch(page: int, per_page: int):
        return await rodney.marketplace.inventory(DEMO_USERNAME, page=page, per_page=per_page)

    pages = [page.page async for page in walk_pages(fetch, per_page=4)]
    assert pages == list(range(1, 101))  # 103 pages exist; 101 answers 403


async def test_inventory_validation_before_sending(service, service_as, nothing_sent):
    rodney = service_as("rodneyfool")
    async with nothing_sent():
        with pytest.raises(ValidationError, match="status"):
            await service.marketplace.inventory(DEMO_USERNAME, status="Lost")
        with pytest.raises(ValidationError, match="sort key"):
            await service.marketplace.inventory(DEMO_USERNAME, sort="colour")
        with pytest.raises(ValidationError, match="sort order"):
            await service.marketplace.inventory(DEMO_USERNAME, sort="price", sort_order="up")
        with pytest.raises(ValidationError, match="own inventory"):
            await rodney.marketplace.inventory(DEMO_USERNAME, sort="location")
        with pytest.raises(ValidationError, match="per_page"):
            await service.marketplace.inventory(DEMO_USERNAME, per_page=101)


async def test_inventory_of_unknown_user_is_not_found(service):
    with pytest.raises(NotFound, match="The request resource was not found"):
        await service.marketplace.inventory("nobody_at_all")


# -- listings ------------------------------------------------------------------------------------
async def test_listing_in_another_currency(service):
    listing = await own_listing(service)
    usd = await service.marketplace.listing(listing["id"])
    eur = await service.marketplace.listing(listing["id"], currency="eur")
    assert usd["id"] == listing["id"] and usd["price"]["currency"] == "USD"
    assert eur["price"]["currency"] == "EUR"


async def test_create_listing_then_read_it_back(service):
    before = await service.marketplace.inventory(DEMO_USERNAME, per_page=1)
    listing_id = await create(
        service,
        sleeve_condition="Generic",
        comments="Plays fine",
        allow_offers=True,
        status="Draft",
        location="Crate 3",
        weight="auto",
        format_quantity=1,
    )
    listing = await service.marketplace.listing(listing_id)
    assert listing["status"] == "Draft" and listing["condition"] == "Mint (M)"
    assert listing["sleeve_condition"] == "Generic" and listing["allow_offers"] is True
    assert listing["price"]["value"] == 12.5 and listing["location"] == "Crate 3"
    after = await service.marketplace.inventory(DEMO_USERNAME, per_page=1)
    assert after.total == before.total + 1  # the cached inventory page was invalidated


async def test_edit_listing_shows_in_listing_and_inventory(service):
    listing_id = await create(service)
    await service.marketplace.listing(listing_id)  # cached now
    await service.marketplace.edit_listing(
        listing_id, RELEASE, "Very Good (VG)", 9.99, comments="Edited"
    )
    listing = await service.marketplace.listing(listing_id)
    assert listing["condition"] == "Very Good (VG)" and listing["comments"] == "Edited"
    assert listing["price"]["value"] == 9.99
    newest = await service.marketplace.inventory(
        DEMO_USERNAME, sort="listed", sort_order="desc", per_page=1
    )
    assert newest.items[0]["id"] == listing_id and newest.items[0]["price"]["value"] == 9.99


async def test_delete_listing(service):
    listing_id = await create(service)
    await service.marketplace.listing(listing_id)
    await service.marketplace.delete_listing(listing_id)
    with pytest.raises(NotFound):
        await service.marketplace.listing(listing_id)


@pytest.mark.parametrize(
    ("fields", "complaint"),
    [
        ({"condition": "Mint"}, "condition"),
        ({"condition": "mint (m)"}, "condition"),
        ({"price": 0}, "price must be greater than 0"),
        ({"price": "ten"}, "price must be a number"),
        ({"sleeve_condition": "Shrink"}, "sleeve condition"),
        ({"status": "Sold"}, "status"),
        ({"weight": -1}, "weight"),
        ({"format_quantity": 1.5}, "format_quantity"),
        ({"allow_offers": "yes"}, "allow_offers"),
        ({"release_id": 0}, "release_id"),
    ],
)
async def test_listing_validation_before_sending(service, nothing_sent, fields, complaint):
    arguments = {"release_id": RELEASE, "condition": "Mint (M)", "price": 10, **fields}
    async with nothing_sent():
        with pytest.raises(ValidationError, match=complaint):
            await service.marketplace.create_listing(**arguments)
        with pytest.raises(ValidationError, match=complaint):
            await service.marketplace.edit_listing(1, **arguments)


async def test_listing_server_errors(service, service_as):
    listing = await own_listing(service)
    draft = await own_listing(service, "Draft")
    sold = await own_listing(service, "Sold")
    with pytest.raises(NotFound, match="not found"):
        await service.marketplace.listing(999_999_999)
    with pytest.raises(PermissionDenied, match="permission"):
        await service_as("rodneyfool").marketplace.delete_listing(listing["id"])
    with pytest.raises(NotFound):  # a draft is the seller's only
        await service_as("rodneyfool").marketplace.listing(draft["id"])
    with pytest.raises(AuthError, match="authenticate"):
        await service_as(None).marketplace.create_listing(RELEASE, "Mint (M)", 5)
    with pytest.raises(PermissionDenied, match="only deleted"):
        await service.marketplace.edit_listing(sold["id"], RELEASE, "Mint (M)", 5)
    with pytest.raises(ValidationError, match="does not exist"):
        await service.marketplace.create_listing(999_999_999, "Mint (M)", 5)


# -- orders --------------------------------------------------------------------------------------
async def test_orders_page_newest_first(service):
    page = await service.marketplace.orders(per_page=20)
    assert page.total == 50 and len(page.items) == 20
    assert {"id", "status", "next_status", "buyer", "items"} <= set(page.items[0])


async def test_orders_filters(service):
    shipped = await service.marketplace.orders(status="Shipped", per_page=100)
    assert shipped.total == 15 and {o["status"] for o in shipped.items} == {"Shipped"}
    everything = await service.marketplace.orders(status="All", sort="id", sort_order="asc")
    assert everything.total == 50 and everything.items[0]["id"] == "9000001-1"
    cutoff = datetime(2024, 1, 1, tzinfo=UTC)
    after = await service.marketplace.orders(created_after=cutoff, per_page=100)
    before = await service.marketplace.orders(created_before="2024-01-01T00:00:00Z", per_page=100)
    assert after.total + before.total == 50
    assert all(o["created"] >= "2023-12-31" for o in after.items)
    archived = await service.marketplace.orders(archived=True, per_page=100)
    live = await service.marketplace.orders(archived=False, per_page=100)
    assert archived.total + live.total == 50


async def test_orders_validation_before_sending(service, nothing_sent):
    async with nothing_sent():
        with pytest.raises(ValidationError, match="status"):
            await service.marketplace.orders(status="Lost in the post")
        with pytest.raises(ValidationError, match="ISO 8601"):
            await service.marketplace.orders(created_after="yesterday")
        with pytest.raises(ValidationError, match="archived"):
            await service.marketplace.orders(archived="yes")
        with pytest.raises(ValidationError, match="sort key"):
            await service.marketplace.orders(sort="total")


async def test_order_and_its_id_in_the_path(service_as):
    seller = service_as("example_seller")
    order = await seller.marketplace.order("1-1")
    assert order["id"] == "1-1" and order["status"] == "New Order"
    assert "Shipped" in order["next_status"]


async def test_edit_order_status_then_read_back(service_as):
    seller = service_as("example_seller")
    order = await seller.marketplace.order("1-1")
    edited = await seller.marketplace.edit_order("1-1", status="Invoice Sent", order=order)
    assert edited["status"] == "Invoice Sent"
    assert (await seller.marketplace.order("1-1"))["status"] == "Invoice Sent"
    messages = await seller.marketplace.order_messages("1-1")
    assert "Invoice Sent" in messages.items[0]["message"]


async def test_edit_order_shipping_invoices_the_buyer(service_as):
    seller = service_as("example_seller")
    edited = await seller.marketplace.edit_order("1-1", shipping=5)
    assert edited["shipping"]["value"] == 5 and edited["status"] == "Invoice Sent"
    assert edited["total"]["value"] == 47


async def test_edit_order_validation_before_sending(service_as, nothing_sent):
    seller = service_as("example_seller")
    order = await seller.marketplace.order("1-1")
    final = {**order, "status": "Merged", "next_status": []}
    async with nothing_sent():
        with pytest.raises(ValidationError, match="not both"):
            await seller.marketplace.edit_order("1-1", status="Shipped", shipping=3)
        with pytest.raises(ValidationError, match="either"):
            await seller.marketplace.edit_order("1-1")
        with pytest.raises(ValidationError, match="can't change"):
            await seller.marketplace.edit_order("1-1", status="Shipped", order=final)
        with pytest.raises(ValidationError, match="order status"):
            await seller.marketplace.edit_order("1-1", status="Merged")
        with pytest.raises(ValidationError, match="shipping must be 0 or more"):
            await seller.marketplace.edit_order("1-1", shipping=-1)


async def test_edit_order_server_errors(service, service_as):
    cancelled = (await service.marketplace.orders(status="Cancelled", per_page=1)).items[0]
    with pytest.raises(ValidationError, match="no longer change"):
        await service.marketplace.edit_order(cancelled["id"], status="Shipped")
    with pytest.raises(PermissionDenied):
        await service.marketplace.order("1-1")  # example_seller's order
    with pytest.raises(NotFound):
        await service.marketplace.order("123-456")
    with pytest.raises(AuthError):
        await service_as(None).marketplace.orders()


async def test_order_messages_and_adding_one(service_as):
    seller = service_as("example_seller")
    log = await seller.marketplace.order_messages("845236-9")
    assert log.total >= 5 and {"message", "type", "timestamp"} <= set(log.items[0])
    order = await seller.marketplace.order("1-1")
    added = await seller.marketplace.add_order_message(
        "1-1", "Packed and ready.", status="In Progress", order=order
    )
    assert added["message"].startswith("Seller changed status from New Order to In Progress")
    assert added["message"].endswith("Packed and ready.")
    newest = (await seller.marketplace.order_messages("1-1")).items[0]
    assert newest["message"] == added["message"]
    assert (await seller.marketplace.order("1-1"))["status"] == "In Progress"
    plain = await seller.marketplace.add_order_message("1-1", "Just a note")
    assert plain["message"] == "Just a note"


async def test_order_message_validation_before_sending(service_as, nothing_sent):
    seller = service_as("example_seller")
    async with nothing_sent():
        with pytest.raises(ValidationError, match="message"):
            await seller.marketplace.add_order_message("1-1")
        with pytest.raises(ValidationError, match="message"):
            await seller.marketplace.add_order_message("1-1", "   ")
        with pytest.raises(ValidationError, match="order status"):
            await seller.marketplace.add_order_message("1-1", "hi", status="Lost")


async def test_order_messages_of_another_seller_are_forbidden(service):
    with pytest.raises(PermissionDenied):
        await service.marketplace.order_messages("1-1")


# -- fee, suggestions, statistics ---------------------------------------------------------------
async def test_fee(service_as):
    anon = service_as(None)
    assert await anon.marketplace.fee(10) == {"value": 0.42, "currency": "USD"}
    in_euros = await anon.marketplace.fee("10.004", "eur")
    assert in_euros["currency"] == "EUR" and in_euros["value"] == 0.42


async def test_fee_validation_before_sending(service, nothing_sent):
    async with nothing_sent():
        with pytest.raises(ValidationError, match="price"):
            await service.marketplace.fee(0)
        with pytest.raises(ValidationError, match="currency"):
            await service.marketplace.fee(10, "XYZ")


async def test_price_suggestions(service, service_as):
    suggestions = await service.marketplace.price_suggestions(1)
    assert set(suggestions) >= {"Mint (M)", "Poor (P)"}
    assert suggestions["Mint (M)"]["currency"] == "USD"
    with pytest.raises(NotFound, match="Release not found"):
        await service.marketplace.price_suggestions(999_999_999)
    with pytest.raises(AuthError):
        await service_as(None).marketplace.price_suggestions(1)


async def test_stats(service, service_as):
    listing = await own_listing(service)
    release_id = listing["release"]["id"]
    stats = await service_as(None).marketplace.stats(release_id)
    assert stats["num_for_sale"] >= 1 and stats["lowest_price"]["currency"] == "USD"
    in_pounds = await service.marketplace.stats(release_id, currency="GBP")
    assert in_pounds["lowest_price"]["currency"] == "GBP"


async def test_stats_follow_new_listings(service):
    listing = await own_listing(service)
    release_id = listing["release"]["id"]
    before = await service.marketplace.stats(release_id)
    await service.marketplace.create_listing(release_id, "Good (G)", 0.5)
    after = await service.marketplace.stats(release_id)
    assert after["num_for_sale"] == before["num_for_sale"] + 1
    assert after["lowest_price"]["value"] == 0.5


async def test_profile_counts_a_new_listing(service):
    before = await service.users.profile(DEMO_USERNAME)
    await create(service)
    after = await service.users.profile(DEMO_USERNAME)
    assert after["num_for_sale"] == before["num_for_sale"] + 1

"""The seller's screens, driven by keys against an in-process sandbox: inventories (yours
and another seller's), a listing, and the listing form (create, edit, checks, the server's
refusals, delete, and a create whose answer was lost)."""

from __future__ import annotations

import asyncio

import httpx

from discogs_tui.api.auth import TokenCredentials
from discogs_tui.api.client import DEFAULT_API_URL, DiscogsClient
from discogs_tui.api.service import DiscogsService
from discogs_tui.app.app import DiscogsApp
from discogs_tui.app.marks import MARKER
from discogs_tui.app.modals.confirm import Confirm
from discogs_tui.app.navigation import Location
from discogs_tui.app.screens.inventory import InventoryScreen
from discogs_tui.app.screens.listing import ListingScreen
from discogs_tui.app.screens.listing_form import ListingForm
from discogs_tui.app.widgets.paged_table import PagedTable
from discogs_tui.demo import sandbox_service
from discogs_tui.sandbox.config import DEMO_TOKEN, DEMO_USERNAME
from discogs_tui.sandbox.faults import FaultRule
from tests.app.conftest import settle

SIZE = (100, 30)


def demo_app(sandbox_app, start: Location, service: DiscogsService | None = None) -> DiscogsApp:
    service = service or sandbox_service(app=sandbox_app)
    return DiscogsApp(service, start=start, signed_in_as=DEMO_USERNAME)


def listings(sandbox_app) -> dict[int, dict]:
    return sandbox_app.state.sandbox.listings


def own_listing(sandbox_app, status: str) -> int:
    return next(
        listing_id
        for listing_id, listing in listings(sandbox_app).items()
        if listing["seller"]["username"] == DEMO_USERNAME and listing["status"] == status
    )


def table_items(app: DiscogsApp) -> list[dict]:
    return app.screen.query_one(PagedTable).items


def messages(app: DiscogsApp) -> str:
    return " ".join(notification.message for notification in app._notifications)


def shown(app: DiscogsApp, selector: str) -> str:
    return str(app.screen.query_one(selector).render())


async def press(pilot, *keys: str) -> None:
    await pilot.press(*keys)
    await settle(pilot)


async def fill_new_listing(pilot, release_id: str, price: str) -> None:
    """In a new listing's form: the release id, Near Mint media, then the price."""
    media = ("tab", "enter", "down", "down", "enter")  # Near Mint
    await press(pilot, *release_id, *media, "tab", "tab", *price)


# -- inventories ---------------------------------------------------------------------------------
async def test_f4_opens_your_inventory_filtered_and_sorted_by_keys(sandbox_app):
    app = demo_app(sandbox_app, Location("search"))
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        await press(pilot, "f4")
        assert isinstance(app.screen, InventoryScreen)
        assert {"For Sale", "Sold", "Draft"} <= {item["status"] for item in table_items(app)}
        headings = [
            str(column.label) for column in app.screen.query_one("DataTable").columns.values()
        ]
        assert {MARKER, "Status", "Location"} <= set(headings)  # yours: marks, owner's fields

        await press(pilot, "f", "j", "j", "enter")  # All, For Sale, Draft
        drafts = table_items(app)
        assert drafts and {item["status"] for item in drafts} == {"Draft"}

        await press(pilot, "s")  # listed -> price, still descending
        prices = [item["price"]["value"] for item in table_items(app)]
        assert prices == sorted(prices, reverse=True)
        assert "Draft only. Sorted by price, descending." in shown(app, ".paged-summary")


async def test_another_sellers_inventory_is_for_sale_only_and_enter_opens_a_listing(sandbox_app):
    app = demo_app(sandbox_app, Location("inventory", "Booms528"))
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        items = table_items(app)
        assert items and {item["status"] for item in items} == {"For Sale"}
        assert "Discogs shows other sellers' inventories up to page 100" in shown(
            app, ".paged-summary"
        )
        await press(pilot, "f")
        assert "For Sale listings only" in messages(app)

        await press(pilot, "enter")
        assert isinstance(app.screen, ListingScreen)
        assert app.screen.location.target == str(items[0]["id"])
        assert not app.screen.query_one("#listing-private").display  # not yours
        await press(pilot, "e")
        assert "Only its seller, Booms528, can edit" in messages(app)


# -- creating --------------------------------------------------------------------------------
async def test_a_listing_created_by_keys_shows_its_fee_and_lands_in_the_sandbox(sandbox_app):
    before = set(listings(sandbox_app))
    app = demo_app(sandbox_app, Location("inventory", DEMO_USERNAME))
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        await press(pilot, "n")
        assert isinstance(app.screen, ListingForm)
        await fill_new_listing(pilot, "249504", "12.50")
        assert "Selling fee for 12.50:" in shown(app, "#fee")
        assert "Never Gonna Give You Up" in shown(app, "#form-release")
        await press(pilot, "ctrl+s")

        (new_id,) = set(listings(sandbox_app)) - before
        created = listings(sandbox_app)[new_id]
        assert created["release"]["id"] == 249504
        assert created["condition"] == "Near Mint (NM or M-)"
        assert created["price"]["value"] == 12.5
        assert isinstance(app.screen, ListingScreen)
        assert app.screen.location.target == str(new_id)


async def test_bad_input_and_the_servers_422_are_explained_and_what_was_typed_stays(
    sandbox_app,
):
    before = set(listings(sandbox_app))
    app = demo_app(sandbox_app, Location("inventory", DEMO_USERNAME))
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        await press(pilot, "n")
        await fill_new_listing(pilot, "999999999", "x")
        await press(pilot, "ctrl+s")
        form = app.screen
        assert isinstance(form, ListingForm)
        assert "greater than 0" in shown(app, "#price-error")
        assert form.query_one("#release_id").value == "999999999"
        assert form.query_one("#condition").value == "Near Mint (NM or M-)"

        await press(pilot, "backspace", "1", "0", "ctrl+s")  # now the server says no
        assert "release 999999999 does not exist" in shown(app, "#form-message")
        assert "does not exist" in shown(app, "#release_id-error")
        assert not form.query_one("#price-error").display
        assert form.query_one("#price").value == "10"
        assert set(listings(sandbox_app)) == before

        await press(pilot, "escape")  # leaves the price field
        assert app.screen is form and form.focused is None
        await press(pilot, "escape")  # asks before dropping what was typed
        assert isinstance(app.screen, Confirm)
        await press(pilot, "y")
        assert isinstance(app.screen, InventoryScreen)


# -- editing and deleting ----------------------------------------------------------------------
async def test_editing_a_for_sale_listings_price(sandbox_app):
    listing_id = own_listing(sandbox_app, "For Sale")
    app = demo_app(sandbox_app, Location("listing", str(listing_id)))
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        await press(pilot, "e")
        assert isinstance(app.screen, ListingForm)
        await press(pilot, "tab", "tab", "ctrl+u", *"80", "ctrl+s")  # media -> sleeve -> price
        assert listings(sandbox_app)[listing_id]["price"]["value"] == 80
        assert isinstance(app.screen, ListingScreen)
        assert app.screen.data["price"]["value"] == 80  # read again


async def test_editing_a_sold_listing_is_explained(sandbox_app):
    app = demo_app(sandbox_app, Location("listing", str(own_listing(sandbox_app, "Sold"))))
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        await press(pilot, "e")
        assert isinstance(app.screen, ListingScreen)
        assert "can only be deleted" in messages(app)


async def test_delete_asks_first_and_n_keeps_the_listing(sandbox_app):
    app = demo_app(sandbox_app, Location("inventory", DEMO_USERNAME))
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        listing_id = table_items(app)[0]["id"]
        await press(pilot, "enter", "d")
        assert isinstance(app.screen, Confirm)
        await press(pilot, "n")
        assert listing_id in listings(sandbox_app)

        await press(pilot, "d", "y")
        assert listing_id not in listings(sandbox_app)
        assert isinstance(app.screen, InventoryScreen)  # back, and reloaded
        assert listing_id not in {item["id"] for item in table_items(app)}


async def test_a_403_from_the_server_is_a_notification_and_the_form_stays(sandbox_app):
    listing_id = own_listing(sandbox_app, "For Sale")
    app = demo_app(sandbox_app, Location("listing", str(listing_id)))
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        await press(pilot, "e")
        seller = listings(sandbox_app)[listing_id]["seller"]
        seller["username"] = "rappcats"  # it changed hands since the screen loaded
        await press(pilot, "ctrl+s")
        assert isinstance(app.screen, ListingForm)
        assert "Only the owner can do this" in messages(app)


# -- a write whose answer is lost --------------------------------------------------------------
class ReadTimeoutTransport(httpx.AsyncBaseTransport):
    """ASGITransport ignores timeouts; this one gives up after the client's read timeout."""

    def __init__(self, app) -> None:
        self.inner = httpx.ASGITransport(app=app)

    async def handle_async_request(self, request: httpx.Request) -> httpx.Response:
        seconds = request.extensions.get("timeout", {}).get("read")
        try:
            return await asyncio.wait_for(self.inner.handle_async_request(request), seconds)
        except TimeoutError:
            raise httpx.ReadTimeout("no answer in time", request=request) from None


def service_losing_answers(sandbox_app, method: str, path: str) -> DiscogsService:
    """A service whose next ``method`` to ``path`` is applied but answered too late."""
    sandbox_app.state.faults.add(FaultRule("hang_after", path=path, method=method, seconds=2.0))
    client = DiscogsClient(
        TokenCredentials(token=DEMO_TOKEN, username=DEMO_USERNAME),
        base_url=DEFAULT_API_URL,
        transport=ReadTimeoutTransport(sandbox_app),
        timeout=httpx.Timeout(5.0, read=0.3),
    )
    return DiscogsService(client)


async def test_a_create_whose_answer_is_lost_is_read_back_not_resent(sandbox_app):
    service = service_losing_answers(sandbox_app, "POST", "^/marketplace/listings$")
    before = set(listings(sandbox_app))
    app = demo_app(sandbox_app, Location("inventory", DEMO_USERNAME), service)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        await press(pilot, "n")
        await fill_new_listing(pilot, "249504", "15")
        await press(pilot, "ctrl+s")

        created = set(listings(sandbox_app)) - before
        assert len(created) == 1
        assert "outcome was unknown" in messages(app)
        assert isinstance(app.screen, ListingScreen)
        assert app.screen.location.target == str(created.pop())


async def test_a_delete_whose_answer_is_lost_is_checked_afresh(sandbox_app):
    service = service_losing_answers(sandbox_app, "DELETE", "^/marketplace/listings/")
    app = demo_app(sandbox_app, Location("inventory", DEMO_USERNAME), service)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        listing_id = table_items(app)[0]["id"]
        await press(pilot, "enter", "d", "y")  # the listing was read (and cached) first

        assert listing_id not in listings(sandbox_app)
        assert "outcome is unknown" in messages(app)
        assert "Deleted the listing" in messages(app)
        assert isinstance(app.screen, InventoryScreen)


async def test_n_on_a_release_starts_a_listing_of_it():
    from discogs_tui.sandbox import create_app
    from tests.conftest import roomy_config

    sandbox_app = create_app(roomy_config())
    app = DiscogsApp(
        sandbox_service(app=sandbox_app),
        start=Location("release", "249504"),
        signed_in_as=DEMO_USERNAME,
    )
    async with app.run_test(size=(100, 30)) as pilot:
        await settle(pilot)
        await pilot.press("n")
        await settle(pilot)
        assert isinstance(app.screen, ListingForm)
        assert app.screen.release_id == 249504

"""One owner per dataset: a write made on one screen shows on the others without `r`, the
collection's freshness tells the truth offline, and signing in hands the cache over. Driven by
keys against the sandbox (in process, or over loopback for the offline case)."""

from __future__ import annotations

from contextlib import ExitStack

import httpx
import pytest
from textual import events

from discogs_tui.api.auth import ANONYMOUS, TokenCredentials
from discogs_tui.api.client import DiscogsClient, RetryPolicy
from discogs_tui.api.service import DiscogsService
from discogs_tui.app.app import DiscogsApp
from discogs_tui.app.navigation import Location
from discogs_tui.app.screens.collection import CollectionScreen
from discogs_tui.app.screens.inventory import InventoryScreen
from discogs_tui.app.screens.order import next_statuses
from discogs_tui.app.screens.orders import OrdersScreen
from discogs_tui.app.screens.release import ReleaseScreen
from discogs_tui.app.screens.signin import SignInScreen
from discogs_tui.app.screens.wantlist import WantlistScreen
from discogs_tui.app.widgets.paged_table import PagedTable
from discogs_tui.demo import sandbox_service
from discogs_tui.launch import Endpoint
from discogs_tui.sandbox.config import DEMO_TOKEN, DEMO_USERNAME
from discogs_tui.sandbox.transport import SandboxTransport
from tests.app.conftest import settle
from tests.conftest import BASE_URL, roomy_config
from tests.loopback import serve

SIZE = (100, 30)


@pytest.fixture
def in_memory_mirror(monkeypatch):
    monkeypatch.setattr(CollectionScreen, "mirror_directory", lambda self: None)


def demo_app(sandbox_app, start: Location, service: DiscogsService | None = None) -> DiscogsApp:
    service = service or sandbox_service(app=sandbox_app)
    return DiscogsApp(service, start=start, signed_in_as=DEMO_USERNAME)


def table_items(app: DiscogsApp) -> list[dict]:
    return app.screen.query_one(PagedTable).items


def summary(app: DiscogsApp) -> str:
    return str(app.screen.query_one("#collection-summary").render())


async def test_a_copy_added_on_a_release_screen_shows_in_the_open_collection(
    sandbox_app, in_memory_mirror
):
    app = demo_app(sandbox_app, Location("collection", DEMO_USERNAME))
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        collection = app.screen
        assert collection.item_list.row_count == 3000
        await pilot.press("enter")  # the release of the copy under the cursor
        await settle(pilot)
        assert isinstance(app.screen, ReleaseScreen)
        await pilot.press("c")
        await settle(pilot)
        await pilot.press("enter")  # the first folder offered: Uncategorized
        await settle(pilot)
        await pilot.press("escape")
        await settle(pilot)
        assert app.screen is collection
        assert len(collection.mirror) == 3001 and collection.mirror.total == 3001
        assert collection.item_list.row_count == 3001
        assert summary(app).startswith("3,001")


class CountsRequests(SandboxTransport):
    """The sandbox in process, noting each request's method and path."""

    def __init__(self, app) -> None:
        super().__init__(app)
        self.seen: list[tuple[str, str]] = []

    async def handle_async_request(self, request: httpx.Request) -> httpx.Response:
        self.seen.append((request.method, request.url.path))
        return await super().handle_async_request(request)


async def test_an_order_shipped_on_its_screen_shows_shipped_in_the_orders_list(sandbox_app):
    transport = CountsRequests(sandbox_app)
    credentials = TokenCredentials(token=DEMO_TOKEN, username=DEMO_USERNAME)
    service = DiscogsService(DiscogsClient(credentials, base_url=BASE_URL, transport=transport))
    app = demo_app(sandbox_app, Location("search"), service)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        await pilot.press("f5")
        await settle(pilot)
        rows = table_items(app)
        at = next(i for i, order in enumerate(rows) if order["status"] == "Payment Received")
        order_id = rows[at]["id"]
        await pilot.press(*["down"] * at, "enter")
        await settle(pilot)
        assert app.screen.location == Location("order", order_id)
        shipped = next_statuses(app.screen.data).index("Shipped")
        reads_of_the_list = transport.seen.count(("GET", "/marketplace/orders"))
        await pilot.press("t", *["down"] * shipped, "enter")
        await settle(pilot)
        assert sandbox_app.state.sandbox.orders[order_id]["status"] == "Shipped"
        assert "Shipped" in str(app.screen.query_one("#order-heading").render())
        await pilot.press("escape")
        await settle(pilot)
        assert isinstance(app.screen, OrdersScreen)
        table = app.screen.query_one(PagedTable)
        assert table.items[at]["id"] == order_id and table.items[at]["status"] == "Shipped"
        assert str(table.rows.get_row_at(at)[1]) == "Shipped"  # the Status column
        assert transport.seen.count(("GET", "/marketplace/orders")) == reads_of_the_list


async def test_a_listing_edited_on_its_screen_shows_its_price_in_the_inventory(sandbox_app):
    app = demo_app(sandbox_app, Location("inventory", DEMO_USERNAME))
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        rows = table_items(app)
        at = next(i for i, item in enumerate(rows) if item["status"] == "For Sale")
        listing = rows[at]
        await pilot.press(*["down"] * at, "enter", "e")
        await settle(pilot)
        await pilot.press("tab", "tab", "ctrl+u", *"81", "ctrl+s")  # media, sleeve, price
        await settle(pilot)
        await pilot.press("escape")
        await settle(pilot)
        assert isinstance(app.screen, InventoryScreen)
        shown = next(item for item in table_items(app) if item["id"] == listing["id"])
        assert shown["price"]["value"] == 81


async def test_offline_the_collection_says_when_it_last_synced(tmp_path, in_memory_mirror):
    with ExitStack() as running:
        url = running.enter_context(serve(roomy_config()))
        service = DiscogsService.connect(
            TokenCredentials(token=DEMO_TOKEN, username=DEMO_USERNAME),
            api_url=url,
            cache_dir=tmp_path / "cache",
            retry=RetryPolicy(attempts=2, base_delay=0.01, max_delay=0.02, deadline=2.0),
        )
        app = demo_app(None, Location("collection", DEMO_USERNAME), service)
        async with app.run_test(size=SIZE) as pilot:
            await settle(pilot)
            assert "synced just now" in summary(app)
            running.close()  # the server stops
            await pilot.press("r")
            await settle(pilot)
            said = summary(app)
            assert "synced just now" not in said
            assert "offline, last synced" in said
            assert app.screen.item_list.row_count == 3000  # still readable


class Offline(httpx.AsyncBaseTransport):
    async def handle_async_request(self, request: httpx.Request) -> httpx.Response:
        raise httpx.ConnectError("no network", request=request)


async def test_after_signing_in_pages_read_are_cached_for_offline(sandbox_app, tmp_path, monkeypatch):
    for name in ("DISCOGS_TOKEN", "DISCOGS_CONSUMER_KEY", "DISCOGS_CONSUMER_SECRET"):
        monkeypatch.delenv(name, raising=False)
    monkeypatch.setenv("DISCOGS_TUI_CONFIG_DIR", str(tmp_path / "config"))
    cache = tmp_path / "cache"
    endpoint = Endpoint(BASE_URL, httpx.ASGITransport(app=sandbox_app), cache)
    app = DiscogsApp(endpoint.service(ANONYMOUS), first_screen=lambda: SignInScreen(endpoint))
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        await pilot.press("t")
        app.post_message(events.Paste(DEMO_TOKEN))  # as a terminal sends a paste
        await pilot.pause()
        await pilot.press("enter")
        await settle(pilot)
        assert app.signed_in_as == DEMO_USERNAME
        assert app.service.client.cache.writable
        app.open(Location("release", "249504"))
        await settle(pilot)
        assert isinstance(app.screen, ReleaseScreen)
    offline = Endpoint(BASE_URL, Offline(), cache).service(
        TokenCredentials(token=DEMO_TOKEN, username=DEMO_USERNAME)
    )
    async with offline:
        release = await offline.database.release(249504)
    assert release["id"] == 249504


async def test_the_buyable_count_agrees_with_the_rows_while_the_check_runs(sandbox_app):
    app = demo_app(sandbox_app, Location("wantlist", DEMO_USERNAME))
    async with app.run_test(size=SIZE) as pilot:
        while not isinstance(app.screen, WantlistScreen) or not app.screen.wants:
            await pilot.pause(0.01)
        screen = app.screen
        seen: list[tuple[int, int]] = []  # (rows, wants for sale now) at every summary
        summarise = screen.summarise

        def summarise_and_note() -> None:
            summarise()
            if screen.buyable_only:
                buyable = sum(1 for want in screen.wants if screen._buyable(want))
                seen.append((len(screen.shown), buyable))

        screen.summarise = summarise_and_note
        await pilot.press("b")  # only what can be bought now, while the check runs
        await settle(pilot)
        assert len(screen.availability) == 300  # the check finished
        assert len(seen) > 2, "the check ran while the buyable view was up"
        assert all(rows == buyable for rows, buyable in seen), seen
        assert 0 < seen[-1][0] < 300

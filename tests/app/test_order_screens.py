"""The seller's orders, order screen and palette tools, driven by keys against the sandbox."""

from __future__ import annotations

import asyncio
import io

import httpx
import pytest
from rich.console import Console
from rich.text import Text
from textual.widgets import Input, Static, TextArea

from discogs_tui.api.auth import TokenCredentials
from discogs_tui.api.client import DiscogsClient
from discogs_tui.api.service import DiscogsService
from discogs_tui.app.app import DiscogsApp
from discogs_tui.app.modals.fee_calculator import FeeCalculator
from discogs_tui.app.modals.price_suggestions import PriceSuggestions
from discogs_tui.app.navigation import Location
from discogs_tui.app.screens.order import OrderScreen
from discogs_tui.app.screens.orders import NEEDS_ATTENTION, OrdersScreen
from discogs_tui.app.widgets.paged_table import PagedTable
from discogs_tui.demo import sandbox_service
from discogs_tui.sandbox import create_app
from discogs_tui.sandbox.config import DEMO_TOKEN, DEMO_USERNAME
from discogs_tui.sandbox.faults import FaultRule
from tests.app.conftest import settle
from tests.conftest import roomy_config


def seller_app(sandbox_app, location: Location, service: DiscogsService | None = None):
    service = service or sandbox_service(app=sandbox_app)
    return DiscogsApp(service, start=location, signed_in_as=DEMO_USERNAME)


def plain(widget: Static) -> str:
    """What a Static shows, as plain text."""
    content = widget.content
    if isinstance(content, str | Text):
        return str(content)
    console = Console(width=100, file=io.StringIO(), record=True)
    console.print(content)
    return console.export_text()


def table_rows(app) -> list:
    return app.screen.query_one(PagedTable).items


def notes(app) -> str:
    return " ".join(str(notification.message) for notification in app._notifications)


def sandbox_orders(sandbox_app) -> dict:
    return sandbox_app.state.sandbox.orders


def order_in(sandbox_app, status: str) -> str:
    """The first of the demo user's orders in ``status``."""
    return next(
        order_id
        for order_id, order in sandbox_orders(sandbox_app).items()
        if order["status"] == status and order["seller"]["username"] == DEMO_USERNAME
    )


@pytest.fixture(scope="module")
def shared_sandbox():
    """One sandbox for this module (building one takes a second): each test finds the
    orders it needs by status, so what the others changed doesn't matter to it."""
    return create_app(roomy_config())


# -- the orders list ---------------------------------------------------------------------------
async def test_f5_opens_orders_and_the_status_filter_narrows_them(shared_sandbox):
    app = seller_app(shared_sandbox, Location("search"))
    async with app.run_test(size=(100, 30)) as pilot:
        await settle(pilot)
        await pilot.press("f5")
        await settle(pilot)
        assert isinstance(app.screen, OrdersScreen)
        assert len(table_rows(app)) == 50
        await pilot.press("f", "enter", "down", "enter")  # status: All -> New Order
        await settle(pilot)
        statuses = {order["status"] for order in table_rows(app)}
    assert statuses == {"New Order"}


async def test_every_sort_key_and_both_directions(shared_sandbox):
    app = seller_app(shared_sandbox, Location("orders"))
    async with app.run_test(size=(100, 30)) as pilot:
        await settle(pilot)
        await pilot.press("s")  # by id, ascending
        await settle(pilot)
        ascending = [order["id"] for order in table_rows(app)]
        await pilot.press("o")
        await settle(pilot)
        descending = [order["id"] for order in table_rows(app)]
        await pilot.press("s")  # by buyer
        await settle(pilot)
        buyers = [order["buyer"]["username"].lower() for order in table_rows(app)]
    assert ascending[0].endswith("-1") and descending[0].endswith("-50")
    assert buyers == sorted(buyers, reverse=True)


async def test_a_bad_date_is_refused_before_sending_and_escape_leaves_it(shared_sandbox):
    app = seller_app(shared_sandbox, Location("orders"))
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        sent = shared_sandbox.state.stats.requests
        await pilot.press("f", "tab", *"2024-13", "enter")
        await settle(pilot)
        problem = plain(app.screen.query_one("#order-filter-problem", Static))
        assert shared_sandbox.state.stats.requests == sent
        await pilot.press("escape")
        assert app.focused is None and isinstance(app.screen, OrdersScreen)
    assert "Created after must be a date like 2024-01-31" in problem


async def test_needs_attention_merges_its_statuses(shared_sandbox):
    waiting = [
        order
        for order in sandbox_orders(shared_sandbox).values()
        if order["seller"]["username"] == DEMO_USERNAME and order["status"] in NEEDS_ATTENTION
    ]
    app = seller_app(shared_sandbox, Location("orders"))
    async with app.run_test(size=(100, 30)) as pilot:
        await settle(pilot)
        await pilot.press("n")
        await settle(pilot)
        shown = table_rows(app)
        where = app.screen.where()
        await pilot.press("n")
        await settle(pilot)
        everything = len(table_rows(app))
    assert {order["id"] for order in shown} == {order["id"] for order in waiting}
    activity = [order["last_activity"] for order in shown]
    assert activity == sorted(activity)  # longest waiting first
    assert where == "Orders needing attention" and everything == 50


async def test_enter_opens_the_order(shared_sandbox):
    app = seller_app(shared_sandbox, Location("orders"))
    async with app.run_test(size=(100, 30)) as pilot:
        await settle(pilot)
        first = table_rows(app)[0]["id"]
        await pilot.press("enter")
        await settle(pilot)
        assert isinstance(app.screen, OrderScreen)
        heading = plain(app.screen.query_one("#order-heading", Static))
        messages = len(app.screen.query(".order-message"))
        assert app.screen.location == Location("order", first)
    assert heading.startswith(f"Order {first}") and messages > 0


# -- the order screen: writes ------------------------------------------------------------------
async def test_new_order_to_shipped_by_keys(shared_sandbox):
    order_id = order_in(shared_sandbox, "New Order")
    order = sandbox_orders(shared_sandbox)[order_id]
    app = seller_app(shared_sandbox, Location("order", order_id))
    async with app.run_test(size=(100, 30)) as pilot:
        await settle(pilot)
        await pilot.press("s", "ctrl+u", "5", "enter")  # shipping 5: invoices the buyer
        await settle(pilot)
        assert order["status"] == "Invoice Sent" and order["shipping"]["value"] == 5.0
        await pilot.press("t", "down", "down", "down", "enter")  # New, Contacted, Pending, Received
        await settle(pilot)
        assert order["status"] == "Payment Received"
        await pilot.press("m", *"On its way", "tab", "enter")
        await pilot.press("down", "down", "enter", "ctrl+s")  # In Progress, Shipped
        await settle(pilot)
        shown = plain(app.screen.query(".order-message").first(Static))
    assert order["status"] == "Shipped"
    newest = shared_sandbox.state.sandbox.order_messages[order_id][-1]
    assert newest["message"].startswith("Seller changed status from Payment Received to Shipped")
    assert newest["message"].endswith("On its way") and "On its way" in shown


async def test_shipping_is_refused_with_a_reason_when_not_allowed(shared_sandbox):
    order_id = order_in(shared_sandbox, "Shipped")
    app = seller_app(shared_sandbox, Location("order", order_id))
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        await pilot.press("s")
        await pilot.pause()
        assert isinstance(app.screen, OrderScreen)  # no form opened
    assert "can't change" in notes(app) and "Shipped" in notes(app)
    assert sandbox_orders(shared_sandbox)[order_id]["status"] == "Shipped"


async def test_a_final_order_offers_no_status(shared_sandbox):
    order_id = order_in(shared_sandbox, "Cancelled (Non-Paying Buyer)")
    app = seller_app(shared_sandbox, Location("order", order_id))
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        await pilot.press("t")
        await pilot.pause()
        assert isinstance(app.screen, OrderScreen)
    assert "it is final" in notes(app)


async def test_reply_with_a_message_and_escape_keeps_the_draft(shared_sandbox):
    order_id = order_in(shared_sandbox, "Buyer Contacted")
    log = shared_sandbox.state.sandbox.order_messages[order_id]
    before = len(log)
    app = seller_app(shared_sandbox, Location("order", order_id))
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        await pilot.press("m", *"Hi", "escape")  # leaves the text
        assert app.focused is None
        await pilot.press("escape", "m")  # closes the form, opens it again
        assert app.screen.query_one(TextArea).text == "Hi"
        await pilot.press("ctrl+s")
        await settle(pilot)
    assert len(log) == before + 1 and log[-1]["message"] == "Hi"
    assert log[-1]["type"] == "message"


class TimingOutTransport(httpx.ASGITransport):
    """In-process, with the read timeout a network has (ASGITransport ignores timeouts)."""

    async def handle_async_request(self, request: httpx.Request) -> httpx.Response:
        timeout = request.extensions.get("timeout", {}).get("read")
        try:
            return await asyncio.wait_for(super().handle_async_request(request), timeout)
        except TimeoutError:
            raise httpx.ReadTimeout("no answer", request=request) from None


async def test_a_reply_whose_answer_is_lost_is_not_resent(shared_sandbox):
    order_id = order_in(shared_sandbox, "New Order")
    log = shared_sandbox.state.sandbox.order_messages[order_id]
    before = len(log)
    shared_sandbox.state.faults.add(
        FaultRule("hang_after", path=f"{order_id}/messages$", method="POST", seconds=2)
    )
    client = DiscogsClient(
        TokenCredentials(token=DEMO_TOKEN, username=DEMO_USERNAME),
        transport=TimingOutTransport(app=shared_sandbox),
        timeout=httpx.Timeout(0.3),
    )
    app = seller_app(shared_sandbox, Location("order", order_id), DiscogsService(client))
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        await pilot.press("m", *"Once", "ctrl+s")
        await settle(pilot)
        shown = [plain(message) for message in app.screen.query(".order-message").results(Static)]
    assert "not known whether that was saved" in notes(app)
    assert len(log) == before + 1
    assert sum("Once" in message for message in shown) == 1


# -- tools in the palette ----------------------------------------------------------------------
async def test_fee_calculator(shared_sandbox):
    app = seller_app(shared_sandbox, Location("orders"))
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        await pilot.press("ctrl+p", *"fee", "enter")
        await settle(pilot)
        assert isinstance(app.screen, FeeCalculator)
        await pilot.press(*"10", "enter")
        await settle(pilot)
        result = plain(app.screen.query_one("#fee", Static))
    assert result == "The fee on 10.00 USD is 0.42 USD."


async def test_price_suggestions_for_the_release_on_screen_and_none(shared_sandbox, monkeypatch):
    demo = shared_sandbox.state.sandbox.user(DEMO_USERNAME)
    monkeypatch.setattr(demo, "seller_settings", False)  # Discogs answers {} until filled in
    app = seller_app(shared_sandbox, Location("release", "249504"))
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        await pilot.press("ctrl+p", *"sugg", "enter")
        await settle(pilot)
        assert isinstance(app.screen, PriceSuggestions)
        assert app.screen.query_one(Input).value == "249504"
        none = plain(app.screen.query_one("#suggestions", Static))
        demo.seller_settings = True
        await pilot.press("ctrl+u", "1", "enter")
        await settle(pilot)
        suggested = plain(app.screen.query_one("#suggestions", Static))
    assert "seller settings may not be filled in" in none and "no sales data" in none
    assert "VG+" in suggested and "USD" in suggested

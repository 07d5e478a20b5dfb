"""What people type and paste, against the in-process sandbox: huge pastes are answered in
a moment with a message and keep what was typed; unicode searches find what they name; forms
say beside the field what is wrong; an unknown id opens a screen that says "not found"."""

from __future__ import annotations

import time
import unicodedata

import pytest
from textual import events
from textual.pilot import Pilot
from textual.widgets import Input, Static, TextArea

from discogs_tui.app.app import DiscogsApp
from discogs_tui.app.modals.fee_calculator import FeeCalculator
from discogs_tui.app.navigation import Location, location_from_args
from discogs_tui.app.screens.inventory_jobs import UploadForm
from discogs_tui.app.screens.listing_form import ListingForm
from discogs_tui.app.screens.order import ReplyForm
from discogs_tui.demo import sandbox_service
from discogs_tui.sandbox import create_app
from discogs_tui.sandbox.config import DEMO_USERNAME
from tests.app.conftest import settle
from tests.conftest import roomy_config

SIZE = (100, 30)
MEGABYTE_LINE = "x" * 1_000_000


@pytest.fixture(scope="module")
def sandbox():
    return create_app(roomy_config())


def demo_app(sandbox, location: Location) -> DiscogsApp:
    service = sandbox_service(app=sandbox)
    return DiscogsApp(service, start=location, signed_in_as=DEMO_USERNAME)


def requests(sandbox) -> int:
    return sandbox.state.stats.requests


def notes(app: DiscogsApp) -> str:
    return " ".join(str(notification.message) for notification in app._notifications)


def shown(app: DiscogsApp, selector: str) -> str:
    return str(app.screen.query_one(selector, Static).render())


async def paste(pilot: Pilot, words: str) -> None:
    """A bracketed paste, as the terminal sends it: the app hands it to the focused field."""
    pilot.app.post_message(events.Paste(words))
    await pilot.pause()


async def press(pilot: Pilot, *keys: str) -> None:
    await pilot.press(*keys)
    await settle(pilot)


# -- search ------------------------------------------------------------------------------------
async def search_for(pilot: Pilot, words: str) -> str:
    """Clear the search field, paste ``words``, Enter; the summary line."""
    await pilot.press("escape", "x")  # leave the field; clear every field (back in the query)
    await paste(pilot, words)
    await press(pilot, "enter")
    return shown(pilot.app, "#summary")


async def test_a_megabyte_paste_into_search_is_refused_at_once_and_kept(sandbox):
    app = demo_app(sandbox, Location("search"))
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        sent = requests(sandbox)
        started = time.monotonic()
        await paste(pilot, MEGABYTE_LINE)
        await press(pilot, "enter")
        elapsed = time.monotonic() - started
        query = app.screen.query_one("#query", Input).value
        summary = shown(app, "#summary")
        assert requests(sandbox) == sent
    assert elapsed < 2.0
    assert query == MEGABYTE_LINE  # nothing typed is lost
    assert "1,000,000 characters long; at most 1,000 fit. Shorten it." in summary


UNICODE_SEARCHES = (
    "القمر",  # Arabic, right to left
    "ירושלים",  # Hebrew
    "東京",
    unicodedata.normalize("NFD", "Müller"),  # combining diaeresis, as some keyboards send
    '"Never Gonna"',
    "Smith & Jones",
    "It's 100% <Live>",
    "東\x1b[31m京\x1b]52;c;aGk=\x07",  # escape sequences pasted along: not sent
)


async def test_unicode_and_punctuation_searches_find_results(sandbox):
    app = demo_app(sandbox, Location("search"))
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        summaries = {words: await search_for(pilot, words) for words in UNICODE_SEARCHES}
    nothing_found = {words: said for words, said in summaries.items() if " results, " not in said}
    assert not nothing_found


async def test_an_unknown_id_in_a_deep_link_says_not_found(sandbox):
    app = demo_app(sandbox, location_from_args(["release", "999999999"]))
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        screen_text = " ".join(str(widget.render()) for widget in app.screen.query(Static))
    assert "Release not found" in screen_text


# -- the seller's forms ------------------------------------------------------------------------
async def test_the_listing_form_explains_each_bad_field_and_keeps_it(sandbox):
    app = demo_app(sandbox, Location("inventory"))
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        await press(pilot, "n")
        assert isinstance(app.screen, ListingForm)
        await paste(pilot, "٢٤٩٥٠٤")  # the release id, in Arabic-Indic digits
        await press(pilot, "tab", "enter", "down", "enter", "tab", "tab")  # Mint media; price
        await paste(pilot, "12.555")
        await pilot.press(*["tab"] * 6)  # comments, offers, status, note, location, weight
        await paste(pilot, "-1")
        sent = requests(sandbox)
        await press(pilot, "ctrl+s")
        price_error, weight_error = shown(app, "#price-error"), shown(app, "#weight-error")
        typed = app.screen.query_one("#price", Input).value
        release = shown(app, "#form-release")
        assert requests(sandbox) == sent
    assert "has 3 decimals: use at most 2" in price_error
    assert "Weight must be auto or a whole number" in weight_error
    assert typed == "12.555"
    assert "Never Gonna Give You Up" in release  # ٢٤٩٥٠٤ is 249504


async def test_fee_calculator_and_upload_form_refuse_bad_input(sandbox):
    app = demo_app(sandbox, Location("inventory-jobs"))
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        await press(pilot, "u")
        assert isinstance(app.screen, UploadForm)
        await paste(pilot, "~/listings\x00.csv")
        await press(pilot, "enter")
        upload_problem = shown(app, ".modal-problem")
        await press(pilot, "escape", "escape", "y")  # leave the field, drop what was typed

        await press(pilot, "ctrl+p", *"fee", "enter")
        assert isinstance(app.screen, FeeCalculator)
        await paste(pilot, "1e309")
        await press(pilot, "enter")
        fee_problem = shown(app, ".modal-problem")
    assert "can't be used: embedded null byte" in upload_problem
    assert "Price must be a number greater than 0" in fee_problem


async def test_a_huge_paste_into_a_message_is_refused_in_a_moment(sandbox):
    order_id = next(
        order_id
        for order_id, order in sandbox.state.sandbox.orders.items()
        if order["seller"]["username"] == DEMO_USERNAME
    )
    app = demo_app(sandbox, Location("order", order_id))
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        await press(pilot, "m")
        assert isinstance(app.screen, ReplyForm)
        await paste(pilot, "Hello, ")
        started = time.monotonic()
        await paste(pilot, "a line of text\n" * 100_000)
        elapsed = time.monotonic() - started
        kept = app.screen.query_one(TextArea).text
    assert elapsed < 1.0
    assert kept == "Hello, "
    assert "Not pasted: that is 1,500,000 characters" in notes(app)

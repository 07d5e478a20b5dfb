"""The rough edges a newcomer hit at 80×24 (issue 15), each held by a test: footers that cut
keys off, the search fields, the collection's columns, "Me" one key away, the demo's whoami,
search URLs, the grammar written down the same in the help screen and the README."""

from __future__ import annotations

from pathlib import Path

import pytest
from textual.widgets import DataTable, Input
from textual.widgets._footer import FooterKey

from discogs_tui.app.commands import KEY_GRAMMAR
from discogs_tui.app.navigation import Location, location_from_args, search_params
from discogs_tui.app.screens.help import HelpScreen
from discogs_tui.app.screens.lists import ListsScreen
from discogs_tui.app.screens.user import UserScreen
from discogs_tui.app.widgets.footer import MORE_KEYS
from discogs_tui.app.widgets.virtual_list import VirtualList, column_widths
from discogs_tui.cli import main
from discogs_tui.sandbox.config import DEMO_USERNAME
from screenshots.tour import demo_app, frozen
from tests.app.conftest import settle

README = Path(__file__).parents[2] / "README.md"


@pytest.fixture(autouse=True)
def frozen_world(tmp_path):
    with frozen(tmp_path):
        yield


def footer_keys(app) -> list[str]:
    return [f"{key.key_display} {key.description}" for key in app.screen.query(FooterKey)]


async def test_the_footer_shows_the_screens_keys_first_and_says_where_the_rest_are():
    app = demo_app(Location("order", "9000001-3"))
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        keys = footer_keys(app)
        assert keys[0] == "t Status"  # the order's own keys before the app's
        assert f"f1 {MORE_KEYS}" in keys
        footer_width = sum(key.size.width for key in app.screen.query(FooterKey))
        assert footer_width <= 80


async def test_the_search_fields_leave_room_for_results_and_scroll_to_the_field():
    app = demo_app(Location("search", "nirvana"))
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        await pilot.press("a")
        table = app.screen.query_one("#results", DataTable)
        assert table.region.height >= 5  # the header and four results at least
        for _ in range(15):  # to Contributor, the last field
            await pilot.press("tab")
        focused = app.focused
        assert isinstance(focused, Input) and focused.id == "field-contributor"
        advanced = app.screen.query_one("#advanced")
        assert advanced.region.contains_region(focused.region)


async def test_the_collection_keeps_artist_and_title_readable_at_80_columns():
    app = demo_app(Location("collection", DEMO_USERNAME), roomy=True)  # no rate-limit waits
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        items = app.screen.query_one(VirtualList)
        assert not app.screen.query_one("#collection-folders").display  # folded away
        widths = dict(zip([c.title for c in items.columns], items._widths, strict=True))
        assert widths["Artist"] >= 16 and widths["Title"] >= 16
        await pilot.press("h")  # the folders show while you are in them
        assert app.screen.query_one("#collection-folders").display
        await pilot.press("l")
        assert not app.screen.query_one("#collection-folders").display


def test_columns_drop_before_artist_and_title_shrink():
    from discogs_tui.app.screens.collection import COLUMNS

    for width in (40, 56, 77, 100):
        widths = dict(zip([c.title for c in COLUMNS], column_widths(COLUMNS, width), strict=True))
        assert widths["Artist"] >= 16 and widths["Title"] >= 16, width
    assert 0 in column_widths(COLUMNS, 77)  # something was dropped at 80 columns
    assert 0 not in column_widths(COLUMNS, 140)


@pytest.mark.parametrize(("key", "screen"), [("f6", UserScreen), ("f7", ListsScreen)])
async def test_me_is_one_key_away(key, screen):
    app = demo_app(Location("search"))
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        await pilot.press("escape", key)  # out of the search field first
        await settle(pilot)
        assert isinstance(app.screen, screen)
        assert app.screen.location.target == DEMO_USERNAME


def test_whoami_in_the_demo_names_the_demo_user(capsys):
    assert main(["--demo", "whoami"]) == 0
    assert capsys.readouterr().out.startswith(f"{DEMO_USERNAME} ")


def test_a_search_url_keeps_every_parameter_of_the_form():
    location = location_from_args(
        ["https://www.discogs.com/search/?q=nirvana&type=release&year=1991&label=DGC&utm=x"]
    )
    assert location.kind == "search"
    assert search_params(location.target) == {
        "q": "nirvana",
        "type": "release",
        "label": "DGC",
        "year": "1991",
    }


async def test_a_search_url_searches_with_its_type_and_fields():
    location = location_from_args(["https://www.discogs.com/search/?q=nirvana&type=release"])
    app = demo_app(location)
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        screen = app.screen
        assert screen.params["type"] == "release"
        assert {result.type for result in screen.results} == {"release"}
        assert screen.query_one("#type").value == "release"
        assert screen.query_one("#query", Input).value == "nirvana"


async def test_the_help_screen_and_the_readme_state_the_same_grammar():
    readme = README.read_text(encoding="utf-8")
    app = demo_app(Location("release", "249504"), roomy=True)
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        await pilot.press("f1")
        assert isinstance(app.screen, HelpScreen)
        table = app.screen.keys_table()
        shown = "\n".join(
            " ".join(str(cell) for cell in row)
            for row in zip(*(c._cells for c in table.columns), strict=True)
        )
    for keys, meaning in KEY_GRAMMAR:
        assert f"**{keys}** {meaning}" in readme
        assert keys in shown and meaning[:30] in shown


def test_times_are_local_with_the_zone_named(in_paris):
    from discogs_tui.app.screens import inventory_jobs, order, orders

    # an order's time comes in Discogs' server zone; a job's without an offset (UTC)
    assert order.when("2023-10-06T21:56:14-07:00") == "2023-10-07 06:56 CEST"
    assert orders.date_cell("created")({"created": "2023-10-06T21:56:14-07:00"}).plain == (
        "2023-10-07"
    )
    assert inventory_jobs.when("2024-01-15T23:30:00") == "2024-01-16 00:30"
    assert order.when("not a time") == "not a time"


async def test_the_order_screen_names_the_zone(in_paris):
    app = demo_app(Location("order", "9000001-3"))
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        shown = "\n".join(str(widget.render()) for widget in app.screen.query(".order-message"))
        assert "CE" in shown  # CET or CEST, by the date of each message


async def test_one_link_highlight_at_a_time_on_an_artist_page():
    from discogs_tui.app.render import spans_to_text
    from discogs_tui.app.widgets.linktext import LinkText

    app = demo_app(Location("artist", "270222"))  # Chad Kroeger: groups, a profile with links)
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        await pilot.press("l")  # the first member link
        related = app.screen.query_one("#related", LinkText)
        profile = app.screen.query_one("#profile", LinkText)
        assert app.focused is related and related.focused_link == 0
        profile.focus()
        await pilot.press("right_square_bracket")  # a link of the profile
        await pilot.pause()
        assert profile.focused_link == 0
        highlighted = [
            widget
            for widget in (related, profile)
            if widget.content != spans_to_text(widget.spans, None)
        ]
        assert highlighted == [profile]

"""The wantlist and the lists screens, driven by keys against an in-process sandbox: every
want at once, filter, sort, edit, remove, marketplace availability, opening releases; your
lists and another user's, a list's items and comments, opening an item."""

from __future__ import annotations

from textual.widgets import Input, TextArea

from discogs_tui.app.app import DiscogsApp
from discogs_tui.app.navigation import Location
from discogs_tui.app.screens.lists import ListScreen
from discogs_tui.app.screens.wantlist import WantlistScreen, haystack
from discogs_tui.app.widgets.paged_table import PagedTable
from discogs_tui.demo import sandbox_service
from discogs_tui.sandbox.config import DEMO_USERNAME
from tests.app.conftest import settle

SIZE = (100, 30)


def demo_app(sandbox_app, start: Location) -> DiscogsApp:
    service = sandbox_service(app=sandbox_app)
    return DiscogsApp(service, start=start, signed_in_as=DEMO_USERNAME)


def demo_wants(sandbox_app) -> dict:
    return sandbox_app.state.sandbox.user(DEMO_USERNAME).wants


def for_sale_by_others(sandbox_app) -> set[int]:
    return {
        listing["release"]["id"]
        for listing in sandbox_app.state.sandbox.listings.values()
        if listing["status"] == "For Sale" and listing["seller"]["username"] != DEMO_USERNAME
    }


async def press(pilot, *keys: str) -> None:
    await pilot.press(*keys)
    await settle(pilot)


async def open_wantlist(pilot) -> WantlistScreen:
    await settle(pilot)
    screen = pilot.app.screen
    assert isinstance(screen, WantlistScreen)
    return screen


def wantlist_app(sandbox_app) -> DiscogsApp:
    return demo_app(sandbox_app, Location("wantlist", DEMO_USERNAME))


# -- the wantlist -------------------------------------------------------------------------------
async def test_all_wants_filter_sort_and_availability(sandbox_app):
    async with wantlist_app(sandbox_app).run_test(size=SIZE) as pilot:
        screen = await open_wantlist(pilot)
        assert len(screen.shown) == screen.table.row_count == 300

        buyable = for_sale_by_others(sandbox_app) & set(demo_wants(sandbox_app))
        assert buyable, "the sandbox has wants for sale"
        assert len(screen.availability) == 300  # every want checked in the background
        release_id = min(buyable)
        known = screen.availability[release_id]
        assert known.count >= 1 and known.lowest
        cell = screen.table.get_cell(str(release_id), "For sale")
        assert cell.plain == f"{known.count} from {known.lowest}"

        await press(pilot, "b")  # only what can be bought now
        assert release_id in {want["id"] for want in screen.shown}
        assert all(screen.availability[want["id"]].count for want in screen.shown)
        await press(pilot, "b")

        await press(pilot, "s")  # added -> artist, A to Z
        artists = [want["basic_information"]["artists"][0]["name"] for want in screen.shown]
        assert artists[0].lower() <= artists[-1].lower()
        await press(pilot, "s", "s", "s")  # -> rating, highest first
        assert screen.shown[0]["rating"] == 5
        await press(pilot, "S")
        assert screen.shown[0]["rating"] == 0

        await press(pilot, "f", *"velvet")
        assert isinstance(pilot.app.focused, Input)
        assert 1 <= len(screen.shown) < 300
        assert all("velvet" in haystack(want) for want in screen.shown)
        await press(pilot, "escape")  # leaves the filter, stays on the screen
        assert pilot.app.screen is screen and not isinstance(pilot.app.focused, Input)


async def test_enter_opens_the_release(sandbox_app):
    async with wantlist_app(sandbox_app).run_test(size=SIZE) as pilot:
        screen = await open_wantlist(pilot)
        await press(pilot, "j")
        release_id = screen.shown[1]["id"]
        await press(pilot, "enter")
        assert pilot.app.screen.location == Location("release", str(release_id))


async def test_edit_notes_and_rating(sandbox_app):
    async with wantlist_app(sandbox_app).run_test(size=SIZE) as pilot:
        screen = await open_wantlist(pilot)
        release_id = screen.shown[0]["id"]
        want = demo_wants(sandbox_app)[release_id]
        before = (want.notes, want.rating)
        await press(pilot, "e", "x", "escape", "escape", "y")  # leave the notes, drop, back
        assert pilot.app.screen is screen
        assert (want.notes, want.rating) == before
        await press(pilot, "e")
        notes = pilot.app.screen.query_one(TextArea)
        notes.text = ""  # typing replaces nothing: start from an empty field
        await press(pilot, "M", "i", "n", "t", "tab", "backspace", "3", "ctrl+s")
        want = demo_wants(sandbox_app)[release_id]
        assert (want.notes, want.rating) == ("Mint", 3)
        shown = next(want for want in screen.shown if want["id"] == release_id)
        assert (shown["notes"], shown["rating"]) == ("Mint", 3)


async def test_remove_asks_first(sandbox_app):
    async with wantlist_app(sandbox_app).run_test(size=SIZE) as pilot:
        screen = await open_wantlist(pilot)
        release_id = screen.shown[0]["id"]
        await press(pilot, "x", "n")
        assert release_id in demo_wants(sandbox_app)
        await press(pilot, "x", "y")
        assert release_id not in demo_wants(sandbox_app)
        assert len(screen.shown) == 299 and screen.shown[0]["id"] != release_id


# -- lists --------------------------------------------------------------------------------------
def list_rows(app: DiscogsApp) -> list[dict]:
    return app.screen.query_one(PagedTable).items


async def test_your_lists_include_private_ones(sandbox_app):
    async with demo_app(sandbox_app, Location("lists", DEMO_USERNAME)).run_test(size=SIZE) as pilot:
        await settle(pilot)
        lists = list_rows(pilot.app)
        assert len(lists) == 5
        assert {item.public for item in lists} == {True, False}


async def test_another_users_private_lists_are_hidden(sandbox_app):
    async with demo_app(sandbox_app, Location("lists", "rodneyfool")).run_test(size=SIZE) as pilot:
        await settle(pilot)
        assert list_rows(pilot.app) == []  # both of rodneyfool's lists are private


async def test_a_list_shows_items_with_comments_and_opens_an_artist(sandbox_app):
    async with demo_app(sandbox_app, Location("lists", DEMO_USERNAME)).run_test(size=SIZE) as pilot:
        await settle(pilot)
        names = [item.name for item in list_rows(pilot.app)]
        row = names.index("Artists To Explore")
        await press(pilot, *["j"] * row, "enter")
        screen = pilot.app.screen
        assert isinstance(screen, ListScreen)
        assert "Artists To Explore" in str(screen.query_one("#list-head").render())
        table = screen.query_one("#list-items")
        assert table.row_count == len(screen.items) == 10
        comments = [table.get_row_at(i)[-1].plain for i in range(table.row_count)]  # after the marker
        assert comments == [item.comment for item in screen.items]
        assert screen.items[0].type == "artist"
        await press(pilot, "enter")
        assert pilot.app.screen.location == Location("artist", str(screen.items[0].id))

"""Marking rows to act on many at once (issue 17), driven by keys against the sandbox:
space marks and moves down, + marks what the filter shows, * inverts, - clears; marks
survive a sort and a filter, and show a marker on the row."""

from __future__ import annotations

import pytest

from discogs_tui.app.app import DiscogsApp
from discogs_tui.app.marks import MARKER, Marks
from discogs_tui.app.navigation import Location
from discogs_tui.app.screens.collection import CollectionScreen
from discogs_tui.demo import sandbox_service
from discogs_tui.sandbox import create_app
from discogs_tui.sandbox.config import DEMO_USERNAME
from tests.app.conftest import settle
from tests.conftest import roomy_config


def test_marks_toggle_invert_keep_and_summary():
    marks = Marks()
    assert marks.summary() == ""
    assert marks.toggle(1) and marks.toggle(2) and not marks.toggle(1)
    marks.mark([3, 4])
    marks.invert([2, 5])  # among the shown: 2 unmarked, 5 marked
    assert list(marks) == [3, 4, 5]
    assert marks.summary() == "3 marked"
    assert marks.summary(shown=[3, 9]) == "3 marked (2 hidden by the filter)"
    marks.keep([4, 5, 6])
    assert list(marks) == [4, 5]
    marks.clear()
    assert not marks


@pytest.fixture
def collection_app(monkeypatch) -> DiscogsApp:
    monkeypatch.setattr(CollectionScreen, "mirror_directory", lambda self: None)
    service = sandbox_service(create_app(roomy_config()))
    start = Location("collection", DEMO_USERNAME)
    return DiscogsApp(service, start=start, signed_in_as=DEMO_USERNAME)


async def press(pilot, *keys: str) -> None:
    await pilot.press(*keys)
    await settle(pilot)


def summary(app) -> str:
    return str(app.screen.query_one("#collection-summary").render())


async def test_collection_marks_survive_sort_and_filter(collection_app):
    app = collection_app
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        screen, listing = app.screen, app.screen.item_list
        first, second = listing.shown_rows()[:2]
        await press(pilot, "space", "space")
        assert list(screen.marks) == [first.instance_id, second.instance_id]
        assert listing.current is listing.shown_rows()[2]  # space moved down each time
        assert "2 marked" in summary(app)
        line = listing.render_line(1).text  # the first row (line 0 is the header)
        assert line.startswith(MARKER)

        await press(pilot, "s", "o")  # another sort, the other way
        assert set(screen.marks) == {first.instance_id, second.instance_id}

        words = first.title.lower().split()[:1]
        await press(pilot, "f", *words[0], "enter")
        shown = [row.instance_id for row in listing.shown_rows()]
        assert first.instance_id in shown and len(shown) < 3000
        hidden = sum(key not in shown for key in screen.marks)
        assert screen.marks and ("hidden by the filter" in summary(app)) == bool(hidden)

        await press(pilot, "plus")  # every row the filter shows
        assert set(shown) <= set(screen.marks)
        assert len(screen.marks) == len(shown) + hidden
        await press(pilot, "asterisk")  # invert among the shown: only the hidden stay
        assert len(screen.marks) == hidden

        await press(pilot, "f", *["backspace"] * len(words[0]), "enter")
        assert listing.row_count == 3000
        await press(pilot, "asterisk")
        assert len(screen.marks) == 3000 - hidden
        assert f"{3000 - hidden:,} marked" in summary(app)
        await press(pilot, "minus")
        assert not screen.marks
        assert "marked" not in summary(app)


def wantlist_app(sandbox_app) -> DiscogsApp:
    service = sandbox_service(app=sandbox_app)
    return DiscogsApp(service, start=Location("wantlist", DEMO_USERNAME), signed_in_as=DEMO_USERNAME)


async def test_wantlist_marks_survive_sort_and_filter(sandbox_app):
    app = wantlist_app(sandbox_app)
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        screen = app.screen
        first, second = screen.shown[0]["id"], screen.shown[1]["id"]
        await press(pilot, "space", "space")
        assert list(screen.marks) == [first, second]
        assert screen.table.cursor_row == 2
        assert screen.table.get_cell(str(first), MARKER).plain == MARKER
        assert "2 marked" in str(screen.query_one("#wants-summary").render())

        await press(pilot, "s")  # by artist
        assert screen.table.get_cell(str(first), MARKER).plain == MARKER
        await press(pilot, "f", *"velvet", "enter")
        shown = {want["id"] for want in screen.shown}
        assert 0 < len(shown) < 300
        await press(pilot, "plus")
        assert set(screen.marks) == shown | {first, second}
        await press(pilot, "asterisk")
        assert set(screen.marks) == {first, second} - shown
        await press(pilot, "minus")
        assert not screen.marks
        assert all(screen.table.get_cell(str(key), MARKER).plain == "" for key in shown)


async def test_inventory_marks_survive_a_sort_and_a_status_filter(sandbox_app):
    service = sandbox_service(app=sandbox_app)
    start = Location("inventory", DEMO_USERNAME)
    app = DiscogsApp(service, start=start, signed_in_as=DEMO_USERNAME)
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        screen = app.screen
        table = screen.table
        first, second = (item["id"] for item in table.items[:2])
        await press(pilot, "space", "space")
        assert list(screen.marks) == [first, second]
        assert table.rows.cursor_row == 2
        assert "2 marked" in str(screen.query_one(".paged-summary").render())

        await press(pilot, "o")  # the other way round: a new first page from the server
        assert set(screen.marks) == {first, second}
        marked_rows = [
            row for row, item in enumerate(table.items) if item["id"] in (first, second)
        ]
        for row in marked_rows:  # the marker is drawn on the marked listings that came back
            assert table.rows.get_cell_at((row, 0)).plain == MARKER

        await press(pilot, "f", "j", "j", "enter")  # Draft only
        drafts = {item["id"] for item in table.items}
        await press(pilot, "plus")
        assert set(screen.marks) == drafts | {first, second}
        await press(pilot, "minus")
        assert not screen.marks


async def test_another_sellers_inventory_cant_be_marked(sandbox_app):
    service = sandbox_service(app=sandbox_app)
    app = DiscogsApp(service, start=Location("inventory", "Booms528"), signed_in_as=DEMO_USERNAME)
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        await press(pilot, "space", "plus")
        assert not app.screen.marks
        assert any("Only your own" in str(n.message) for n in app._notifications)


async def test_a_lists_items_are_marked_and_said_to_be_read_only(sandbox_app):
    service = sandbox_service(app=sandbox_app)
    app = DiscogsApp(service, start=Location("lists", DEMO_USERNAME), signed_in_as=DEMO_USERNAME)
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        await press(pilot, "enter")  # the first list
        screen = app.screen
        assert screen.items
        await press(pilot, "space")
        assert len(screen.marks) == 1
        assert "1 marked" in str(screen.query_one("#list-head").render())
        table = screen.query_one("#list-items")
        assert table.get_cell_at((0, 0)).plain == MARKER
        assert any("read-only" in str(n.message) for n in app._notifications)
        await press(pilot, "plus")
        assert len(screen.marks) == len(screen.items)
        await press(pilot, "minus")
        assert not screen.marks

"""The collection screen, driven by keys against the in-process sandbox (mirror in memory)."""

from __future__ import annotations

import pytest
from textual.widgets import Input

from discogs_tui.app.app import DiscogsApp
from discogs_tui.app.navigation import Location
from discogs_tui.app.screens.collection import CollectionScreen
from discogs_tui.demo import sandbox_service
from discogs_tui.sandbox import create_app
from discogs_tui.sandbox.config import DEMO_USERNAME
from tests.app.conftest import settle, wait_until
from tests.conftest import roomy_config


@pytest.fixture
def app(monkeypatch) -> DiscogsApp:
    monkeypatch.setattr(CollectionScreen, "mirror_directory", lambda self: None)
    service = sandbox_service(create_app(roomy_config()))
    start = Location("collection", DEMO_USERNAME)
    return DiscogsApp(service, start=start, signed_in_as=DEMO_USERNAME)


async def press(pilot, *keys: str) -> None:
    await pilot.press(*keys)
    await settle(pilot)


def current(app):
    """The copy under the cursor."""
    return app.screen.item_list.current


async def instance(app, item) -> dict | None:
    """What the sandbox has for the copy now (None: gone)."""
    page = await app.service.collection.release_instances(DEMO_USERNAME, item.release_id)
    return next((i for i in page.items if i["instance_id"] == item.instance_id), None)


async def folder_names(app) -> list[str]:
    return [folder["name"] for folder in await app.service.collection.folders(DEMO_USERNAME)]


async def test_syncs_then_filters_sorts_and_leaves_the_filter(app):
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        listing = app.screen.item_list
        assert listing.row_count == 3000
        assert app.screen.mirror.synced_at is not None

        await press(pilot, "f", "v", "i", "n")
        narrowed = listing.row_count
        assert 0 < narrowed < 3000
        assert all("vin" in row.haystack for row in listing.shown_rows())

        await press(pilot, "escape")
        assert not isinstance(app.focused, Input)
        assert isinstance(app.screen, CollectionScreen)  # left the filter, not the screen

        await press(pilot, "s", "s")  # added -> year -> label (the API's order, round)
        assert app.screen.sort_key == "label"
        labels = [row.label.lower() for row in listing.shown_rows()]
        assert labels == sorted(labels, reverse=True)
        await press(pilot, "o")
        assert listing.shown_rows()[0].label.lower() == min(labels)


async def test_a_sort_in_slices_keeps_the_old_order_until_it_is_done(app, monkeypatch):
    """A sort too big for a frame is worked out between frames: meanwhile the list shows
    the order it had (and says so); flipping it then reuses the keys of that sort."""
    from discogs_tui.app import slices
    from discogs_tui.app.screens import collection

    monkeypatch.setattr(collection, "SORTED_AT_ONCE", 100)  # 3,000 copies: in slices
    monkeypatch.setattr(slices, "SORTED_AT_ONCE", 100)
    monkeypatch.setattr(slices, "SLICE_SECONDS", 0.0)  # a chunk per turn of the loop
    keyed = []
    year = collection.SORTS["year"]
    monkeypatch.setitem(collection.SORTS, "year", lambda item: keyed.append(1) or year(item))
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        screen, listing = app.screen, app.screen.item_list
        before = listing.shown_rows()
        screen.action_next_sort()  # added -> year, as the key s does
        summary = str(screen.query_one("#collection-summary").render())
        assert screen.sorting and "sorting…" in summary
        assert listing.shown_rows() == before  # the old order, until the new one is ready
        await wait_until(pilot, lambda: not screen.sorting)
        years = [row.year for row in listing.shown_rows()]
        assert years == sorted(years, reverse=True) and screen.sort_key == "year"
        made = len(keyed)
        await press(pilot, "o")  # the other way round: the same keys, none made again
        await wait_until(pilot, lambda: not screen.sorting)
        assert [row.year for row in listing.shown_rows()] == sorted(years)
        assert len(keyed) == made


async def test_rate_move_and_remove_a_copy(app):
    async with app.run_test(size=(100, 30)) as pilot:
        await settle(pilot)
        item = current(app)
        rating = 1 if item.rating != 1 else 2
        await press(pilot, str(rating))
        assert (await instance(app, item))["rating"] == rating
        assert current(app).rating == rating

        await press(pilot, "m")
        picked = app.screen  # the folder picker: Uncategorized first, then the user's folders
        await press(pilot, "j", "j", "enter")
        moved = await instance(app, item)
        assert moved["folder_id"] not in (0, item.folder_id)
        assert picked is not app.screen

        await press(pilot, "x", "n")
        assert await instance(app, item) is not None
        await press(pilot, "x", "y")
        assert await instance(app, item) is None
        assert app.screen.item_list.row_count == 2999


async def test_create_rename_and_delete_a_folder(app):
    async with app.run_test(size=(100, 30)) as pilot:
        await settle(pilot)
        await press(pilot, "n", *"Crates", "enter")
        assert "Crates" in await folder_names(app)

        await press(pilot, "h", "G", "e", "ctrl+u", *"Boxes", "enter")
        names = await folder_names(app)
        assert "Boxes" in names and "Crates" not in names

        await press(pilot, "d")
        assert "Boxes" not in await folder_names(app)

        await press(pilot, "G", "d")  # the last folder has copies: refused
        assert len(await folder_names(app)) == len(names) - 1
        await press(pilot, "g", "d")  # "All" is fixed
        assert "All" in await folder_names(app)


async def test_custom_fields_dropdown_and_textarea(app):
    async with app.run_test(size=(100, 30)) as pilot:
        await settle(pilot)
        item = current(app)
        await press(pilot, "e", "enter")  # the first field: Media, a dropdown
        await press(pilot, "g", "enter")  # its first option
        notes = {note["field_id"]: note["value"] for note in (await instance(app, item))["notes"]}
        assert notes[1] == "Mint (M)"
        assert current(app).notes[1] == "Mint (M)"

        await press(pilot, "e", "j", "j", "enter")  # Notes, a textarea: several lines
        await press(pilot, "ctrl+a", "delete", *"Signed", "enter", *"Plays fine", "ctrl+s")
        notes = {note["field_id"]: note["value"] for note in (await instance(app, item))["notes"]}
        assert notes[3] == "Signed\nPlays fine"


async def test_the_mirror_is_read_in_the_background_after_start(monkeypatch, tmp_path):
    """A second after start the signed-in user's mirror is read (a slice at a time), so the
    collection opens from memory; nothing is read when there is no mirror."""
    from discogs_tui.api.mirror import CollectionMirror
    from discogs_tui.app import app as app_module

    monkeypatch.setattr(CollectionScreen, "mirror_directory", lambda self: tmp_path)
    monkeypatch.setattr(app_module, "PRELOAD_AFTER", 0.1)
    service = sandbox_service(create_app(roomy_config()))
    page = await service.collection.folder_releases(DEMO_USERNAME, 0, per_page=7)
    stored = CollectionMirror(service, DEMO_USERNAME, tmp_path)
    for item in page.items:
        stored.apply_add(item)
    stored.close()

    for has_mirror in (True, False):
        if not has_mirror:
            stored.path.unlink()
        app = DiscogsApp(service, start=Location("search"), signed_in_as=DEMO_USERNAME)
        async with app.run_test(size=(100, 30)) as pilot:
            await pilot.pause(0.5)
            store = app.service.stores.collection
            if has_mirror:
                assert len(store.opened(DEMO_USERNAME)) == 7
            else:
                assert store.opened(DEMO_USERNAME) is None

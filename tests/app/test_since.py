"""The wantlist's alert price (a) and the "Since you last looked" view (n), driven by keys,
over the watcher's history in a data dir of the test's own."""

from __future__ import annotations

import time

import pytest
from textual.widgets import Input, OptionList, Static

from discogs_tui.api.history import Check, WatchHistory
from discogs_tui.app.app import DiscogsApp
from discogs_tui.app.navigation import Location
from discogs_tui.app.screens.collection import CollectionScreen
from discogs_tui.app.screens.release import ReleaseScreen
from discogs_tui.app.screens.since import AlertForm, SinceScreen
from discogs_tui.demo import sandbox_service
from discogs_tui.sandbox.config import DEMO_USERNAME
from tests.app.conftest import settle
from tests.app.test_wantlist_lists import demo_app, open_wantlist, press

SIZE = (80, 24)


@pytest.fixture
def history(monkeypatch, tmp_path) -> WatchHistory:
    monkeypatch.setattr(CollectionScreen, "mirror_directory", lambda self: tmp_path)
    return WatchHistory(DEMO_USERNAME, tmp_path)


async def test_a_sets_and_removes_the_alert_price(sandbox_app, history):
    app = demo_app(sandbox_app, Location("wantlist", DEMO_USERNAME))
    async with app.run_test(size=SIZE) as pilot:
        screen = await open_wantlist(pilot)
        release_id = screen.current_want()["id"]
        await press(pilot, "a")
        assert isinstance(app.screen, AlertForm)
        await press(pilot, "1", "9", ".", "5", "ctrl+s")
        assert history.snapshot().alerts == {release_id: 19.5}
        await press(pilot, "a")
        assert app.screen.query_one(Input).value == "19.50"
        await press(pilot, "x")  # restricted to a price: ignored
        await press(pilot, *["backspace"] * 5, "ctrl+s")
        assert history.snapshot().alerts == {}
        await press(pilot, "a", "escape", "escape")  # leave the field, then the form
        assert app.screen is screen


async def test_n_shows_what_changed_since_the_last_look(sandbox_app, history):
    now = time.time()
    history.mark_looked(now - 3600)
    history.record_checks(
        [
            (1867708, Check(now - 7200, 0, None), "USD", "[b]Nine Inch Nails[/b] – Year Zero"),
            (249504, Check(now - 7200, 1, 40.0), "USD", "Rick Astley – Never"),
        ]
    )
    history.record_checks(
        [
            (1867708, Check(now - 60, 2, 15.0), "USD", "[b]Nine Inch Nails[/b] – Year Zero"),
            (249504, Check(now - 60, 1, 25.0), "USD", "Rick Astley – Never"),
        ]
    )
    history.set_alert(1867708, 20.0)
    app = demo_app(sandbox_app, Location("wantlist", DEMO_USERNAME))
    async with app.run_test(size=SIZE) as pilot:
        await open_wantlist(pilot)
        await press(pilot, "n")
        screen = app.screen
        assert isinstance(screen, SinceScreen)
        assert [(c.release_id, c.kind) for c in screen.changes] == [
            (1867708, "under alert"),
            (249504, "price drop"),
        ]
        first = str(screen.query_one(OptionList).get_option_at_index(0).prompt)
        assert "[b]Nine Inch Nails[/b]" in first  # a title is data, not markup
        assert "https://www.discogs.com/sell/release/1867708" in first
        assert "condition or shipping" in str(screen.query_one("#since-note").render())
        copied = []
        app.copy_to_clipboard = copied.append
        await press(pilot, "c")
        assert copied == ["https://www.discogs.com/sell/release/1867708"]
        await press(pilot, "down", "enter")
        assert isinstance(app.screen, ReleaseScreen)
        assert app.screen.location == Location("release", "249504")
    # Looking counts: the next visit shows only what is still under the alert price.
    assert history.snapshot().looked_at > now - 5


async def test_the_start_screen_says_how_many_are_new(sandbox_app, tmp_path):
    history = WatchHistory(DEMO_USERNAME, tmp_path)
    history.record_checks([(249504, Check(time.time() - 60, 2, 15.0), "USD", "Rick Astley")])
    history.set_alert(249504, 20.0)
    service = sandbox_service(app=sandbox_app)
    app = DiscogsApp(service, signed_in_as=DEMO_USERNAME, data_dir=tmp_path)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        summary = str(app.screen.query_one("#summary", Static).render())
    assert summary == "Type a search and press Enter.  1 new from watch: n on your wantlist (F3)."

"""The shell around every screen: help, palette, history, keymap, theme, Escape."""

from __future__ import annotations

import io

from rich.console import Console
from textual.command import CommandPalette
from textual.widgets import DataTable, Input

from discogs_tui.api.auth import TokenCredentials
from discogs_tui.api.client import RetryPolicy
from discogs_tui.app.app import UNREACHABLE, DiscogsApp
from discogs_tui.app.navigation import Location
from discogs_tui.app.screens.help import HelpScreen
from discogs_tui.config import Settings
from discogs_tui.demo import sandbox_service
from discogs_tui.sandbox import create_app
from discogs_tui.sandbox.config import DEMO_TOKEN, DEMO_USERNAME
from discogs_tui.sandbox.faults import FaultRule
from tests.app.conftest import settle
from tests.conftest import roomy_config


def app_on(location: Location, **options) -> tuple[DiscogsApp, object]:
    sandbox = create_app(roomy_config())
    service = sandbox_service(app=sandbox)
    return DiscogsApp(service, start=location, signed_in_as=DEMO_USERNAME, **options), sandbox


async def test_help_lists_the_screens_keys_and_closes():
    app, _ = app_on(Location("release", "249504"))
    async with app.run_test(size=(100, 30)) as pilot:
        await settle(pilot)
        await pilot.press("f1")
        assert isinstance(app.screen, HelpScreen)
        console = Console(record=True, width=160, file=io.StringIO())
        console.print(app.screen.keys_table())
        shown = console.export_text()
        assert (
            "Add the release to your wantlist" in shown and "Search the Discogs database" in shown
        )
        await pilot.press("escape")
        await pilot.press("question_mark")
        assert isinstance(app.screen, HelpScreen)
        await pilot.press("escape")
        assert app.screen.location.kind == "release"


async def test_palette_offers_the_screens_commands():
    app, _ = app_on(Location("release", "249504"))
    async with app.run_test(size=(100, 30)) as pilot:
        await settle(pilot)
        await pilot.press("ctrl+p")
        assert isinstance(app.screen, CommandPalette)
        await pilot.press(*"wantlist")
        await pilot.pause(0.3)
        options = app.screen.query_one("CommandList")
        assert any(
            "Want" in str(options.get_option_at_index(i).prompt)
            for i in range(options.option_count)
        )
        await pilot.press("escape")


async def test_back_restores_the_cursor_and_forward_goes_again():
    app, _ = app_on(Location("search", "night"))
    async with app.run_test(size=(100, 30)) as pilot:
        await settle(pilot)
        await pilot.press("j", "j", "j")
        table = app.screen.query_one("#results", DataTable)
        row = table.cursor_row
        await pilot.press("enter")
        await settle(pilot)
        opened = app.screen.location
        assert opened.kind != "search"
        await pilot.press("escape")
        await settle(pilot)
        assert app.screen.location.kind == "search"
        assert app.screen.query_one("#results", DataTable).cursor_row == row
        await pilot.press("greater_than_sign")
        await settle(pilot)
        assert app.screen.location == opened


async def test_escape_leaves_the_search_field_before_going_back():
    app, _ = app_on(Location("search"))
    async with app.run_test(size=(100, 30)) as pilot:
        await settle(pilot)
        assert isinstance(app.focused, Input)
        await pilot.press("escape")
        assert not isinstance(app.focused, Input)
        assert app.screen.location.kind == "search"


async def test_the_start_screen_is_lean_then_whole():
    """The start screen's first frame goes without the other screens' layout and with a
    stand-in for the type selector; right after it, both are there, and a search typed
    before then loses nothing."""
    from textual.widgets import Select

    from discogs_tui.app.app import SCREENS_CSS

    app, _ = app_on(Location("search"))
    async with app.run_test(size=(100, 30)) as pilot:
        screen = app.screen
        assert screen.query("#type-stand-in") and not screen.query("#type")
        assert app.focused is screen.query_one("#query", Input)
        await pilot.press(*"night", "enter")
        await settle(pilot)
        assert app.stylesheet.has_source(str(SCREENS_CSS), "")
        assert not screen.query("#type-stand-in")
        assert screen.query_one("#type", Select).value == Select.NULL
        assert screen.results  # the search typed at once went through


async def test_keys_remap_from_the_config(tmp_path):
    settings = Settings(keys={"release.want": "W"})
    app, sandbox = app_on(Location("release", "249504"), settings=settings)
    async with app.run_test(size=(100, 30)) as pilot:
        await settle(pilot)
        await pilot.press("W", "ctrl+s")  # the want form opens; ctrl+s saves it
        await settle(pilot)
    assert 249504 in sandbox.state.sandbox.user(DEMO_USERNAME).wants


async def test_theme_is_remembered(tmp_path):
    state_file = tmp_path / "state.json"
    app, _ = app_on(Location("search"), state_file=state_file)
    async with app.run_test(size=(80, 24)) as pilot:
        app.theme = "nord"
        await pilot.pause()
    again, _ = app_on(Location("search"), state_file=state_file)
    async with again.run_test(size=(80, 24)):
        assert again.theme == "nord"
    # search history lives here too: private, as every other file of the app
    assert state_file.stat().st_mode & 0o777 == 0o600
    assert [p.name for p in tmp_path.iterdir()] == ["state.json"]  # no temp file left


async def test_a_token_without_its_username_learns_whose_it_is():
    """A token from the environment doesn't say whose it is: the app asks Discogs, so the
    status bar and F2 (your collection) know."""
    service = sandbox_service(
        create_app(roomy_config()), credentials=TokenCredentials(token=DEMO_TOKEN)
    )
    app = DiscogsApp(service, start=Location("search"))
    async with app.run_test(size=(100, 30)) as pilot:
        await settle(pilot)
        assert app.signed_in_as == DEMO_USERNAME
        await pilot.press("f2")
        await settle(pilot)
        assert app.screen.location == Location("collection", DEMO_USERNAME)


async def test_an_unreachable_discogs_at_start_is_asked_again_until_it_answers():
    """Discogs down when the app starts: the app says it is unreachable and retrying (not
    "sign in"), asks again with growing waits, and signs in once it answers."""
    sandbox = create_app(roomy_config())
    sandbox.state.faults.add(FaultRule("drop_before", path="^/oauth/identity", times=None))
    service = sandbox_service(
        sandbox,
        credentials=TokenCredentials(token=DEMO_TOKEN),
        retry=RetryPolicy(attempts=2, base_delay=0.0, max_delay=0.0),
    )
    app = DiscogsApp(service, start=Location("search"))
    app.identity_backoff = (0.05, 0.2)
    async with app.run_test(size=(100, 30)) as pilot:
        while sandbox.state.faults.injected < 6:  # three asks, two tries each
            await pilot.pause(0.05)
        assert app.identity == UNREACHABLE and not app.signed_in_as
        await pilot.press("f2")
        said = [n.message for n in app._notifications]
        assert any("Discogs is unreachable; retrying" in m for m in said)
        assert not any("sign in" in m for m in said)
        assert "Discogs unreachable; retrying" in app.screen.query_one("#who").render().plain
        sandbox.state.faults.clear()  # Discogs is back
        for _ in range(100):
            if app.signed_in_as:
                break
            await pilot.pause(0.05)
        assert app.signed_in_as == DEMO_USERNAME and app.identity == ""
        await pilot.press("f2")
        await settle(pilot)
        assert app.screen.location == Location("collection", DEMO_USERNAME)

"""The sign-in screen, driven by keys (a token or verifier arrives as a terminal paste)
against an in-process sandbox."""

from __future__ import annotations

import re
import time

import httpx
import pytest
from textual import events
from textual.widgets import Input, Static

from discogs_tui.account import store
from discogs_tui.api.auth import ANONYMOUS
from discogs_tui.app.app import DiscogsApp
from discogs_tui.app.screens.search import SearchScreen
from discogs_tui.app.screens.signin import SignInScreen
from discogs_tui.app.widgets.status import StatusBar
from discogs_tui.launch import Endpoint
from discogs_tui.sandbox import create_app
from discogs_tui.sandbox.config import (
    DEMO_CONSUMER_KEY,
    DEMO_CONSUMER_SECRET,
    DEMO_TOKEN,
    DEMO_USERNAME,
)
from tests.app.conftest import settle
from tests.conftest import BASE_URL, make_client, roomy_config


@pytest.fixture(autouse=True)
def no_credentials(tmp_path, monkeypatch):
    """No credentials from the environment; the store in a temporary directory."""
    for name in ("DISCOGS_TOKEN", "DISCOGS_CONSUMER_KEY", "DISCOGS_CONSUMER_SECRET"):
        monkeypatch.delenv(name, raising=False)
    monkeypatch.setenv("DISCOGS_TUI_CONFIG_DIR", str(tmp_path / "config"))


def first_start(sandbox) -> DiscogsApp:
    endpoint = Endpoint(BASE_URL, httpx.ASGITransport(app=sandbox))
    return DiscogsApp(endpoint.service(ANONYMOUS), first_screen=lambda: SignInScreen(endpoint))


async def paste(pilot, value: str) -> None:
    """What a terminal sends when the user pastes (bracketed paste)."""
    pilot.app.post_message(events.Paste(value))
    await pilot.pause()


def message(app, selector: str) -> str:
    return str(app.screen.query_one(selector, Static).render())


async def approve(sandbox, authorize_url: str) -> str:
    """The user opens the authorize page in a browser and reads the verifier."""
    async with make_client(sandbox) as browser:
        page = await browser.get(authorize_url)
    return re.search(r'id="oauth_verifier">([^<]+)<', page.text).group(1)


def signed_in_on_search(app) -> bool:
    who = str(app.screen.query_one(StatusBar).query_one("#who", Static).render())
    return isinstance(app.screen, SearchScreen) and DEMO_USERNAME in who


async def test_a_good_token_signs_in_and_lands_on_search(sandbox_app):
    app = first_start(sandbox_app)
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        assert isinstance(app.screen, SignInScreen)
        await pilot.press("t")
        await paste(pilot, DEMO_TOKEN)
        await pilot.press("enter")
        await settle(pilot)
        assert signed_in_on_search(app)
        assert app.service.client.credentials.username == DEMO_USERNAME
    assert store().load().username == DEMO_USERNAME


async def test_a_bad_token_says_so_and_keeps_what_was_typed(sandbox_app):
    app = first_start(sandbox_app)
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.press("t")
        await paste(pilot, "not-a-token")
        await pilot.press("enter")
        await settle(pilot)
        token = app.screen.query_one("#token", Input)
        assert isinstance(app.screen, SignInScreen)
        assert "Check the token" in message(app, "#token-message")
        assert token.value == "not-a-token" and app.focused is token
        await pilot.press("escape")  # leaves the input, stays on the screen
        assert app.focused is None and isinstance(app.screen, SignInScreen)
    assert store().load() is None


async def test_oauth_round_trip_with_the_configured_consumer(sandbox_app, monkeypatch):
    monkeypatch.setenv("DISCOGS_CONSUMER_KEY", DEMO_CONSUMER_KEY)
    monkeypatch.setenv("DISCOGS_CONSUMER_SECRET", DEMO_CONSUMER_SECRET)
    app = first_start(sandbox_app)
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.press("o", "enter")  # key and secret are filled in from the environment
        await settle(pilot)
        authorize_url = app.clipboard  # copied with OSC 52
        assert authorize_url in message(app, "#authorize")
        await paste(pilot, await approve(sandbox_app, authorize_url))
        await pilot.press("enter")
        await settle(pilot)
        assert signed_in_on_search(app)
    assert store().load().kind == "oauth"


async def type_at_once(pilot, *keys: str) -> None:
    """Keys that arrive in one read, as from auto-type, tmux send-keys or a quick typist."""
    for key in keys:
        pilot.app.post_message(events.Key(key, "\t" if key == "tab" else key))
    await pilot.pause()


async def test_tab_moves_between_the_consumer_key_and_secret_only(sandbox_app):
    app = first_start(sandbox_app)
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.press("o")
        await type_at_once(pilot, "k", "tab", "s")
        key, secret = app.screen.query_one("#consumer-key"), app.screen.query_one("#secret")
        assert (key.value, secret.value) == ("k", "s")
        await pilot.press("tab")
        assert app.focused is key  # back round, not to a frame that shows no focus
        await pilot.press("shift+tab")
        assert app.focused is secret


async def test_a_bad_verifier_says_so_and_keeps_what_was_typed(sandbox_app):
    app = first_start(sandbox_app)
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.press("o")
        await paste(pilot, DEMO_CONSUMER_KEY)
        await pilot.press("enter")
        await paste(pilot, DEMO_CONSUMER_SECRET)
        await pilot.press("enter")
        await settle(pilot)
        await approve(sandbox_app, app.clipboard)
        await paste(pilot, "not-the-verifier")
        await pilot.press("enter")
        await settle(pilot)
        assert "verifier" in message(app, "#oauth-message").lower()
        assert app.screen.query_one("#verifier", Input).value == "not-the-verifier"
        await pilot.press("escape")
        assert app.focused is None and isinstance(app.screen, SignInScreen)


async def test_clock_skew_is_explained(monkeypatch):
    monkeypatch.setenv("DISCOGS_CONSUMER_KEY", DEMO_CONSUMER_KEY)
    monkeypatch.setenv("DISCOGS_CONSUMER_SECRET", DEMO_CONSUMER_SECRET)
    sandbox = create_app(roomy_config(clock=lambda: time.time() + 3600))
    app = first_start(sandbox)
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.press("o", "enter")
        await settle(pilot)
        assert "clock" in message(app, "#oauth-message")


async def test_continuing_anonymously_says_what_needs_an_account(sandbox_app):
    app = first_start(sandbox_app)
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.press("a")
        await settle(pilot)
        assert isinstance(app.screen, SearchScreen)
        assert app.signed_in_as == ""
        assert any("need sign-in" in str(n.message) for n in app._notifications)


async def test_the_demo_switches_to_the_sandbox(sandbox_app):
    app = first_start(sandbox_app)
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.press("d")
        await settle(pilot)
        assert signed_in_on_search(app)
        assert app.service.client.credentials.token == DEMO_TOKEN

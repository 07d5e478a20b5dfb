"""Errors never vanish (issue 12, item 5): what a screen's fetch or show, a worker or a
widget's event handler raises that nobody expected puts the screen's error panel up (r to
retry, Escape to go back), goes to the log file with its traceback (cleaned, no secrets),
never to the screen, and the app keeps answering keys."""

from __future__ import annotations

import asyncio
import contextlib
import importlib
import inspect
import logging
import pkgutil
import stat
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from textual.app import App
from textual.message_pump import MessagePump
from textual.worker import WorkerFailed

import discogs_tui.app as app_package
from discogs_tui import logsafe
from discogs_tui.app.app import SCREENS, DiscogsApp, screen_for
from discogs_tui.app.failures import Guarded
from discogs_tui.app.navigation import Location
from discogs_tui.app.screens.base import DiscogsScreen, ErrorPanel
from discogs_tui.app.widgets.paged_table import PagedTable
from discogs_tui.demo import sandbox_service
from discogs_tui.sandbox import create_app
from discogs_tui.sandbox.config import DEMO_TOKEN, DEMO_USERNAME
from tests.conftest import roomy_config

SIZE = (100, 30)
# Every screen kind, on an object of the demo data
LOCATIONS = {
    "search": Location("search", "night"),
    "release": Location("release", "249504"),
    "master": Location("master", "1000"),
    "artist": Location("artist", "108713"),
    "label": Location("label", "1"),
    "user": Location("user", "rodneyfool"),
    "collection": Location("collection", DEMO_USERNAME),
    "collection-stats": Location("collection-stats", DEMO_USERNAME),
    "wantlist": Location("wantlist", DEMO_USERNAME),
    "lists": Location("lists", DEMO_USERNAME),
    "list": Location("list", "5"),
    "inventory": Location("inventory", DEMO_USERNAME),
    "listing": Location("listing", "200000001"),
    "orders": Location("orders"),
    "order": Location("order", "9000001-3"),
    "inventory-jobs": Location("inventory-jobs"),
    "rapid-add": Location("rapid-add", DEMO_USERNAME),
    "since": Location("since", DEMO_USERNAME),
}
# The message of the injected bug carries what must never reach the log file or the screen:
# an escape sequence (OSC 52, a clipboard write) and the token in use.
SECRET_MESSAGE = f"boom \x1b]52;c;QUJD\x07 {DEMO_TOKEN}"


class Bug(Exception):
    """An exception no code of the app expects."""


def test_every_screen_kind_is_covered():
    assert set(LOCATIONS) == set(SCREENS)


@pytest.fixture
def log_file(tmp_path: Path) -> Iterator[Path]:
    """The log file, as ``discogs-tui`` writes it (logsafe's handler on the root logger)."""
    path = tmp_path / "logs" / "discogs-tui.log"
    handler = logsafe.log_to(path)
    try:
        yield path
    finally:
        logging.getLogger().removeHandler(handler)
        handler.close()


def make_app() -> DiscogsApp:
    service = sandbox_service(create_app(roomy_config()))
    return DiscogsApp(service, signed_in_as=DEMO_USERNAME)


async def settle(app: DiscogsApp) -> None:
    for _ in range(3):
        await asyncio.sleep(0)
        with contextlib.suppress(WorkerFailed):
            await app.workers.wait_for_complete()


async def until(pilot: Any, condition: Any, what: str, tries: int = 200) -> None:
    for _ in range(tries):
        if condition():
            return
        await pilot.pause(0.02)
    raise AssertionError(f"never: {what}")


def fail_once(screen: DiscogsScreen, stage: str) -> None:
    """Make the screen's ``stage`` (fetch or show) raise ``Bug`` the first time only."""
    original = getattr(screen, stage)
    failed: list[bool] = []

    def check() -> None:
        if not failed:
            failed.append(True)
            raise Bug(SECRET_MESSAGE)

    if stage == "fetch":

        async def fetch() -> Any:
            check()
            return await original()

        screen.fetch = fetch  # type: ignore[method-assign]
    else:

        def show(data: Any) -> None:
            check()
            original(data)

        screen.show = show  # type: ignore[method-assign]


def panel_text(screen: DiscogsScreen) -> str:
    panel = screen.query_one(ErrorPanel)
    return panel.render().plain if panel.display else ""


def said(app: DiscogsApp) -> str:
    return "\n".join(str(notification.message) for notification in app._notifications)


def assert_logged_cleanly(log_file: Path) -> None:
    logged = log_file.read_text()
    assert "Traceback (most recent call last)" in logged
    assert "Bug: boom" in logged
    assert DEMO_TOKEN not in logged
    assert "\x1b" not in logged and "\x07" not in logged
    assert stat.S_IMODE(log_file.stat().st_mode) == 0o600


@pytest.mark.parametrize("stage", ["fetch", "show"])
@pytest.mark.parametrize("kind", list(LOCATIONS))
async def test_an_unexpected_error_in_a_screen_puts_its_panel_up(kind, stage, log_file):
    app = make_app()
    async with app.run_test(size=SIZE) as pilot:
        await settle(app)
        first = app.screen
        screen = screen_for(LOCATIONS[kind])
        fail_once(screen, stage)
        await app.push_screen(screen)
        await until(pilot, lambda: "unexpected error" in panel_text(screen), "the panel")
        text = panel_text(screen)
        assert "Something went wrong here: an unexpected error (Bug)." in text
        assert "Press r to try again, or Escape to go back." in text
        assert "boom" not in text and "boom" not in said(app)  # no traceback, no message
        assert not screen.query_one("#body").loading
        assert_logged_cleanly(log_file)

        await pilot.press("r")  # the app answers: r loads again, and this time it works
        await until(pilot, lambda: screen.drawn, "shown after r")
        assert not screen.query_one(ErrorPanel).display
        for _ in range(3):  # a picker, then a field the load opened (rapid add) come first
            if app.screen is not first:
                await pilot.press("escape")
                await pilot.pause()
        await until(pilot, lambda: app.screen is first, "back after Escape")
        assert app.return_code is None


async def test_a_widget_event_handler_that_raises_leaves_the_app_running(monkeypatch, log_file):
    """PagedTable.on_resize raising (a resize reaches it outside any screen's code)."""

    def broken_resize(self: PagedTable) -> None:
        raise Bug(SECRET_MESSAGE)

    app = make_app()
    async with app.run_test(size=SIZE) as pilot:
        screen = screen_for(LOCATIONS["master"])
        await app.push_screen(screen)
        await until(pilot, lambda: screen.drawn, "the master")
        await settle(app)
        monkeypatch.setattr(PagedTable, "on_resize", broken_resize)
        await pilot.resize_terminal(90, 28)
        await until(pilot, lambda: "unexpected error" in panel_text(screen), "the panel")
        assert_logged_cleanly(log_file)
        monkeypatch.undo()
        await pilot.press("r")
        await until(pilot, lambda: not screen.query_one(ErrorPanel).display, "r reloads")
        table = screen.query_one(PagedTable)
        await until(pilot, lambda: table.rows.row_count > 0, "the versions again")
        await pilot.resize_terminal(*SIZE)  # the table still answers its events
        await pilot.pause()
        assert app.return_code is None


async def test_a_worker_that_fails_unexpectedly_is_reported(log_file):
    """A widget's own worker (the versions table's page load), not the screen's."""
    app = make_app()
    async with app.run_test(size=SIZE) as pilot:
        screen = screen_for(LOCATIONS["master"])
        await app.push_screen(screen)
        await until(pilot, lambda: screen.drawn, "the master")
        await settle(app)

        async def broken_page(page: int, per_page: int) -> Any:
            raise Bug(SECRET_MESSAGE)

        screen.query_one(PagedTable).load(broken_page)
        await until(pilot, lambda: "unexpected error" in panel_text(screen), "the panel")
        assert_logged_cleanly(log_file)
        assert app.return_code is None


async def test_an_odd_shape_after_the_screen_showed_is_a_notification(log_file):
    """A key handler that meets data it can't read (a known kind of failure): the screen
    stays, a notification says so."""
    app = make_app()
    async with app.run_test(size=SIZE) as pilot:
        screen = screen_for(LOCATIONS["master"])
        await app.push_screen(screen)
        await until(pilot, lambda: screen.drawn, "the master")
        screen.data = {"main_release": None, "title": 3}
        screen.action_open_main = lambda: {}["main_release"]  # type: ignore[method-assign]
        await pilot.press("m")
        await pilot.pause()
        assert "shape this screen can't read (KeyError)" in said(app)
        assert not screen.query_one(ErrorPanel).display
        assert app.return_code is None


def our_message_pumps() -> Iterator[type]:
    for info in pkgutil.walk_packages(app_package.__path__, f"{app_package.__name__}."):
        module = importlib.import_module(info.name)
        for value in vars(module).values():
            if (
                inspect.isclass(value)
                and issubclass(value, MessagePump)
                and not issubclass(value, App)
                and value.__module__ == module.__name__
            ):
                yield value


def handles_events(cls: type) -> bool:
    """Whether the class itself defines an event or message handler or a watcher."""
    return any(
        callable(member)
        and (
            name.startswith(("on_", "_on_", "watch_", "_watch_")) or hasattr(member, "_textual_on")
        )
        for name, member in vars(cls).items()
    )


def test_every_widget_and_screen_with_handlers_reports_what_they_raise():
    """By construction: a handler of ours that raises must never end the app, so each
    class that has one is ``Guarded`` (the test names any that isn't)."""
    unguarded = [
        f"{cls.__module__}.{cls.__qualname__}"
        for cls in our_message_pumps()
        if handles_events(cls) and not issubclass(cls, Guarded)
    ]
    assert unguarded == []


async def test_a_key_error_in_the_release_screens_show_puts_its_panel_up(log_file):
    """The scenario of issue 12: a KeyError in the release screen's show (data the screen
    can't read) left it half drawn, with no panel and no word."""
    app = make_app()
    async with app.run_test(size=SIZE) as pilot:
        screen = screen_for(LOCATIONS["release"])

        def show(data: Any) -> None:
            raise KeyError("tracklist")

        screen.show = show  # type: ignore[method-assign]
        await app.push_screen(screen)
        await until(pilot, lambda: "can't read (KeyError)" in panel_text(screen), "the panel")
        assert "Press r to try again, or Escape to go back." in panel_text(screen)
        # App.notify only posts a Notify message: the app records it when it handles that,
        # which may be after the panel (set in the same call) is seen.
        await until(pilot, lambda: "can't read (KeyError)" in said(app), "the notification")
        assert "KeyError: 'tracklist'" in log_file.read_text()
        assert app.return_code is None

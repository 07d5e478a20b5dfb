"""One grammar of keys (issue 15), checked on the command registry itself: no two commands
share a key on one screen, every save is ctrl+s, and Escape leaves a field, then asks before
dropping edits, then goes back."""

from __future__ import annotations

import importlib
import inspect
import pkgutil

import pytest
from textual.screen import Screen
from textual.widgets import Input

import discogs_tui.app.modals as modals_package
import discogs_tui.app.screens as screens_package
from discogs_tui.app.app import DiscogsApp
from discogs_tui.app.commands import Command
from discogs_tui.app.modals import picker
from discogs_tui.app.modals.confirm import Confirm
from discogs_tui.app.navigation import Location
from discogs_tui.app.screens.edits import DISCARD_QUESTION
from discogs_tui.app.screens.listing_form import ListingForm
from screenshots.tour import demo_app, frozen
from tests.app.conftest import settle

SAVE_KEY = "ctrl+s"
# Escape (and Backspace, the app's other Back key) is the grammar's own: a screen may take it
# over for its first steps (leave the field, ask) before going back; every other key of the app
# means one thing everywhere.
SHARED_WITH_APP = {"escape", "backspace"}


def screen_classes() -> list[type[Screen]]:
    found: set[type[Screen]] = set()
    modules = [
        f"{package.__name__}.{info.name}"
        for package in (screens_package, modals_package)
        for info in pkgutil.iter_modules(package.__path__)
    ]
    for name in modules:
        module = importlib.import_module(name)
        found |= {
            cls
            for cls in vars(module).values()
            if inspect.isclass(cls)
            and issubclass(cls, Screen)
            and cls.__module__ == module.__name__
        }
    return sorted(found, key=lambda cls: cls.__qualname__)


def commands_of(screen: type[Screen]) -> list[Command]:
    return list(getattr(screen, "COMMAND_LIST", ()))


def keys_of(command: Command) -> list[str]:
    return [key.strip() for key in command.keys.split(",")]


SCREENS = screen_classes()


def test_the_registry_walk_finds_the_forms():
    names = {cls.__name__ for cls in SCREENS}
    assert {"ListingForm", "WantForm", "ProfileForm", "TextPrompt", "ExportForm"} <= names


@pytest.mark.parametrize("screen", SCREENS, ids=[cls.__name__ for cls in SCREENS])
def test_no_two_commands_share_a_key_on_a_screen(screen):
    owners: dict[str, Command] = {}
    clashes = []
    for command in commands_of(screen):
        for key in keys_of(command):
            if key in owners:
                clashes.append(f"{key}: {owners[key].id} and {command.id}")
            owners[key] = command
    for command in DiscogsApp.COMMAND_LIST:
        for key in keys_of(command):
            # a dialog may hand an app key on to the app's own action (dialogs hold app keys)
            hands_on = key in owners and owners[key].action == f"app.{command.action}"
            if key in owners and key not in SHARED_WITH_APP and not hands_on:
                clashes.append(f"{key}: {owners[key].id} and the app's {command.id}")
    assert not clashes


@pytest.mark.parametrize("screen", SCREENS, ids=[cls.__name__ for cls in SCREENS])
def test_every_save_is_ctrl_s(screen):
    for command in commands_of(screen):
        saves = command.action == "save" or command.title in ("Save", "Send")
        assert not saves or command.keys == SAVE_KEY, f"{command.id} saves with {command.keys}"
        assert SAVE_KEY not in keys_of(command) or command.action == "save", command.id
    if hasattr(screen, "action_save"):  # a form that saves has ctrl+s for it
        assert any(c.action == "save" for c in commands_of(screen)), screen.__name__


def test_no_app_key_is_a_save_elsewhere():
    assert all(SAVE_KEY not in keys_of(command) for command in DiscogsApp.COMMAND_LIST)


# -- Escape: leave the field, ask, go back ---------------------------------------------------------
@pytest.fixture
def frozen_world(tmp_path):
    with frozen(tmp_path):
        yield


async def open_listing_form(pilot) -> ListingForm:
    await settle(pilot)
    await pilot.press("n")  # sell this release: the listing form
    await settle(pilot)
    assert isinstance(pilot.app.screen, ListingForm)
    return pilot.app.screen


async def test_escape_asks_before_dropping_edits(frozen_world):
    app = demo_app(Location("release", "249504"), roomy=True)
    async with app.run_test(size=(80, 24)) as pilot:
        form = await open_listing_form(pilot)
        form.query_one("#price", Input).focus()
        await pilot.press("1", "2", "escape")  # leaves the field; the form stays
        assert app.screen is form and app.focused is None
        await pilot.press("escape")  # asks
        assert isinstance(app.screen, Confirm)
        assert str(app.screen.question) == DISCARD_QUESTION
        await pilot.press("n")  # no: back to the form, the price as typed
        assert app.screen is form and form.query_one("#price", Input).value == "12"
        await pilot.press("escape", "y")  # yes: the form goes, the release is back
        await pilot.pause()
        assert app.screen is not form and not isinstance(app.screen, Confirm)


async def test_escape_without_edits_goes_straight_back(frozen_world):
    app = demo_app(Location("release", "249504"), roomy=True)
    async with app.run_test(size=(80, 24)) as pilot:
        form = await open_listing_form(pilot)
        await pilot.press("escape", "escape")  # leaves the field, then the form: nothing to lose
        await pilot.pause()
        assert app.screen is not form and not isinstance(app.screen, Confirm)


async def test_ctrl_s_saves_a_single_field_prompt_too(frozen_world):
    from discogs_tui.sandbox.config import DEMO_USERNAME

    app = demo_app(Location("collection", DEMO_USERNAME), roomy=True)  # no rate-limit waits
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        await pilot.press("n", *"Crates", "ctrl+s")  # a new folder's name
        await settle(pilot)
        assert "Crates" in [folder["name"] for folder in app.screen.mirror.folders]


async def test_the_move_dialog_says_it_moves(frozen_world):
    from discogs_tui.sandbox.config import DEMO_USERNAME

    app = demo_app(Location("collection", DEMO_USERNAME), roomy=True)  # no rate-limit waits
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        await pilot.press("m")
        await pilot.pause()
        assert isinstance(app.screen, picker.Picker)
        assert app.screen.title_text.startswith("Move")

"""Small modal pickers: a titled list you move through with j/k (or arrows) and choose from
with Enter; Escape or q closes it without choosing. Push one with a callback:
``app.push_screen(folder_picker(folders), on_folder)``; the callback gets the chosen value,
or None when the picker was closed.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from typing import Any, ClassVar, TypeVar

from rich.text import Text
from textual.app import ComposeResult
from textual.containers import Vertical
from textual.screen import ModalScreen
from textual.widgets import OptionList, Static
from textual.widgets.option_list import Option

from discogs_tui.api.models import Folder
from discogs_tui.api.validation import CURRENCIES
from discogs_tui.app import render
from discogs_tui.app.commands import Command, bindings
from discogs_tui.app.failures import Guarded
from discogs_tui.app.render import text

T = TypeVar("T")
ALL_FOLDER = 0  # "All" is a view of every folder, not a place to put a copy


class Picker(Guarded, ModalScreen[T]):
    DEFAULT_CSS = """
    Picker { align: center middle; }
    Picker > Vertical {
        width: 44; max-width: 90%; height: auto; max-height: 80%;
        border: round $primary; background: $surface; padding: 0 1;
    }
    Picker #picker-title { text-style: bold; margin-bottom: 1; }
    Picker OptionList, Picker OptionList:focus {
        height: auto; max-height: 20; border: none; padding: 0; background: $surface;
    }
    """
    COMMAND_LIST: ClassVar[list[Command]] = [
        Command("picker.choose", "enter", "choose", "Choose", "Choose the highlighted item."),
        Command("picker.close", "escape,q", "close", "Close", "Close without choosing."),
        Command("picker.down", "j", "cursor_down", "Down", "Next item.", show=False),
        Command("picker.up", "k", "cursor_up", "Up", "Previous item.", show=False),
        Command("picker.first", "g", "first", "First", "First item.", show=False),
        Command("picker.last", "G", "last", "Last", "Last item.", show=False),
    ]
    BINDINGS = bindings(COMMAND_LIST)

    def __init__(
        self, title: str, choices: Sequence[tuple[Text, T]], current: T | None = None
    ) -> None:
        """``title`` is our own words; each choice's Text may hold Discogs data."""
        super().__init__()
        self.title_text = title
        self.choices = list(choices)
        self.current = current

    def compose(self) -> ComposeResult:
        with Vertical():
            yield Static(render.text(self.title_text), id="picker-title")
            yield OptionList(*(Option(label) for label, _ in self.choices))

    def on_mount(self) -> None:
        options = self.query_one(OptionList)
        values = [value for _, value in self.choices]
        if self.current in values:
            options.highlighted = values.index(self.current)
        options.focus()

    def on_option_list_option_selected(self, event: OptionList.OptionSelected) -> None:
        event.stop()
        self.dismiss(self.choices[event.option_index][1])

    def action_choose(self) -> None:
        self.query_one(OptionList).action_select()

    def action_close(self) -> None:
        self.dismiss(None)

    def action_cursor_down(self) -> None:
        self.query_one(OptionList).action_cursor_down()

    def action_cursor_up(self) -> None:
        self.query_one(OptionList).action_cursor_up()

    def action_first(self) -> None:
        self.query_one(OptionList).action_first()

    def action_last(self) -> None:
        self.query_one(OptionList).action_last()


def folder_picker(
    folders: Iterable[Folder | Mapping[str, Any]], title: str = "Add a copy to which folder?"
) -> Picker[int]:
    """The user's collection folders a copy can go into (not "All"); answers a folder id.
    ``title`` says what choosing does (add, move)."""
    typed = (
        folder if isinstance(folder, Folder) else Folder.from_json(folder) for folder in folders
    )
    choices = [
        (text(folder.name) + render.text(f"  {folder.count:,}", "dim"), folder.id)
        for folder in typed
        if folder.id is not None and folder.id != ALL_FOLDER
    ]
    return Picker(title, choices)


def rating_picker(current: int | None = None) -> Picker[int]:
    """1 to 5 stars, or 0 to clear the rating."""
    choices = [(render.text(f"{stars(n)}  {n}"), n) for n in range(5, 0, -1)]
    choices.append((Text("Clear my rating"), 0))
    return Picker("Your rating", choices, current)


def currency_picker(current: str | None = None) -> Picker[str]:
    return Picker("Show prices in", [(render.text(code), code) for code in CURRENCIES], current)


def stars(rating: int) -> str:
    return "★" * rating + "☆" * (5 - rating)

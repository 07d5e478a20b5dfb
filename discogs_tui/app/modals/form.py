"""``FormModal``: a small form over the current screen that Escape leaves (the dialogs' base),
and ``options`` for its selects."""

from __future__ import annotations

from collections.abc import Callable
from datetime import date
from typing import ClassVar, TypeVar

from rich.text import Text
from textual.app import ComposeResult
from textual.containers import VerticalScroll
from textual.screen import ModalScreen
from textual.widgets import Static

from discogs_tui.app import render
from discogs_tui.app.commands import Command, bindings
from discogs_tui.app.render import text
from discogs_tui.app.screens.edits import GuardsEdits
from discogs_tui.app.widgets.footer import Footer

Result = TypeVar("Result")


def options(values: tuple[str, ...]) -> list[tuple[Text, str]]:
    """Select options whose labels are never read as markup."""
    return [(render.text(value), value) for value in values]


class FormModal(GuardsEdits, ModalScreen[Result]):
    """A small form over the screen. Escape leaves a text field first, then asks before
    dropping what was typed, then closes the form (answering None); ctrl+s saves, in the
    forms that save (``save_command``); ``problem`` shows what is wrong beside the fields."""

    DEFAULT_CSS = """
    FormModal { align: center middle; }
    FormModal > #modal-body {
        width: 90%; max-width: 78; height: auto; max-height: 90%;
        border: round $primary; background: $surface; padding: 0 1;
    }
    FormModal .modal-note { color: $text-muted; margin-bottom: 1; }
    FormModal .modal-label { margin-top: 1; }
    FormModal .modal-problem { color: $error; height: auto; }
    FormModal .modal-result { margin-top: 1; height: auto; }
    """
    COMMAND_LIST: ClassVar[list[Command]] = [
        Command(
            "form.close",
            "escape,backspace",  # backspace: the app's other Back key, same steps here
            "leave",
            "Back",
            "Leave the text field; then ask before dropping what you typed; then close.",
        ),
    ]
    BINDINGS = bindings(COMMAND_LIST)
    today: ClassVar[Callable[[], date]] = date.today  # dates in suggested file names (a knob)
    AUTO_FOCUS = "Input, TextArea, Select"  # the first field, not the scrolling frame
    HEADING: ClassVar[str] = ""

    def compose(self) -> ComposeResult:
        with VerticalScroll(id="modal-body") as form:
            form.border_title = self.HEADING
            yield from self.compose_form()
            yield Static(classes="modal-problem")
        yield Footer()

    def compose_form(self) -> ComposeResult:
        yield from ()

    def problem(self, message: str | Text = "") -> None:
        self.query_one(".modal-problem", Static).update(
            message if isinstance(message, Text) else text(message)
        )

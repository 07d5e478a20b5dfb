"""One grammar for every form and dialog: ctrl+s saves, Enter confirms a one-field prompt,
Escape leaves the field, then asks before dropping unsaved edits, then goes back."""

from __future__ import annotations

from typing import Any, ClassVar

from textual.widgets import Checkbox, Input, Select, TextArea

from discogs_tui.app import render
from discogs_tui.app.commands import Command
from discogs_tui.app.failures import Guarded

FIELDS = "Input, TextArea, Select, Checkbox"
DISCARD_QUESTION = "Discard changes? y/n"


def save_command(scope: str, title: str = "Save", help_text: str = "Save and close.") -> Command:
    """The save key of a form: ctrl+s everywhere (priority: it works from inside a field)."""
    return Command(f"{scope}.save", "ctrl+s", "save", title, help_text, priority=True)


def leave_command(scope: str, help_text: str) -> Command:
    """Escape's steps in a form (backspace: the app's other Back key, same steps there):
    leave the field, then ask before dropping edits, then close."""
    return Command(f"{scope}.leave", "escape,backspace", "leave", "Back", help_text)


def field_value(field: Any) -> Any:
    if isinstance(field, TextArea):
        return field.text
    if isinstance(field, Input | Select | Checkbox):
        return field.value
    return None


class GuardsEdits(Guarded):
    """Mixed into a form screen (before its Screen class). ``action_leave``: Escape's three
    steps. The fields' values when the form opened are what "unsaved edits" are measured
    against; ``ASKS_BEFORE_DISCARD`` False for forms with nothing to lose (a calculator, a
    reply whose draft is kept)."""

    ASKS_BEFORE_DISCARD: ClassVar[bool] = True
    _opened_with: tuple | None = None

    def on_mount(self) -> None:
        self.call_after_refresh(self._remember_values)  # type: ignore[attr-defined]

    def _values(self) -> tuple:
        return tuple((field.id, field_value(field)) for field in self.query(FIELDS))  # type: ignore[attr-defined]

    def _remember_values(self) -> None:
        self._opened_with = self._values()

    def has_unsaved_edits(self) -> bool:
        return (
            self.ASKS_BEFORE_DISCARD
            and self._opened_with is not None
            and self._values() != self._opened_with
        )

    def action_leave(self) -> None:
        if isinstance(self.focused, Input | TextArea):  # type: ignore[attr-defined]
            self.set_focus(None)  # type: ignore[attr-defined]
        elif self.has_unsaved_edits():
            from discogs_tui.app.modals.confirm import Confirm

            def answered(discard: bool | None) -> None:
                if discard:
                    self.dismiss(None)  # type: ignore[attr-defined]

            self.app.push_screen(Confirm(render.text(DISCARD_QUESTION)), answered)  # type: ignore[attr-defined]
        else:
            self.dismiss(None)  # type: ignore[attr-defined]

"""A yes/no question over the current screen (deleting, removing, discarding edits)."""

from __future__ import annotations

from typing import ClassVar

from rich.text import Text
from textual.app import ComposeResult
from textual.containers import Vertical
from textual.screen import ModalScreen
from textual.widgets import Static

from discogs_tui.app.commands import Command, bindings


class Confirm(ModalScreen[bool]):
    """A yes/no question: y answers yes; n or Escape answers no."""

    DEFAULT_CSS = """
    Confirm { align: center middle; }
    Confirm > Vertical {
        width: 60; max-width: 90%; height: auto;
        border: round $warning; background: $surface; padding: 1 2;
    }
    Confirm .confirm-keys { margin-top: 1; color: $text-muted; }
    """
    COMMAND_LIST: ClassVar[list[Command]] = [
        Command("confirm.yes", "y", "answer(True)", "Yes", "Yes, do it."),
        Command("confirm.no", "n,escape", "answer(False)", "No", "No, leave it as it is."),
    ]
    BINDINGS = bindings(COMMAND_LIST)

    def __init__(self, question: Text) -> None:
        """``question`` may hold Discogs data, so it comes as Text."""
        super().__init__()
        self.question = question

    def compose(self) -> ComposeResult:
        with Vertical():
            yield Static(self.question)
            yield Static(Text("y: yes    n: no"), classes="confirm-keys")

    def action_answer(self, yes: bool) -> None:
        self.dismiss(yes)

"""The help screen (F1, ?): every key of the screen you came from, and of the app."""

from __future__ import annotations

from rich.table import Table
from rich.text import Text
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import VerticalScroll
from textual.screen import ModalScreen
from textual.widgets import Static

from discogs_tui.app import render
from discogs_tui.app.commands import KEY_GRAMMAR, commands_of, key_display


class HelpScreen(ModalScreen[None]):
    DEFAULT_CSS = """
    HelpScreen { align: center middle; }
    HelpScreen > VerticalScroll {
        width: 90%; max-width: 100; height: 90%;
        border: round $primary; background: $surface; padding: 0 1;
    }
    """
    BINDINGS = [
        Binding("escape,q,f1,question_mark", "dismiss", "Close help", id="help.close"),
        Binding("j,down", "scroll_down", "Down", show=False),
        Binding("k,up", "scroll_up", "Up", show=False),
    ]

    def __init__(self, source) -> None:
        super().__init__()
        self.source = source

    def compose(self) -> ComposeResult:
        with VerticalScroll():
            yield Static(self.keys_table(), id="keys")

    def keys_table(self) -> Table:
        table = Table(box=None, expand=True, show_header=False, padding=(0, 1))
        table.add_column("keys", style="bold", no_wrap=True)
        table.add_column("what")
        table.add_row(Text("The same on every screen", style="bold underline"), "")
        for keys, meaning in KEY_GRAMMAR:
            table.add_row(keys, meaning)
        table.add_row("", "")
        for heading, owner in (
            (self.source.where() if hasattr(self.source, "where") else "This screen", self.source),
            ("Everywhere", self.app),
        ):
            commands = commands_of(owner)
            if not commands:
                continue
            table.add_row(render.text(heading, style="bold underline"), "")
            for command in commands:
                table.add_row(key_display(owner, command), render.text(f"{command.title}: {command.help}"))
            table.add_row("", "")
        table.add_row(Text("Lists", style="bold underline"), "")
        table.add_row("j / k, ↓ / ↑", "Move the cursor; g / G go to the first / last row")
        table.add_row("] / [", "Next / previous link in a text; Enter follows it")
        table.add_row("Tab / Shift+Tab", "Move between parts of the screen")
        return table

    def action_scroll_down(self) -> None:
        self.query_one(VerticalScroll).scroll_down()

    def action_scroll_up(self) -> None:
        self.query_one(VerticalScroll).scroll_up()

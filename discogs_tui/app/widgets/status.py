"""The top line: where you are, who is signed in, and the rate-limit gauge."""

from __future__ import annotations

import time
from typing import TYPE_CHECKING

from rich.text import Text
from textual.app import ComposeResult
from textual.containers import Horizontal
from textual.reactive import reactive
from textual.widgets import Static

from discogs_tui.app.render import text

if TYPE_CHECKING:  # imported for the annotations only: it costs start-up time
    from discogs_tui.api.ratelimit import RateState


class StatusBar(Horizontal):
    DEFAULT_CSS = """
    StatusBar {
        dock: top;
        height: 1;
        background: $panel;
        color: $text;
        padding: 0 1;
    }
    StatusBar #where { width: 1fr; text-wrap: nowrap; text-overflow: ellipsis; }
    StatusBar #who { width: auto; margin-left: 2; }
    """

    where: reactive[str] = reactive("")

    def __init__(self, where: str = "") -> None:
        super().__init__()
        self.set_reactive(StatusBar.where, where)

    def compose(self) -> ComposeResult:
        yield Static(self._where_text(), id="where")
        yield Static(id="who")

    def on_mount(self) -> None:
        self.watch(self.app, "rate_state", self._show_who)
        self.watch(self.app, "signed_in_as", self._show_who)
        self.set_interval(1.0, self._tick)

    def _where_text(self) -> Text:
        line = Text("discogs-tui", style="bold")
        if self.where:
            line.append("  ")
            line.append(text(self.where))
        return line

    def watch_where(self) -> None:
        if self.children:
            self.query_one("#where", Static).update(self._where_text())

    def _tick(self) -> None:
        state = getattr(self.app, "rate_state", None)
        if state is not None and (state.waiting_until or state.paused):
            self._show_who()

    def _show_who(self, _value: object = None) -> None:
        who = text(getattr(self.app, "signed_in_as", "") or "not signed in")
        gauge = gauge_text(getattr(self.app, "rate_state", None), time.monotonic())
        if gauge.plain:
            who.append("  ")
            who.append(gauge)
        self.query_one("#who", Static).update(who)


def gauge_text(state: RateState | None, now: float) -> Text:
    """``API 12/60`` and, while requests wait, ``wait 7s``."""
    if state is None:
        return Text()
    style = (
        "bold red"
        if state.remaining == 0
        else "yellow"
        if state.remaining < state.limit // 5
        else ""
    )
    gauge = Text(f"API {state.used}/{state.limit}", style=style)
    seconds = state.wait_seconds(now)
    if seconds >= 0.5:
        gauge.append(f" wait {seconds:.0f}s", style="bold yellow")
    if state.paused:
        gauge.append(" paused (429)", style="bold red")
    return gauge

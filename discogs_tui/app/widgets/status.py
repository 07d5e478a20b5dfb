"""The top line: where you are, the background jobs (or why a request waits), who is signed
in, and the rate-limit gauge."""

from __future__ import annotations

import time
from typing import TYPE_CHECKING

from rich.text import Text
from textual.app import ComposeResult
from textual.containers import Horizontal
from textual.reactive import reactive
from textual.widgets import Static

from discogs_tui.app import render
from discogs_tui.app.failures import Guarded
from discogs_tui.app.render import text

if TYPE_CHECKING:  # imported for the annotations only: it costs start-up time
    from discogs_tui.api.jobs import JobRegistry
    from discogs_tui.api.ratelimit import RateState


class StatusBar(Guarded, Horizontal):
    DEFAULT_CSS = """
    StatusBar {
        dock: top;
        height: 1;
        background: $panel;
        color: $text;
        padding: 0 1;
    }
    StatusBar #where { width: 1fr; text-wrap: nowrap; text-overflow: ellipsis; }
    StatusBar #jobs { width: auto; margin-left: 2; text-wrap: nowrap; }
    StatusBar #who { width: auto; margin-left: 2; }
    """

    where: reactive[str] = reactive("")

    def __init__(self, where: str = "") -> None:
        super().__init__()
        self.set_reactive(StatusBar.where, where)

    def compose(self) -> ComposeResult:
        yield Static(self._where_text(), id="where")
        yield Static(id="jobs")
        yield Static(id="who")

    def on_mount(self) -> None:
        self.watch(self.app, "rate_state", self._show_who)
        self.watch(self.app, "signed_in_as", self._show_who)
        if hasattr(self.app, "identity"):
            self.watch(self.app, "identity", self._show_who)
        self.set_interval(1.0, self._tick)
        if hasattr(self.app, "jobs_changed"):
            self.watch(self.app, "jobs_changed", self._show_jobs)

    def _service(self):
        return getattr(self.app, "service", None)

    def _show_jobs(self, _value: object = None) -> None:
        service = self._service()
        line = (
            jobs_text(
                service.jobs,
                service.client.scheduler.user_waiting(),
                getattr(self.app, "rate_state", None),
            )
            if service is not None
            else Text()
        )
        jobs = self.query_one("#jobs", Static)
        jobs.update(line)
        jobs.display = bool(line.plain)

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
        self._show_jobs()
        state = getattr(self.app, "rate_state", None)
        if state is not None and (state.waiting_until or state.paused):
            self._show_who()

    def _show_who(self, _value: object = None) -> None:
        who = text(getattr(self.app, "signed_in_as", "") or self._not_signed_in())
        gauge = gauge_text(getattr(self.app, "rate_state", None), time.monotonic())
        if gauge.plain:
            who.append("  ")
            who.append(gauge)
        self.query_one("#who", Static).update(who)

    def _not_signed_in(self) -> str:
        identity = getattr(self.app, "identity", "")
        if identity == "asking":
            return "signing in…"
        return "Discogs unreachable; retrying" if identity else "not signed in"


def gauge_text(state: RateState | None, now: float) -> Text:
    """``API 12/60`` (`` 9/60`` before ten) and, while requests wait, ``wait 7s``."""
    if state is None:
        return Text()
    style = (
        "bold red"
        if state.remaining == 0
        else "yellow"
        if state.remaining < state.limit // 5
        else ""
    )
    # The count is padded to the limit's width so that the line never changes width as it
    # grows: a screen under a dialog is not laid out again, and would cut the gauge off.
    used = str(state.used).rjust(len(str(state.limit)))
    gauge = render.text(f"API {used}/{state.limit}", style=style)
    seconds = state.wait_seconds(now)
    if seconds >= 0.5:
        gauge.append(render.text(f" wait {seconds:.0f}s", "bold yellow"))
    if state.paused:
        gauge.append(" paused (429)", style="bold red")
    return gauge


def jobs_text(jobs: JobRegistry, user_waiting: bool, state: RateState | None) -> Text:
    """Why the user's request waits, when it waits for the rate limit; else the jobs."""
    held = state is not None and (state.paused or state.wait_seconds(time.monotonic()) > 0)
    if user_waiting and held:
        running = jobs.running_names()
        because = f" ({running} running)" if running else ""
        return render.text(f"waiting for the rate limit{because}", style="bold yellow")
    return render.text(jobs.summary(), style="dim")

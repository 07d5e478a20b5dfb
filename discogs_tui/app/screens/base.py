"""What every screen of the app shares: the status bar and footer, loading in a worker,
errors shown inline with a way out, and links that open other screens."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any, ClassVar

from rich.text import Text
from textual import work
from textual.app import ComposeResult
from textual.containers import Vertical, VerticalScroll
from textual.screen import Screen
from textual.widget import Widget
from textual.widgets import Static

from discogs_tui.api.errors import (
    ODD_SHAPE,
    UNREADABLE,
    DiscogsError,
    MalformedResponse,
    OutcomeUnknown,
)
from discogs_tui.app.commands import Command, bindings
from discogs_tui.app.failures import Guarded
from discogs_tui.app.navigation import Location
from discogs_tui.app.render import text
from discogs_tui.app.shell import OnTheApp
from discogs_tui.app.widgets.footer import Footer
from discogs_tui.app.widgets.linktext import LinkText
from discogs_tui.app.widgets.status import StatusBar

if TYPE_CHECKING:
    from discogs_tui.api.stores import Change
    from discogs_tui.app.messages import DataChanged

RELOAD = Command(
    "screen.reload", "r", "reload", "Reload", "Fetch this screen's data again.", show=False
)


class ErrorPanel(Static):
    """What went wrong and what to do, in place of the screen's content."""

    DEFAULT_CSS = """
    ErrorPanel { padding: 1 2; color: $error; height: auto; }
    """

    def show(self, error: BaseException) -> None:
        if isinstance(error, DiscogsError):
            message = Text("Couldn't load this: ", style="bold")
            message.append(text(str(error)))
        else:  # a bug of ours: its traceback went to the log file, never to the screen
            message = Text("Something went wrong here: ", style="bold")
            message.append(f"an unexpected error ({type(error).__name__}). ")
            message.append("Its details are in the log file (discogs-tui locate shows where).")
        message.append("\n\nPress r to try again, or Escape to go back.", style="dim")
        self.update(message)


class DiscogsScreen(OnTheApp, Guarded, Screen):
    """A screen about one ``Location``. Subclasses implement ``compose_body``, ``fetch``
    (async, runs in a worker) and ``show`` (on the event loop, with what fetch returned)."""

    COMMAND_LIST: ClassVar[list[Command]] = [RELOAD]
    BINDINGS = bindings(COMMAND_LIST)
    BODY_SCROLLS: ClassVar[bool] = True  # False: the body's own widgets scroll (tables)
    # The datasets (api.stores.changes) whose changes this screen shows: the app sends it a
    # DataChanged for each, which ``show_changes`` handles once the screen is in front.
    WATCHES: ClassVar[tuple[str, ...]] = ()

    def __init__(self, location: Location) -> None:
        super().__init__()
        self.location = location
        self.data: Any = None
        self.drawn = False  # whether show() went through with the data
        self._hidden_by_error: list[Widget] = []
        self._changes_unseen: list[Change] = []  # announced while another screen was in front

    # -- changes other screens made ---------------------------------------------------------------
    def on_data_changed(self, message: DataChanged) -> None:
        self._changes_unseen.append(message.change)
        if self.is_current:
            self._show_unseen_changes()

    def on_screen_resume(self) -> None:
        self._show_unseen_changes()

    def _show_unseen_changes(self) -> None:
        changes, self._changes_unseen = self._changes_unseen, []
        if changes and self.drawn:  # (not drawn yet: what it loads has them already)
            self.show_changes(changes)

    def show_changes(self, changes: list[Change]) -> None:
        """Show what the announced ``changes`` changed (by default: load again)."""
        self.load()

    def where(self) -> str:
        """The status bar's description of this screen before its data arrives."""
        return str(self.location).capitalize()

    def compose(self) -> ComposeResult:
        yield StatusBar(self.where())
        with VerticalScroll(id="body") if self.BODY_SCROLLS else Vertical(id="body"):
            yield ErrorPanel(id="error")
            yield from self.compose_body()
        yield Footer()

    def compose_body(self) -> ComposeResult:
        yield from ()

    def set_where(self, value: str) -> None:
        self.query_one(StatusBar).where = value

    # -- loading ----------------------------------------------------------------------------------
    def on_mount(self) -> None:
        self.query_one(ErrorPanel).display = False
        self.load()

    @work(exclusive=True, group="load", exit_on_error=False)
    async def load(self) -> None:
        body = self.query_one("#body")
        body.loading = self.needs_service()  # nothing to wait for: no spinner either
        try:
            if self.needs_service():
                await self.discogs.service_ready()
            data = await self.fetch()
        except DiscogsError as error:
            self.show_error(error)
            return
        finally:
            if body.is_attached:  # not when the screen was left (and this worker cancelled)
                body.loading = False
        self.reveal()  # what an earlier error hid
        self.data = data
        self.drawn = False
        self.show(data)  # what it raises goes to show_failure (through the app's one handler)
        self.drawn = True

    def needs_service(self) -> bool:
        """Whether ``fetch`` talks to Discogs (an empty search screen shows without it)."""
        return True

    async def fetch(self) -> Any:
        return None

    def show(self, data: Any) -> None:
        pass

    def show_error(self, error: BaseException) -> None:
        panel = self.query_one(ErrorPanel)
        panel.show(error)
        panel.display = True
        for child in self.query_one("#body").children:
            if child is not panel and child.display:
                child.display = False
                self._hidden_by_error.append(child)
        # A hidden field would keep the focus and swallow the r the message asks for.
        self.set_focus(None)

    def reveal(self) -> None:
        """Show again what ``show_error`` hid (and only that) after the error was cleared."""
        self.query_one(ErrorPanel).display = False
        for child in self._hidden_by_error:
            child.display = True
        self._hidden_by_error.clear()

    def action_reload(self) -> None:
        self.reveal()
        self.load()

    def show_failure(self, error: BaseException) -> None:
        """What this screen's load or show, or a worker, action or handler of it raised and
        nobody caught (``DiscogsApp.report_failure`` has logged it). Unexpected, or before the
        screen could show its data: the error panel, with r and Escape. A known kind of
        failure after that spoilt only a part: a notification, and the rest stays."""
        if isinstance(error, (DiscogsError, *ODD_SHAPE)):
            self.discogs.notify_failure(error)
            if self.drawn:
                return
        if isinstance(error, ODD_SHAPE):
            error = MalformedResponse(UNREADABLE.format(kind=type(error).__name__))
        self.show_error(error)

    # -- links and messages -------------------------------------------------------------------
    def on_link_text_followed(self, message: LinkText.Followed) -> None:
        self.discogs.open_link(message.link)

    UNKNOWN_OUTCOME = (
        "No answer came back, so it's not known whether that was saved. "
        "It isn't sent again: re-reading to show what Discogs has."
    )

    def run_write(self, write: Any, success: str) -> None:
        """Run a write in a worker, once. Say how it went; re-read what it changed — also
        when its answer was lost (it is never resent: re-reading shows whether it happened)."""
        self._write(write, success)

    def report_write(self, message: str, severity: str) -> None:
        """Say how a write went (a notification; a screen may show it in place too)."""
        self.discogs.notify_text(message, severity=severity)

    @work(group="write", exit_on_error=False)
    async def _write(self, write: Any, success: str) -> None:
        try:
            await self.discogs.service_ready()
            await write()
        except OutcomeUnknown:
            self.report_write(self.UNKNOWN_OUTCOME, "warning")
        except DiscogsError as error:
            self.report_write(str(error), "error")
            return
        else:
            self.report_write(success, "information")
        self.after_write()

    def after_write(self) -> None:
        """Refresh what a write changed (by default: reload the screen)."""
        self.load()


class UserDataScreen(DiscogsScreen):
    """A screen of one user's data (a wantlist, lists, an inventory): the location's target is
    the username. The status bar says ``YOURS`` for the signed-in user's, else ``THEIRS``
    and the name ("Your wantlist", "Wantlist: someone")."""

    YOURS: ClassVar[str] = ""
    THEIRS: ClassVar[str] = ""

    @property
    def username(self) -> str:
        return self.location.target

    @property
    def own(self) -> bool:
        return self.discogs.is_me(self.username)

    def where(self) -> str:
        return self.YOURS if self.own else f"{self.THEIRS}: {self.username}"

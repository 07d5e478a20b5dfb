"""DiscogsApp: the shell. History (back restores the screen as you left it), the status
bar's rate gauge, the help screen, the command palette, remappable keys and the theme."""

from __future__ import annotations

import asyncio
import contextlib
import importlib
import json
import logging
import re
import sys
from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING, ClassVar
from urllib.parse import urlsplit

from textual import work
from textual.app import App
from textual.dom import DOMNode, NoScreen
from textual.reactive import reactive
from textual.screen import Screen
from textual.widget import Widget
from textual.widgets import Input, Select
from textual.worker_manager import WorkerManager

from discogs_tui import atomic, logsafe
from discogs_tui.api import markup
from discogs_tui.api.errors import (
    ODD_SHAPE,
    DiscogsError,
    MalformedResponse,
    NetworkError,
    RateLimited,
    ServerError,
)
from discogs_tui.app.commands import Command, CommandsProvider, bindings
from discogs_tui.app.failures import ReportingWorkers
from discogs_tui.app.marketplace_commands import MarketplaceCommands
from discogs_tui.app.messages import DataChanged
from discogs_tui.app.navigation import Location
from discogs_tui.app.render import clean, flat
from discogs_tui.atomic import PRIVATE

if TYPE_CHECKING:
    from discogs_tui.api.ratelimit import RateState
    from discogs_tui.api.service import DiscogsService
    from discogs_tui.api.stores import Change
    from discogs_tui.config import Settings

log = logging.getLogger(__name__)

HISTORY_LIMIT = 50
WEB_SCHEMES = ("http", "https", "")  # "": an address without one, e.g. www.example.com
UNREACHABLE = "Discogs is unreachable; retrying"
# Failures that say nothing about the credentials: ask again later.
TRANSIENT = (NetworkError, ServerError, RateLimited, MalformedResponse)
SEARCH_HISTORY = 100
PRELOAD_AFTER = 1.0  # seconds after start until the collection mirror is read (in slices)
# Every screen's layout but the first's: parsing and applying it before the first frame cost
# 70-90 ms of ~600 here, so it is read after that frame, or when another screen comes first.
SCREENS_CSS = Path(__file__).with_name("screens.tcss")
# kind -> "module:Class" under discogs_tui.app.screens (imported when first opened)
SCREENS = {
    "search": "search:SearchScreen",
    "release": "release:ReleaseScreen",
    "master": "master:MasterScreen",
    "artist": "artist:ArtistScreen",
    "label": "label:LabelScreen",
    "user": "user:UserScreen",
    # the collector's own (issue 5): target is a username (yours when empty) or a list id
    "collection": "collection:CollectionScreen",
    "wantlist": "wantlist:WantlistScreen",
    "lists": "lists:ListsScreen",
    "list": "lists:ListScreen",
    "collection-stats": "collection_stats:CollectionStatsScreen",
    "since": "since:SinceScreen",  # what `discogs-tui watch` found (issue 18)
    "rapid-add": "rapid_add:RapidAddScreen",
    # the seller's side (issue 6): target is a username, a listing or order id, or empty
    "inventory": "inventory:InventoryScreen",
    "listing": "listing:ListingScreen",
    "orders": "orders:OrdersScreen",
    "order": "order:OrderScreen",
    "inventory-jobs": "inventory_jobs:InventoryJobsScreen",
}


def screen_for(location: Location) -> Screen:
    module_name, class_name = SCREENS[location.kind].split(":")
    module = importlib.import_module(f"discogs_tui.app.screens.{module_name}")
    return getattr(module, class_name)(location)


class DiscogsApp(App):
    CSS_PATH = "app.tcss"
    TITLE = "discogs-tui"
    COMMANDS = App.COMMANDS | {CommandsProvider, MarketplaceCommands}
    COMMAND_LIST: ClassVar[list[Command]] = [
        Command(
            "app.search", "slash", "search", "Search", "Search the Discogs database from anywhere."
        ),
        Command(
            "app.back",
            "escape,backspace",
            "back",
            "Back",
            "Leave a text field, or go back to the previous screen.",
        ),
        Command(
            "app.forward",
            "greater_than_sign",
            "forward",
            "Forward",
            "Go forward again after going back.",
            show=False,
        ),
        Command("app.help", "f1,question_mark", "help", "Help", "Every key of this screen."),
        Command(
            "app.collection",
            "f2",
            "open_collection",
            "Collection",
            "Your collection, by folder.",
            show=False,  # F2–F7 are in help and the palette: the footer is for this screen
        ),
        Command("app.wantlist", "f3", "open_wantlist", "Wantlist", "Your wantlist.", show=False),
        Command(
            "app.inventory",
            "f4",
            "open_inventory",
            "Inventory",
            "Your marketplace inventory (every status).",
            show=False,
        ),
        Command(
            "app.orders",
            "f5",
            "open_orders",
            "Orders",
            "Your orders as a seller, newest first.",
            show=False,
        ),
        Command(
            "app.me",
            "f6",
            "open_me",
            "Me",
            "Your profile, with your submissions and contributions.",
            show=False,
        ),
        Command("app.my_lists", "f7", "open_my_lists", "My lists", "Your lists.", show=False),
        Command(
            "app.jobs",
            "f8",
            "jobs",
            "Jobs",
            "Background jobs (sync, availability, countries, exports): progress, pause, cancel.",
            show=False,
        ),
        Command(
            "app.palette",
            "ctrl+p",
            "command_palette",
            "Commands",
            "Find any command by name.",
            show=False,
        ),
        Command("app.quit", "ctrl+q", "quit", "Quit", "Leave discogs-tui.", priority=True),
        # Priority: the focus moves before the keys after Tab reach a field. Otherwise keys that
        # arrive together (auto-type, tmux send-keys, a quick typist) all land in the first one.
        Command(
            "app.next_field",
            "tab",
            "focus_next",
            "Next field",
            "Move to the next field.",
            show=False,
            priority=True,
        ),
        Command(
            "app.previous_field",
            "shift+tab",
            "focus_previous",
            "Previous field",
            "Move to the previous field.",
            show=False,
            priority=True,
        ),
    ]
    BINDINGS = bindings(COMMAND_LIST)

    rate_state: reactive[RateState | None] = reactive(None)
    jobs_changed: reactive[int] = reactive(0)  # bumped whenever a background job changes
    signed_in_as: reactive[str] = reactive("")
    # Learning whose the credentials are: "" (known, or nothing to learn), "asking", UNREACHABLE
    identity: reactive[str] = reactive("")
    identity_backoff: tuple[float, float] = (2.0, 60.0)  # first and longest wait between asks

    def __init__(
        self,
        service: DiscogsService | Callable[[], DiscogsService],
        *,
        start: Location | None = None,
        settings: Settings | None = None,
        state_file: Path | None = None,
        data_dir: Path | None = None,
        signed_in_as: str = "",
        first_screen: Callable[[], Screen] | None = None,
    ) -> None:
        """``service`` may be a function that builds it: it then runs in a thread after the
        first frame (importing the HTTP stack costs more than the whole UI's first frame).
        ``first_screen`` covers the start screen at once (sign-in on a first start).
        ``data_dir``: where collection mirrors live (None: ``locations.data_dir()``)."""
        super().__init__()
        self._reporting_workers = ReportingWorkers(self)
        self._service_factory = (
            service if callable(service) and not hasattr(service, "client") else None
        )
        self.service: DiscogsService = None if self._service_factory else service  # type: ignore[assignment]
        self._service_ready: asyncio.Event | None = None
        self.first_screen = first_screen
        self.start = start or Location("search")
        self.settings = settings
        self.state_file = state_file
        self.data_dir = data_dir
        # how long the wantlist's marketplace answers stay fresh (config.toml)
        self.availability_fresh_minutes = settings.availability_fresh_minutes if settings else 60
        self._memory_state: dict = {}
        # Choices that last for this run only (images on/off, the marketplace currency)
        self.session: dict[str, object] = {}
        self._forward: list[Location] = []  # where Back came from, newest last
        self.signed_in_as = signed_in_as
        self.animation_level = "none"  # no animations by default (over SSH they only cost)

    # -- start ----------------------------------------------------------------------------------
    def on_mount(self) -> None:
        if self.settings is not None and self.settings.keys:
            self.set_keymap(dict(self.settings.keys))
        self._restore_theme()
        self._service_ready = asyncio.Event()
        if self._service_factory is None:
            self._adopt(self.service)
        else:
            # After the first frame: building it in a thread meanwhile would slow that frame.
            self.call_after_refresh(self._build_service)
        self.push_screen(screen_for(self.start))
        if self.first_screen is not None:
            self.push_screen(self.first_screen())
        self.set_timer(PRELOAD_AFTER, self._preload_collection)
        self.call_after_refresh(self.load_screens_css)

    def load_screens_css(self) -> None:
        """Read screens.tcss (once) and restyle what is on screen with it."""
        if self.stylesheet.has_source(str(SCREENS_CSS), ""):
            return
        self.stylesheet.read(SCREENS_CSS)
        self.stylesheet.reparse()
        self.stylesheet.update(self)

    def push_screen(self, screen, *args, **kwargs):  # type: ignore[no-untyped-def]
        self._style_for(screen)
        return super().push_screen(screen, *args, **kwargs)

    def switch_screen(self, screen):  # type: ignore[no-untyped-def]
        self._style_for(screen)
        return super().switch_screen(screen)

    def _style_for(self, screen: Screen | str) -> None:
        """Any screen but the start screen needs screens.tcss before it is composed."""
        if not getattr(screen, "STYLED_BY_APP_CSS", False):
            self.load_screens_css()

    def _preload_collection(self) -> None:
        """Read the signed-in user's collection mirror in the background, so that opening
        the collection shows it at once."""
        # Imported here: the collection screen's modules cost start-up time.
        from discogs_tui.app.screens.base import DiscogsScreen
        from discogs_tui.app.screens.collection import CollectionScreen

        if not (self.signed_in_as and self.service is not None and self.screen_stack):
            return  # (not signed in, or not ready, or leaving)
        if not isinstance(self.screen, DiscogsScreen):
            return  # (a dialog is up: the collection's first opening reads it then)
        # Where the collection screen keeps it (a method of the screen, which tests override).
        directory = CollectionScreen.mirror_directory(self.screen)  # type: ignore[arg-type]
        if directory is not None:
            self.service.stores.collection.preload(self.signed_in_as, directory)

    @work(thread=True, exit_on_error=False, group="service")
    def _build_service(self) -> None:
        service = self._service_factory()
        self.call_from_thread(self._adopt, service)

    def _adopt(self, service: DiscogsService) -> None:
        self.service = service
        logsafe.hide(service.client.credentials)
        service.client.limiter.subscribe(self._on_rate_state)
        service.jobs.subscribe(self._on_jobs_changed)
        service.stores.changes.subscribe(self._hear_change)
        self._service_ready.set()
        if not self.signed_in_as and service.client.credentials.identifies_user:
            self._learn_who_signed_in()

    def _on_jobs_changed(self) -> None:
        self.jobs_changed += 1

    def _hear_change(self, change: Change) -> None:
        """A store's announcement, as a message to the screens that watch its dataset (the
        app owns the history, so it is the one that knows the screens in it)."""
        for screen in self.screen_stack:
            if change.dataset in getattr(screen, "WATCHES", ()):
                screen.post_message(DataChanged(change))

    @work(exclusive=True, group="identity", exit_on_error=False)
    async def _learn_who_signed_in(self) -> None:
        """Credentials that don't carry their username (a token from the environment): ask
        Discogs whose they are, so the status bar and F2-F5 know. While Discogs can't be
        reached, ask again with growing waits (the client has retried each ask already)."""
        wait, longest = self.identity_backoff
        self.identity = "asking"
        while True:
            try:
                self.signed_in_as = await self.service.sign_in_check()
            except TRANSIENT as error:
                if self.identity != UNREACHABLE:
                    self.identity = UNREACHABLE
                    self.notify_text(f"{UNREACHABLE} ({error})", severity="warning")
                    log.warning("identity check failed, retrying: %s", error)
            except DiscogsError as error:
                self.identity = ""
                self.notify_error(error)
                return
            else:
                if self.identity == UNREACHABLE:
                    self.notify_text(f"Discogs answers again: signed in as {self.signed_in_as}.")
                self.identity = ""
                return
            await asyncio.sleep(wait)
            wait = min(wait * 2, longest)

    async def service_ready(self) -> DiscogsService:
        """The service, once it has been built (at once when it was given ready-made)."""
        await self._service_ready.wait()
        return self.service

    def _on_rate_state(self, state: RateState) -> None:
        self.rate_state = state

    async def replace_service(
        self, build: Callable[[], DiscogsService], signed_in_as: str
    ) -> None:
        """Switch to other credentials (after sign-in, or to the demo) and start afresh. The
        old session closes its mirrors, cache and their locks first: ``build`` makes the new
        one after that, so that it can take them."""
        old = await self.service_ready()
        await old.aclose()
        self.signed_in_as = signed_in_as
        self._adopt(build())

    async def on_unmount(self) -> None:
        if self.service is not None:
            await self.service.aclose()

    # -- theme, remembered ------------------------------------------------------------------------
    def _restore_theme(self) -> None:
        wanted = (self.settings.theme if self.settings else None) or self._saved_state().get(
            "theme"
        )
        if wanted and wanted in self.available_themes:
            self.theme = wanted
        self.watch(self, "theme", self._save_theme, init=False)

    def _saved_state(self) -> dict:
        if self.state_file is None:
            return self._memory_state
        try:
            saved = json.loads(self.state_file.read_text(encoding="utf-8"))
        except (OSError, ValueError):
            return self._memory_state
        return saved if isinstance(saved, dict) else self._memory_state

    def _save_theme(self, theme: str) -> None:
        self._save_state(theme=theme)

    def _save_state(self, **changes: object) -> None:
        """Remember small things across runs (theme, searches); memory only without a file."""
        self._memory_state.update(changes)
        if self.state_file is None:
            return
        try:
            self.state_file.parent.mkdir(parents=True, exist_ok=True)
            atomic.write(
                self.state_file, json.dumps({**self._saved_state(), **changes}), mode=PRIVATE
            )
        except OSError as error:
            log.warning("could not save %s: %s", self.state_file, error.strerror)

    # -- navigation -------------------------------------------------------------------------------
    def open(self, location: Location) -> None:
        """Open a screen on top of the history; going back returns to this one as it was."""
        self._forward.clear()
        self.push_screen(screen_for(location))
        self._trim_history()

    def _trim_history(self) -> None:
        """Forget the oldest screens beyond the limit (index 0 is Textual's default screen)."""
        stack = self._screen_stack
        while len(stack) > HISTORY_LIMIT + 1:
            stack.pop(1).remove()

    def open_link(self, link: markup.Link) -> None:
        if link.kind == "url":
            self._copy_web_address(link.target)
            return
        if link.kind in ("release", "master", "artist", "label") and link.entity_id is not None:
            self.open(Location(link.kind, str(link.entity_id)))
        elif link.kind == "user":
            self.open(Location("user", link.target))
        else:
            self.open(Location("search", link.target))  # [a=Name] links carry a name, not an id

    @staticmethod
    def _text_fields() -> tuple[type, ...]:
        """The widgets Escape leaves before going back. TextArea costs start-up some 60 ms
        to import, so it is only looked for once imported (until then none exists)."""
        text_area = sys.modules.get("textual.widgets._text_area")
        return (Input, Select) if text_area is None else (Input, Select, text_area.TextArea)

    def _copy_web_address(self, target: str) -> None:
        """Copy a link's address, unless it is something else than a web address (a
        ``javascript:`` or ``file:`` one would run code or open a file where it is pasted)."""
        # Browsers ignore whitespace inside a scheme, so "java\tscript:" is javascript:
        scheme = urlsplit(re.sub(r"\s+", "", clean(target))).scheme.lower()
        if scheme not in WEB_SCHEMES:
            self.notify_text(
                f"Not copied: a {scheme}: link is not a web address (it could run code or open "
                "a file). Only http and https addresses are copied.",
                severity="warning",
            )
            return
        self.copy_to_clipboard(flat(target))
        self.notify_text(f"Copied {flat(target)} to the clipboard.")

    def action_back(self) -> None:
        if isinstance(self.focused, self._text_fields()):
            self.screen.set_focus(None)  # Escape first leaves the text field
            return
        if len(self.screen_stack) <= 2:
            self.notify_text("This is the first screen; ctrl+q quits.")
            return
        location = getattr(self.screen, "location", None)
        if location is not None:
            self._forward.append(location)
        self.pop_screen()

    def action_forward(self) -> None:
        if not self._forward:
            self.notify_text("Nothing to go forward to.")
            return
        forward = self._forward
        self._forward = []  # open() clears it; keep the rest
        self.open(forward.pop())
        self._forward = forward

    def action_search(self) -> None:
        current = self.screen
        if getattr(current, "location", None) is not None and current.location.kind == "search":
            current.query_one(Input).focus()
            return
        self.open(Location("search"))

    def action_open_collection(self) -> None:
        if self._needs_user("Your collection"):
            self.open(Location("collection", self.signed_in_as))

    def action_open_wantlist(self) -> None:
        if self._needs_user("Your wantlist"):
            self.open(Location("wantlist", self.signed_in_as))

    def action_open_inventory(self) -> None:
        if self._needs_user("Your inventory"):
            self.open(Location("inventory", self.signed_in_as))

    def action_open_orders(self) -> None:
        if self._needs_user("Your orders"):
            self.open(Location("orders"))

    def action_open_me(self) -> None:
        if self._needs_user("Your profile"):
            self.open(Location("user", self.signed_in_as))

    def action_open_my_lists(self) -> None:
        if self._needs_user("Your lists"):
            self.open(Location("lists", self.signed_in_as))

    def _needs_user(self, what: str) -> bool:
        """True when signed in as a user; otherwise say that ``what`` needs it, or why
        whose the credentials are isn't known yet."""
        if self.signed_in_as:
            return True
        if self.identity == UNREACHABLE:
            self.notify_text(f"{UNREACHABLE}. {what} opens once it answers.", severity="warning")
            return False
        if self.identity == "asking":
            self.notify_text(f"Asking Discogs who you are… {what} opens in a moment.")
            return False
        self.notify_text(
            f"{what} needs you to sign in (run `discogs-tui login`).", severity="warning"
        )
        return False

    def action_jobs(self) -> None:
        from discogs_tui.app.screens.jobs import JobsScreen

        if self.service is not None and not isinstance(self.screen, JobsScreen):
            self.push_screen(JobsScreen(self.service.jobs))

    def action_help(self) -> None:
        from discogs_tui.app.screens.help import HelpScreen

        if not isinstance(self.screen, HelpScreen):
            self.push_screen(HelpScreen(self.screen))

    # -- search history, remembered -------------------------------------------------------------
    @property
    def search_history(self) -> list[str]:
        return list(self._saved_state().get("searches", []))

    def remember_search(self, query: str) -> None:
        earlier = [q for q in self.search_history if q != query][-(SEARCH_HISTORY - 1) :]
        searches = [*earlier, query]
        self._save_state(searches=searches)

    # -- messages to the user ---------------------------------------------------------------------
    def notify_text(
        self, message: str, *, severity: str = "information", timeout: float | None = None
    ) -> None:
        """A notification whose text is never parsed as markup (``timeout``: seconds it
        stays, when longer than usual)."""
        self.notify(clean(message), severity=severity, markup=False, timeout=timeout)

    def is_me(self, username: str) -> bool:
        """Whether ``username`` is the signed-in user (Discogs usernames ignore case)."""
        me = self.signed_in_as
        return bool(me) and username.lower() == me.lower()

    async def run_action(self, action, default_namespace=None, namespaces=None) -> bool:
        try:
            return await super().run_action(action, default_namespace, namespaces)
        except Exception as error:  # a key must never end the app
            where = default_namespace if isinstance(default_namespace, DOMNode) else self.screen
            self.report_failure(error, where)
            return True

    @property
    def workers(self) -> WorkerManager:
        return self._reporting_workers

    def report_failure(self, error: BaseException, where: DOMNode) -> None:
        """The one handler for what a worker, a screen's load or show, an action or an event
        handler raised and nobody caught (``app/failures.py``): the log file gets it, with its
        traceback when it was unexpected; the screen it happened on says so; the app goes on."""
        kind, place = type(error).__name__, type(where).__name__
        if isinstance(error, DiscogsError):
            log.warning("%s in %s: %s", kind, place, error)
        else:
            log.error("%s in %s", kind, place, exc_info=error)
        screen = where if isinstance(where, Screen) else None
        if isinstance(where, Widget):
            with contextlib.suppress(NoScreen):
                screen = where.screen
        if where is not self and screen not in self.screen_stack:
            return  # the screen was left meanwhile: nothing to say it on
        show_failure = getattr(screen, "show_failure", None)
        if show_failure is not None:
            show_failure(error)
        else:
            self.notify_failure(error)

    def notify_failure(self, error: BaseException) -> None:
        """Say what went wrong in a notification (never with a traceback)."""
        if isinstance(error, DiscogsError):
            self.notify_error(error)
        elif isinstance(error, ODD_SHAPE):
            self.notify_text(
                "Discogs sent something here in a shape this screen can't read "
                f"({type(error).__name__}); the rest still works. r reloads.",
                severity="error",
            )
        else:
            self.notify_text(
                f"Something went wrong here: an unexpected error ({type(error).__name__}). "
                "Its details are in the log file; the rest still works.",
                severity="error",
            )

    def notify_error(self, error: DiscogsError) -> None:
        self.notify_text(str(error), severity="error")

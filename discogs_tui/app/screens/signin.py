"""Sign in, chosen by key: paste a personal token, OAuth out of band, no account, or the demo.

On a first start without credentials this screen covers the start screen (a deep link or
search). Once signed in, the credentials are saved, the app switches to a service that uses
them and the start screen opens afresh with it. Checks and services come from the
``ServiceFactory`` the screen is given (launch's ``Endpoint``): the configured API, or in tests
a sandbox in process.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING, Any, ClassVar, Protocol

from rich.table import Table
from rich.text import Text
from textual import constants, on, work
from textual.app import ComposeResult
from textual.containers import Vertical, VerticalScroll
from textual.screen import Screen
from textual.widgets import Input, Label, Static

from discogs_tui.account import configured_consumer, store
from discogs_tui.api.auth import ConsumerCredentials, Credentials
from discogs_tui.api.errors import AuthError, DiscogsError
from discogs_tui.api.login import PendingAuthorization, check_token, finish_oauth, start_oauth
from discogs_tui.app import render
from discogs_tui.app.app import screen_for
from discogs_tui.app.commands import Command, bindings, key_display
from discogs_tui.app.failures import Guarded
from discogs_tui.app.render import text
from discogs_tui.app.widgets.footer import Footer
from discogs_tui.app.widgets.status import StatusBar
from discogs_tui.config import Settings

if TYPE_CHECKING:
    from discogs_tui.api.service import DiscogsService
    from discogs_tui.app.shell import Shell

ANONYMOUS = (
    "releases, masters, artists, labels and users only; "
    "your collection, wantlist, the marketplace and search need sign-in"
)


class ServiceFactory(Protocol):
    """Where sign-in checks credentials and how it makes the services it switches to."""

    api_url: str
    transport: Any  # an httpx transport; None: the network

    def service(self, credentials: Credentials) -> DiscogsService:
        """A service signed in with ``credentials``."""

    def demo(self) -> tuple[Callable[[], DiscogsService], str]:
        """A function building a service on the built-in sandbox, and its username."""


class SignInScreen(Guarded, Screen):
    COMMAND_LIST: ClassVar[list[Command]] = [
        Command(
            "signin.token",
            "t",
            "token",
            "Token",
            "Personal access token: paste one from discogs.com → Settings → Developers.",
        ),
        Command(
            "signin.oauth",
            "o",
            "oauth",
            "OAuth",
            "OAuth: approve in any browser, then paste the code it shows.",
        ),
        Command("signin.anonymous", "a", "anonymous", "No account", f"No account: {ANONYMOUS}."),
        Command(
            "signin.demo",
            "d",
            "demo",
            "Demo",
            "Demo: a built-in Discogs sandbox; no account or network needed.",
        ),
    ]
    BINDINGS = bindings(COMMAND_LIST)
    AUTO_FOCUS = ""  # none: the choices are keys, and a form focuses its field when it opens

    def __init__(self, endpoint: ServiceFactory) -> None:
        super().__init__()
        self.endpoint = endpoint
        self.pending: PendingAuthorization | None = None  # OAuth, waiting for the verifier

    @property
    def discogs(self) -> Shell:
        return self.app  # type: ignore[return-value]

    @property
    def _settings(self) -> Settings:
        return self.discogs.settings or Settings()

    def where(self) -> str:
        return "Sign in"

    def compose(self) -> ComposeResult:
        yield StatusBar(self.where())
        # Not a focus stop: Tab goes from field to field, never to a frame that shows no focus
        # (where what one types next would pick a choice by its key instead).
        with VerticalScroll(id="body", can_focus=False):
            yield Static(Text("Sign in to Discogs, or choose by key:"), classes="section-title")
            yield Static(self._choices(), id="choices")
            with Vertical(id="token-form", classes="signin-form"):
                yield Label("Your personal access token:")
                yield Input(password=True, placeholder="paste the token, then Enter", id="token")
                yield Static(id="token-message", classes="signin-message")
            with Vertical(id="oauth-form", classes="signin-form"):
                with Vertical(id="consumer"):
                    yield Label("Your app's consumer key and secret (discogs.com → Developers):")
                    # The key is half of the app's credentials: not on screen either.
                    yield Input(password=True, placeholder="consumer key", id="consumer-key")
                    yield Input(
                        password=True, placeholder="consumer secret, then Enter", id="secret"
                    )
                with Vertical(id="approve"):
                    yield Static(id="authorize")
                    yield Input(placeholder="paste the verifier, then Enter", id="verifier")
                yield Static(id="oauth-message", classes="signin-message")
        yield Footer()

    def _choices(self) -> Table:
        table = Table.grid(padding=(0, 2))
        table.add_column(style="bold", no_wrap=True)
        table.add_column()
        for command in self.COMMAND_LIST:
            table.add_row(render.text(key_display(self, command)), render.text(command.help))
        return table

    def on_mount(self) -> None:
        for form in self.query(".signin-form"):
            form.display = False
        # Textual's debug log (TEXTUAL_LOG) records every key, paste and input value: none of
        # it while this screen, where secrets are typed, is up.
        self._debug_log, constants.LOG_FILE = constants.LOG_FILE, None  # type: ignore[misc]

    def on_unmount(self) -> None:
        constants.LOG_FILE = self._debug_log  # type: ignore[misc]

    # -- the choices --------------------------------------------------------------------------
    def action_token(self) -> None:
        self._open_form("token-form")
        self.query_one("#token", Input).focus()

    def action_oauth(self) -> None:
        """Step one of OAuth (again, when a request expired): the consumer key and secret."""
        self._open_form("oauth-form")
        self._oauth_step("consumer")
        key, secret = self.query_one("#consumer-key", Input), self.query_one("#secret", Input)
        consumer = configured_consumer(self._settings)
        if consumer and not key.value and not secret.value:
            key.value, secret.value = consumer.key, consumer.secret
        (secret if key.value else key).focus()

    def action_anonymous(self) -> None:
        message = f"Not signed in: {ANONYMOUS}. To sign in later: discogs-tui login."
        self._leave(message, afresh=False)

    async def action_demo(self) -> None:
        build, username = self.endpoint.demo()
        await self._switch(build, username)
        self._leave(f"Demo: the built-in sandbox, signed in as {username}. Nothing leaves here.")

    def _open_form(self, form_id: str) -> None:
        for form in self.query(".signin-form"):
            form.display = form.id == form_id

    # -- a personal token ---------------------------------------------------------------------
    @on(Input.Submitted, "#token")
    def submit_token(self, event: Input.Submitted) -> None:
        self._say("#token-message", "Checking the token…")
        self.check_token(event.value)

    # A worker's description is logged; by default it shows the arguments, here secrets.
    @work(exclusive=True, group="sign-in", exit_on_error=False, description="check a token")
    async def check_token(self, token: str) -> None:
        endpoint = self.endpoint
        try:
            credentials = await check_token(token, endpoint.api_url, endpoint.transport)
        except AuthError as error:  # its hint says to run `discogs-tui login`: we are there
            self._say("#token-message", f"{error.message} Check the token and press Enter.", True)
            return
        except DiscogsError as error:
            self._say("#token-message", str(error), error=True)
            return
        await self._signed_in(credentials)

    # -- OAuth, out of band -------------------------------------------------------------------
    def _oauth_step(self, step: str) -> None:
        self.query_one("#consumer").display = step == "consumer"
        self.query_one("#approve").display = step == "approve"
        self._say("#oauth-message", "")

    @on(Input.Submitted, "#consumer-key, #secret")
    def submit_consumer(self) -> None:
        key, secret = self.query_one("#consumer-key", Input), self.query_one("#secret", Input)
        if not (key.value.strip() and secret.value.strip()):
            (secret if key.value.strip() else key).focus()
            return
        self._say("#oauth-message", "Asking Discogs for an authorization request…")
        self.start_oauth(ConsumerCredentials(key=key.value.strip(), secret=secret.value.strip()))

    @work(exclusive=True, group="sign-in", exit_on_error=False, description="start OAuth")
    async def start_oauth(self, consumer: ConsumerCredentials) -> None:
        endpoint = self.endpoint
        try:
            self.pending = await start_oauth(consumer, endpoint.api_url, endpoint.transport)
        except DiscogsError as error:
            self._say("#oauth-message", str(error), error=True)
            return
        url = self.pending.authorize_url
        self.app.copy_to_clipboard(url)
        self.query_one("#authorize", Static).update(authorize_text(url))
        self._oauth_step("approve")
        self.query_one("#verifier", Input).focus()

    @on(Input.Submitted, "#verifier")
    def submit_verifier(self, event: Input.Submitted) -> None:
        if self.pending is None:
            return
        self._say("#oauth-message", "Checking the verifier…")
        self.finish_oauth(self.pending, event.value)

    @work(exclusive=True, group="sign-in", exit_on_error=False, description="finish OAuth")
    async def finish_oauth(self, pending: PendingAuthorization, verifier: str) -> None:
        endpoint = self.endpoint
        try:
            credentials = await finish_oauth(
                pending, verifier, endpoint.api_url, endpoint.transport
            )
        except DiscogsError as error:
            self._say("#oauth-message", f"{error} (Escape, then o: start again.)", True)
            return
        await self._signed_in(credentials)

    # -- done ---------------------------------------------------------------------------------
    async def _signed_in(self, credentials: Credentials) -> None:
        username = getattr(credentials, "username", None) or ""
        try:
            store().save(credentials)
            saved = "Remembered for next time."
        except OSError as error:
            saved = f"Could not remember it ({error.strerror}): signed in for this run only."
        await self._switch(lambda: self.endpoint.service(credentials), username)
        self._leave(f"Signed in as {username}. {saved}")

    async def _switch(self, build: Callable[[], DiscogsService], username: str) -> None:
        await self.discogs.replace_service(build, username)

    def _leave(self, message: str, *, afresh: bool = True) -> None:
        """Back to the screen beneath; ``afresh``: a new one, loaded with the new service."""
        app = self.discogs
        app.pop_screen()
        location = getattr(app.screen, "location", None)
        if afresh and location is not None:
            app.switch_screen(screen_for(location))
        app.notify_text(message)

    def _say(self, where: str, message: str, error: bool = False) -> None:
        """A line under the form's inputs; what was typed stays where it was."""
        line = self.query_one(where, Static)
        line.update(text(message))
        line.set_class(error, "error")


def authorize_text(url: str) -> Text:
    message = Text("Open this address in any browser and approve:\n")
    message.append(text(url, style="bold"))
    message.append("\nIt is on your clipboard (OSC 52). Paste the verifier it shows:")
    return message

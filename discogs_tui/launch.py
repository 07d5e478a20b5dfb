"""Starting the app: which service (a real API or the in-process sandbox), whose
credentials, and which screen first. Heavy imports live inside the functions, after argument
parsing, so a bad argument is answered at once."""

from __future__ import annotations

import argparse
import sys
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any

from discogs_tui import locations, logsafe
from discogs_tui.app.navigation import KINDS, BadLocation, Location, location_from_args

if TYPE_CHECKING:
    from discogs_tui.api.auth import Credentials
    from discogs_tui.api.service import DiscogsService
    from discogs_tui.config import Settings


def start_location(args: argparse.Namespace) -> Location | None:
    """The screen a deep link asks for: ``release 249504``, ``open https://…``; None for none."""
    if args.command == "open":
        return location_from_args(list(args.target))
    if args.command in KINDS:
        return location_from_args([args.command, *args.target])
    return None


@dataclass(frozen=True)
class Endpoint:
    """Where the app signs in and what its services talk to: the configured API with the disk
    cache, or (in tests) a sandbox through an in-process ``transport``."""

    api_url: str
    transport: Any = None  # an httpx transport; None: the network
    cache_dir: Path | None = None  # None: an in-memory cache
    cache_max_mb: int = 200
    # Where the rate budget shared with other processes (``watch``) is recorded; None: not shared
    budget_dir: Path | None = None

    @classmethod
    def from_settings(cls, settings: Settings) -> Endpoint:
        return cls(
            settings.api_url,
            None,
            locations.cache_dir(),
            settings.cache_max_mb,
            locations.data_dir(),
        )

    def service(self, credentials: Credentials) -> DiscogsService:
        from discogs_tui.api.service import DiscogsService

        service = DiscogsService.connect(
            credentials,
            api_url=self.api_url,
            cache_dir=self.cache_dir,
            cache_max_mb=self.cache_max_mb,
            transport=self.transport,
        )
        if self.budget_dir is not None:
            from discogs_tui.api.shared_budget import SharedBudget

            service.client.limiter.shared = SharedBudget(self.budget_dir)
        return service

    def demo(self) -> tuple[Callable[[], DiscogsService], str]:
        """Switching to the demo: the built-in sandbox's, whatever this endpoint is."""
        return demo_service()


def sandbox_token(username: str) -> str:
    from discogs_tui.sandbox.config import DEMO_TOKEN, DEMO_USERNAME

    if username.lower() == DEMO_USERNAME:
        return DEMO_TOKEN  # without importing the other users' world (starlette and all)
    from discogs_tui.sandbox.world import demo_token

    token = demo_token(username)
    if token is None:
        raise BadLocation(
            f"The sandbox has no user {username!r} to sign in as; try {DEMO_USERNAME}."
        )
    return token


def demo_service(
    username: str | None = None, hostile: bool = False
) -> tuple[Callable[[], DiscogsService], str]:
    """A function building a service on a new in-process sandbox, signed in as one of its
    users (checked now, so a wrong name is said before the app starts), and the username.
    A ``hostile`` sandbox fills every text field with hostile text (sandbox/hostile.py).
    The app calls the function after its first frame: the HTTP stack is slow to import."""
    from discogs_tui.sandbox.config import DEMO_USERNAME

    username = username or DEMO_USERNAME
    token = sandbox_token(username)

    def build() -> DiscogsService:
        from discogs_tui.api.auth import TokenCredentials
        from discogs_tui.demo import sandbox_service
        from discogs_tui.sandbox import LazySandbox, SandboxConfig

        return sandbox_service(
            LazySandbox(SandboxConfig(hostile=True)) if hostile else None,
            credentials=TokenCredentials(token=token, username=username),
        )

    return build, username


def stored_credentials(settings: Settings) -> Credentials:
    """The environment's, the config file's or the credential store's credentials
    (``SecretStoreError`` when the store is readable by others)."""
    from discogs_tui.account import store
    from discogs_tui.api.auth import resolve

    return resolve(store(), settings.auth)[0]


def runs_on_sandbox(args: argparse.Namespace) -> bool:
    return bool(args.demo or args.demo_user or args.hostile)


def initial_service(
    args: argparse.Namespace, settings: Settings
) -> tuple[DiscogsService | Callable[[], DiscogsService], str, bool]:
    """The service to start with, whose it is, and whether to offer sign-in first (when
    there are no credentials at all)."""
    if runs_on_sandbox(args):
        return (*demo_service(args.demo_user, args.hostile), False)
    credentials = stored_credentials(settings)
    username = getattr(credentials, "username", None) or ""
    service = Endpoint.from_settings(settings).service(credentials)
    return service, username, not credentials.authenticated


def run_app(args: argparse.Namespace) -> int:
    from discogs_tui.api.errors import DiscogsError
    from discogs_tui.config import ConfigError, load_settings

    try:
        start = start_location(args)
        settings = load_settings(api_url=args.api_url)
        service, username, sign_in_first = initial_service(args, settings)
    except (BadLocation, ConfigError, DiscogsError) as error:
        print(f"discogs-tui: {error}", file=sys.stderr)
        return 2
    # The sandbox's users keep their mirrors and history apart from a real account's.
    data = locations.data_dir() / "sandbox" if runs_on_sandbox(args) else locations.data_dir()
    options = {
        "start": start,
        "settings": settings,
        "state_file": data / "state.json",
        "data_dir": data,
        "signed_in_as": username,
    }
    from discogs_tui.app.app import DiscogsApp

    if sign_in_first:
        from discogs_tui.app.screens.signin import SignInScreen

        endpoint = Endpoint.from_settings(settings)
        options["first_screen"] = lambda: SignInScreen(endpoint)
    logsafe.log_to(locations.log_file())
    app = DiscogsApp(service, **options)
    app.run()
    return app.return_code or 0

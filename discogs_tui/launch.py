"""Starting the app: which service (a real API or the in-process sandbox), whose
credentials, and which screen first. Heavy imports live here, after argument parsing."""

from __future__ import annotations

import argparse
import sys

from discogs_tui import locations
from discogs_tui.app.navigation import BadLocation, Location, location_from_args


def start_location(args: argparse.Namespace) -> Location | None:
    if args.command == "open":
        return location_from_args(list(args.target))
    if args.command in ("release", "master", "artist", "label", "user", "search"):
        return location_from_args([args.command, *args.target])
    return None


def demo_service(username: str | None):
    from discogs_tui.api.auth import TokenCredentials
    from discogs_tui.api.service import DiscogsService
    from discogs_tui.sandbox.config import DEMO_USERNAME
    from discogs_tui.sandbox.world import demo_token

    username = username or DEMO_USERNAME
    token = demo_token(username)
    if token is None:
        raise BadLocation(
            f"The sandbox has no user {username!r} to sign in as; try {DEMO_USERNAME}."
        )
    return DiscogsService.for_sandbox(
        credentials=TokenCredentials(token=token, username=username)
    ), username


def real_service(settings):
    from discogs_tui.account import store
    from discogs_tui.api.auth import resolve
    from discogs_tui.api.service import DiscogsService

    credentials, _source = resolve(store(), settings.auth)
    service = DiscogsService.connect(
        credentials,
        api_url=settings.api_url,
        cache_dir=locations.cache_dir(),
        cache_max_mb=settings.cache_max_mb,
    )
    return service, getattr(credentials, "username", None) or ""


def run_app(args: argparse.Namespace) -> int:
    from discogs_tui.api.errors import DiscogsError
    from discogs_tui.config import ConfigError, load_settings

    try:
        start = start_location(args)
        settings = load_settings(api_url=args.api_url)
        if args.demo or args.demo_user:
            service, username = demo_service(args.demo_user)
        else:
            service, username = real_service(settings)
    except (BadLocation, ConfigError, DiscogsError) as error:
        print(f"discogs-tui: {error}", file=sys.stderr)
        return 2
    from discogs_tui.app.app import DiscogsApp

    app = DiscogsApp(
        service,
        start=start,
        settings=settings,
        state_file=locations.data_dir() / "state.json",
        signed_in_as=username,
    )
    app.run()
    return app.return_code or 0

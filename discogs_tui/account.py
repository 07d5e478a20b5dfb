"""``discogs-tui login``, ``logout`` and ``whoami``: signing in from a plain terminal.

A token is read without echo (or from standard input when it isn't a terminal). OAuth runs
out of band: we print the authorize URL (and copy it to the clipboard with OSC 52 when we
are on a terminal, which works over SSH), the user approves in any browser and pastes the
verifier here.
"""

from __future__ import annotations

import asyncio
import base64
import getpass
import sys
from collections.abc import Callable
from typing import TextIO

from discogs_tui import locations
from discogs_tui.api.auth import ConsumerCredentials, CredentialStore, from_environment, resolve
from discogs_tui.api.errors import DiscogsError
from discogs_tui.api.login import check_token, finish_oauth, start_oauth
from discogs_tui.config import Settings

Prompt = Callable[[str], str]


def store() -> CredentialStore:
    return CredentialStore(locations.credentials_file())


def _ask_secret(prompt: str) -> str:
    if sys.stdin.isatty():
        return getpass.getpass(prompt)
    print(prompt, end="", file=sys.stderr, flush=True)
    return sys.stdin.readline().strip()


def _ask(prompt: str) -> str:
    if sys.stdin.isatty():
        return input(prompt)
    print(prompt, end="", file=sys.stderr, flush=True)
    return sys.stdin.readline().strip()


def copy_to_clipboard(text: str, out: TextIO) -> None:
    """OSC 52: the terminal (even at the far end of SSH) puts ``text`` on its clipboard."""
    if out.isatty():
        out.write(f"\x1b]52;c;{base64.b64encode(text.encode()).decode()}\x07")
        out.flush()


def login(settings: Settings, method: str | None, out: TextIO = sys.stdout) -> int:
    method = method or ("oauth" if configured_consumer(settings) else "token")
    try:
        if method == "token":
            token = _ask_secret("Personal access token (discogs.com → Settings → Developers): ")
            credentials = asyncio.run(check_token(token, settings.api_url))
        else:
            consumer = configured_consumer(settings) or ConsumerCredentials(
                key=_ask("Consumer key: "), secret=_ask_secret("Consumer secret: ")
            )
            pending = asyncio.run(start_oauth(consumer, settings.api_url))
            print(
                "Open this address in any browser, approve, and paste the verifier it shows:",
                file=out,
            )
            print(f"  {pending.authorize_url}", file=out)
            copy_to_clipboard(pending.authorize_url, out)
            credentials = asyncio.run(finish_oauth(pending, _ask("Verifier: "), settings.api_url))
    except DiscogsError as error:
        print(f"discogs-tui: sign-in failed: {error}", file=sys.stderr)
        return 1
    store().save(credentials)
    print(f"Signed in as {credentials.username}. Credentials saved to {store().path}", file=out)
    return 0


def configured_consumer(settings: Settings) -> ConsumerCredentials | None:
    env = from_environment()
    if isinstance(env, ConsumerCredentials):
        return env
    key, secret = settings.auth.get("consumer_key"), settings.auth.get("consumer_secret")
    return ConsumerCredentials(key=key, secret=secret) if key and secret else None


def logout(out: TextIO = sys.stdout) -> int:
    removed = store().delete()
    print(
        "Signed out: stored credentials removed."
        if removed
        else "No stored credentials to remove.",
        file=out,
    )
    if from_environment() is not None:
        print(
            "Note: DISCOGS_TOKEN or DISCOGS_CONSUMER_KEY/SECRET are still set in this shell.",
            file=out,
        )
    return 0


def whoami(settings: Settings, out: TextIO = sys.stdout) -> int:
    from discogs_tui.api.login import identify

    try:
        credentials, source = resolve(store(), settings.auth)
        if not credentials.identifies_user:
            what = (
                "consumer key/secret (no user)" if credentials.authenticated else "no credentials"
            )
            print(
                f"Not signed in as a user: {what}, from {source}. Run `discogs-tui login`.",
                file=out,
            )
            return 1
        identified = asyncio.run(identify(credentials, settings.api_url))
    except DiscogsError as error:
        print(f"discogs-tui: {error}", file=sys.stderr)
        return 1
    print(
        f"{identified.username} ({credentials.kind}, from {source}) on {settings.api_url}", file=out
    )
    return 0

"""Seeds the sandbox's users and what they own (collection, wantlist, lists)."""

from __future__ import annotations

from discogs_tui.sandbox.config import DEMO_TOKEN, DEMO_USERNAME
from discogs_tui.sandbox.state import SandboxState, User, api_url


def seed(state: SandboxState) -> None:
    state.add_user(
        User(
            username=DEMO_USERNAME,
            profile={"id": 9000001, "username": DEMO_USERNAME, "resource_url": api_url(f"/users/{DEMO_USERNAME}")},
            token=DEMO_TOKEN,
        )
    )

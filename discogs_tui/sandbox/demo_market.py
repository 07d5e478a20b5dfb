"""Seeds the marketplace: listings, orders and their messages, inventory jobs."""

from __future__ import annotations

from discogs_tui.sandbox.state import SandboxState


def seed(state: SandboxState) -> None:
    """Nothing yet."""

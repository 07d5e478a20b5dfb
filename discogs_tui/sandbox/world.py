"""Builds a sandbox's starting state: the shared catalogue, the demo consumer and users."""

from __future__ import annotations

from discogs_tui.sandbox import demo_market, demo_users, numbers
from discogs_tui.sandbox.catalogue import load_catalogue
from discogs_tui.sandbox.config import (
    DEMO_CONSUMER_KEY,
    DEMO_CONSUMER_NAME,
    DEMO_CONSUMER_SECRET,
    SandboxConfig,
)
from discogs_tui.sandbox.state import Consumer, SandboxState


def build_state(config: SandboxConfig | None = None) -> SandboxState:
    """A fresh, deterministic world. The catalogue is shared; everything else is new."""
    config = config or SandboxConfig()
    state = SandboxState(load_catalogue(), clock=config.clock)
    consumer = Consumer(DEMO_CONSUMER_KEY, DEMO_CONSUMER_SECRET, DEMO_CONSUMER_NAME)
    state.consumers[consumer.key] = consumer
    demo_users.seed(state)  # users first: the marketplace seeds sellers' listings
    demo_market.seed(state)
    if config.hostile:
        from discogs_tui.sandbox.hostile import make_hostile

        make_hostile(state)
    numbers.record_seeded_shelves(state)
    return state


def demo_token(username: str) -> str | None:
    """The personal token of a seeded sandbox user (for ``--demo-user``), if it has one."""
    from discogs_tui.sandbox.demo_market import SEED_TOKENS
    from discogs_tui.sandbox.demo_users import USER_TOKENS

    tokens = {name.lower(): token for name, token in {**SEED_TOKENS, **USER_TOKENS}.items()}
    return tokens.get(username.lower())

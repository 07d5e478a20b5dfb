"""Settings of one sandbox instance, and the fixed demo credentials it documents."""

from __future__ import annotations

import time
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from discogs_tui.sandbox.faults import FaultRule

# Fixed and documented (README "The sandbox"): they open nothing but the sandbox.
DEMO_USERNAME = "sandbox_demo"
DEMO_TOKEN = "sandbox-demo-token-0123456789abcdef"
DEMO_CONSUMER_KEY = "sandboxdemoconsumerkey"
DEMO_CONSUMER_SECRET = "sandboxdemoconsumersecret"
DEMO_CONSUMER_NAME = "discogs-tui sandbox"
BIG_USERNAME = "sandbox_bigcollector"
BIG_TOKEN = "sandbox-big-token-fedcba9876543210"
BIG_COLLECTION_SIZE = 50_000
HUGE_USERNAME = "sandbox_hugecollector"  # for the biggest collections there are
HUGE_TOKEN = "sandbox-huge-token-0f1e2d3c4b5a6978"
HUGE_COLLECTION_SIZE = 200_000


@dataclass
class SandboxConfig:
    """How a sandbox behaves. The defaults are the real API's documented ones."""

    rate_window: float = 60.0  # seconds of the moving window
    rate_limit_auth: int = 60  # requests per window, authenticated
    rate_limit_anon: int = 25  # requests per window, anonymous
    retry_after: bool = False  # send Retry-After on 429 (the real API does not document it)
    request_token_ttl: float = 15 * 60.0  # OAuth request tokens expire after 15 minutes
    oauth_clock_skew: float = 300.0  # accepted |oauth_timestamp - now|, seconds
    export_delay: float = 0.5  # seconds an inventory export/upload job stays queued
    hostile: bool = False  # every free-text field made hostile (sandbox/hostile.py)
    clock: Callable[[], float] = field(default=time.time)  # wall clock (timestamps, tokens)
    monotonic: Callable[[], float] = field(default=time.monotonic)  # rate-limit clock
    # Faults to inject from the start: FaultRule objects or specs ("drop_after:method=POST").
    faults: list[FaultRule | str] = field(default_factory=list)


def demo_credentials() -> dict[str, str]:
    """The credentials the sandbox prints at start and `sandbox credentials --json` prints."""
    return {
        "username": DEMO_USERNAME,
        "token": DEMO_TOKEN,
        "consumer_key": DEMO_CONSUMER_KEY,
        "consumer_secret": DEMO_CONSUMER_SECRET,
        "big_username": BIG_USERNAME,
        "big_token": BIG_TOKEN,
        "huge_username": HUGE_USERNAME,
        "huge_token": HUGE_TOKEN,
    }

"""Fixtures of the service-layer endpoint tests: a fresh sandbox per test, and services
talking to it in-process as the demo user, as other users, or anonymously."""

from __future__ import annotations

from collections.abc import AsyncIterator, Callable
from contextlib import asynccontextmanager

import httpx
import pytest

from discogs_tui.api.auth import ANONYMOUS, Credentials, TokenCredentials
from discogs_tui.api.service import DiscogsService
from discogs_tui.demo import sandbox_service
from discogs_tui.sandbox import create_app
from discogs_tui.sandbox.config import DEMO_TOKEN, DEMO_USERNAME
from discogs_tui.sandbox.demo_market import SEED_TOKENS
from discogs_tui.sandbox.demo_users import USER_TOKENS
from tests.conftest import BASE_URL, roomy_config

START = 1_750_000_000.0  # 2025-06-15: after every seeded timestamp


class ManualClock:
    """The sandbox's wall clock, moved only by the test (inventory jobs finish by it)."""

    def __init__(self, now: float = START) -> None:
        self.now = now

    def __call__(self) -> float:
        return self.now

    def advance(self, seconds: float) -> None:
        self.now += seconds


@pytest.fixture
def clock() -> ManualClock:
    return ManualClock()


@pytest.fixture
def app(clock: ManualClock):
    """A fresh sandbox (its own state) for each test."""
    return create_app(roomy_config(clock=clock))


def credentials_of(username: str | None) -> Credentials:
    """The seeded personal token of ``username``; anonymous for None."""
    if username is None:
        return ANONYMOUS
    token = {**SEED_TOKENS, **USER_TOKENS}[username]
    return TokenCredentials(token=token, username=username)


@pytest.fixture
async def service(app) -> AsyncIterator[DiscogsService]:
    """Signed in as the demo user."""
    async with sandbox_service(
        app, TokenCredentials(token=DEMO_TOKEN, username=DEMO_USERNAME)
    ) as demo:
        yield demo


@pytest.fixture
async def service_as(app) -> AsyncIterator[Callable[[str | None], DiscogsService]]:
    """``service_as("rodneyfool")``: a service signed in as another seeded user;
    ``service_as(None)``: an anonymous one. All are closed after the test."""
    opened: list[DiscogsService] = []

    def open_service(username: str | None) -> DiscogsService:
        opened.append(sandbox_service(app, credentials_of(username)))
        return opened[-1]

    yield open_service
    for other in opened:
        await other.aclose()


async def requests_served(app) -> int:
    """API requests the sandbox has answered so far (``GET /_sandbox/stats``)."""
    async with httpx.AsyncClient(
        transport=httpx.ASGITransport(app=app), base_url=BASE_URL
    ) as control:
        return (await control.get("/_sandbox/stats")).json()["requests"]


@pytest.fixture
def nothing_sent(app):
    """``async with nothing_sent(): ...`` fails if the block sends the sandbox any request."""

    @asynccontextmanager
    async def check() -> AsyncIterator[None]:
        before = await requests_served(app)
        yield
        assert await requests_served(app) == before, "a request reached the sandbox"

    return check


@pytest.fixture
def fresh_release(app) -> int:
    """A catalogue release the demo user neither owns nor wants."""
    state = app.state.sandbox
    demo = state.user(DEMO_USERNAME)
    owned = {instance.release_id for instance in demo.instances.values()}
    return next(r for r in sorted(state.catalogue.releases) if r not in owned | set(demo.wants))

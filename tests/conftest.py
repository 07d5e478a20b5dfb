"""Fixtures shared by every test: sandboxes, and clients that talk to them over HTTP."""

from __future__ import annotations

import time
from collections.abc import AsyncIterator

import httpx
import pytest

from discogs_tui.sandbox import SandboxConfig, create_app
from discogs_tui.sandbox.config import (
    DEMO_CONSUMER_KEY,
    DEMO_CONSUMER_SECRET,
    DEMO_TOKEN,
    DEMO_USERNAME,
)

BASE_URL = "https://api.discogs.com"

# Modules that take minutes (real terminals, kill loops, fuzzing, every screen at every size):
# `pytest -m "not slow"` leaves them out for the edit loop; CI runs everything.
SLOW_MODULES = frozenset(
    {
        "test_bulk_cli.py",
        "test_bulk_kills.py",
        "test_crash_safety.py",
        "test_export_kills.py",
        "test_fuzz_shapes.py",
        "test_secrets.py",
        "test_small_terminals.py",
        "test_snapshots.py",
        "test_tmux_smoke.py",
        "test_wantlist_lists.py",
    }
)


def pytest_collection_modifyitems(items: list[pytest.Item]) -> None:
    for item in items:
        if item.path.name in SLOW_MODULES:
            item.add_marker(pytest.mark.slow)


USER_AGENT = "discogs-tui-tests/1.0 +https://github.com/discogs-tui/discogs-tui"


def roomy_config(**overrides) -> SandboxConfig:
    """Real behaviour, but limits high enough that contract tests never meet them."""
    settings = {"rate_limit_auth": 100_000, "rate_limit_anon": 100_000, **overrides}
    return SandboxConfig(**settings)


@pytest.fixture
def sandbox_app():
    """A fresh sandbox (its own state) for each test."""
    return create_app(roomy_config())


def make_client(
    app, headers: dict[str, str] | None = None, base_url: str = BASE_URL
) -> httpx.AsyncClient:
    transport = httpx.ASGITransport(app=app)
    return httpx.AsyncClient(
        transport=transport,
        base_url=base_url,
        headers={"User-Agent": USER_AGENT, **(headers or {})},
    )


@pytest.fixture
async def client(sandbox_app) -> AsyncIterator[httpx.AsyncClient]:
    """Signed in as the demo user with the personal token."""
    async with make_client(sandbox_app, {"Authorization": f"Discogs token={DEMO_TOKEN}"}) as c:
        yield c


@pytest.fixture
async def anon(sandbox_app) -> AsyncIterator[httpx.AsyncClient]:
    """No credentials at all."""
    async with make_client(sandbox_app) as c:
        yield c


@pytest.fixture
async def consumer(sandbox_app) -> AsyncIterator[httpx.AsyncClient]:
    """Consumer key and secret only: high rate tier, images, but no user."""
    auth = f"Discogs key={DEMO_CONSUMER_KEY}, secret={DEMO_CONSUMER_SECRET}"
    async with make_client(sandbox_app, {"Authorization": auth}) as c:
        yield c


@pytest.fixture
def demo_username() -> str:
    return DEMO_USERNAME


@pytest.fixture(autouse=True)
def _private_data_dir(tmp_path_factory, monkeypatch):
    """Whatever the app remembers on disk (mirrors, marketplace answers) goes to a folder of
    the test's own, never the user's data dir, and never from one test to the next."""
    monkeypatch.setenv("DISCOGS_TUI_DATA_DIR", str(tmp_path_factory.mktemp("data")))


@pytest.fixture
def in_paris(monkeypatch):
    """The local zone is Paris' (CET, CEST in summer) for the test."""
    monkeypatch.setenv("TZ", "Europe/Paris")
    time.tzset()
    yield
    monkeypatch.undo()
    time.tzset()

"""``discogs-tui watch`` beside the app, both on one ``discogs-tui sandbox serve`` with the
real limit (60 requests in a moving 60-second window), for a minute: the app syncs the
collection in the background while a user opens a release every four seconds; the watcher
checks wants at its default rate. They share the window through the data dir: the server
must answer no request with 429, and the user's requests must be answered within 2 s (p95).
"""

from __future__ import annotations

import asyncio
import os
import statistics
import subprocess
import sys
import time
from pathlib import Path

import pytest

from discogs_tui.api.auth import TokenCredentials
from discogs_tui.api.history import WatchHistory
from discogs_tui.api.mirror import CollectionMirror
from discogs_tui.launch import Endpoint
from discogs_tui.sandbox.config import DEMO_TOKEN, DEMO_USERNAME
from tests.bench.bench_contention import open_one, sandbox_serve, server_stats, user_targets

USER_SECONDS = 60.0
KEY_EVERY = 4.0

pytestmark = pytest.mark.slow


def test_watch_and_the_app_share_the_window(tmp_path: Path) -> None:
    data = tmp_path / "data"
    with sandbox_serve() as base:
        env = {
            **os.environ,
            "DISCOGS_TOKEN": DEMO_TOKEN,
            "DISCOGS_TUI_DATA_DIR": str(data),
            "DISCOGS_TUI_CACHE_DIR": str(tmp_path / "watch-cache"),
            "DISCOGS_TUI_CONFIG_DIR": str(tmp_path / "config"),
        }
        watcher = subprocess.Popen(
            [sys.executable, "-m", "discogs_tui", "--api-url", base, "watch", "--every", "0"],
            env=env,
            stdout=subprocess.PIPE,
            stderr=subprocess.PIPE,
            text=True,
        )
        try:
            waits = asyncio.run(app_session(base, data))
            assert watcher.poll() is None, watcher.stderr.read() if watcher.stderr else ""
        finally:
            watcher.terminate()
            out, err = watcher.communicate(timeout=30)
        stats = server_stats(base)
    assert watcher.returncode == 0, err
    checks = [line for line in out.splitlines() if " check " in line]
    p95 = statistics.quantiles(waits, n=20)[-1]
    print(
        f"user waits p95 {p95:.2f} s over {len(waits)}; watcher checks {len(checks)}; "
        f"server 429s {stats['rate_limited']}"
    )
    assert stats["rate_limited"] == 0
    assert p95 < 2.0
    assert len(checks) >= 10  # the watcher did its work meanwhile
    assert WatchHistory(DEMO_USERNAME, data).snapshot().checks  # and kept it


async def app_session(base: str, data: Path) -> list[float]:
    """The app's service (as ``launch`` builds it, sharing the budget through ``data``): a
    collection sync in the background, and a user opening a release every few seconds."""
    endpoint = Endpoint(base, cache_dir=None, budget_dir=data)
    service = endpoint.service(TokenCredentials(token=DEMO_TOKEN, username=DEMO_USERNAME))
    waits: list[float] = []
    async with service:
        mirror = await CollectionMirror.opened(service, DEMO_USERNAME, data)
        sync = asyncio.create_task(mirror.sync())
        targets = user_targets(seed=18)
        ends = time.monotonic() + USER_SECONDS
        await asyncio.sleep(KEY_EVERY)  # the watcher is under way
        while time.monotonic() < ends:
            kind, target = next(targets)
            started = time.monotonic()
            await open_one(service, kind, target)
            waits.append(time.monotonic() - started)
            await asyncio.sleep(max(0.0, KEY_EVERY - waits[-1]))
        sync.cancel()
        await asyncio.gather(sync, return_exceptions=True)
        mirror.close()
    return waits

"""``discogs-tui watch --once`` as cron runs it, against a loopback sandbox whose marketplace
changes between runs: a listing added under the alert price, a price dropped, a listing
removed. The summary and the history on disk must say so."""

from __future__ import annotations

import json
import os
import stat
import subprocess
import sys
from pathlib import Path

import httpx
import pytest

from discogs_tui.api.history import WatchHistory
from tests.loopback import serve

WATCHER_TOKEN = "sandbox-token-example"  # the user "example": five wants, four copies
SELLER = {"Authorization": "Discogs token=sandbox-token-example_seller"}
YEAR_ZERO, DAWN, NEVERMIND = 1867708, 1675174, 2028757  # three of example's wants

pytestmark = pytest.mark.slow


def run_watch(base_url: str, home: Path, *extra: str) -> subprocess.CompletedProcess[str]:
    env = {
        **os.environ,
        "DISCOGS_TOKEN": WATCHER_TOKEN,
        "DISCOGS_TUI_DATA_DIR": str(home / "data"),
        "DISCOGS_TUI_CACHE_DIR": str(home / "cache"),
        "DISCOGS_TUI_CONFIG_DIR": str(home / "config"),
    }
    return subprocess.run(
        [
            sys.executable,
            "-m",
            "discogs_tui",
            "--api-url",
            base_url,
            "watch",
            "--once",
            "--every",
            "0",
            "--rate",
            "40",
            *extra,
        ],
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
    )


def list_copy(seller: httpx.Client, release_id: int, price: float) -> int:
    answer = seller.post(
        "/marketplace/listings",
        json={
            "release_id": release_id,
            "condition": "Very Good Plus (VG+)",
            "price": price,
            "status": "For Sale",
        },
    )
    assert answer.status_code == 201, answer.text
    return answer.json()["listing_id"]


def test_watch_once_tells_what_changed_between_runs(tmp_path: Path) -> None:
    with serve() as base_url, httpx.Client(base_url=base_url, headers=SELLER) as seller:
        list_copy(seller, YEAR_ZERO, 30.0)
        dawn = list_copy(seller, DAWN, 40.0)
        nevermind = list_copy(seller, NEVERMIND, 50.0)
        history = WatchHistory("example", tmp_path / "data")
        history.set_alert(YEAR_ZERO, 20.0)  # what the wantlist's alert key stores

        first = run_watch(base_url, tmp_path)
        assert first.returncode == 0, first.stderr
        assert "Nothing new for sale." in first.stdout  # nothing to compare with yet
        assert "Checked 5 of 5 wants" in first.stdout

        list_copy(seller, YEAR_ZERO, 15.0)  # under the alert price
        edit = {
            "release_id": DAWN,
            "condition": "Very Good Plus (VG+)",
            "price": 25.0,
            "status": "For Sale",
        }
        assert seller.post(f"/marketplace/listings/{dawn}", json=edit).status_code == 204
        assert seller.delete(f"/marketplace/listings/{nevermind}").status_code == 204

        second = run_watch(base_url, tmp_path)
        assert second.returncode == 0, second.stderr
        summary = second.stdout
        assert "1 want for sale under your price:" in summary
        assert "Nine Inch Nails – Year Zero: 2 for sale from 15.00 USD, under your 20.00" in summary
        assert f"https://www.discogs.com/sell/release/{YEAR_ZERO}" in summary
        assert "1 want with a lower price:" in summary
        assert "lowest price down from 40.00 USD to 25.00 USD" in summary
        assert "Nevermind" not in summary  # a listing gone is no news
        assert "condition and shipping" in summary

        third = run_watch(base_url, tmp_path, "--json")
        assert third.returncode == 0, third.stderr

    snapshot = history.snapshot()
    assert [(c.count, c.lowest) for c in snapshot.checks[YEAR_ZERO]] == [
        (1, 30.0),
        (2, 15.0),
        (2, 15.0),
    ]
    assert [(c.count, c.lowest) for c in snapshot.checks[DAWN]] == [(1, 40.0), (1, 25.0), (1, 25.0)]
    assert [(c.count, c.lowest) for c in snapshot.checks[NEVERMIND]][:2] == [(1, 50.0), (0, None)]
    assert snapshot.currency[YEAR_ZERO] == "USD"
    assert len(snapshot.values) == 1 and snapshot.values[0].minimum > 0  # once a day
    assert stat.S_IMODE(history.path.stat().st_mode) == 0o600
    events = [json.loads(line) for line in third.stdout.splitlines()]
    assert {e["event"] for e in events} >= {"mirror", "wants", "check", "summary"}
    assert "Nothing new for sale." in events[-1]["text"]


def test_watch_once_exits_1_when_discogs_cannot_be_reached(tmp_path: Path) -> None:
    with serve() as base_url:
        pass  # the server is gone: nothing listens there any more
    done = run_watch(base_url, tmp_path)
    assert done.returncode == 1
    assert "could not reach Discogs" in done.stderr
    assert "Traceback" not in done.stderr


def test_rate_above_the_room_left_for_the_app_is_refused(tmp_path: Path) -> None:
    done = subprocess.run(
        [sys.executable, "-m", "discogs_tui", "watch", "--rate", "55"],
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert done.returncode == 2
    assert "20 stay free for the app" in done.stderr

"""SVG snapshots of every screen at 100×30 and 80×24 (update: pytest --snapshot-update)."""

from __future__ import annotations

import pytest

from screenshots.tour import TOUR, demo_app, frozen, keys_then_settle


@pytest.fixture(autouse=True)
def frozen_world(tmp_path):
    with frozen(tmp_path):
        yield


@pytest.mark.parametrize("size", [(100, 30), (80, 24)], ids=["100x30", "80x24"])
@pytest.mark.parametrize("stop", TOUR, ids=[stop.name for stop in TOUR])
def test_screen_snapshot(snap_compare, stop, size):
    assert snap_compare(
        demo_app(stop.location, stop.roomy, stop.sign_in),
        terminal_size=size,
        run_before=keys_then_settle(stop.keys),
    )

"""Helpers every app test shares: waiting for a screen to settle, or for a condition."""

from __future__ import annotations

import time
from collections.abc import Callable
from typing import Any

from textual.pilot import Pilot

from screenshots.tour import settle

__all__ = ["settle", "wait_until"]


async def wait_until(pilot: Pilot, condition: Callable[[], Any], seconds: float = 5.0) -> None:
    """Pause until ``condition()`` holds (for screens whose workers keep running)."""
    deadline = time.monotonic() + seconds
    while not condition():
        assert time.monotonic() < deadline, "timed out waiting"
        await pilot.pause(0.02)

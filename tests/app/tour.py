"""The app's screens as a newcomer meets them: one entry per screen, used by the snapshot
tests and by ``screenshots/generate.py`` (so the README shows what the tests check)."""

from __future__ import annotations

from dataclasses import dataclass

from textual.pilot import Pilot

from discogs_tui.api.service import DiscogsService
from discogs_tui.app.app import DiscogsApp
from discogs_tui.app.navigation import Location
from discogs_tui.sandbox.config import DEMO_USERNAME


@dataclass(frozen=True)
class Stop:
    name: str  # file name of the screenshot / snapshot
    location: Location
    keys: tuple[str, ...] = ()  # pressed after the screen has loaded


TOUR = (
    Stop("search", Location("search", "night")),
    Stop("search-fields", Location("search"), ("a",)),
    Stop("release", Location("release", "249504")),
    Stop("master", Location("master", "1000")),
    Stop("artist", Location("artist", "108713")),
    Stop("label", Location("label", "1")),
    Stop("user", Location("user", "rodneyfool")),
    Stop("help", Location("release", "249504"), ("question_mark",)),
    Stop("inventory", Location("inventory", DEMO_USERNAME)),
    Stop("listing", Location("listing", "200000001")),
    Stop("orders", Location("orders")),
    Stop("order", Location("order", "9000001-3")),
    Stop("inventory-jobs", Location("inventory-jobs")),
    Stop("lists", Location("lists", DEMO_USERNAME)),
    Stop("list", Location("list", "5")),
)


def demo_app(location: Location) -> DiscogsApp:
    return DiscogsApp(DiscogsService.for_sandbox(), start=location, signed_in_as=DEMO_USERNAME)


async def settle(pilot: Pilot) -> None:
    """Wait until every worker (the screen's loads, prefetches, images) has finished."""
    for _ in range(20):
        await pilot.pause()
        running = [worker for worker in pilot.app.workers if worker.is_running]
        if not running:
            await pilot.pause()
            if not any(worker.is_running for worker in pilot.app.workers):
                return
        await pilot.app.workers.wait_for_complete()


def keys_then_settle(keys: tuple[str, ...]):
    async def run(pilot: Pilot) -> None:
        await settle(pilot)
        for key in keys:
            await pilot.press(key)
        await settle(pilot)

    return run

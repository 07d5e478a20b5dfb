"""The app's screens as a newcomer meets them: one entry per screen, used by the snapshot
tests and by ``screenshots/generate.py`` (so the README shows what the tests check).
It lives here, not in tests/, so the scripts need no test package (and no pytest)."""

from __future__ import annotations

import os
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from datetime import date
from functools import partial
from pathlib import Path
from unittest import mock

import httpx
from textual.pilot import Pilot

from discogs_tui.api.client import DEFAULT_API_URL
from discogs_tui.app.app import DiscogsApp
from discogs_tui.app.modals.export_form import ExportForm
from discogs_tui.app.modals.form import FormModal
from discogs_tui.app.navigation import Location
from discogs_tui.app.screens.collection_stats import CollectionStatsScreen
from discogs_tui.app.screens.signin import SignInScreen
from discogs_tui.demo import sandbox_service
from discogs_tui.launch import Endpoint
from discogs_tui.sandbox import SandboxConfig, create_app
from discogs_tui.sandbox.config import DEMO_USERNAME
from discogs_tui.sandbox.examples import RELEASE_249504

BARCODE = RELEASE_249504["identifiers"][0]["value"]
MARK3 = ("space", "space", "space")  # three rows marked
TOUR_DATE = date(2026, 1, 2)  # "today", in the export's file name
# Country look-ups of the stats screen: few enough to fit in the rate limit's first minute
# (after the collection's sync), so that the screen settles; its note counts the rest.
COUNTRY_LOOKUPS = 10
# Real behaviour, but rate limits no stop meets (see Stop.roomy)
ROOMY = SandboxConfig(rate_limit_auth=100_000, rate_limit_anon=100_000)


@dataclass(frozen=True)
class Stop:
    name: str  # file name of the screenshot / snapshot
    location: Location
    keys: tuple[str, ...] = ()  # pressed after the screen has loaded
    # A sandbox without rate limits: at the real ones the stop would wait minutes (the
    # wantlist asks the marketplace about each of its 300 wants; the collection's sync is
    # paced at background priority, a page a second).
    roomy: bool = False
    sign_in: bool = False  # the sign-in screen over it, as on a first start


TOUR = (
    Stop("search", Location("search", "night")),
    Stop("search-fields", Location("search", "night"), ("a",)),
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
    Stop("collection", Location("collection", DEMO_USERNAME), (), roomy=True),
    Stop("collection-folders", Location("collection", DEMO_USERNAME), ("h", "j", "j"), roomy=True),
    Stop("collection-export", Location("collection", DEMO_USERNAME), ("E",), roomy=True),
    Stop("collection-stats", Location("collection", DEMO_USERNAME), ("v",), roomy=True),
    Stop("collection-countries", Location("collection", DEMO_USERNAME), ("v", "G"), roomy=True),
    Stop("wantlist", Location("wantlist", DEMO_USERNAME), roomy=True),
    Stop("rapid-add", Location("rapid-add", DEMO_USERNAME), ("j", "enter", *BARCODE, "enter")),
    Stop("sign-in", Location("search"), sign_in=True),
    # dialogs
    Stop("collection-move", Location("collection", DEMO_USERNAME), ("m",), roomy=True),
    Stop("collection-remove", Location("collection", DEMO_USERNAME), ("x",), roomy=True),
    Stop("collection-new-folder", Location("collection", DEMO_USERNAME), ("n",), roomy=True),
    Stop("collection-field", Location("collection", DEMO_USERNAME), ("e",), roomy=True),
    Stop("release-rating", Location("release", "249504"), ("asterisk",)),
    Stop("release-currency", Location("release", "249504"), ("dollar_sign",)),
    Stop("listing-form", Location("release", "249504"), ("n",)),
    Stop("listing-delete", Location("listing", "200000001"), ("d",)),
    Stop("order-status", Location("order", "9000001-3"), ("t",)),
    Stop("order-shipping", Location("order", "9000001-3"), ("s",)),
    Stop("order-reply", Location("order", "9000001-3"), ("m",)),
    Stop("jobs-download", Location("inventory-jobs"), ("d",)),
    Stop("jobs-upload", Location("inventory-jobs"), ("u",)),
    Stop("want-edit", Location("wantlist", DEMO_USERNAME), ("e",), roomy=True),
    Stop("profile-edit", Location("user", DEMO_USERNAME), ("e",)),
    Stop("fee-calculator", Location("release", "249504"), ("ctrl+p", *"fee calc", "enter")),
    Stop("price-suggestions", Location("release", "249504"), ("ctrl+p", *"price sugg", "enter"),
         roomy=True),  # paced prefetches at the real limit made the gauge under it vary
    # bulk work (issue 17): marked rows, what to do with them, the preview, the report
    Stop("collection-bulk-move", Location("collection", DEMO_USERNAME), (*MARK3, "m"), roomy=True),
    Stop("collection-bulk-preview", Location("collection", DEMO_USERNAME),
         (*MARK3, "m", "j", "j", "enter"), roomy=True),
    Stop("collection-bulk-report", Location("collection", DEMO_USERNAME),
         (*MARK3, "m", "j", "j", "enter", "y"), roomy=True),
    Stop("want-bulk-edit", Location("wantlist", DEMO_USERNAME), (*MARK3, "e"), roomy=True),
    Stop("inventory-bulk-price", Location("inventory", DEMO_USERNAME), (*MARK3, "e", "enter")),
)


# The newcomer's walk through the demo, as keys in one running app (the cast in assets/ is
# recorded from it): search -> a release -> the collection, filtered -> the wantlist -> an
# order. Each step: its keys, and words that show once it has loaded.
WALK = (
    ((*"never gonna", "enter"), "results"),
    (("j", "enter"), "Tracklist"),
    (("escape", "f2"), "copies, synced"),
    (("f", *"crimson"), "of 3,000"),
    (("escape", "f3"), "wants"),
    (("escape", "f5"), "Total"),
    (("enter",), "Ship to"),
)


def demo_app(location: Location, roomy: bool = False, sign_in: bool = False) -> DiscogsApp:
    service = sandbox_service(create_app(ROOMY) if roomy else None)
    first_screen = None
    if sign_in:
        endpoint = Endpoint(DEFAULT_API_URL, httpx.ASGITransport(app=create_app()))
        first_screen = partial(SignInScreen, endpoint)
    return DiscogsApp(
        service, start=location, signed_in_as=DEMO_USERNAME, first_screen=first_screen
    )


@contextmanager
def frozen(data_dir: Path) -> Iterator[None]:
    """What the stops would otherwise take from the clock and the disk, fixed: the date,
    the data directory (the collection's mirror and release facts start empty there) and
    how far the country look-ups get."""
    with (
        mock.patch.dict(os.environ, {"DISCOGS_TUI_DATA_DIR": str(data_dir)}),
        mock.patch.object(FormModal, "today", lambda: TOUR_DATE),  # the export and download forms
        mock.patch.object(ExportForm, "here", lambda: Path("/home/collector/records")),
        mock.patch.object(CollectionStatsScreen, "COUNTRY_LOOKUPS", COUNTRY_LOOKUPS),
    ):
        yield


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
    """Each key once the screen has settled: background work is paced (a collection sync
    takes half a minute at the real limit), so a key pressed during a load would land in a
    screen that is still growing."""

    async def run(pilot: Pilot) -> None:
        await settle(pilot)
        for key in keys:
            await pilot.press(key)
            await settle(pilot)
        await steady_cursors(pilot)

    return run


async def steady_cursors(pilot: Pilot) -> None:
    """The focused field's cursor shown steadily: it blinks every half second, so on a busy
    machine the picture would catch it on or off by chance."""
    for field in pilot.app.screen.query("Input, TextArea"):
        field.cursor_blink = False  # type: ignore[attr-defined]
    await pilot.pause()

"""Every screen survives each fault the sandbox can inject (issue 7, point 2).

The matrix: every screen × one fault of each family (server error, unreadable answer,
no answer) for reads; the whole fault list on a few screens; writes whose answer is lost;
keys while a fetch hangs; requests cancelled when a screen is left. The client runs with
a short read timeout and backoff (its constructor options): a hang costs 0.3 s per try.
"""

from __future__ import annotations

import asyncio
import io
import re
import time
from collections import Counter
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

import httpx
import pytest
from rich.console import Console
from textual.pilot import Pilot
from textual.worker import Worker, WorkerState

from discogs_tui.api.auth import TokenCredentials
from discogs_tui.api.client import DEFAULT_API_URL, DiscogsClient, RetryPolicy
from discogs_tui.api.ratelimit import AUTHENTICATED_LIMIT, RateLimiter
from discogs_tui.api.service import DiscogsService
from discogs_tui.app.app import DiscogsApp
from discogs_tui.app.navigation import Location
from discogs_tui.app.screens.collection import CollectionScreen
from discogs_tui.app.screens.help import HelpScreen
from discogs_tui.app.screens.listing_form import ListingForm
from discogs_tui.sandbox import create_app
from discogs_tui.sandbox.config import DEMO_TOKEN, DEMO_USERNAME
from discogs_tui.sandbox.faults import KINDS, FaultRule
from discogs_tui.sandbox.state import SandboxState
from discogs_tui.sandbox.transport import SandboxTransport
from tests.app.conftest import settle, wait_until
from tests.conftest import roomy_config

SIZE = (100, 30)
READ_TIMEOUT = 0.3  # seconds; a "hang" lasts longer than this
HANG = 5.0
ATTEMPTS = 3  # tries of one read: a burst of ATTEMPTS - 1 faults is survived unseen
FAST_RETRY = RetryPolicy(
    attempts=ATTEMPTS, base_delay=0.01, max_delay=0.02, deadline=10.0, max_rate_limited=2
)
BOX_DRAWING = re.compile("[\u2500-\u257f]")
API = r"^/(?!images/)"  # every API path (cover images have their own fallback)


# -- the app on a sandbox that misbehaves ------------------------------------------------------
class Transport(httpx.AsyncBaseTransport):
    """The in-process sandbox with the client's read timeout enforced (in-process, nothing
    times out by itself) and a count of what was sent."""

    def __init__(self, app: Any) -> None:
        self.inner = SandboxTransport(app)
        self.sent: Counter[tuple[str, str]] = Counter()

    async def handle_async_request(self, request: httpx.Request) -> httpx.Response:
        self.sent[request.method, request.url.path] += 1
        seconds = request.extensions.get("timeout", {}).get("read")
        try:
            return await asyncio.wait_for(self.inner.handle_async_request(request), seconds)
        except TimeoutError:
            raise httpx.ReadTimeout("no answer in time", request=request) from None


def fast_service(sandbox: Any, read_timeout: float = READ_TIMEOUT) -> DiscogsService:
    client = DiscogsClient(
        TokenCredentials(token=DEMO_TOKEN, username=DEMO_USERNAME),
        base_url=DEFAULT_API_URL,
        transport=Transport(sandbox),
        timeout=httpx.Timeout(5.0, read=read_timeout),
        retry=FAST_RETRY,
        # A 429 without Retry-After waits for the window to free: make the window short.
        limiter=RateLimiter(AUTHENTICATED_LIMIT, window=0.05),
    )
    return DiscogsService(client)


def sent(app: DiscogsApp) -> Counter[tuple[str, str]]:
    return app.service.client._http._transport.sent


@pytest.fixture(scope="module")
def sandbox():
    """One sandbox for the module (building one takes a second); tests that write look at
    what changed, not at absolute state."""
    return create_app(roomy_config())


@pytest.fixture(autouse=True)
def no_faults_left(sandbox):
    sandbox.state.faults.clear()
    yield
    sandbox.state.faults.clear()


@pytest.fixture(autouse=True)
def mirror_in_memory(monkeypatch):
    monkeypatch.setattr(CollectionScreen, "mirror_directory", lambda self: None)


@pytest.fixture(autouse=True)
def failed_workers(monkeypatch) -> list[tuple[str, BaseException]]:
    """Workers that ended with an exception nobody handled: each one is a screen left
    half-done (a spinner forever, a line that never fills). Checked after every test."""
    failures: list[tuple[str, BaseException]] = []
    run = Worker._run

    async def recording_run(self: Worker, app: Any) -> None:
        await run(self, app)
        # (When the app closes, workers meet their widgets half taken down: not a failure.)
        if self.state == WorkerState.ERROR and app._running:
            failures.append((self.name, self.error))

    monkeypatch.setattr(Worker, "_run", recording_run)
    yield failures
    assert not failures, f"workers failed: {failures}"


def make_app(sandbox: Any, location: Location, **options: Any) -> DiscogsApp:
    service = fast_service(sandbox, **options)
    return DiscogsApp(service, start=location, signed_in_as=DEMO_USERNAME)


def add_fault(sandbox: Any, fault: Fault, *, times: int | None, **where: Any) -> FaultRule:
    where = {"path": API, "method": "GET", **where}
    return sandbox.state.faults.add(FaultRule(**fault.rule, times=times, **where))


# -- what the user sees ------------------------------------------------------------------------
def screen_text(app: DiscogsApp) -> str:
    """The terminal's text now (``run_test`` draws no notifications: see ``seen``)."""
    width, height = app.size
    console = Console(width=width, height=height, file=io.StringIO(), record=True)
    console.print(
        app.screen._compositor.render_update(full=True, screen_stack=app._background_screens)
    )
    return console.export_text()


def notifications(app: DiscogsApp) -> str:
    return "\n".join(str(notification.message) for notification in app._notifications)


def seen(app: DiscogsApp) -> str:
    """Everything the user can read, in one line: the screen and the notifications."""
    lines = BOX_DRAWING.sub(" ", screen_text(app))  # a message wraps inside a modal's frame
    return " ".join(f"{lines}\n{notifications(app)}".split())


def assert_alive(app: DiscogsApp) -> None:
    assert app.is_running and app._exception is None
    assert "Traceback" not in screen_text(app)


# -- the screens -------------------------------------------------------------------------------
@dataclass(frozen=True)
class Stop:
    name: str
    location: Location
    loaded: str  # text the screen shows once its data arrived
    keys: tuple[str, ...] = ()  # pressed after opening (e.g. a tool from the palette)
    retry_keys: tuple[str, ...] = ("r",)  # what the message says to press

    def __str__(self) -> str:
        return self.name


STOPS = (
    Stop("search", Location("search", "night"), "975 results"),
    Stop("release", Location("release", "249504"), "Phonographic Copyright"),
    Stop("master", Location("master", "1000"), "7 versions"),
    Stop("artist", Location("artist", "108713"), "Hanna, Alberta"),
    Stop("label", Location("label", "1"), "Classic Techno label"),
    Stop("user", Location("user", "rodneyfool"), "software developer"),
    Stop("collection", Location("collection", DEMO_USERNAME), "copies, synced"),
    Stop("collection-stats", Location("collection-stats", DEMO_USERNAME), "median"),
    Stop("wantlist", Location("wantlist", DEMO_USERNAME), "300 wants"),
    Stop("lists", Location("lists", DEMO_USERNAME), "Gift Ideas"),
    Stop("list", Location("list", "5"), "Ten records to keep"),
    Stop("inventory", Location("inventory", DEMO_USERNAME), "600 listings"),
    Stop("listing", Location("listing", "200000001"), "Small seam split"),
    Stop("orders", Location("orders"), "9000001-50"),
    Stop("order", Location("order", "9000001-3"), "557 Rue des Lilas"),
    Stop("inventory-jobs", Location("inventory-jobs"), "e requests one"),
    Stop("rapid-add", Location("rapid-add", DEMO_USERNAME), "Uncategorized"),
    Stop(
        "fee calculator",
        Location("search"),
        "The fee on 10.00 USD",
        keys=("ctrl+p", *"fee", "enter", *"10", "enter"),
        retry_keys=("enter",),
    ),
    Stop(
        "price suggestions",
        Location("search"),
        "Suggested prices M",
        keys=("ctrl+p", *"price", "enter", *"249504", "enter"),
        retry_keys=("enter",),
    ),
)


# -- the faults --------------------------------------------------------------------------------
@dataclass(frozen=True)
class Fault:
    name: str
    rule: dict[str, Any] = field(hash=False)  # FaultRule's kind and its settings
    says: str  # what the message about it says

    def __str__(self) -> str:
        return self.name


NO_CONNECTION = "Check the network connection"
SERVER_ERROR = Fault("503", {"kind": "status", "status": 503}, "Discogs had a problem")
TOO_MANY = Fault("429", {"kind": "rate_limited"}, "too quickly")
TOO_MANY_WAIT = Fault(
    "429-retry-after", {"kind": "rate_limited", "retry_after": 0.05}, "too quickly"
)
MAINTENANCE = Fault("html", {"kind": "html"}, "text/html; charset=utf-8 instead of JSON")
GARBLED = Fault("garbled", {"kind": "garbled"}, "garbled answer")
EMPTY = Fault("empty", {"kind": "empty"}, "empty answer")
WRONG_TYPE = Fault("wrong-type", {"kind": "wrong_type"}, "instead of JSON")
SLOW = Fault("slow", {"kind": "delay", "seconds": HANG}, "timed out")
HANGS = Fault("hang", {"kind": "hang"}, "timed out")
HANGS_AFTER = Fault("hang-after", {"kind": "hang_after", "seconds": HANG}, "timed out")
DROP_BEFORE = Fault("drop-before", {"kind": "drop_before"}, NO_CONNECTION)
DROP_DURING = Fault("drop-during", {"kind": "drop_during"}, NO_CONNECTION)
DROP_AFTER = Fault("drop-after", {"kind": "drop_after"}, NO_CONNECTION)
# One fault of each family (an answer saying no, an unreadable answer, no answer): the
# sweep over every screen. Every fault the sandbox has (hangs too, which cost a timeout
# per try): on a few screens.
FAMILIES = (SERVER_ERROR, GARBLED, DROP_BEFORE)
EVERY_FAULT = (
    SERVER_ERROR,
    TOO_MANY,
    TOO_MANY_WAIT,
    MAINTENANCE,
    GARBLED,
    EMPTY,
    WRONG_TYPE,
    SLOW,
    HANGS,
    HANGS_AFTER,
    DROP_BEFORE,
    DROP_DURING,
    DROP_AFTER,
)
RETRY_HINTS = (
    "r to try again",
    "Press r",
    "r tries again",
    "r retries",
    "r reloads",
    "Enter tries again",
)


async def wait_for(pilot: Pilot, *phrases: str, seconds: float = 10.0) -> str:
    """Pause until the user can read one of ``phrases``; what they read then. (Screens
    whose background work goes on for long, like the wantlist's availability, never settle.)"""
    deadline = time.monotonic() + seconds
    while True:
        await pilot.pause(0.02)
        text = seen(pilot.app)
        if any(phrase in text for phrase in phrases):
            return text
        assert time.monotonic() < deadline, f"none of {phrases} in: {text}"


async def open_stop(pilot: Pilot, stop: Stop) -> None:
    if stop.keys:
        await settle(pilot)
        await pilot.press(*stop.keys)


async def press_retry(pilot: Pilot, stop: Stop) -> None:
    pilot.app.clear_notifications()
    for key in stop.retry_keys:
        await pilot.press(key)


async def fails_with(pilot: Pilot, fault: Fault) -> None:
    """The screen says what happened and which key tries again."""
    await wait_for(pilot, fault.says)
    # The hint ends the same message, which may take one more frame to lay out in full.
    text = await wait_for(pilot, *RETRY_HINTS, seconds=2.0)
    assert fault.says in text, text
    assert_alive(pilot.app)


async def recovers(pilot: Pilot, stop: Stop, fault: Fault) -> None:
    text = await wait_for(pilot, stop.loaded)
    assert fault.says not in text, text
    assert_alive(pilot.app)


@pytest.mark.parametrize("stop", STOPS, ids=str)
async def test_every_screen_says_what_failed_and_r_loads_it(sandbox, stop):
    """Each family's fault in turn fails every read (the first load, then each retry); the
    screen says so, and once the fault is gone r loads it."""
    faults = sandbox.state.faults
    app = make_app(sandbox, stop.location)
    first, *others = FAMILIES
    add_fault(sandbox, first, times=None)
    async with app.run_test(size=SIZE) as pilot:
        await open_stop(pilot, stop)
        await fails_with(pilot, first)
        for fault in others:
            faults.clear()
            add_fault(sandbox, fault, times=None)
            await press_retry(pilot, stop)
            await fails_with(pilot, fault)
        faults.clear()
        await press_retry(pilot, stop)
        await recovers(pilot, stop, others[-1])


FEW = (STOPS[11], STOPS[14])  # inventory (a paged table), order (two loads of its own)


@pytest.mark.parametrize("stop", FEW, ids=str)
@pytest.mark.parametrize("fault", EVERY_FAULT, ids=str)
async def test_a_burst_is_retried_unseen_a_lasting_fault_is_said(sandbox, fault, stop):
    """A fault that lasts: the screen says what happened. A burst shorter than the client's
    retries: r loads the screen as if nothing had happened."""
    add_fault(sandbox, fault, times=None)
    app = make_app(sandbox, stop.location)
    async with app.run_test(size=SIZE) as pilot:
        await open_stop(pilot, stop)
        await fails_with(pilot, fault)

        sandbox.state.faults.clear()
        burst = add_fault(sandbox, fault, times=ATTEMPTS - 1)
        await press_retry(pilot, stop)
        await recovers(pilot, stop, fault)
        assert burst.times == 0  # it was met in full


def test_every_kind_of_fault_the_sandbox_has_is_covered():
    assert {fault.rule["kind"] for fault in EVERY_FAULT} == set(KINDS)


async def test_the_listing_form_says_what_it_could_not_look_up(sandbox):
    """The form's side panels (the release, the fee) are help, not the form: they say why
    they are empty and the form stays usable."""
    app = make_app(sandbox, Location("listing", str(FOR_SALE)))
    async with app.run_test(size=SIZE) as pilot:
        await wait_for(pilot, "Small seam split", "Shelf")
        add_fault(sandbox, GARBLED, times=None)
        await pilot.press("e")
        text = await wait_for(pilot, "Couldn't look up release")
        text = await wait_for(pilot, "Couldn't work out the fee")
        assert GARBLED.says in text
        assert isinstance(app.screen, ListingForm)
        assert_alive(app)


# -- writes whose answer is lost -----------------------------------------------------------------
@dataclass(frozen=True)
class Write:
    name: str
    location: Location
    keys: tuple[str, ...]
    method: str
    path: str  # regular expression of the write's path
    state: Callable[[SandboxState], Any]  # what the write changes, as a comparable value
    once: Callable[[Any, Any], bool]  # (before, after): changed as by one write
    shows: str = ""  # what the screen shows once it has re-read
    says: str = "not known whether that was saved"  # that the outcome is unknown
    # Whether the screen's own copy of the data agrees with the sandbox after re-reading
    agrees: Callable[[DiscogsApp, SandboxState], bool] = lambda app, state: True

    def __str__(self) -> str:
        return self.name


def demo(state: SandboxState) -> Any:
    return state.user(DEMO_USERNAME)


def copies_of(release_id: int) -> Callable[[SandboxState], int]:
    def count(state: SandboxState) -> int:
        return sum(i.release_id == release_id for i in demo(state).instances.values())

    return count


def where_copies_are(state: SandboxState) -> dict[int, int]:
    return {i.instance_id: i.folder_id for i in demo(state).instances.values()}


def mirror_agrees(app: DiscogsApp, state: SandboxState) -> bool:
    """The collection screen's mirror has each copy where the sandbox has it."""
    mirrored = {item.instance_id: item.folder_id for item in app.screen.mirror.items()}
    return mirrored == where_copies_are(state)


def one_more(before: int, after: int) -> bool:
    return after == before + 1


def one_moved(before: dict[int, int], after: dict[int, int]) -> bool:
    return before.keys() == after.keys() and sum(before[i] != after[i] for i in before) == 1


def one_removed(before: dict[int, int], after: dict[int, int]) -> bool:
    return len(before) - len(after) == 1 and after.keys() <= before.keys()


def became(value: Any) -> Callable[[Any, Any], bool]:
    return lambda before, after: before != value and after == value


NEW_ORDER = "9000001-3"
FOR_SALE = 200000004  # a listing of the demo user's (creating one: test_inventory_screens)
RICK = 249504
WRITES = (
    Write(
        "rate",
        Location("release", str(RICK)),
        ("4",),
        "PUT",
        rf"^/releases/{RICK}/rating/",
        lambda state: state.ratings.get((RICK, DEMO_USERNAME)),
        became(4),
        "4 of 5",
    ),
    Write(
        "want",
        Location("release", str(RICK)),
        ("w", "ctrl+s"),  # the want form: no notes, no rating
        "PUT",
        rf"/wants/{RICK}$",
        lambda state: RICK in demo(state).wants,
        became(True),
        "in your wantlist",
    ),
    Write(
        "add to folder",
        Location("release", str(RICK)),
        ("c", "enter"),
        "POST",
        rf"/collection/folders/\d+/releases/{RICK}$",
        copies_of(RICK),
        one_more,
        "2 copies",
    ),
    Write(
        "new folder",
        Location("collection", DEMO_USERNAME),
        ("n", *"Crates", "enter"),
        "POST",
        r"/collection/folders$",
        lambda state: sum(name == "Crates" for name in demo(state).folders.values()),
        one_more,
        "Crates",
    ),
    Write(
        "move",
        Location("collection", DEMO_USERNAME),
        ("m", "end", "enter"),
        "POST",
        r"/collection/folders/\d+/releases/\d+/instances/\d+$",
        where_copies_are,
        one_moved,
        agrees=mirror_agrees,
    ),
    Write(
        "remove",
        Location("collection", DEMO_USERNAME),
        ("x", "y"),
        "DELETE",
        r"/collection/folders/\d+/releases/\d+/instances/\d+$",
        where_copies_are,
        one_removed,
        agrees=mirror_agrees,
    ),
    Write(
        "order message",
        Location("order", NEW_ORDER),
        ("m", *"Once", "ctrl+s"),
        "POST",
        rf"/orders/{NEW_ORDER}/messages$",
        lambda state: len(state.order_messages[NEW_ORDER]),
        one_more,
        "Once",
    ),
    Write(
        "order status",
        Location("order", NEW_ORDER),
        ("t", "enter"),
        "POST",
        rf"/orders/{NEW_ORDER}$",
        lambda state: state.orders[NEW_ORDER]["status"],
        lambda before, after: before != after,
    ),
    Write(
        "listing edit",
        Location("listing", str(FOR_SALE)),
        ("e", "tab", "tab", "ctrl+u", *"80", "ctrl+s"),  # media -> sleeve -> price
        "POST",
        rf"^/marketplace/listings/{FOR_SALE}$",
        lambda state: state.listings[FOR_SALE]["price"]["value"],
        became(80),
        "80.00 USD",
        says="outcome was unknown",
    ),
)
LOST = (HANGS_AFTER, DROP_AFTER)  # applied, then no answer


@pytest.fixture
def fresh():
    """A sandbox of this test's own: writes change it."""
    return create_app(roomy_config())


def requests_to(app: DiscogsApp, method: str, path: str) -> int:
    pattern = re.compile(path)
    return sum(n for (m, p), n in sent(app).items() if m == method and pattern.search(p))


@pytest.mark.parametrize(
    ("write", "fault"),
    [
        *((write, LOST[n % len(LOST)]) for n, write in enumerate(WRITES)),
        # Applied, answered unreadably; and the one write that adds a copy each time it goes.
        (WRITES[6], GARBLED),
        (WRITES[2], GARBLED),
        (WRITES[2], LOST[(2 + 1) % len(LOST)]),
    ],
    ids=str,
)
async def test_a_write_whose_answer_is_lost_is_read_back_not_resent(fresh, write, fault):
    """Applied, but its answer lost: the screen says the outcome is unknown, sends it once
    and only once, re-reads, and shows what the sandbox now holds."""
    app = make_app(fresh, write.location)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        before = write.state(fresh.state.sandbox)
        add_fault(fresh, fault, times=1, method=write.method, path=write.path)
        for key in write.keys:
            await pilot.press(key)
        await wait_for(pilot, write.says)
        await settle(pilot)
        text = seen(app)
        assert_alive(app)

        assert write.once(before, write.state(fresh.state.sandbox))
        assert requests_to(app, write.method, write.path) == 1
        assert write.shows in text, text
        assert write.agrees(app, fresh.state.sandbox)


REFUSED = (SERVER_ERROR, TOO_MANY)  # answers that say the write was not applied


@pytest.mark.parametrize("fault", REFUSED, ids=str)
async def test_a_refused_write_says_so_and_is_not_resent(fresh, fault):
    """Refused (503, 429): it says so, nothing changed, and it isn't sent again."""
    write = WRITES[2]  # add to folder: it would add a copy each time it went
    app = make_app(fresh, write.location)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        before = write.state(fresh.state.sandbox)
        add_fault(fresh, fault, times=None, method=write.method, path=write.path)
        await pilot.press(*write.keys)
        text = await wait_for(pilot, fault.says, "too many requests")
        await settle(pilot)
        assert_alive(app)
        assert write.state(fresh.state.sandbox) == before
        assert requests_to(app, write.method, write.path) == 1
        assert "1 copy" in seen(app), text


# -- keys while requests hang, and leaving ---------------------------------------------------


@pytest.mark.parametrize("key", ["f2", "f3", "f4", "f5"])
async def test_keys_answer_while_a_fetch_hangs_and_leaving_cancels_it(sandbox, key):
    """F2–F5 open a screen whose fetch never gets an answer: help opens and closes over it,
    Escape leaves it, and then nothing of it is in flight or queued in the scheduler."""
    add_fault(sandbox, HANGS, times=None)
    app = make_app(sandbox, Location("search"), read_timeout=60.0)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        scheduler = app.service.client.scheduler
        await pilot.press(key)
        opened = app.screen
        await wait_until(pilot, lambda: scheduler.in_flight)  # its fetch hangs

        await pilot.press("f1")
        assert isinstance(app.screen, HelpScreen)
        await pilot.press("escape")
        assert app.screen is opened
        assert scheduler.in_flight  # still hanging: the keys were answered meanwhile

        for _ in range(2):  # the first Escape may leave a text field
            if app.screen is opened:
                await pilot.press("escape")
        assert app.screen is not opened
        await wait_until(pilot, lambda: not scheduler.in_flight and not scheduler.queued)
        assert not any(worker.is_running and not worker.node.is_attached for worker in app.workers)
        assert_alive(app)

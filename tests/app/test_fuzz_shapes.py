"""Screens survive any JSON shape (issue 13): Hypothesis swaps the types of the fields each
screen kind reads — in the sandbox's real answers for that screen, its tables' pages included —
and the screen must neither crash nor hang: it shows the data, or says honestly that it
couldn't read it, and its keys still work.

One app runs for the whole test on its own thread (starting an app per example would cost
most of the time); each example opens the screen on answers spoiled by the example's swaps,
runs the screen's actions, and goes back. ``EXAMPLES`` per screen kind.
"""

from __future__ import annotations

import asyncio
import contextlib
import copy
import os
import threading
from collections.abc import Awaitable, Callable, Iterator
from typing import Any

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from textual._context import active_app
from textual.widgets import DataTable
from textual.worker import WorkerFailed, WorkerState

from discogs_tui.api.client import DiscogsClient
from discogs_tui.api.errors import ODD_SHAPE
from discogs_tui.app.app import DiscogsApp, screen_for
from discogs_tui.app.navigation import Location
from discogs_tui.app.screens.base import ErrorPanel
from discogs_tui.demo import sandbox_service
from discogs_tui.sandbox import create_app
from discogs_tui.sandbox.config import DEMO_USERNAME
from tests.conftest import roomy_config

# Per screen kind. An example costs about a second on the shared 2-core machine, so CI runs
# EXAMPLES; FUZZ_EXAMPLES=200 runs the full campaign (about half an hour).
EXAMPLES = int(os.environ.get("FUZZ_EXAMPLES", 25))
SECONDS_PER_EXAMPLE = 10  # the most one may take on a busy machine (most take about one)
SIZE = (100, 30)
# screen kind -> (its target, the actions its keys run, in order)
KINDS: dict[str, tuple[str, tuple[str, ...]]] = {
    "release": ("249504", ("next_link", "copy_link", "open_artist", "open_label", "open_master")),
    "master": ("1000", ("cycle_sort", "flip_order", "focus_links", "open_main")),
    "artist": ("108713", ("focus_links", "copy_url", "cycle_sort")),
    "label": ("1", ("focus_links", "copy_url")),
    "user": ("rodneyfool", ("switch_list", "cycle_sort", "open_lists")),
    "listing": ("200000004", ("open_release", "open_seller")),
    "order": ("9000001-3", ("more_messages", "focus_links", "change_status")),
    "list": ("5", ("open_item",)),
}
Path = tuple[str | int, ...]
Swap = tuple[Path, Any]

# Values of every JSON type, so a swap is mostly a change of type
JSON_VALUES = st.one_of(
    st.none(),
    st.booleans(),
    st.integers(min_value=-5, max_value=10**12),
    st.floats(allow_nan=False, allow_infinity=False),
    st.text(max_size=6),
    st.lists(st.one_of(st.integers(0, 9), st.text(max_size=3), st.none()), max_size=3),
    st.dictionaries(st.sampled_from(["id", "name", "value", "x"]), st.integers(0, 9), max_size=2),
)


# -- the paths a screen reads --------------------------------------------------------------------
def paths_in(value: Any, prefix: Path = (), depth: int = 4) -> Iterator[Path]:
    """Every field of ``value`` down to ``depth`` (of lists, the first two entries)."""
    if depth == 0:
        return
    if isinstance(value, dict):
        children = value.items()
    elif isinstance(value, list):
        children = list(enumerate(value))[:2]
    else:
        return
    for key, child in children:
        path = (*prefix, key)
        yield path
        yield from paths_in(child, path, depth - 1)


def spoiled(data: Any, swaps: list[Swap]) -> Any:
    """``data`` with each swap's field (where it exists) replaced by the swap's value."""
    data = copy.deepcopy(data)
    for path, value in swaps:
        parent = data
        for key in path[:-1]:
            try:
                parent = parent[key]
            except (KeyError, IndexError, TypeError):
                break
        else:
            last = path[-1]
            if (isinstance(parent, dict) and last in parent) or (
                isinstance(parent, list) and isinstance(last, int) and last < len(parent)
            ):
                parent[last] = value
    return data


# -- one app on its own thread --------------------------------------------------------------------
class AppHost:
    """A DiscogsApp running under ``run_test`` on a thread of its own; ``run`` runs a
    coroutine function on its loop and waits for it."""

    def __init__(self) -> None:
        self.swaps: list[Swap] = []
        self.seen: dict[str, set[Path]] = {}  # GET path -> fields of its answers
        self._start()

    def _start(self) -> None:
        sandbox = create_app(roomy_config())
        service = sandbox_service(sandbox)
        self._wrap_get(service.client)
        self.app = DiscogsApp(service, signed_in_as=DEMO_USERNAME)
        # Where the screen's keys and links lead is noted, not opened: the screen under test
        # has read its data by then, and loading another screen per key would cost most of
        # the time.
        self.opened: list[Location] = []
        self.app.open = self.opened.append  # type: ignore[method-assign]
        self._ready = threading.Event()
        self._thread = threading.Thread(target=asyncio.run, args=(self._main(),), daemon=True)
        self._thread.start()
        assert self._ready.wait(60), "the app did not start"

    def _wrap_get(self, client: DiscogsClient) -> None:
        get = client.get

        async def spoiling_get(path: str, *args: Any, **kwargs: Any) -> Any:
            data = await get(path, *args, **kwargs)
            self.seen.setdefault(path, set()).update(paths_in(data))
            return spoiled(data, self.swaps)

        client.get = spoiling_get  # type: ignore[method-assign]

    async def _main(self) -> None:
        self.loop = asyncio.get_running_loop()
        self._stop = asyncio.Event()
        async with self.app.run_test(size=SIZE) as pilot:
            self.pilot = pilot
            self._ready.set()
            await self._stop.wait()

    @property
    def alive(self) -> bool:
        return self._thread.is_alive() and self.app.return_code is None

    def run(self, work: Callable[[], Awaitable[Any]], timeout: float = 60) -> Any:
        if not self.alive:  # the last example ended it: a new one for the next
            self._start()

        async def in_the_app() -> Any:
            active_app.set(self.app)  # what Textual's own tasks have: widgets need it
            return await work()

        future = asyncio.run_coroutine_threadsafe(in_the_app(), self.loop)
        return future.result(timeout)

    def close(self) -> None:
        if self._thread.is_alive():
            self.loop.call_soon_threadsafe(self._stop.set)
            self._thread.join(30)


@pytest.fixture
def host() -> Iterator[AppHost]:
    """An app of its own for each screen kind."""
    opened = AppHost()
    yield opened
    opened.close()


async def settle(app: DiscogsApp) -> None:
    for _ in range(3):
        await asyncio.sleep(0)
        with contextlib.suppress(WorkerFailed):  # checked by visit(), with what was said
            await app.workers.wait_for_complete()
    await asyncio.sleep(0.01)


def visit(host: AppHost, kind: str, swaps: list[Swap]) -> list[str]:
    """Open the screen on spoiled answers, run its actions, go back; what went wrong."""
    target, actions = KINDS[kind]

    async def go() -> list[str]:
        app = host.app
        problems: list[str] = []
        host.swaps = swaps
        screen = screen_for(Location(kind, target))
        await app.push_screen(screen)
        await settle(app)
        for action in actions:
            await screen.run_action(action)
            await asyncio.sleep(0)
            if app.screen is not screen:  # a form opened: close it
                await back_to(screen)
        await settle(app)
        table = next(iter(screen.query(DataTable)), None)
        if table is not None and table.row_count:  # Enter on the first row of its table
            table.focus()
            await host.pilot.press("enter")
            await settle(app)
        said = [n.message for n in app._notifications]
        problems += [  # a failed worker must have been said (a shape it can't read), or is a bug
            f"{worker.name}: {worker.error!r}"
            for worker in app.workers
            if worker.state == WorkerState.ERROR
            and not (
                isinstance(worker.error, ODD_SHAPE) and any("can't read" in m for m in said)
            )
        ]
        if screen.query_one("#body").loading:
            problems.append("still loading")
        panel = screen.query_one(ErrorPanel)
        if panel.display and "unexpected error" in panel.render().plain:
            problems.append("an unexplained error")
        await back_to(None)
        host.swaps = []
        return problems

    async def back_to(screen: Any) -> None:
        """Close what an action opened (screens, forms), down to ``screen`` (None: all)."""
        app = host.app
        while len(app.screen_stack) > 1 and app.screen is not screen:
            await app.pop_screen()
        await settle(app)

    problems = host.run(go)
    if not host.alive:
        problems.append(f"the app ended: {getattr(host.app, '_exception', None)!r}")
    return problems


def fields_read(host: AppHost, kind: str) -> list[Path]:
    """The fields of every answer the screen kind's visit fetched, found by one clean visit."""
    host.seen.clear()
    assert visit(host, kind, []) == []
    return sorted({path for paths in host.seen.values() for path in paths}, key=repr)


@pytest.mark.timeout(max(120, EXAMPLES * SECONDS_PER_EXAMPLE))  # the campaign's too
@pytest.mark.parametrize("kind", list(KINDS))
def test_screens_survive_any_json_shape(host, kind):
    paths = fields_read(host, kind)
    assert paths
    swaps = st.lists(st.tuples(st.sampled_from(paths), JSON_VALUES), min_size=1, max_size=4)

    @settings(
        max_examples=EXAMPLES,
        deadline=None,
        database=None,
        derandomize=True,  # the same examples on every run: CI stays repeatable
        suppress_health_check=[HealthCheck.too_slow, HealthCheck.function_scoped_fixture],
    )
    @given(swaps)
    def survives(chosen: list[Swap]) -> None:
        assert visit(host, kind, chosen) == []

    survives()

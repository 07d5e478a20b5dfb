"""Benchmark of the collection screen against the reference prototype (not part of the tests).

    python tests/bench/bench_collection.py [--rounds 3] [--mirror DIR] [--reference DIR]
                                           [--skip-compare] [--skip-huge]
                                           [--skip-first-rows] [--skip-startup]

The machines here drift by 2x within an hour, so only ratios measured in one run hold. Each
figure is measured the same way in the app and in ``reference/virtual-list-floor/vlist_app.py``
(the prototype), each in a fresh child process, the two alternating, ``--rounds`` times:
headless at 120x40, every frame encoded to terminal output as a real terminal's would be, on
50,000 rows (the app: the sandbox's ``sandbox_bigcollector`` from a synced mirror; the
prototype: its own 50,000 rows). A key's latency runs from the key to the first frame that
repaints the list in its new state with its lines on screen final (so an Input echo drawn a
frame before the rows doesn't count as the answer, nor a frame of a filter that is still
looking for the rows further down the screen between frames).

1. open the list in a running app: the app opens the collection from its search screen, its
   mirror read (as the app does in the background a second after start; that read is timed
   too, and "cold" adds it to the open); the prototype, running with no rows, reads its JSON
   and builds its haystacks; both until the first frame with rows;
2. filter keystroke -> new rows, p95, over queries typed a key at a time;
3. clearing the filter (ctrl+u), p95;
4. cursor down / page down -> frame, p95;
5. peak RSS of the process (the app's talks to no sandbox here: sync is off, as a user's
   app talks to Discogs).

Then 200,000 copies (``sandbox_hugecollector``; the prototype on its own 200,000 rows,
alternated): opening, filter and clear p95, the longest frozen frame while the app sorts (a
heartbeat on the event loop; the prototype doesn't sort) and peak RSS; the first
rows of a never-synced 50,000-copy collection, from a sandbox in another process on
loopback at the real rate limit; and the start-up ratio of ``bench_startup.py``. Mirrors are
synced once into ``--mirror`` (in a child process) and reused.
"""

from __future__ import annotations

import argparse
import asyncio
import itertools
import json
import os
import re
import resource
import socket
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(ROOT))

SIZE = (120, 40)
ROWS = 50_000
HUGE_ROWS = 200_000
QUERIES = ("love", "jazz 19", "ab", "vinyl")
CURSOR_KEYS = ["down"] * 30 + ["pagedown"] * 30 + ["up"] * 10
TIMEOUT = 60.0
SORT_WINDOW = 2.0  # seconds watched after a sort key's first frame
ROOMY = {"rate_limit_auth": 1_000_000, "rate_limit_anon": 1_000_000}


def default_reference() -> Path:
    for parent in ROOT.parents:
        candidate = parent / "shared" / "reference" / "virtual-list-floor"
        if candidate.exists():
            return candidate
    return ROOT / "reference" / "virtual-list-floor"


def p95(samples: list[float]) -> float:
    return statistics.quantiles(samples, n=20)[-1] if len(samples) > 1 else samples[0]


def peak_rss_mib() -> float:
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


# -- measuring frames (in a child) ---------------------------------------------------------------
class Frames:
    """Every frame the app composes, with when, the state it showed and whether it repainted
    the list. Headless, Textual composes frames but writes none: ``App._display`` is where it
    would, and encoding the frame there costs what a terminal's frame would."""

    def __init__(self, app, state: Callable[[], Any], region: Callable[[], Any]) -> None:
        self.log: list[tuple[float, Any, bool]] = []
        display = app._display

        def timed(screen, renderable) -> None:
            display(screen, renderable)
            if renderable is None:
                return
            if hasattr(renderable, "render_segments"):
                renderable.render_segments(app.console)
            self.log.append((time.perf_counter(), state(), self._carries(renderable, region())))

        app._display = timed

    @staticmethod
    def _carries(renderable, region) -> bool:
        if region is None or not region.height:
            return False
        spans = getattr(renderable, "spans", None)
        if spans is None:  # a full (layout) update
            return True
        return any(region.y <= span[0] < region.y + region.height for span in spans)

    async def first(self, since: float, shows: Callable[[Any], bool]) -> float:
        """Seconds from ``since`` to the first frame after it that repainted the list
        showing a state for which ``shows`` holds."""
        deadline = time.perf_counter() + TIMEOUT
        seen = 0
        while time.perf_counter() < deadline:
            for t, state, carries in self.log[seen:]:
                if t > since and carries and shows(state):
                    return t - since
            seen = len(self.log)
            await asyncio.sleep(0.001)
        raise TimeoutError("no such frame")


async def keys_to_frames(pilot, frames: Frames, keys: list[str], state) -> list[float]:
    """Each key's latency: to the first frame showing a state other than before it, its
    lines on screen final (a state's last item: the app's list may still be filtering
    further down, between frames)."""
    latencies = []
    for key in keys:
        before = state()
        began = time.perf_counter()
        await pilot.press(key)
        latencies.append(await frames.first(began, lambda s, b=before: s != b and s[-1]) * 1000)
        await asyncio.sleep(0.02)
    return latencies


def typed(query: str) -> list[str]:
    return ["space" if c == " " else c for c in query]


async def filter_and_clear(pilot, frames: Frames, state) -> dict[str, Any]:
    """Keystroke and clear latencies, and the longest the event loop went without a turn
    meanwhile (the frozen frame of the floor, for the app's sorts to be held against)."""
    keystrokes, clears = [], []
    beats = [time.perf_counter()]
    stop = asyncio.Event()
    task = asyncio.create_task(heartbeat(beats, stop))
    for query in QUERIES:
        keystrokes += await keys_to_frames(pilot, frames, typed(query), state)
        clears += await keys_to_frames(pilot, frames, ["ctrl+u"], state)
    stop.set()
    await task
    return {"filter": keystrokes, "clear": clears, "filter_frozen_ms": longest_gap(beats)}


def longest_gap(beats: list[float]) -> float:
    return max(b - a for a, b in itertools.pairwise(beats)) * 1000


# -- the prototype (child) ------------------------------------------------------------------------
async def measure_prototype(reference: Path, rows: int) -> dict[str, Any]:
    sys.path.insert(0, str(reference))
    os.environ.setdefault("VL_ENCODE", "0")  # Frames encodes every frame itself
    import data  # the prototype's
    import vlist_app
    from textual.geometry import Size

    data.ensure_dataset(rows)
    app = vlist_app.VListApp([], [])
    result: dict[str, Any] = {}
    async with app.run_test(size=SIZE) as pilot:
        table = app.table

        def state():
            return (table.query_str, len(table.view), table.cursor, int(table.scroll_y), True)

        frames = Frames(app, state, lambda: table.region)
        await pilot.pause()
        began = time.perf_counter()
        table.rows, table.keys = vlist_app.load(rows)  # what opening the list costs it
        table.view = range(len(table.rows))
        table.virtual_size = Size(1, len(table.view) + 1)
        table.refresh()
        result["open_ms"] = await frames.first(began, lambda s: s[1] > 0) * 1000
        await pilot.press("slash")
        result.update(await filter_and_clear(pilot, frames, state))
        await pilot.press("escape")
        result["cursor"] = await keys_to_frames(pilot, frames, CURSOR_KEYS, state)
    result["rss_mib"] = peak_rss_mib()
    return result


# -- the app (child) ---------------------------------------------------------------------------------
def offline_service(username: str, token: str, url: str = "http://127.0.0.1:9"):
    """A service for a Discogs at ``url`` (by default none: sync is off in these runs)."""
    from discogs_tui.api.auth import TokenCredentials
    from discogs_tui.api.service import DiscogsService

    credentials = TokenCredentials(token=token, username=username)
    return DiscogsService.connect(credentials, api_url=url, cache_dir=None)


def app_state(app):
    """The app's ``state`` and ``region`` for ``Frames``: cheap, as they run on every frame
    (the collection screen's list is looked up once)."""
    from discogs_tui.app.screens.collection import CollectionScreen
    from discogs_tui.app.widgets.virtual_list import VirtualList

    found: dict[int, Any] = {}

    def listing():
        screen = app.screen
        if not isinstance(screen, CollectionScreen):
            return None
        if id(screen) not in found:
            lists = screen.query(VirtualList)
            if not lists:
                return None
            found[id(screen)] = lists.first()
        return found[id(screen)]

    def state():
        widget = listing()
        if widget is None:
            return ("", 0, 0, 0, "", False)
        return (
            widget.query, widget.row_count, widget.cursor, int(widget.scroll_y),
            app.screen.sort_key, widget.settled,
        )  # fmt: skip

    def region():
        widget = listing()
        return None if widget is None else widget.region

    return state, region


async def open_collection(app, pilot, frames: Frames, username: str) -> float:
    from discogs_tui.app.navigation import Location

    await pilot.pause()
    began = time.perf_counter()
    app.open(Location("collection", username))
    return await frames.first(began, lambda s: s[1] > 0 and s[-1]) * 1000


async def measure_app(username: str, token: str, mirror: Path, huge: bool) -> dict[str, Any]:
    from discogs_tui.app.app import DiscogsApp
    from discogs_tui.app.navigation import Location
    from discogs_tui.app.screens.collection import CollectionScreen

    CollectionScreen.mirror_directory = lambda self: mirror
    CollectionScreen.sync = lambda self, full=False: None  # browse what the mirror has
    app = DiscogsApp(
        offline_service(username, token), start=Location("search"), signed_in_as=username
    )
    result: dict[str, Any] = {}
    async with app.run_test(size=SIZE) as pilot:
        state, region = app_state(app)
        frames = Frames(app, state, region)
        await pilot.pause()
        # What the app does in the background a second after start, timed here.
        began = time.perf_counter()
        await app.service.stores.collection.opening(username, mirror)
        result["read_ms"] = (time.perf_counter() - began) * 1000
        result["open_ms"] = await open_collection(app, pilot, frames, username)
        result["cold_ms"] = result["read_ms"] + result["open_ms"]
        await pilot.press("f")
        result.update(await filter_and_clear(pilot, frames, state))
        await pilot.press("enter")  # to the list
        if huge:
            result["sort_frozen_ms"] = await sorting_stalls(pilot, frames, state)
        else:
            result["cursor"] = await keys_to_frames(pilot, frames, CURSOR_KEYS, state)
    result["rss_mib"] = peak_rss_mib()
    return result


async def sorting_stalls(pilot, frames: Frames, state) -> list[float]:
    """For each sort key in turn: the longest the event loop went without a turn (a frozen
    screen) from the key until ``SORT_WINDOW`` after its first frame."""
    stalls = []
    for _ in range(7):
        beats = [time.perf_counter()]
        stop = asyncio.Event()
        task = asyncio.create_task(heartbeat(beats, stop))
        sort_key = state()[4]
        began = time.perf_counter()
        await pilot.press("s")
        await frames.first(began, lambda s, k=sort_key: s[4] != k and s[1] > 0 and s[-1])
        await asyncio.sleep(SORT_WINDOW)  # a sort done in slices ends frames after its key
        stop.set()
        await task
        stalls.append(longest_gap(beats))
    return stalls


async def heartbeat(beats: list[float], stop: asyncio.Event) -> None:
    """Note each turn of the event loop, until ``stop``."""
    while not stop.is_set():
        await asyncio.sleep(0.002)
        beats.append(time.perf_counter())


async def measure_first_rows(url: str, username: str, token: str, mirror: Path) -> dict:
    from discogs_tui.app.app import DiscogsApp
    from discogs_tui.app.navigation import Location
    from discogs_tui.app.screens.collection import CollectionScreen

    CollectionScreen.mirror_directory = lambda self: mirror
    app = DiscogsApp(
        offline_service(username, token, url), start=Location("search"), signed_in_as=username
    )
    async with app.run_test(size=SIZE) as pilot:
        state, region = app_state(app)
        frames = Frames(app, state, region)
        first_rows_ms = await open_collection(app, pilot, frames, username)
    return {"first_rows_ms": first_rows_ms, "rss_mib": peak_rss_mib()}


# -- preparing (children) ----------------------------------------------------------------------
async def prepare(directory: Path, username: str, token: str) -> None:
    from discogs_tui.api.auth import TokenCredentials
    from discogs_tui.api.mirror import CollectionMirror
    from discogs_tui.demo import sandbox_service
    from discogs_tui.sandbox import create_app
    from discogs_tui.sandbox.config import SandboxConfig

    credentials = TokenCredentials(token=token, username=username)
    service = sandbox_service(create_app(SandboxConfig(**ROOMY)), credentials)
    mirror = CollectionMirror(service, username, directory)
    began = time.perf_counter()
    await mirror.sync(full=True)
    print(f"  synced {len(mirror):,} copies of {username} in {time.perf_counter() - began:.0f} s")
    mirror.close()


def synced(directory: Path, username: str, token: str) -> Path:
    folder = directory / username
    if not any(folder.glob(f"mirror-v*/{username}.jsonl")):
        print(f"syncing {username} into {folder} (child process, once)")
        run_child(["prepare", str(folder), username, token], parse=False)
    return folder


# -- the parent ---------------------------------------------------------------------------------
def run_child(args: list[str], parse: bool = True) -> Any:
    command = [sys.executable, __file__, "--child", *args]
    done = subprocess.run(command, capture_output=parse, text=True, check=False)
    if done.returncode:
        raise RuntimeError(f"{args[0]} failed:\n{done.stderr[-3000:]}")
    return json.loads(done.stdout.strip().splitlines()[-1]) if parse else None


def child(args: list[str]) -> None:
    kind, rest = args[0], args[1:]
    if kind == "prepare":
        asyncio.run(prepare(Path(rest[0]), rest[1], rest[2]))
        return
    if kind == "prototype":
        result = asyncio.run(measure_prototype(Path(rest[0]), int(rest[1])))
    elif kind == "app":
        result = asyncio.run(measure_app(rest[0], rest[1], Path(rest[2]), rest[3] == "huge"))
    else:
        result = asyncio.run(measure_first_rows(rest[0], rest[1], rest[2], Path(rest[3])))
    print(json.dumps(result))


FIGURES = (  # name, how a run's samples become one figure, target ratio or None
    ("open the list in a running app (ms)", "open_ms", None),
    ("  cold: reading the mirror + open (ms)", "cold_ms", None),
    ("filter keystroke -> rows, p95 (ms)", "filter", p95),
    ("clear the filter (ctrl+u), p95 (ms)", "clear", p95),
    ("cursor down / page down -> frame, p95 (ms)", "cursor", p95),
    ("longest frozen frame while filtering (ms)", "filter_frozen_ms", None),
    ("peak RSS of the process (MiB)", "rss_mib", None),
)


def figure(run: dict, key: str, summary) -> float:
    return summary(run[key]) if summary else run[key]


def compare(args, mirrors: Path) -> None:
    from discogs_tui.sandbox.config import BIG_TOKEN, BIG_USERNAME

    big = synced(mirrors, BIG_USERNAME, BIG_TOKEN)
    runs: dict[str, list[dict]] = {"app": [], "prototype": []}
    for round_ in range(args.rounds):
        print(f"round {round_ + 1} of {args.rounds}: prototype, app", flush=True)
        runs["prototype"].append(run_child(["prototype", str(args.reference), str(ROWS)]))
        runs["app"].append(run_child(["app", BIG_USERNAME, BIG_TOKEN, str(big), "big"]))
    print(f"\n{ROWS:,} rows, headless {SIZE[0]}x{SIZE[1]}, medians of {args.rounds} alternated runs")
    print(f"load average {os.getloadavg()[0]:.1f} (two cores): only the ratios hold")
    print(f"{'':44} {'app':>8} {'proto':>8} {'ratio':>6}   (per run: app / prototype)")
    for name, key, summary in FIGURES:
        proto_key = "open_ms" if key == "cold_ms" else key
        app = [figure(run, key, summary) for run in runs["app"]]
        proto = [figure(run, proto_key, summary) for run in runs["prototype"]]
        a, p = statistics.median(app), statistics.median(proto)
        per_run = " ".join(f"{x:.0f}/{y:.0f}" for x, y in zip(app, proto, strict=True))
        print(f"{name:<44} {a:8.1f} {p:8.1f} {a / p:6.2f}   ({per_run})")
    print("targets: open, filter, clear, cursor <= 1.5x the prototype; app RSS <= 160 MiB")


def huge(args, mirrors: Path) -> None:
    from discogs_tui.sandbox.config import HUGE_TOKEN, HUGE_USERNAME

    folder = synced(mirrors, HUGE_USERNAME, HUGE_TOKEN)
    runs, protos = [], []
    for round_ in range(2):
        print(f"200,000: round {round_ + 1} of 2: prototype, app", flush=True)
        protos.append(run_child(["prototype", str(args.reference), str(HUGE_ROWS)]))
        runs.append(run_child(["app", HUGE_USERNAME, HUGE_TOKEN, str(folder), "huge"]))

    def both(figure: Callable[[dict], float]) -> str:
        app = statistics.median(map(figure, runs))
        proto = statistics.median(map(figure, protos))
        return f"{app:.0f} ms (prototype {proto:.0f} ms, ratio {app / proto:.2f})"

    cold = statistics.median(run["cold_ms"] for run in runs)
    frozen = max(max(run["sort_frozen_ms"]) for run in runs)
    frozen_median = statistics.median(statistics.median(run["sort_frozen_ms"]) for run in runs)
    rss = max(run["rss_mib"] for run in runs)
    proto_rss = max(run["rss_mib"] for run in protos)
    print("\n200,000 copies (medians of 2 alternated runs; the prototype has its own 200,000 rows)")
    print(f"  load average {os.getloadavg()[0]:.1f} (two cores): only the ratios hold")
    print(f"  open the list in a running app: {both(lambda r: r['open_ms'])} (target <= 1000)")
    print(f"    cold, reading the mirror too: {cold:.0f} ms (read in slices, screen live)")
    print(f"  filter keystroke -> rows, p95: {both(lambda r: p95(r['filter']))} (target <= 100)")
    print(f"  clear the filter, p95: {both(lambda r: p95(r['clear']))}")
    # The prototype doesn't sort: its longest frozen frame while filtering is the floor.
    floor = statistics.median(run["filter_frozen_ms"] for run in protos)
    print(f"  longest frozen frame while filtering: {both(lambda r: r['filter_frozen_ms'])}")
    print(
        f"  sorting, longest frozen frame: {frozen:.0f} ms over 7 sort keys, median"
        f" {frozen_median:.0f} ms (target <= 100; ratio {frozen / floor:.2f} and"
        f" {frozen_median / floor:.2f} to the prototype's longest while filtering)"
    )
    print(f"  peak RSS: {rss:.0f} MiB (target <= 450; prototype {proto_rss:.0f} MiB)")


def first_rows(args) -> None:
    from discogs_tui.sandbox.config import BIG_TOKEN, BIG_USERNAME

    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    url = f"http://127.0.0.1:{port}"
    server = subprocess.Popen(
        [sys.executable, "-m", "discogs_tui", "sandbox", "serve", "--port", str(port)],
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    try:
        import httpx

        deadline = time.monotonic() + TIMEOUT
        while True:  # up, and the collection generated (the server's work, not the app's)
            try:
                path = f"{url}/users/{BIG_USERNAME}/collection/folders/0/releases?per_page=1"
                headers = {"Authorization": f"Discogs token={BIG_TOKEN}"}
                httpx.get(path, headers=headers, timeout=TIMEOUT).raise_for_status()
                break
            except httpx.TransportError:
                if time.monotonic() > deadline:
                    raise
                time.sleep(0.1)
        with tempfile.TemporaryDirectory(prefix="bench-first-rows-") as empty:
            run = run_child(["first-rows", url, BIG_USERNAME, BIG_TOKEN, empty])
    finally:
        server.terminate()
        server.wait()
    print("\nnever-synced 50,000-copy collection, sandbox on loopback at the real rate limit")
    print(f"  load average {os.getloadavg()[0]:.1f}; the prototype has no sync to compare with")
    print(f"  first rows on screen: {run['first_rows_ms']:.0f} ms after opening (target <= 2000)")


def startup(args) -> None:
    bench = ROOT / "tests" / "bench" / "bench_startup.py"
    done = subprocess.run(
        [sys.executable, str(bench), "--runs", str(args.startup_runs)],
        capture_output=True, text=True, check=True,
    )  # fmt: skip
    print("\nstart-up (bench_startup.py)")
    print("  " + done.stdout.strip().replace("\n", "\n  "))
    ratio = re.search(r"ratio ([\d.]+)", done.stdout)
    if ratio is None:
        print("  (no ratio printed)")


def main() -> None:
    if len(sys.argv) > 2 and sys.argv[1] == "--child":
        child(sys.argv[2:])
        return
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rounds", type=int, default=3)
    parser.add_argument("--mirror", type=Path, help="a directory for the mirrors (kept)")
    parser.add_argument("--reference", type=Path, default=default_reference())
    parser.add_argument("--skip-compare", action="store_true", help="no 50,000-row comparison")
    parser.add_argument("--skip-huge", action="store_true")
    parser.add_argument("--skip-first-rows", action="store_true")
    parser.add_argument("--skip-startup", action="store_true")
    parser.add_argument("--startup-runs", type=int, default=5)
    args = parser.parse_args()
    os.environ.setdefault("VLIST_DATA", str(Path(tempfile.gettempdir()) / "vlist-data"))
    Path(os.environ["VLIST_DATA"]).mkdir(exist_ok=True)
    mirrors = args.mirror or Path(tempfile.mkdtemp(prefix="bench-collection-"))
    if not args.skip_compare:
        compare(args, mirrors)
    if not args.skip_huge:
        huge(args, mirrors)
    if not args.skip_first_rows:
        first_rows(args)
    if not args.skip_startup:
        startup(args)


if __name__ == "__main__":
    main()

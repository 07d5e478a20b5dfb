"""Benchmark of the collection screen on the sandbox's 50,000-copy user (not part of the tests).

    python tests/bench/bench_collection.py [--mirror DIR]

First syncs that user's collection into a mirror on disk, in a child process (so its sandbox
doesn't count towards this process's memory; reused when DIR already holds one). Then, in a
headless app at 100x30, prints:
1. time to open the folder view from the mirror (target <= 0.5 s): from opening the screen to
   the first frame drawn with all 50,000 rows in the list (the filter's haystacks are made
   just after that frame; the time until they are ready is printed too);
2. filter keystroke to updated view, p95 (target <= 50 ms): a query typed a key at a time,
   each key's filter plus drawing every visible line, and back again;
3. frame time while scrolling a page (target <= 16 ms): PageDown plus drawing the lines;
4. peak RSS of this process (target <= 300 MB).
The sync that follows opening is left out: this measures browsing what the mirror has.
"""

from __future__ import annotations

import argparse
import asyncio
import resource
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[2]))

from discogs_tui.api.auth import TokenCredentials
from discogs_tui.api.mirror import CollectionMirror
from discogs_tui.api.service import DiscogsService
from discogs_tui.app.app import DiscogsApp
from discogs_tui.app.navigation import Location
from discogs_tui.app.screens import collection
from discogs_tui.app.screens.collection import CollectionScreen
from discogs_tui.app.widgets.virtual_list import VirtualList
from discogs_tui.sandbox import create_app
from discogs_tui.sandbox.config import BIG_TOKEN, BIG_USERNAME, SandboxConfig

QUERIES = ("vinyl", "horizon 19", "ab")
ROOMY = {"rate_limit_auth": 1_000_000, "rate_limit_anon": 1_000_000}


def service() -> DiscogsService:
    credentials = TokenCredentials(token=BIG_TOKEN, username=BIG_USERNAME)
    return DiscogsService.for_sandbox(create_app(SandboxConfig(**ROOMY)), credentials)


async def prepare(directory: Path) -> None:
    mirror = CollectionMirror(service(), BIG_USERNAME, directory)
    began = time.perf_counter()
    await mirror.sync(full=True)
    print(f"  synced {len(mirror):,} copies in {time.perf_counter() - began:.1f} s")
    mirror.close()


def shown(app: DiscogsApp) -> bool:
    """Whether the collection screen has its rows."""
    screen = app.screen
    lists = screen.query(VirtualList) if isinstance(screen, CollectionScreen) else ()
    return bool(lists) and lists.first().row_count > 0


def p95(samples: list[float]) -> float:
    return statistics.quantiles(samples, n=20)[-1] if len(samples) > 1 else samples[0]


def draw(listing: VirtualList) -> None:
    """What a frame of the list costs: every visible line."""
    for y in range(listing.size.height):
        listing.render_line(y)


def timed(action, listing: VirtualList) -> float:
    began = time.perf_counter()
    action()
    draw(listing)
    return (time.perf_counter() - began) * 1000


def timing_mirror_loads(loads: list[float]) -> None:
    """Record how long each opening of the mirror takes (its share of opening the view)."""
    open_mirror = collection.CollectionMirror

    def timed_open(*args):
        began = time.perf_counter()
        mirror = open_mirror(*args)
        loads.append(time.perf_counter() - began)
        return mirror

    collection.CollectionMirror = timed_open


def timing_frames(app: DiscogsApp) -> list[float]:
    """When each frame is drawn. Headless, Textual composes frames but writes none: the
    moment it would write one is ``App._display``."""
    frames: list[float] = []
    display = app._display

    def timed_display(screen, renderable) -> None:
        display(screen, renderable)
        frames.append(time.perf_counter())

    app._display = timed_display
    return frames


async def measure(directory: Path) -> None:
    loads: list[float] = []
    timing_mirror_loads(loads)
    CollectionScreen.mirror_directory = lambda self: directory
    CollectionScreen.sync = lambda self: None  # browse what the mirror has; no network

    app = DiscogsApp(service(), start=Location("search"), signed_in_as=BIG_USERNAME)
    frames = timing_frames(app)
    async with app.run_test(size=(100, 30)) as pilot:
        await pilot.pause()
        began = time.perf_counter()
        app.open(Location("collection", BIG_USERNAME))
        while not shown(app):
            await asyncio.sleep(0.002)
        rows_set = time.perf_counter()
        while not frames or frames[-1] < rows_set:
            await asyncio.sleep(0.002)
        opened = next(frame for frame in frames if frame > rows_set) - began
        listing = app.screen.item_list
        while not listing.filter_ready:  # its haystacks, made just after that frame
            await asyncio.sleep(0.002)
        ready = time.perf_counter() - began
        print(f"open the folder view: {opened:.3f} s for {listing.row_count:,} rows (<= 0.5 s)")
        print(f"  of which loading the mirror from disk: {loads[0]:.3f} s")
        print(f"  the filter ready (its haystacks made): {ready:.3f} s")

        keystrokes = []
        for query in QUERIES:
            prefixes = [query[:n] for n in range(1, len(query) + 1)]
            for prefix in [*prefixes, *reversed(prefixes[:-1]), ""]:
                keystrokes.append(timed(lambda q=prefix: listing.set_filter(q), listing))
        print(
            f"filter keystroke -> view: p95 {p95(keystrokes):.1f} ms, "
            f"max {max(keystrokes):.1f} ms over {len(keystrokes)} keys (<= 50 ms)"
        )

        pages = [timed(listing.action_page_down, listing) for _ in range(200)]
        print(f"scroll a page: p95 {p95(pages):.2f} ms, max {max(pages):.2f} ms (<= 16 ms)")

        sorting = [timed(app.screen.action_next_sort, listing) for _ in range(8)]
        print(f"re-sort all rows: median {statistics.median(sorting):.0f} ms (one key press)")

    peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    print(f"peak RSS: {peak:.0f} MB (<= 300 MB)")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--mirror", type=Path, help="a directory for the mirror (kept)")
    parser.add_argument("--prepare", action="store_true", help=argparse.SUPPRESS)
    args = parser.parse_args()
    directory = args.mirror or Path(tempfile.mkdtemp(prefix="bench-collection-"))
    if args.prepare:
        asyncio.run(prepare(directory))
        return
    if not any(directory.glob("mirror-v*/*.jsonl")):
        print(f"syncing {BIG_USERNAME} into {directory} (child process)")
        command = [sys.executable, __file__, "--prepare", "--mirror", str(directory)]
        subprocess.run(command, check=True)
    asyncio.run(measure(directory))


if __name__ == "__main__":
    main()

"""Benchmark of the local collection mirror on the sandbox's 50,000-item user (not part of
the test run).

    python tests/bench/bench_mirror.py [--user NAME]

Prints, each measured here and now (in-process sandbox with a roomy rate limit, so the
figures are the mirror's own costs, not the rate limit's):
1. the first sync: time, pages, time per page, file size;
2. an incremental sync with nothing new, and a full reconcile;
3. in a fresh process: time to open the mirror and list folder 0 (issue 5's "open the
   folder" target <= 0.5 s), items() of a folder, a filter pass (p95), peak RSS (<= 300 MB).
"""

from __future__ import annotations

import argparse
import asyncio
import json
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
from discogs_tui.demo import sandbox_service
from discogs_tui.launch import sandbox_token
from discogs_tui.sandbox import create_app
from discogs_tui.sandbox.config import BIG_USERNAME
from tests.conftest import roomy_config

QUERIES = ["a", "lp", "jazz", "1977", "vinyl 12", "zzzz-no-match"]


def peak_rss_mb() -> float:
    """This process's peak RSS since it started (VmHWM: unlike ru_maxrss, it doesn't carry
    the parent's peak over fork and exec)."""
    for line in Path("/proc/self/status").read_text().splitlines():
        if line.startswith("VmHWM:"):
            return int(line.split()[1]) / 1024
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024  # not Linux: KiB or bytes


# -- 1 and 2: syncing -----------------------------------------------------------------------------
async def bench_sync(username: str, directory: Path) -> None:
    credentials = TokenCredentials(token=sandbox_token(username), username=username)
    app = create_app(roomy_config())
    async with sandbox_service(app, credentials) as service:
        started = time.perf_counter()
        await service.collection.folders(username)  # the sandbox builds the user's collection
        print(
            f"sandbox: generating {username}'s collection took {time.perf_counter() - started:.2f} s"
        )
        mirror = CollectionMirror(service, username, directory)
        report = await mirror.sync()
        print(
            f"first sync: {report.added:,} items, {report.pages} pages in {report.seconds:.1f} s "
            f"({1000 * report.seconds / report.pages:.0f} ms a page); "
            f"file {mirror.path.stat().st_size / 1e6:.1f} MB"
        )
        report = await mirror.sync()
        print(f"incremental sync, nothing new: {report.pages} page(s) in {report.seconds:.2f} s")
        report = await mirror.sync(full=True)
        print(
            f"full reconcile: {report.pages} pages in {report.seconds:.1f} s, "
            f"{report.updated} updated, {report.removed} removed"
        )
        mirror.close()


# -- 3: opening and reading, in a fresh process -----------------------------------------------------
def measure_open(username: str, directory: Path) -> dict:
    started = time.perf_counter()
    mirror = CollectionMirror(None, username, directory)  # type: ignore[arg-type] - no syncing
    items = mirror.items()
    opened = time.perf_counter() - started
    folder_times = []
    for folder in mirror.folders:
        t = time.perf_counter()
        mirror.items(folder["id"])
        folder_times.append(time.perf_counter() - t)
    t = time.perf_counter()
    haystacks = [item.haystack for item in items]  # as the list makes them, once
    haystacks_made = time.perf_counter() - t
    filter_times = []
    for _round in range(5):
        for query in QUERIES:
            t = time.perf_counter()
            [haystack for haystack in haystacks if query in haystack]
            filter_times.append(time.perf_counter() - t)
    return {
        "items": len(items),
        "open": opened,
        "haystacks": haystacks_made,
        "folder_max": max(folder_times or [0.0]),
        "filter_p95": statistics.quantiles(filter_times, n=20)[-1],
        "rss": peak_rss_mb(),
    }


def bench_open(username: str, directory: Path) -> None:
    result = subprocess.run(
        [sys.executable, __file__, "--user", username, "--open-only", str(directory)],
        capture_output=True,
        text=True,
        check=True,
    )
    figures = json.loads(result.stdout)
    print(
        f"open the mirror and list folder 0 ({figures['items']:,} items), fresh process: "
        f"{figures['open'] * 1000:.0f} ms (target <= 500 ms)"
    )
    print(f"items() of the slowest folder: {figures['folder_max'] * 1000:.1f} ms")
    print(f"the filter's haystacks, made once: {figures['haystacks'] * 1000:.0f} ms")
    print(
        f"filter pass over all items, p95: {figures['filter_p95'] * 1000:.1f} ms (target <= 50 ms)"
    )
    print(f"peak RSS of that process: {figures['rss']:.0f} MB (target <= 300 MB)")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--user", default=BIG_USERNAME)
    parser.add_argument("--open-only", metavar="DIR", help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.open_only:
        print(json.dumps(measure_open(args.user, Path(args.open_only))))
        return
    with tempfile.TemporaryDirectory(prefix="bench-mirror-") as temporary:
        directory = Path(temporary)
        asyncio.run(bench_sync(args.user, directory))
        bench_open(args.user, directory)
    print(f"peak RSS of the sync process (sandbox included): {peak_rss_mb():.0f} MB")


if __name__ == "__main__":
    main()

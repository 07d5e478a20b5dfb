"""Soak test: background collection syncs plus scripted browsing through one DiscogsService,
for a long time, against ``discogs-tui sandbox serve`` on loopback with the real 60-a-minute
moving window (not part of the test run).

    nice -n 19 python tests/bench/bench_soak.py [--minutes 30] [--user NAME] [--cache-mb 200]
                                                [--tracemalloc]

Every minute, and at the end, prints: requests the sandbox counted and its 429s (must be 0),
what the sync and the browsing did, interactive latency, this process's RSS now and at its
peak, and the slope of RSS over time (flat memory: close to 0 MiB/h once the first sync has
filled the mirror), and the response cache's entries and size (a small ``--cache-mb`` makes
it evict all along). With ``--tracemalloc``, also the allocations that grew most since the
first minute. Exits 1 when the sandbox answered any 429.
"""

from __future__ import annotations

import argparse
import asyncio
import random
import signal
import statistics
import subprocess
import sys
import tempfile
import time
import tracemalloc
from collections import Counter
from dataclasses import dataclass, field
from pathlib import Path

import httpx

sys.path.insert(0, str(Path(__file__).resolve().parents[2]))

from discogs_tui.api.auth import TokenCredentials
from discogs_tui.api.cache import ResponseCache
from discogs_tui.api.errors import DiscogsError
from discogs_tui.api.mirror import CollectionMirror
from discogs_tui.api.service import DiscogsService
from discogs_tui.launch import sandbox_token
from discogs_tui.sandbox.config import DEMO_USERNAME

QUERIES = ["night", "love", "blue", "jazz", "dub", "live", "never", "house", "soul", "rock"]
SAMPLE_EVERY = 5.0  # seconds between RSS samples


def rss_mb(pid: int | str = "self") -> tuple[float, float]:
    """(RSS now, peak RSS) of a process, in MiB."""
    fields = {}
    for line in Path(f"/proc/{pid}/status").read_text().splitlines():
        name, _, value = line.partition(":")
        fields[name] = value
    return int(fields["VmRSS"].split()[0]) / 1024, int(fields["VmHWM"].split()[0]) / 1024


def slope_per_hour(samples: list[tuple[float, float]]) -> float:
    """Least-squares slope of (seconds, MiB) samples, in MiB per hour."""
    if len(samples) < 3:
        return 0.0
    return statistics.linear_regression(*zip(*samples, strict=True)).slope * 3600


@dataclass
class Tally:
    """What the soak has done so far."""

    syncs: int = 0
    sync_pages: int = 0
    actions: int = 0
    latencies: list[float] = field(default_factory=list)  # seconds per interactive request
    errors: Counter[str] = field(default_factory=Counter)
    first_errors: dict[str, str] = field(default_factory=dict)  # kind -> its first message
    rss: list[tuple[float, float]] = field(default_factory=list)  # (seconds, MiB)
    steady_from: float | None = None  # seconds: when the first sync had filled the mirror
    pages: dict[str, int] = field(default_factory=dict)  # what -> pages its last answer had

    def page(self, what: str, rng: random.Random) -> int:
        """A page of ``what`` that exists, as far as we know: 1 until we know more."""
        return rng.randint(1, max(1, self.pages.get(what, 1)))

    def error(self, where: str, error: DiscogsError) -> None:
        kind = f"{where}: {type(error).__name__}"
        self.errors[kind] += 1
        self.first_errors.setdefault(kind, str(error))


# -- the sandbox, in its own process (its memory is not ours) -------------------------------------
def start_sandbox() -> tuple[subprocess.Popen[str], str]:
    server = subprocess.Popen(
        [sys.executable, "-m", "discogs_tui", "sandbox", "serve", "--port", "0"],
        stdout=subprocess.PIPE,
        text=True,
    )
    first_line = server.stdout.readline()  # "Discogs API sandbox on http://127.0.0.1:PORT …"
    return server, first_line.split()[4]


async def sandbox_stats(base: str) -> dict:
    async with httpx.AsyncClient(base_url=base, headers={"User-Agent": "soak/1"}) as control:
        return (await control.get("/_sandbox/stats")).json()


# -- the load ---------------------------------------------------------------------------------------
async def keep_syncing(mirror: CollectionMirror, tally: Tally) -> None:
    """Full syncs back to back, at background priority: every page, every time."""
    while True:
        try:
            report = await mirror.sync(full=True)
        except DiscogsError as error:
            tally.error("sync", error)
            await asyncio.sleep(5)
            continue
        tally.syncs += 1
        tally.sync_pages += report.pages
        if tally.steady_from is None and tally.rss:
            tally.steady_from = tally.rss[-1][0]


async def timed(tally: Tally, request) -> object:
    started = time.monotonic()
    result = await request
    tally.latencies.append(time.monotonic() - started)
    return result


async def browse_once(service: DiscogsService, username: str, rng: random.Random, tally: Tally):
    """Search, open a result's release, its master and versions, its artist and their
    releases, and a page of the wantlist, as someone browsing would."""
    database = service.database
    query = rng.choice(QUERIES)
    results = await timed(
        tally, database.search(query, type="release", page=tally.page(query, rng))
    )
    tally.pages[query] = results.pages
    if results.items:
        release = await timed(tally, database.release(rng.choice(results.items)["id"]))
        if release.get("master_id"):
            await timed(tally, database.master(release["master_id"]))
            await timed(tally, database.master_versions(release["master_id"]))
        for artist in release.get("artists", [])[:1]:
            if artist.get("id"):
                await timed(tally, database.artist(artist["id"]))
                await timed(tally, database.artist_releases(artist["id"]))
    wants = await timed(tally, service.wantlist.wants(username, page=tally.page("wants", rng)))
    tally.pages["wants"] = wants.pages
    tally.actions += 1


async def keep_browsing(service: DiscogsService, username: str, think: float, tally: Tally):
    rng = random.Random(7)
    while True:
        try:
            await browse_once(service, username, rng, tally)
        except DiscogsError as error:
            tally.error("browse", error)
        await asyncio.sleep(rng.uniform(0, 2 * think))


async def sample_memory(tally: Tally, started: float) -> None:
    while True:
        tally.rss.append((time.monotonic() - started, rss_mb()[0]))
        await asyncio.sleep(SAMPLE_EVERY)


# -- reporting --------------------------------------------------------------------------------------
def report_line(
    label: str, tally: Tally, stats: dict, server_pid: int, cache: ResponseCache
) -> str:
    now, peak = rss_mb()
    steady = [s for s in tally.rss if tally.steady_from is not None and s[0] >= tally.steady_from]
    latencies = sorted(tally.latencies)
    p95 = latencies[int(len(latencies) * 0.95)] if latencies else 0.0
    errors = ", ".join(f"{k} {v}" for k, v in tally.errors.items()) or "none"
    return (
        f"[{label}] requests {stats['requests']}, 429s {stats['rate_limited']}; "
        f"syncs {tally.syncs} ({tally.sync_pages} pages), browse actions {tally.actions} "
        f"({len(latencies)} requests, p50 {statistics.median(latencies) if latencies else 0:.2f} s, "
        f"p95 {p95:.2f} s); errors: {errors}; RSS {now:.1f} MiB (peak {peak:.1f}), "
        f"slope {slope_per_hour(tally.rss):+.1f} MiB/h overall, {slope_per_hour(steady):+.1f} MiB/h "
        f"since the first sync; cache {len(cache)} entries, {cache.stored_bytes / 2**20:.1f} MiB; "
        f"sandbox RSS {rss_mb(server_pid)[0]:.0f} MiB"
    )


def print_growth(baseline: tracemalloc.Snapshot | None, top: int = 8) -> None:
    if baseline is None:
        return
    for stat in tracemalloc.take_snapshot().compare_to(baseline, "lineno")[:top]:
        print(f"    {stat}")


async def soak(args: argparse.Namespace) -> int:
    server, base = start_sandbox()
    workdir = Path(tempfile.mkdtemp(prefix="soak-"))
    credentials = TokenCredentials(token=sandbox_token(args.user), username=args.user)
    tally = Tally()
    print(f"soak: {args.minutes:g} min against {base} (real 60/min window) as {args.user}")
    try:
        async with DiscogsService.connect(
            credentials, api_url=base, cache_dir=workdir / "cache", cache_max_mb=args.cache_mb
        ) as service:
            cache = service.client.cache
            mirror = CollectionMirror(service, args.user, workdir / "data")
            started = time.monotonic()
            tasks = [
                asyncio.create_task(keep_syncing(mirror, tally)),
                asyncio.create_task(keep_browsing(service, args.user, args.think, tally)),
                asyncio.create_task(sample_memory(tally, started)),
            ]
            baseline = None
            for minute in range(1, int(args.minutes) + 1):
                await asyncio.sleep(max(0.0, started + minute * 60 - time.monotonic()))
                stats = await sandbox_stats(base)
                print(report_line(f"minute {minute}", tally, stats, server.pid, cache), flush=True)
                if args.tracemalloc and baseline is None and tally.syncs:
                    baseline = tracemalloc.take_snapshot()
                print_growth(baseline)
            await asyncio.sleep(max(0.0, started + args.minutes * 60 - time.monotonic()))
            for task in tasks:
                task.cancel()
            await asyncio.gather(*tasks, return_exceptions=True)
            mirror.close()
        stats = await sandbox_stats(base)
        print(report_line("end", tally, stats, server.pid, cache), flush=True)
        print(f"sandbox answers by status: {stats['by_status']}; mirror of {len(mirror)} items")
        for kind, message in tally.first_errors.items():
            print(f"first {kind}: {message}")
        return 1 if stats["rate_limited"] else 0
    finally:
        server.terminate()
        server.wait()


def main() -> None:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--minutes", type=float, default=30.0, help="how long (default 30)")
    parser.add_argument("--user", default=DEMO_USERNAME, help="whose collection to sync")
    parser.add_argument(
        "--think", type=float, default=5.0, help="mean pause between browse actions, seconds"
    )
    parser.add_argument(
        "--cache-mb", type=int, default=200, help="the response cache's size cap (default 200)"
    )
    parser.add_argument(
        "--tracemalloc", action="store_true", help="also print the allocations that grew most"
    )
    args = parser.parse_args()
    signal.signal(signal.SIGTERM, lambda *_: sys.exit(143))  # still stop the sandbox
    if args.tracemalloc:
        tracemalloc.start(10)
    sys.exit(asyncio.run(soak(args)))


if __name__ == "__main__":
    main()

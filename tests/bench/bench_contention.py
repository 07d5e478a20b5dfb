"""Benchmark: the user at the keyboard against three background jobs, at the real rate limit
(not part of the test run).

    python tests/bench/bench_contention.py [--active 180] [--idle 60] [--fault-run]

Starts ``discogs-tui sandbox serve`` on a free loopback port (60 requests a minute, the real
60 s window) and runs, on one service as the app does, a full collection sync, the
wantlist's availability check and the country look-ups of the collection, all at once. A
scripted user meanwhile opens a release, a master or a search result every few seconds, each
one the cache cannot answer; then idles for a minute, and comes back. Prints:

* interactive wait p50 / p95 / max (the user's request, submit to answer), and the waits
  of the first requests after the idle minute;
* background throughput as a share of the limit, while the user is active and while idle;
* the server's count of 429s.

With ``--fault-run`` it then does it again against ``--fault 'rate_limited:times=3'`` (three
429s without Retry-After) and prints how long the user's first search took.
"""

from __future__ import annotations

import argparse
import asyncio
import contextlib
import random
import socket
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Iterator
from pathlib import Path

import httpx

sys.path.insert(0, str(Path(__file__).resolve().parents[2]))

from discogs_tui.api.auth import TokenCredentials
from discogs_tui.api.availability import AvailabilityStore
from discogs_tui.api.mirror import CollectionMirror
from discogs_tui.api.release_facts import ReleaseFacts
from discogs_tui.api.scheduler import Priority
from discogs_tui.api.service import DiscogsService
from discogs_tui.sandbox import SandboxConfig, create_app
from discogs_tui.sandbox.config import DEMO_TOKEN, DEMO_USERNAME

DEMO = TokenCredentials(token=DEMO_TOKEN, username=DEMO_USERNAME)
LIMIT, WINDOW = 60, 60.0
WORDS = ("night", "blue", "dance", "love", "city", "dream", "fire", "gold", "river", "soul")


# -- the server -------------------------------------------------------------------------------------
@contextlib.contextmanager
def sandbox_serve(*faults: str) -> Iterator[str]:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    command = ["discogs-tui", "sandbox", "serve", "--port", str(port)]
    for fault in faults:
        command += ["--fault", fault]
    server = subprocess.Popen(command, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    base = f"http://127.0.0.1:{port}"
    try:
        deadline = time.monotonic() + 30
        while True:
            try:
                httpx.get(f"{base}/_sandbox/stats", timeout=1)
                break
            except httpx.TransportError:
                if time.monotonic() > deadline or server.poll() is not None:
                    raise RuntimeError("discogs-tui sandbox serve did not start") from None
                time.sleep(0.2)
        yield base
    finally:
        server.terminate()
        server.wait(timeout=10)


def server_stats(base: str) -> dict:
    return httpx.get(f"{base}/_sandbox/stats", headers={"User-Agent": "bench/1"}).json()


# -- what the user opens: nothing the jobs read, so the cache can't answer it -----------------------
def user_targets(seed: int) -> Iterator[tuple[str, object]]:
    sandbox = create_app(SandboxConfig()).state.sandbox
    user = sandbox.user(DEMO_USERNAME)
    busy = {instance.release_id for instance in user.instances.values()} | set(user.wants)
    releases = [rid for rid in sandbox.catalogue.releases if rid not in busy]
    masters = list(sandbox.catalogue.masters)
    chooser = random.Random(seed)
    chooser.shuffle(releases)
    chooser.shuffle(masters)
    for index in range(10_000):
        kind = ("release", "master", "search")[index % 3]
        if kind == "release":
            yield kind, releases[index]
        elif kind == "master":
            yield kind, masters[index % len(masters)]
        else:
            yield kind, f"{WORDS[index % len(WORDS)]} {index}"


async def open_one(service: DiscogsService, kind: str, target: object) -> None:
    if kind == "release":
        await service.database.release(target)
    elif kind == "master":
        await service.database.master(target)
    else:
        await service.database.search(str(target), type="release", per_page=25)


# -- the run ------------------------------------------------------------------------------------------
class Run:
    def __init__(self, base: str, data: Path) -> None:
        self.service = DiscogsService.connect(DEMO, api_url=base, cache_dir=data / "cache")
        self.data = data
        self.sends: list[tuple[float, bool]] = []  # (when, sent for the user)
        self.user_paths: set[str] = set()
        send = self.service.client.scheduler._send

        async def counting(request: httpx.Request) -> httpx.Response:
            path = request.url.path
            mine = path in self.user_paths or path == "/database/search"  # jobs never search
            self.sends.append((time.monotonic(), mine))
            return await send(request)

        self.service.client.scheduler._send = counting

    async def background(self) -> list[asyncio.Task]:
        mirror = CollectionMirror(self.service, DEMO_USERNAME, self.data)
        wants = AvailabilityStore(DEMO_USERNAME, self.data)
        facts = ReleaseFacts(DEMO_USERNAME, self.data)

        async def want_ids() -> list[int]:
            page = await self.service.wantlist.wants(
                DEMO_USERNAME, page=1, per_page=100, priority=Priority.BACKGROUND
            )
            ids = [want["id"] for want in page.items]
            for number in range(2, page.pages + 1):
                more = await self.service.wantlist.wants(
                    DEMO_USERNAME, page=number, per_page=100, priority=Priority.BACKGROUND
                )
                ids += [want["id"] for want in more.items]
            return ids

        async def availability() -> None:
            await wants.check(self.service, await want_ids())

        async def countries() -> None:
            sandbox = create_app(SandboxConfig()).state.sandbox
            ids = [i.release_id for i in sandbox.user(DEMO_USERNAME).instances.values()]
            await facts.fill(self.service, ids)

        return [
            asyncio.create_task(mirror.sync(full=True), name="sync"),
            asyncio.create_task(availability(), name="wantlist check"),
            asyncio.create_task(countries(), name="countries"),
        ]

    async def user_request(self, kind: str, target: object) -> float:
        if kind == "release":
            self.user_paths.add(f"/releases/{target}")
        elif kind == "master":
            self.user_paths.add(f"/masters/{target}")
        started = time.monotonic()
        await open_one(self.service, kind, target)
        return time.monotonic() - started

    def share(self, start: float, end: float, *, user: bool = False) -> float:
        """Requests sent in [start, end) for the user (or for the jobs), per the limit."""
        count = sum(1 for when, mine in self.sends if start <= when < end and mine == user)
        return count / ((end - start) / WINDOW * LIMIT)


def summary(waits: list[float]) -> str:
    if not waits:
        return "no requests"
    p95 = statistics.quantiles(waits, n=20, method="inclusive")[-1] if len(waits) >= 2 else waits[0]
    return (
        f"p50 {statistics.median(waits):.2f} s, p95 {p95:.2f} s, max {max(waits):.2f} s "
        f"({len(waits)} requests)"
    )


async def contention(base: str, active: float, idle: float, seed: int) -> None:
    chooser = random.Random(seed)
    targets = user_targets(seed)
    with tempfile.TemporaryDirectory(prefix="bench-contention-") as data:
        run = Run(base, Path(data))
        jobs = await run.background()
        began = time.monotonic()
        waits: list[float] = []

        async def browse(seconds: float) -> tuple[float, float]:
            start = time.monotonic()
            while time.monotonic() - start < seconds:
                waits.append(await run.user_request(*next(targets)))
                await asyncio.sleep(chooser.uniform(3.0, 6.0))
            return start, time.monotonic()

        active_start, active_end = await browse(active)
        await asyncio.sleep(idle)
        idle_end = time.monotonic()
        after_idle = [await run.user_request(*next(targets)) for _ in range(3)]
        waits += after_idle
        await browse(min(active, 60.0))
        for job in jobs:
            job.cancel()
        await asyncio.gather(*jobs, return_exceptions=True)
        await run.service.aclose()
    # throughput in steady state: leave out the first window (it starts empty)
    steady_from = max(active_start, began + WINDOW)
    print(f"interactive wait (uncached): {summary(waits)}")
    print(f"  right after {idle:.0f} s idle: " + ", ".join(f"{w:.2f} s" for w in after_idle))
    background = run.share(steady_from, active_end)
    user = run.share(steady_from, active_end, user=True)
    print(
        f"background throughput: {background:.3f} of the limit while the user is active "
        f"(the user's own requests: {user:.3f}; together {background + user:.3f}), "
        f"{run.share(active_end, idle_end):.3f} while idle"
    )
    print(f"429s: {server_stats(base)['rate_limited']}")


async def fault_run(base: str, seed: int) -> None:
    with tempfile.TemporaryDirectory(prefix="bench-contention-") as data:
        run = Run(base, Path(data))
        jobs = await run.background()
        await asyncio.sleep(0.5)  # the jobs' first requests are out, and meet the 429s
        took = await run.user_request("search", "night fault")
        for job in jobs:
            job.cancel()
        await asyncio.gather(*jobs, return_exceptions=True)
        await run.service.aclose()
    print(
        f"with three 429s (no Retry-After): a search answered in {took:.2f} s; "
        f"429s: {server_stats(base)['rate_limited']}"
    )


async def main() -> None:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--active", type=float, default=180.0, help="seconds of browsing")
    parser.add_argument("--idle", type=float, default=60.0, help="seconds of idling")
    parser.add_argument("--seed", type=int, default=11)
    parser.add_argument("--fault-run", action="store_true", help="also with three 429s")
    parser.add_argument("--only-fault", action="store_true", help="only the run with 429s")
    args = parser.parse_args()
    if not args.only_fault:
        print(f"-- sandbox serve, {LIMIT} requests / {WINDOW:.0f} s, no faults")
        with sandbox_serve() as base:
            await contention(base, args.active, args.idle, args.seed)
    if args.fault_run or args.only_fault:
        print("-- sandbox serve --fault 'rate_limited:times=3'")
        with sandbox_serve("rate_limited:times=3") as base:
            await fault_run(base, args.seed)
            await contention(base, min(args.active, 120.0), args.idle, args.seed)


if __name__ == "__main__":
    asyncio.run(main())

"""Benchmark of the service layer against the sandbox on loopback (not part of the test run).

    python tests/bench/bench_service.py [--quick]

Prints, each measured here and now:
1. requests of a scripted browse session, cold and warm cache;
2. a 2,000-item collection sync under a shortened rate window: achieved rate / limit, 429s;
3. cache get/put latency at 1,000 and 20,000 entries, and the time to open the cache.
"""

from __future__ import annotations

import argparse
import asyncio
import statistics
import sys
import tempfile
import time
from pathlib import Path

import httpx

sys.path.insert(0, str(Path(__file__).resolve().parents[2]))

from discogs_tui.api.auth import TokenCredentials
from discogs_tui.api.cache import ResponseCache
from discogs_tui.api.client import DiscogsClient
from discogs_tui.api.pagination import walk_pages
from discogs_tui.api.ratelimit import RateLimiter
from discogs_tui.api.scheduler import Priority
from discogs_tui.api.service import DiscogsService
from discogs_tui.sandbox import SandboxConfig
from discogs_tui.sandbox.config import DEMO_TOKEN, DEMO_USERNAME
from tests.loopback import serve

DEMO = TokenCredentials(token=DEMO_TOKEN, username=DEMO_USERNAME)


async def stats(base: str) -> dict:
    async with httpx.AsyncClient(base_url=base, headers={"User-Agent": "bench/1"}) as control:
        return (await control.get("/_sandbox/stats")).json()


async def reset(base: str) -> None:
    async with httpx.AsyncClient(base_url=base, headers={"User-Agent": "bench/1"}) as control:
        await control.delete("/_sandbox/stats")


# -- 1. browse session ---------------------------------------------------------------------------
async def browse(service: DiscogsService) -> set[str]:
    """Search, open 5 releases, their masters and artists, then go back over them."""
    seen: set[str] = set()
    results = await service.database.search("night", type="release", per_page=25)
    seen.add("search")
    releases = [item["id"] for item in results.items[:5]]
    for _round in range(2):  # forth, then back over the same screens
        for release_id in releases:
            release = await service.database.release(release_id)
            seen.add(f"release {release_id}")
            if release.get("master_id"):
                await service.database.master(release["master_id"])
                seen.add(f"master {release['master_id']}")
            for artist in release["artists"][:1]:
                await service.database.artist(artist["id"])
                seen.add(f"artist {artist['id']}")
        await service.database.search("night", type="release", per_page=25)
    return seen


async def bench_browse(base: str) -> None:
    cache_dir = Path(tempfile.mkdtemp(prefix="bench-cache-"))
    for label in ("cold", "warm"):
        await reset(base)
        service = DiscogsService.connect(DEMO, api_url=base, cache_dir=cache_dir)
        distinct = await browse(service)
        await service.aclose()
        sent = (await stats(base))["requests"]
        print(
            f"browse session, {label} cache: {sent} requests for {len(distinct)} distinct resources"
        )


# -- 2. collection sync ----------------------------------------------------------------------------
async def bench_sync(window: float, limit: int, items: int, per_page: int) -> None:
    config = SandboxConfig(rate_window=window, rate_limit_auth=limit, rate_limit_anon=limit)
    with serve(config) as base:
        client = DiscogsClient(DEMO, base_url=base, limiter=RateLimiter(limit, window=window))
        service = DiscogsService(client)
        sent_at: list[float] = []
        client.limiter.subscribe(lambda state: None)
        original_send = client.scheduler._send

        async def timed_send(request: httpx.Request) -> httpx.Response:
            sent_at.append(time.monotonic())
            return await original_send(request)

        client.scheduler._send = timed_send
        pages = items // per_page
        count = 0

        async def fetch(page: int, size: int):
            return await service.collection.folder_releases(
                DEMO_USERNAME, 0, page=page, per_page=size, priority=Priority.BACKGROUND
            )

        started = time.monotonic()
        async for page in walk_pages(fetch, per_page=per_page, max_pages=pages):
            count += len(page.items)
        elapsed = time.monotonic() - started
        await service.aclose()
        server = await stats(base)
    # k full windows of requests should take k windows: the k*limit-th send starts window k+1.
    windows = (len(sent_at) - 1) // limit
    rate = windows * window / (sent_at[windows * limit] - sent_at[0]) if windows else 0.0
    print(
        f"collection sync: {count} items in {len(sent_at)} requests, {elapsed:.1f} s, window {window:g} s x {limit}: "
        f"achieved rate {rate:.3f} of the limit, {server['rate_limited']} x 429"
    )


# -- 3. cache latency --------------------------------------------------------------------------------
def bench_cache(sizes: tuple[int, ...]) -> None:
    body = b'{"id": 1, "title": "A record", "tracklist": [' + b'{"title": "track"},' * 40 + b"{}]}"
    directory = Path(tempfile.mkdtemp(prefix="bench-cache-"))
    cache = ResponseCache(directory)
    filled = 0
    for size in sizes:
        puts = []
        for index in range(filled, size):
            started = time.perf_counter()
            cache.put(f"key-{index}", body, ttl=3600)
            puts.append(time.perf_counter() - started)
        filled = size
        cache.close()
        started = time.perf_counter()
        cache = ResponseCache(directory)
        opened = time.perf_counter() - started
        gets = []
        for index in range(0, size, max(1, size // 2000)):
            started = time.perf_counter()
            assert cache.get(f"key-{index}") is not None
            gets.append(time.perf_counter() - started)
        last_puts = puts[-1000:]
        print(
            f"cache at {size:>6} entries: open {opened * 1000:.1f} ms, "
            f"get p50 {statistics.median(gets) * 1000:.3f} ms (p95 {statistics.quantiles(gets, n=20)[-1] * 1000:.3f}), "
            f"put p50 {statistics.median(last_puts) * 1000:.2f} ms (p95 {statistics.quantiles(last_puts, n=20)[-1] * 1000:.2f})"
        )
    cache.close()


async def main() -> None:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--quick", action="store_true", help="smaller runs, for a smoke test")
    parser.add_argument(
        "--real-window",
        action="store_true",
        help="also sync under the real 60-second window (about 3.5 minutes)",
    )
    args = parser.parse_args()
    with serve(SandboxConfig(rate_limit_auth=100_000, rate_limit_anon=100_000)) as base:
        await bench_browse(base)
    if args.quick:
        await bench_sync(window=2.0, limit=20, items=400, per_page=10)
        bench_cache((1_000,))
    else:
        await bench_sync(window=6.0, limit=60, items=2_000, per_page=10)
        bench_cache((1_000, 20_000))
    if args.real_window:
        await bench_sync(window=60.0, limit=60, items=2_000, per_page=10)


if __name__ == "__main__":
    asyncio.run(main())

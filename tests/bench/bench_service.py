"""Benchmark of the service layer against the sandbox on loopback (not part of the test run).

    python tests/bench/bench_service.py [--quick]

Prints, each measured here and now:
1. requests of a scripted browse session, cold and warm cache;
2. a 2,000-item collection sync under a shortened rate window: achieved rate / limit, 429s;
3. the response cache at 1,000 and 20,000 small entries, and at its 200 MB cap filled with
   Discogs-like answers: time to open it; get latency for uniformly random keys and for
   browsing (recent keys hot); put latency; its own memory (what it keeps allocated, measured
   with tracemalloc, and the RSS opening and reading it added).
"""

from __future__ import annotations

import argparse
import asyncio
import random
import shutil
import statistics
import sys
import tempfile
import time
import tracemalloc
from collections.abc import Callable
from pathlib import Path

import httpx

sys.path.insert(0, str(Path(__file__).resolve().parents[2]))

from discogs_tui.api.auth import TokenCredentials
from discogs_tui.api.cache import DEFAULT_MAX_BYTES, ResponseCache, _digest
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


# -- 3. cache latency and memory ---------------------------------------------------------------------
SMALL_BODY = (
    b'{"id": 1, "title": "A record", "tracklist": [' + b'{"title": "track"},' * 40 + b"{}]}"
)
WORDS = [
    "the",
    "night",
    "love",
    "blue",
    "jazz",
    "dub",
    "live",
    "house",
    "soul",
    "rock",
    "vinyl",
    "LP",
    '12"',
    '7"',
    "EP",
    "Records",
    "UK",
    "US",
]


def json_body(rng: random.Random) -> bytes:
    """A Discogs-like answer: 2-40 kB of JSON that compresses about as well as theirs (3-4x)."""
    size = rng.choice((2_000, 4_000, 8_000, 8_000, 16_000, 40_000))
    fields = []
    while sum(map(len, fields)) < size:
        words = " ".join(rng.choice(WORDS) for _ in range(rng.randint(1, 5)))
        fields.append(f'"{rng.choice(WORDS)}_{rng.randrange(1000)}": "{words} {rng.random():.6f}"')
    return ("{" + ", ".join(fields) + "}").encode()


def uniform(count: int, entries: int, rng: random.Random) -> list[int]:
    return [rng.randrange(entries) for _ in range(count)]


def browsing(count: int, entries: int, rng: random.Random) -> list[int]:
    """Entries as someone browsing asks for them: mostly what they saw lately (back, forth, a
    tab again), a new one now and then."""
    seen: list[int] = []
    for _ in range(count):
        if seen and rng.random() < 0.8:
            seen.append(seen[-1 - min(int(rng.expovariate(1 / 8)), len(seen) - 1)])
        else:
            seen.append(rng.randrange(entries))
    return seen


def percentiles(seconds: list[float]) -> str:
    ms = [s * 1000 for s in seconds]
    return f"p50 {statistics.median(ms):.3f} / p95 {statistics.quantiles(ms, n=20)[-1]:.3f} ms"


def rss_mib() -> float:
    for line in Path("/proc/self/status").read_text().splitlines():
        if line.startswith("VmRSS:"):
            return int(line.split()[1]) / 1024
    return 0.0


def timed_gets(cache: ResponseCache, indexes: list[int]) -> list[float]:
    times = []
    for index in indexes:
        started = time.perf_counter()
        hit = cache.get(f"key-{index}")
        times.append(time.perf_counter() - started)
        assert hit is not None, f"key-{index} missing"
    return times


def fill(cache: ResponseCache, start: int, stop: int, body: Callable[[], bytes]) -> list[float]:
    times = []
    for index in range(start, stop):
        content = body()
        started = time.perf_counter()
        cache.put(f"key-{index}", content, ttl=3600)
        times.append(time.perf_counter() - started)
    return times


def measure_open(directory: Path, max_bytes: int, entries: int, label: str) -> None:
    """Open the cache (5 times), time gets of both patterns, then its memory: the RSS opening
    it and the gets added, and what they left allocated (tracemalloc, on another open)."""
    rng = random.Random(19)
    opens, open_cpu = [], []
    for _ in range(5):
        started, started_cpu = time.perf_counter(), time.process_time()
        cache = ResponseCache(directory, max_bytes=max_bytes)
        opens.append(time.perf_counter() - started)
        open_cpu.append(time.process_time() - started_cpu)
        cache.close()
    del cache
    rss_before = rss_mib()
    cache = ResponseCache(directory, max_bytes=max_bytes)
    present = [int(digest) for digest in _present(cache, entries)]
    uniform_gets = timed_gets(cache, [present[i] for i in uniform(2_000, len(present), rng)])
    browsing_gets = timed_gets(cache, [present[i] for i in browsing(2_000, len(present), rng)])
    rss_added = rss_mib() - rss_before
    cache.close()
    del cache
    tracemalloc.start()
    cache = ResponseCache(directory, max_bytes=max_bytes)
    timed_gets(cache, [present[i] for i in uniform(2_000, len(present), rng)])
    held, peak = tracemalloc.get_traced_memory()
    tracemalloc.stop()
    print(
        f"{label}: {len(cache)} entries, {cache.stored_bytes / 2**20:.1f} MiB; open {statistics.median(opens) * 1000:.1f} ms "
        f"(CPU {statistics.median(open_cpu) * 1000:.1f} ms, medians of 5); "
        f"get uniform {percentiles(uniform_gets)}, browsing {percentiles(browsing_gets)}; "
        f"cache memory {held / 2**20:.1f} MiB (peak {peak / 2**20:.1f} MiB opening), "
        f"RSS +{rss_added:.1f} MiB"
    )
    cache.close()


def _present(cache: ResponseCache, entries: int) -> list[str]:
    """The indexes of the keys ``key-N`` still in the cache (an eviction may have dropped some),
    without touching their last uses."""
    digests = {_digest(f"key-{index}"): str(index) for index in range(entries)}
    return [digests[digest] for digest in cache._entries if digest in digests]


def bench_cache(sizes: tuple[int, ...]) -> None:
    """Small bodies (1 kB of JSON), as the first measurements were made with."""
    directory = Path(tempfile.mkdtemp(prefix="bench-cache-"))
    filled = 0
    for size in sizes:
        cache = ResponseCache(directory)
        puts = fill(cache, filled, size, lambda: SMALL_BODY)[-1_000:]
        cache.close()
        filled = size
        print(f"cache of small answers, put of the last 1,000 to {size:,}: {percentiles(puts)}")
        measure_open(directory, DEFAULT_MAX_BYTES, size, f"  at {size:>6,} entries")
    shutil.rmtree(directory)


def bench_cache_at_cap(max_mb: int) -> None:
    """Discogs-like answers put until the cap has made the cache evict a few times."""
    rng = random.Random(20)
    directory = Path(tempfile.mkdtemp(prefix="bench-cache-"))
    max_bytes = max_mb * 2**20
    cache = ResponseCache(directory, max_bytes=max_bytes)
    puts: list[float] = []
    started = time.perf_counter()
    # Until an eviction has dropped a fifth of the entries and puts have filled it again.
    while len(puts) < len(cache) * 1.2 or cache.stored_bytes < max_bytes * 0.9:
        puts += fill(cache, len(puts), len(puts) + 1_000, lambda: json_body(rng))
    elapsed = time.perf_counter() - started
    cache.close()
    print(
        f"cache of Discogs-like answers at its {max_mb} MB cap: {len(puts):,} puts in {elapsed:.0f} s, "
        f"put {percentiles(puts)}, slowest {max(puts) * 1000:.0f} ms (an eviction)"
    )
    measure_open(directory, max_bytes, len(puts), "  reopened")
    shutil.rmtree(directory)


async def main() -> None:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--quick", action="store_true", help="smaller runs, for a smoke test")
    parser.add_argument("--cache-only", action="store_true", help="only the cache figures (3.)")
    parser.add_argument(
        "--real-window",
        action="store_true",
        help="also sync under the real 60-second window (about 3.5 minutes)",
    )
    args = parser.parse_args()
    if args.quick:
        bench_cache((1_000,))
        bench_cache_at_cap(max_mb=5)
    else:
        bench_cache((1_000, 20_000))
        bench_cache_at_cap(max_mb=200)
    if args.cache_only:
        return
    with serve(SandboxConfig(rate_limit_auth=100_000, rate_limit_anon=100_000)) as base:
        await bench_browse(base)
    if args.quick:
        await bench_sync(window=2.0, limit=20, items=400, per_page=10)
    else:
        await bench_sync(window=6.0, limit=60, items=2_000, per_page=10)
    if args.real_window:
        await bench_sync(window=60.0, limit=60, items=2_000, per_page=10)


if __name__ == "__main__":
    asyncio.run(main())

"""Benchmark: the first GET of each endpoint on a fresh sandbox, over loopback (not a test).

    python tests/bench/bench_sandbox_first_hit.py [--runs N] [--tls] [--only TEXT] [--processes]

For each GET below (every GET of the endpoint index, for the users whose data is biggest: the
demo user, and the 50,000- and 200,000-copy users where they have the endpoint, each
collection route with every sort key and order), a fresh sandbox is served by uvicorn on
127.0.0.1 and the endpoint is asked once, by a client that already holds a connection (so only
the request is timed). Right after it, the same sandbox is asked a cheap route it has not seen
(``FLOOR``, a release): the floor, what any request costs on the machine at that moment, so
that a figure taken on a loaded machine still says something (the ratio to the floor).

The sandboxes are served in this process, one at a time, each collected when done (a server
holds one; dead ones left for the collector would make its full passes here far slower than a
server's). ``--processes`` serves each in a fresh ``discogs-tui sandbox serve`` instead, as a
person starts it: nothing is warm from an earlier sandbox (a few seconds per sandbox).

Prints a line per endpoint: its first-hit time (median and p95 over N fresh sandboxes), the
median CPU time the server's thread spent on it (served in this process: what other
processes on the machine don't change), the floor's median, the median ratio of first hit to
floor, the full garbage collections that ran during its timed requests (in this process), and
the 1-minute load average when its runs ended; then the slowest (``slowest first-hit GET:
…``). Target: the slowest under 100 ms.
``--only`` keeps the paths that contain TEXT (e.g. ``collection``).
"""

from __future__ import annotations

import argparse
import gc
import math
import os
import statistics
import subprocess
import sys
import tempfile
import threading
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import NamedTuple

import httpx

sys.path.insert(0, str(Path(__file__).resolve().parents[2]))

from discogs_tui.sandbox.config import (
    BIG_TOKEN,
    DEMO_TOKEN,
    DEMO_USERNAME,
    HUGE_TOKEN,
    HUGE_USERNAME,
)
from discogs_tui.sandbox.demo_users import BIG_USERNAME
from discogs_tui.sandbox.examples import RELEASE_249504
from discogs_tui.sandbox.routes.collection import SORT_KEYS
from discogs_tui.sandbox.tls import TlsFiles, sandbox_tls_files
from discogs_tui.sandbox.world import build_state
from tests.loopback import serve

ROOT = Path(__file__).resolve().parents[2]
SELLER_TOKEN = "sandbox-token-example_seller"
DEMO, BIG = DEMO_USERNAME, BIG_USERNAME
PATHS: list[tuple[str, str]] = [
    (DEMO_TOKEN, "/releases/249504"),
    (DEMO_TOKEN, "/releases/249504?curr_abbr=EUR"),
    (DEMO_TOKEN, f"/releases/249504/rating/{DEMO}"),
    (DEMO_TOKEN, "/releases/249504/rating"),
    (DEMO_TOKEN, "/releases/249504/stats"),
    (DEMO_TOKEN, "/masters/1000"),
    (DEMO_TOKEN, "/masters/1000/versions"),
    (DEMO_TOKEN, "/artists/108713"),
    (DEMO_TOKEN, "/artists/108713/releases"),
    (DEMO_TOKEN, "/labels/1"),
    (DEMO_TOKEN, "/labels/1/releases"),
    (DEMO_TOKEN, "/database/search?q=never"),
    (DEMO_TOKEN, "/database/search?type=release&per_page=100"),
    (DEMO_TOKEN, f"/users/{DEMO}/inventory"),
    (DEMO_TOKEN, "/marketplace/listings/172723812"),
    (SELLER_TOKEN, "/marketplace/orders/1-1"),
    (DEMO_TOKEN, "/marketplace/orders"),
    (SELLER_TOKEN, "/marketplace/orders/1-1/messages"),
    (DEMO_TOKEN, "/marketplace/fee/10.00/EUR"),
    (DEMO_TOKEN, "/marketplace/price_suggestions/249504"),
    (DEMO_TOKEN, "/marketplace/stats/249504"),
    (DEMO_TOKEN, "/inventory/export"),
    (DEMO_TOKEN, "/inventory/upload"),
    (DEMO_TOKEN, "/oauth/identity"),
    (DEMO_TOKEN, f"/users/{DEMO}"),
    (BIG_TOKEN, f"/users/{BIG}"),
    (DEMO_TOKEN, "/users/memory/submissions"),
    (DEMO_TOKEN, "/users/memory/contributions"),
    *[
        (token, f"/users/{user}/collection{path}")
        for user, token in ((BIG, BIG_TOKEN), (HUGE_USERNAME, HUGE_TOKEN))
        for path in (
            "/folders",
            "/folders/0",
            "/folders/{shelf}",
            "/releases/249504",
            "/fields",
            "/value",
            "/folders/0/releases",
            "/folders/0/releases?sort_order=desc",
            *[
                f"/folders/0/releases?sort={key}&sort_order={order}"
                for key in SORT_KEYS
                for order in ("asc", "desc")
            ],
            "/folders/{shelf}/releases?sort=artist&sort_order=desc",
        )
    ],
    (DEMO_TOKEN, f"/users/{BIG}/collection/folders/0/releases"),
    (DEMO_TOKEN, f"/users/{HUGE_USERNAME}/collection/folders/0/releases?sort=year"),
    (DEMO_TOKEN, f"/users/{DEMO}/wants"),
    (DEMO_TOKEN, f"/users/{DEMO}/lists"),
    (DEMO_TOKEN, "/lists/3"),
    (DEMO_TOKEN, "/images/" + RELEASE_249504["images"][0]["uri"].split(".discogs.com/", 1)[1]),
]


# A folder of each big user's own (not Uncategorized), by the token that reads it.
_WORLD = build_state()
SHELF = {
    token: sorted(_WORLD.user(user).folders)[1]
    for user, token in ((BIG, BIG_TOKEN), (HUGE_USERNAME, HUGE_TOKEN))
}
del _WORLD


FLOOR = "/releases/1"
_full_collections = [0]


def _count_full_collections(phase: str, info: dict) -> None:
    if phase == "stop" and info["generation"] == 2:
        _full_collections[0] += 1


class Hit(NamedTuple):
    elapsed: float  # the first hit, seconds on the clock
    cpu: float | None  # the server thread's CPU seconds for it (served in this process)
    floor: float  # the floor's request right after it, seconds on the clock
    collections: int  # full garbage collections during the first hit (in this process)


# A served sandbox: its base URL and, served in this process, its thread's CPU clock.
Served = tuple[str, Callable[[], float] | None]


@contextmanager
def served_in_process(tls: TlsFiles | None) -> Iterator[Served]:
    before = set(threading.enumerate())
    with serve(tls=tls) as base:
        (thread,) = set(threading.enumerate()) - before
        clock = time.pthread_getcpuclockid(thread.ident)
        yield base, lambda: time.clock_gettime(clock)
    gc.collect()


@contextmanager
def served_by_a_process(tls: TlsFiles | None) -> Iterator[Served]:
    """A fresh ``discogs-tui sandbox serve`` on a free port."""
    command = [sys.executable, "-m", "discogs_tui", "sandbox", "serve", "--port", "0"]
    if tls:
        command += ["--tls-cert", str(tls.cert), "--tls-key", str(tls.key)]
    server = subprocess.Popen(command, cwd=ROOT, stdout=subprocess.PIPE, text=True)
    try:
        assert server.stdout is not None
        banner = server.stdout.readline()  # printed once the world is built
        if not banner.startswith("Discogs API sandbox on "):
            raise SystemExit(f"the sandbox did not start: {banner!r}")
        yield banner.split()[4], None
    finally:
        server.terminate()
        server.wait(timeout=30)


def first_hit(token: str, path: str, tls: TlsFiles | None, processes: bool) -> Hit:
    """The first GET of ``path`` on a fresh sandbox, and the floor's right after it."""
    served = served_by_a_process if processes else served_in_process
    with served(tls) as (base, server_cpu):
        headers = {"User-Agent": "bench/1.0", "Authorization": f"Discogs token={token}"}
        verify = str(tls.trust) if tls else True
        with httpx.Client(base_url=base, headers=headers, verify=verify, timeout=120) as client:
            client.get("/_sandbox/stats")  # connect (and handshake) first: time the request
            collections = _full_collections[0]
            cpu = server_cpu() if server_cpu else 0.0
            start = time.perf_counter()
            answer = client.get(path)
            elapsed = time.perf_counter() - start
            cpu = server_cpu() - cpu if server_cpu else None
            collections = _full_collections[0] - collections
            start = time.perf_counter()
            floor = client.get(FLOOR, headers={"Authorization": f"Discogs token={DEMO_TOKEN}"})
            floor_elapsed = time.perf_counter() - start
        for asked, got in ((path, answer), (FLOOR, floor)):
            if got.status_code != 200:
                raise SystemExit(f"{asked}: {got.status_code} {got.text[:200]}")
    return Hit(elapsed, cpu, floor_elapsed, collections)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=3, help="fresh sandboxes per endpoint")
    parser.add_argument("--tls", action="store_true", help="over HTTPS")
    parser.add_argument("--only", default="", help="only the paths that contain this")
    parser.add_argument(
        "--processes", action="store_true", help="each sandbox in a fresh `sandbox serve`"
    )
    args = parser.parse_args()
    tls = sandbox_tls_files(Path(tempfile.mkdtemp())) if args.tls else None
    gc.callbacks.append(_count_full_collections)
    results = []
    every = []
    print(f"load average at start: {_load()}")
    print(
        f"{'median':>8}    {'p95':>8}    {'cpu':>6}    {'floor':>6}    {'ratio':>5}  gc  load  path"
    )
    for token, path in PATHS:
        if args.only not in path:
            continue
        path = path.replace("{shelf}", str(SHELF.get(token, 0)))
        hits = [first_hit(token, path, tls, args.processes) for _ in range(args.runs)]
        times = sorted(hit.elapsed for hit in hits)
        median = statistics.median(times)
        cpu = (
            "     -   "
            if args.processes
            else f"{statistics.median(h.cpu for h in hits) * 1000:6.1f} ms"
        )
        floor = statistics.median(hit.floor for hit in hits)
        ratio = statistics.median(hit.elapsed / hit.floor for hit in hits)
        collections = sum(hit.collections for hit in hits)
        every += times
        results.append((median, p95(times), ratio, path))
        print(
            f"{median * 1000:8.1f} ms {p95(times) * 1000:8.1f} ms {cpu} {floor * 1000:6.1f} ms"
            f" {ratio:5.1f}x {collections:3d} {os.getloadavg()[0]:5.1f}  {path}",
            flush=True,
        )
    print(f"load average at end: {_load()}")
    print(
        f"all first hits: median {statistics.median(every) * 1000:.1f} ms,"
        f" p95 {p95(every) * 1000:.1f} ms"
    )
    median, worst, ratio, path = max(results)
    print(
        f"slowest first-hit GET: {median * 1000:.1f} ms ({path}); p95 {worst * 1000:.1f} ms,"
        f" {ratio:.1f}x the floor; target < 100 ms"
    )


def _load() -> str:
    return ", ".join(f"{load:.2f}" for load in os.getloadavg())


def p95(times: list[float]) -> float:
    ordered = sorted(times)
    return ordered[min(len(ordered) - 1, math.ceil(0.95 * len(ordered)) - 1)]


if __name__ == "__main__":
    main()

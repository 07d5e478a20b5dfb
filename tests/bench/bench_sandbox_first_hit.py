"""Benchmark: the first GET of each endpoint on a fresh sandbox, over loopback (not a test).

    python tests/bench/bench_sandbox_first_hit.py [--runs N] [--tls] [--only TEXT]

For each GET below (every GET of the endpoint index, for the users whose data is biggest: the
demo user, and the 50,000- and 200,000-copy users where they have the endpoint, each
collection route with every sort key and order), a fresh sandbox is served by uvicorn on
127.0.0.1 and the endpoint is asked once, by a client that already holds a connection (so only
the request is timed). Prints each endpoint's first-hit time (median and p95 over N fresh
sandboxes), the load average, and the slowest. Target: the slowest under 100 ms.
``--only`` keeps the paths that contain TEXT (e.g. ``collection``).
"""

from __future__ import annotations

import argparse
import math
import os
import statistics
import sys
import tempfile
import time
from pathlib import Path

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


def first_hit(token: str, path: str, tls: TlsFiles | None) -> float:
    with serve(tls=tls) as base:
        headers = {"User-Agent": "bench/1.0", "Authorization": f"Discogs token={token}"}
        verify = str(tls.trust) if tls else True
        with httpx.Client(base_url=base, headers=headers, verify=verify, timeout=120) as client:
            client.get("/_sandbox/stats")  # connect (and handshake) first: time the request
            start = time.perf_counter()
            answer = client.get(path)
            elapsed = time.perf_counter() - start
        if answer.status_code != 200:
            raise SystemExit(f"{path}: {answer.status_code} {answer.text[:200]}")
    return elapsed


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=3, help="fresh sandboxes per endpoint")
    parser.add_argument("--tls", action="store_true", help="over HTTPS")
    parser.add_argument("--only", default="", help="only the paths that contain this")
    args = parser.parse_args()
    tls = sandbox_tls_files(Path(tempfile.mkdtemp())) if args.tls else None
    results = []
    every = []
    print(f"load average at start: {os.getloadavg()}")
    print(f"{'median':>8}    {'p95':>8}")
    for token, path in PATHS:
        if args.only not in path:
            continue
        path = path.replace("{shelf}", str(SHELF.get(token, 0)))
        times = sorted(first_hit(token, path, tls) for _ in range(args.runs))
        every += times
        results.append((statistics.median(times), path))
        print(
            f"{statistics.median(times) * 1000:8.1f} ms {p95(times) * 1000:8.1f} ms  {path}",
            flush=True,
        )
    slowest, path = max(results)
    print(f"load average at end: {os.getloadavg()}")
    print(
        f"all first hits: median {statistics.median(every) * 1000:.1f} ms, p95 {p95(every) * 1000:.1f} ms"
    )
    print(f"slowest first-hit GET: {slowest * 1000:.1f} ms ({path}); target < 100 ms")


def p95(times: list[float]) -> float:
    ordered = sorted(times)
    return ordered[min(len(ordered) - 1, math.ceil(0.95 * len(ordered)) - 1)]


if __name__ == "__main__":
    main()

"""Benchmark: the first GET of each endpoint on a fresh sandbox, over loopback (not a test).

    python tests/bench/bench_sandbox_first_hit.py [--runs N] [--tls]

For each GET below (every GET of the endpoint index, for the users whose data is biggest: the
demo user, and the 50,000-copy user where it has the endpoint), a fresh sandbox is served by
uvicorn on 127.0.0.1 and the endpoint is asked once, by a client that already holds a
connection (so only the request is timed). Prints each endpoint's first-hit time (median over
N fresh sandboxes) and the slowest. Target: the slowest under 100 ms.
"""

from __future__ import annotations

import argparse
import statistics
import sys
import tempfile
import time
from pathlib import Path

import httpx

sys.path.insert(0, str(Path(__file__).resolve().parents[2]))

from discogs_tui.sandbox.config import BIG_TOKEN, DEMO_TOKEN, DEMO_USERNAME
from discogs_tui.sandbox.demo_users import BIG_USERNAME
from discogs_tui.sandbox.examples import RELEASE_249504
from discogs_tui.sandbox.tls import TlsFiles, sandbox_tls_files
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
    (BIG_TOKEN, f"/users/{BIG}/collection/folders"),
    (BIG_TOKEN, f"/users/{BIG}/collection/folders/0"),
    (BIG_TOKEN, f"/users/{BIG}/collection/releases/249504"),
    (BIG_TOKEN, f"/users/{BIG}/collection/folders/0/releases?sort=artist"),
    (BIG_TOKEN, f"/users/{BIG}/collection/fields"),
    (BIG_TOKEN, f"/users/{BIG}/collection/value"),
    (DEMO_TOKEN, f"/users/{BIG}/collection/folders/0/releases"),
    (DEMO_TOKEN, f"/users/{DEMO}/wants"),
    (DEMO_TOKEN, f"/users/{DEMO}/lists"),
    (DEMO_TOKEN, "/lists/3"),
    (DEMO_TOKEN, "/images/" + RELEASE_249504["images"][0]["uri"].split(".discogs.com/", 1)[1]),
]


def first_hit(token: str, path: str, tls: TlsFiles | None) -> float:
    with serve(tls=tls) as base:
        headers = {"User-Agent": "bench/1.0", "Authorization": f"Discogs token={token}"}
        verify = str(tls.trust) if tls else True
        with httpx.Client(base_url=base, headers=headers, verify=verify) as client:
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
    args = parser.parse_args()
    tls = sandbox_tls_files(Path(tempfile.mkdtemp())) if args.tls else None
    results = []
    for token, path in PATHS:
        times = [first_hit(token, path, tls) for _ in range(args.runs)]
        results.append((statistics.median(times), path))
        print(f"{statistics.median(times) * 1000:8.1f} ms  {path}", flush=True)
    slowest, path = max(results)
    print(f"slowest first-hit GET: {slowest * 1000:.1f} ms ({path}); target < 100 ms")


if __name__ == "__main__":
    main()

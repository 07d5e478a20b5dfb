"""Soak: ``discogs-tui watch`` against ``discogs-tui sandbox serve`` (the real 60 s window)
for a while, every want checked each round (not part of the test run).

    python tests/bench/bench_watch_soak.py [--minutes 30] [--rate 20]

Prints, every minute, the watcher's RSS and the requests the server answered in that
minute, then the RSS at the start and end (after the first minute, once imports settled),
the mean rate against ``--rate``, and the server's count of 429s.
"""

from __future__ import annotations

import argparse
import os
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[2]))

from discogs_tui.sandbox.config import DEMO_TOKEN
from tests.bench.bench_contention import sandbox_serve, server_stats


def rss_mib(pid: int) -> float:
    for line in Path(f"/proc/{pid}/status").read_text().splitlines():
        if line.startswith("VmRSS:"):
            return int(line.split()[1]) / 1024
    return 0.0


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--minutes", type=float, default=30)
    parser.add_argument("--rate", type=int, default=20)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as home, sandbox_serve() as base:
        env = {
            **os.environ,
            "DISCOGS_TOKEN": DEMO_TOKEN,
            "DISCOGS_TUI_DATA_DIR": f"{home}/data",
            "DISCOGS_TUI_CACHE_DIR": f"{home}/cache",
            "DISCOGS_TUI_CONFIG_DIR": f"{home}/config",
        }
        command = [
            sys.executable,
            "-m",
            "discogs_tui",
            "--api-url",
            base,
            "watch",
            "--every",
            "0",
            "--rate",
            str(args.rate),
        ]
        watcher = subprocess.Popen(
            command, env=env, stdout=subprocess.PIPE, stderr=subprocess.DEVNULL, text=True
        )
        rss, rates = [], []
        try:
            before = server_stats(base)["requests"]
            for minute in range(1, int(args.minutes) + 1):
                time.sleep(60)
                now = server_stats(base)["requests"]
                rates.append(now - before)
                before = now
                rss.append(rss_mib(watcher.pid))
                print(
                    f"minute {minute:3}: RSS {rss[-1]:6.1f} MiB, {rates[-1]:3} requests", flush=True
                )
        finally:
            watcher.terminate()
            out, _ = watcher.communicate(timeout=30)
        stats = server_stats(base)
        checks = sum(1 for line in out.splitlines() if " check " in line)
        steady = rates[1:] or rates
        print(
            f"RSS after minute 1: {rss[0]:.1f} MiB; at the end: {rss[-1]:.1f} MiB "
            f"(max {max(rss):.1f})"
        )
        print(
            f"requests a minute (after the first): mean {statistics.mean(steady):.1f}, "
            f"max {max(steady)} for --rate {args.rate}; {checks} want checks; "
            f"429s: {stats['rate_limited']}; history "
            f"{sum(f.stat().st_size for f in Path(home, 'data').rglob('*.json')) / 1024:.0f} KiB"
        )


if __name__ == "__main__":
    main()

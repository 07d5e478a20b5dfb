"""Startup benchmark: `discogs-tui --demo` against a bare Textual app with the same widgets
(not part of the test run).

    python tests/bench/bench_startup.py [--runs 7]

Method. Each app runs as a fresh process on its own pseudo-terminal of 80×24
(TERM=xterm-256color), exactly as a user starts it, with nothing added to either: the time
runs from just before the process is spawned to the moment the terminal receives the
first frame that shows "Type a search and press Enter." — drawn by discogs-tui's search
screen once it has mounted, loaded and focused its search field, and by the bare app in its
``on_mount`` with its Input focused. That frame is the first one a user can type into. Then
ctrl+q quits the app. The two apps alternate, after one unmeasured warm-up run of each
(bytecode and disk caches), and the medians are compared; the target is a ratio of ≤ 1.3.

The bare app (``--bare``, run by this script) is a status line, an Input, a DataTable with
the search screen's columns and a Footer.
"""

from __future__ import annotations

import argparse
import fcntl
import os
import pty
import re
import select
import statistics
import struct
import subprocess
import sys
import tempfile
import termios
import time

MARKER = b"Type a search and press Enter."
SIZE = (24, 80)  # rows, columns
TIMEOUT = 30.0
TARGET = 1.3
_ESCAPES = re.compile(rb"\x1b(?:\[[0-?]*[ -/]*[@-~]|\][^\x07\x1b]*(?:\x07|\x1b\\)|[@-Z\\-_])")


def run_bare() -> None:
    """The comparison: Textual alone, the same widgets, no service, no sandbox."""
    from textual.app import App
    from textual.widgets import DataTable, Footer, Input, Static

    columns = ("Type", "Title", "Year", "Format", "Label", "Cat#", "Country", "Have", "Want")

    class Bare(App):
        def compose(self):
            yield Static("discogs-tui  Search")
            yield Input(placeholder="Search Discogs")
            yield Static(id="summary")
            yield DataTable()
            yield Footer()

        def on_mount(self) -> None:
            self.query_one(DataTable).add_columns(*columns)
            self.query_one(Input).focus()
            self.query_one("#summary", Static).update(MARKER.decode())

    Bare().run()


def first_frame(argv: list[str], env: dict[str, str]) -> float:
    """Seconds from spawning ``argv`` on a new pty to the frame that shows MARKER."""
    master, slave = pty.openpty()
    fcntl.ioctl(slave, termios.TIOCSWINSZ, struct.pack("HHHH", *SIZE, 0, 0))
    started = time.monotonic()
    process = subprocess.Popen(
        argv, stdin=slave, stdout=slave, stderr=slave, env=env, start_new_session=True
    )
    os.close(slave)
    try:
        elapsed = _read_until_marker(master, started)
        os.write(master, b"\x11")  # ctrl+q
        _drain_until_exit(master, process)
    finally:
        if process.poll() is None:
            process.kill()
            process.wait()
        os.close(master)
    return elapsed


def _read_until_marker(master: int, started: float) -> float:
    output = b""
    while MARKER not in _ESCAPES.sub(b"", output):
        remaining = started + TIMEOUT - time.monotonic()
        if remaining <= 0 or not select.select([master], [], [], remaining)[0]:
            raise TimeoutError(f"no first frame in {TIMEOUT:g} s")
        output += os.read(master, 1 << 16)
    return time.monotonic() - started


def _drain_until_exit(master: int, process: subprocess.Popen) -> None:
    deadline = time.monotonic() + TIMEOUT
    while process.poll() is None and time.monotonic() < deadline:
        if select.select([master], [], [], 0.1)[0]:
            try:
                os.read(master, 1 << 16)
            except OSError:  # the pty closed with the process
                break
    process.wait(timeout=TIMEOUT)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--runs", type=int, default=7)
    parser.add_argument("--bare", action="store_true", help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.bare:
        run_bare()
        return
    with tempfile.TemporaryDirectory(prefix="bench-startup-") as home:
        # Without PYTHONDONTWRITEBYTECODE (set in some shells): the warm-up run writes the
        # bytecode an installed app has; else every run compiled the app's modules again.
        env = {
            k: v
            for k, v in os.environ.items()
            if not k.startswith("DISCOGS_") and k != "PYTHONDONTWRITEBYTECODE"
        }
        env.update(
            {f"DISCOGS_TUI_{d}_DIR": f"{home}/{d.lower()}" for d in ("CONFIG", "DATA", "CACHE")}
        )
        env.update(TERM="xterm-256color", COLORTERM="truecolor")
        apps = {
            "discogs-tui --demo": [sys.executable, "-m", "discogs_tui", "--demo"],
            "bare Textual app": [sys.executable, os.path.abspath(__file__), "--bare"],
        }
        times: dict[str, list[float]] = {name: [] for name in apps}
        for round_ in range(args.runs + 1):  # round 0 warms up
            for name, argv in apps.items():
                elapsed = first_frame(argv, env)
                if round_:
                    times[name].append(elapsed)
    medians = {name: statistics.median(values) for name, values in times.items()}
    for name, values in times.items():
        runs = " ".join(f"{v * 1000:.0f}" for v in values)
        print(f"{name:<20} median {medians[name] * 1000:6.0f} ms   (runs, ms: {runs})")
    # Each run against the bare run beside it: on a shared machine whose speed drifts, the
    # pairs hold better than the medians' ratio.
    pairs = [a / b for a, b in zip(*times.values(), strict=True)]
    ratio = medians["discogs-tui --demo"] / medians["bare Textual app"]
    verdict = "within" if ratio <= TARGET else "ABOVE"
    print(f"ratio {ratio:.2f} ({verdict} the target of {TARGET})")
    print(
        f"pair by pair: median {statistics.median(pairs):.2f}, min {min(pairs):.2f},"
        f" max {max(pairs):.2f}; load average {os.getloadavg()[0]:.1f}"
    )


if __name__ == "__main__":
    main()

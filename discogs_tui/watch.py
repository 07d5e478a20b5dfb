"""``discogs-tui watch``: the headless box keeps watch. In the foreground until stopped (a
systemd service, tmux), one log line per event; ``--once`` for cron: one round, then a
summary for cron's mail, exit 0 (1 when Discogs could not be reached). ``--json``: the
events, and the summary, as JSON lines.

Requests go at ``--rate`` a minute at most (default 20), never more than the limit minus
``INTERACTIVE_ROOM``, and share the window with the app through the data dir
(``api/shared_budget.py``). One watcher runs per data dir (a lock file says so).
"""

from __future__ import annotations

import argparse
import asyncio
import contextlib
import fcntl
import json
import os
import sys
import time
from collections.abc import Iterator
from datetime import UTC, datetime
from pathlib import Path
from typing import IO, TYPE_CHECKING

from discogs_tui.api.markup import strip_controls
from discogs_tui.api.ratelimit import AUTHENTICATED_LIMIT

if TYPE_CHECKING:
    from discogs_tui.api.watch import Event, RoundReport

DEFAULT_RATE = 20
INTERACTIVE_ROOM = 20  # requests a minute always left to the app on the same account
MAX_RATE = AUTHENTICATED_LIMIT - INTERACTIVE_ROOM
DEFAULT_EVERY = 360  # minutes between two checks of a want
MAX_SLEEP = 15 * 60.0  # the mirror is synced at least this often in the foreground
RETRY_AFTER_FAILURE = 5 * 60.0
HONEST = (
    "Discogs' API gives the number for sale and the lowest price only; each listing's "
    "condition and shipping are on its listings page."
)


def rate(text: str) -> int:
    value = int(text)
    if not 1 <= value <= MAX_RATE:
        raise argparse.ArgumentTypeError(
            f"must be 1 to {MAX_RATE}: the account's limit is {AUTHENTICATED_LIMIT} a minute "
            f"and {INTERACTIVE_ROOM} stay free for the app"
        )
    return value


def every(text: str) -> float:
    value = float(text)
    if value < 0:
        raise argparse.ArgumentTypeError("must be 0 or more minutes")
    return value


def add_parser(commands: argparse._SubParsersAction) -> None:
    watch = commands.add_parser(
        "watch",
        help="keep watch: sync the collection, check wants for copies for sale, note its value",
    )
    watch.add_argument("--once", action="store_true", help="one round and a summary (for cron)")
    watch.add_argument("--json", action="store_true", help="print events as JSON lines")
    watch.add_argument(
        "--rate",
        type=rate,
        default=DEFAULT_RATE,
        metavar="N",
        help=f"requests a minute at most (default {DEFAULT_RATE}, at most {MAX_RATE})",
    )
    watch.add_argument(
        "--every",
        type=every,
        default=DEFAULT_EVERY,
        metavar="MINUTES",
        help=f"check a want again after this long (default {DEFAULT_EVERY}; 0: every round)",
    )
    watch.add_argument(
        "-v", "--verbose", action="store_true", help="with --once: print each event too"
    )


# -- output -------------------------------------------------------------------------------------
class Output:
    def __init__(self, args: argparse.Namespace, out: IO[str]) -> None:
        self.json = args.json
        self.quiet = args.once and not args.verbose and not args.json
        self.out = out

    def event(self, event: Event) -> None:
        if self.quiet:
            return
        if self.json:
            line = {"time": _stamp(), **event.as_json()}
            self.out.write(json.dumps(line, ensure_ascii=False) + "\n")
        else:
            self.out.write(f"{_stamp()} {event.kind:<11} {strip_controls(event.text)}\n")
        self.out.flush()

    def summary(self, report: RoundReport) -> None:
        if self.json:
            line = {"time": _stamp(), "event": "summary", "text": summary_text(report)}
            self.out.write(json.dumps(line, ensure_ascii=False) + "\n")
        else:
            self.out.write(strip_controls(summary_text(report)) + "\n")
        self.out.flush()


def _stamp() -> str:
    return datetime.now(UTC).strftime("%Y-%m-%dT%H:%M:%SZ")


HEADINGS = {
    "under alert": ("want for sale under your price", "wants for sale under your price"),
    "for sale": ("want newly for sale", "wants newly for sale"),
    "price drop": ("want with a lower price", "wants with a lower price"),
}


def summary_text(report: RoundReport) -> str:
    from discogs_tui.api.watch import change_text

    lines = []
    for kind, (one, many) in HEADINGS.items():
        changes = [c for c in report.changes if c.kind == kind]
        if not changes:
            continue
        lines.append(f"{len(changes)} {one if len(changes) == 1 else many}:")
        for change in changes:
            title = report.titles.get(change.release_id, f"release {change.release_id}")
            lines.append(f"  {change_text(change, title)}")
    if not lines:
        lines.append("Nothing new for sale.")
    checked = f"Checked {report.checked:,} of {len(report.titles):,} wants"
    if report.value is not None:
        low, median, high, symbol = report.value
        checked += (
            f"; the collection is worth {symbol}{low:,.2f} / {symbol}{median:,.2f} / "
            f"{symbol}{high:,.2f} (min / median / max)"
        )
    lines.append(checked + ".")
    if report.changes:
        lines.append(HONEST)
    return "\n".join(lines)


# -- the command --------------------------------------------------------------------------------
@contextlib.contextmanager
def one_watcher(directory: Path | None) -> Iterator[bool]:
    """Whether this is the only watcher of the data dir (held until the block ends)."""
    if directory is None:
        yield True
        return
    directory.mkdir(parents=True, exist_ok=True, mode=0o700)
    fd = os.open(directory / "watch.lock", os.O_RDWR | os.O_CREAT, 0o600)
    try:
        try:
            fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except BlockingIOError:
            yield False
            return
        yield True
    finally:
        os.close(fd)


async def _watch(args: argparse.Namespace, output: Output) -> int:
    from discogs_tui.api.errors import DiscogsError
    from discogs_tui.api.history import WatchHistory
    from discogs_tui.api.watch import Watcher
    from discogs_tui.export_command import service_for

    service, username, directory = service_for(args)
    async with service:
        service.client.limiter.ceiling = args.rate
        with one_watcher(directory) as alone:
            if not alone:
                print(
                    "discogs-tui: another `discogs-tui watch` is running on this data dir; "
                    "nothing done.",
                    file=sys.stderr,
                )
                return 2
            try:
                username = username or await service.sign_in_check()
            except DiscogsError as error:
                print(f"discogs-tui: could not reach Discogs: {error}", file=sys.stderr)
                return 1
            watcher = Watcher(
                service,
                username,
                directory,
                WatchHistory(username, directory),
                fresh_for=args.every * 60,
                emit=output.event,
            )
            while True:
                try:
                    report = await watcher.round()
                except DiscogsError as error:
                    if args.once:
                        print(f"discogs-tui: could not reach Discogs: {error}", file=sys.stderr)
                        return 1
                    _failed(output, error)
                    await asyncio.sleep(RETRY_AFTER_FAILURE)
                    continue
                if args.once:
                    output.summary(report)
                    return 0
                pause = min(MAX_SLEEP, watcher.seconds_until_due())
                await asyncio.sleep(pause)


def _failed(output: Output, error: Exception) -> None:
    from discogs_tui.api.watch import Event

    minutes = RETRY_AFTER_FAILURE / 60
    output.event(Event("error", f"{error}; trying again in {minutes:g} minutes"))


def main(args: argparse.Namespace) -> int:
    from discogs_tui.config import ConfigError
    from discogs_tui.export import ExportFailed
    from discogs_tui.export_command import interrupt_on_termination
    from discogs_tui.launch import BadLocation

    interrupt_on_termination()
    output = Output(args, sys.stdout)
    started = time.monotonic()
    try:
        return asyncio.run(_watch(args, output))
    except (ExportFailed, ConfigError, BadLocation) as error:
        print(f"discogs-tui: {error}", file=sys.stderr)
        return 2
    except KeyboardInterrupt:  # what was learnt is saved; the next run resumes
        if not args.once:
            minutes = (time.monotonic() - started) / 60
            print(f"discogs-tui: watch stopped after {minutes:.0f} minutes.", file=sys.stderr)
        return 0 if not args.once else 130

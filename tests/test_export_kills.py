"""Exports replace their file whole: kills (``kill -9`` mostly, and SIGTERM, SIGHUP and
Ctrl-C) at random moments while an export of 20,000 copies is written leave the previous export
or the new one, whole, every time.

Children are forked from this process with the rows already built (as in
``test_crash_safety``): each writes the export of its round through the CLI's writer
(``discogs-tui export … -o FILE``), the in-app form's, or the inventory export download's, and is
killed somewhere between its start and a little past the measured time a write takes.
"""

from __future__ import annotations

import argparse
import csv
import json
import os
import random
import signal
import time
from pathlib import Path

from discogs_tui import atomic, export, export_command

KILLS = 36
COPIES = 20_000
SEED = 20261207
# kill -9 most often: it is the one no handler can soften
SIGNALS = [signal.SIGKILL] * 6 + [signal.SIGTERM, signal.SIGHUP, signal.SIGINT]


def rows_of(round_number: int) -> list[dict]:
    same = {column: f"r{round_number}" for column in export.COLLECTION_COLUMNS}
    return [{**same, "release_id": index} for index in range(COPIES)]


def write_cli(path: Path, round_number: int, rows: list[dict], fmt: str) -> None:
    args = argparse.Namespace(output=str(path), format=fmt)
    export_command._write(args, export.COLLECTION_COLUMNS, rows)


def write_in_app(path: Path, round_number: int, rows: list[dict], fmt: str) -> None:
    export.write_file(path, fmt, export.COLLECTION_COLUMNS, rows)


def write_download(path: Path, round_number: int, rows: list[dict], fmt: str) -> None:
    """The inventory export download: bytes fetched from Discogs, saved (as CSV)."""
    lines = [",".join(export.COLLECTION_COLUMNS)]
    lines += [",".join(str(row[c]) for c in export.COLLECTION_COLUMNS) for row in rows]
    atomic.write(path, ("\n".join(lines) + "\n").encode())


WRITERS = (write_cli, write_in_app, write_download)


def round_in(path: Path, fmt: str) -> int:
    """The round whose export ``path`` holds whole; fails the test on a partial file."""
    text = path.read_text(encoding="utf-8")
    if fmt == "json":
        rows = [[row["release_id"], row["Title"]] for row in json.loads(text)]  # cut: no parse
    else:
        assert text.endswith("\n"), "the CSV export was cut"
        reader = csv.reader(text.splitlines())
        where = next(reader).index("release_id")
        rows = [[int(row[where]), row[2]] for row in reader]
    assert [release_id for release_id, _ in rows] == list(range(COPIES)), "rows missing"
    rounds = {title for _, title in rows}
    assert len(rounds) == 1, f"rows of several exports: {sorted(rounds)[:3]}"
    return int(rounds.pop()[1:])


def run_child(write, path: Path, round_number: int, rows: list[dict], fmt: str) -> int:
    pid = os.fork()
    if pid:
        return pid
    code = 0
    try:
        export_command.interrupt_on_termination()  # as `discogs-tui export` does
        write(path, round_number, rows, fmt)
    except KeyboardInterrupt:
        code = 130
    except BaseException:
        code = 1
    finally:
        os._exit(code)


def stop(pid: int, signum: int) -> str:
    """Send ``signum``; "killed" when it ended the child mid-write, else "finished"."""
    os.kill(pid, signum)
    _, status = os.waitpid(pid, 0)
    if os.WIFSIGNALED(status):
        return "killed"
    code = os.WEXITSTATUS(status)
    assert code in (0, 130), f"the child failed with exit code {code}"
    return "killed" if code == 130 else "finished"


def test_kills_during_exports_leave_the_previous_file_or_the_new_one(tmp_path):
    rng = random.Random(SEED)
    paths = {fmt: tmp_path / f"collection.{fmt}" for fmt in ("csv", "json")}
    started = time.monotonic()
    for fmt, path in paths.items():  # a first good export of each, timed
        write_cli(path, 1, rows_of(1), fmt)
    write_time = (time.monotonic() - started) / len(paths)
    last = {"csv": 1, "json": 1}
    mid_write = after_rename = 0
    round_number = 1
    while mid_write < KILLS:
        round_number += 1
        assert round_number < 4 * KILLS, "too few kills landed during a write"
        write = rng.choice(WRITERS)
        fmt = "csv" if write is write_download else rng.choice(("csv", "json"))
        signum = rng.choice(SIGNALS)
        pid = run_child(write, paths[fmt], round_number, rows_of(round_number), fmt)
        time.sleep(rng.uniform(0, write_time * 1.2))
        outcome = stop(pid, signum)
        found = round_in(paths[fmt], fmt)
        assert found in (last[fmt], round_number), f"round {round_number}: found {found}"
        if outcome == "killed" and found == last[fmt]:
            mid_write += 1
        elif outcome == "killed":
            after_rename += 1
        last[fmt] = found
        temps = [p for p in tmp_path.iterdir() if p.name not in {"collection.csv", "collection.json"}]
        assert all(p.name.startswith(".collection.") and p.suffix == ".tmp" for p in temps)
        if signum != signal.SIGKILL:
            assert not temps, "a handled signal must remove the temp file"
        for temp in temps:  # what kill -9 leaves: hidden, beside the export, never the export
            temp.unlink()
    print(f"{mid_write} kills during a write, {after_rename} after its rename, {round_number - 1} rounds")

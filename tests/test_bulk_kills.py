"""A 200-step bulk move (``discogs-tui bulk collection move``), killed with ``kill -9`` at
random moments 30 times, restarted each time with ``discogs-tui bulk resume``: in the end
every copy is in the new folder, and Discogs received exactly one move per copy (a step
whose answer was lost to a kill was read back, never sent again).

The kills land while the job runs: after the journal's log has grown (a step was under
way), a random few milliseconds later, so they fall before, during and after requests and
journal writes alike."""

from __future__ import annotations

import os
import random
import signal
import subprocess
import sys
import time
from collections import Counter
from pathlib import Path

import httpx

from discogs_tui.sandbox import create_app
from discogs_tui.sandbox.config import DEMO_TOKEN, DEMO_USERNAME
from tests.conftest import roomy_config
from tests.loopback import serve

COPIES = 200
KILLS = 30
SEED = 20261208
USER = DEMO_USERNAME
AUTH = {"Authorization": f"Discogs token={DEMO_TOKEN}"}


class MovesApplied:
    """The sandbox, counting per instance the moves that changed its folder (whether or not
    the client was still there to read the answer), beside the POSTs it received."""

    def __init__(self, app) -> None:
        self.app = app
        self.state = app.state  # the loopback server reads nothing else of it
        self.applied: Counter[int] = Counter()
        self.received = 0

    async def __call__(self, scope, receive, send) -> None:
        path = scope.get("path", "")
        if scope["type"] != "http" or scope["method"] != "POST" or "/instances/" not in path:
            return await self.app(scope, receive, send)
        self.received += 1
        instance_id = int(path.rsplit("/", 1)[1])
        copies = self.state.sandbox.user(USER).instances
        before = copies[instance_id].folder_id
        await self.app(scope, receive, send)
        if copies[instance_id].folder_id != before:
            self.applied[instance_id] += 1


def folder(api: httpx.Client, name: str) -> int:
    return api.post(f"/users/{USER}/collection/folders", json={"name": name}).json()["id"]


def copies_in(api: httpx.Client, folder_id: int) -> list[int]:
    found, page = [], 1
    while True:
        body = api.get(f"/users/{USER}/collection/folders/{folder_id}/releases",
                       params={"page": page, "per_page": 100}).json()  # fmt: skip
        found += [c["instance_id"] for c in body["releases"]]
        if page >= body["pagination"]["pages"]:
            return found
        page += 1


def box_of(api: httpx.Client, box: int) -> list[int]:
    """Put the first COPIES copies of the collection in folder ``box``."""
    moved, page = [], 1
    while len(moved) < COPIES:
        body = api.get(f"/users/{USER}/collection/folders/0/releases",
                       params={"page": page, "per_page": 100}).json()  # fmt: skip
        for copy in body["releases"][: COPIES - len(moved)]:
            path = (f"/users/{USER}/collection/folders/{copy['folder_id']}/releases/"
                    f"{copy['id']}/instances/{copy['instance_id']}")  # fmt: skip
            assert api.post(path, json={"folder_id": box}).status_code == 204
            moved.append(copy["instance_id"])
        page += 1
    return moved


def start(base_url: str, home: Path, *words: str) -> subprocess.Popen:
    env = {
        **os.environ,
        "DISCOGS_TOKEN": DEMO_TOKEN,
        "DISCOGS_TUI_DATA_DIR": str(home / "data"),
        "DISCOGS_TUI_CACHE_DIR": str(home / "cache"),
        "DISCOGS_TUI_CONFIG_DIR": str(home / "config"),
    }
    # A budget shared with a killed process would count its sends for a minute (see
    # test_bulk_cli): each run starts as if a minute had passed.
    (home / "data" / "budget-v1" / "sent.log").unlink(missing_ok=True)
    return subprocess.Popen(
        [sys.executable, "-m", "discogs_tui", "--api-url", base_url, "bulk", *words, "-y", "-q"],
        env=env, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True,
    )  # fmt: skip


def journal_size(home: Path) -> int:
    logs = list((home / "data" / "bulk-v1").glob("*.log")) if (home / "data").exists() else []
    return logs[0].stat().st_size if logs else -1


def kill_mid_job(process: subprocess.Popen, home: Path, rng: random.Random) -> bool:
    """Kill ``process`` a random moment after its job has taken a step; False when it ended
    first (the job was done)."""
    size = journal_size(home)
    deadline = time.monotonic() + 60
    while journal_size(home) == size and process.poll() is None:
        assert time.monotonic() < deadline, "the job took no step in a minute"
        time.sleep(0.002)
    time.sleep(rng.uniform(0, 0.05))
    if process.poll() is not None:
        return False
    os.kill(process.pid, signal.SIGKILL)
    process.wait()
    return True


def test_a_bulk_move_killed_30_times_moves_every_copy_exactly_once(tmp_path: Path) -> None:
    rng = random.Random(SEED)
    sandbox = MovesApplied(create_app(roomy_config()))
    with serve(app=sandbox) as base_url, httpx.Client(base_url=base_url, headers=AUTH) as api:
        box, shelf = folder(api, "Box"), folder(api, "Shelf")
        boxed = box_of(api, box)
        sandbox.applied.clear()
        sandbox.received = 0
        process = start(
            base_url, tmp_path, "collection", "move", "--folder", "Box", "--to", "Shelf"
        )
        kills = 0
        while kills < KILLS:
            assert kill_mid_job(process, tmp_path, rng), (
                f"the job ended after {kills} kills: {process.communicate()}"
            )
            kills += 1
            process = start(base_url, tmp_path, "resume")
        out, err = process.communicate(timeout=120)
        assert process.returncode == 0, (out, err)
        in_shelf = copies_in(api, shelf)
    assert sorted(in_shelf) == sorted(boxed)
    twice = {instance: n for instance, n in sandbox.applied.items() if n > 1}
    assert not twice, f"moved more than once: {twice}"
    assert set(sandbox.applied) == set(boxed)
    # A kill while a request was being written can leave one the server never applied
    # (its body cut short): the read after the restart finds the copy unmoved and sends it.
    print(
        f"{kills} kills; {sandbox.received} moves received, {sum(sandbox.applied.values())} applied"
    )

"""``kill -9`` at random moments during collection mirror syncs and response-cache writes,
and two instances at once: every next start succeeds and nothing acknowledged is lost.

Children are forked from this process, which has already imported everything and built the
in-process sandbox: a fork costs about 20 ms here, a new interpreter 0.55 s of imports and
1.3 s more to build the sandbox (61 children: about 1 s against 2 minutes). A child acknowledges each page the mirror has stored (the sync's progress
callback) and each cache ``put``/``bump`` that returned, with one ``write(2)`` to an append-only
file: once the call returns the line is the kernel's, and killing the child can't take it back.
After every kill this process opens the stores, as the next start would, and checks them.
"""

from __future__ import annotations

import asyncio
import itertools
import os
import random
import signal
import time
import traceback
from collections.abc import Callable
from pathlib import Path

import httpx
import pytest

from discogs_tui.api.cache import SHARDS, ResponseCache
from discogs_tui.api.mirror import CollectionMirror
from discogs_tui.demo import sandbox_service
from discogs_tui.sandbox import create_app
from discogs_tui.sandbox.config import DEMO_TOKEN, DEMO_USERNAME
from tests.conftest import roomy_config

MIRROR_KILLS = 24
CACHE_KILLS = 24
PAIR_ROUNDS = 6  # two instances at once, both killed: 12 kills
SEED = 20261127
RELEASE = 249504  # added to the collection again before every round: something new to store


# -- acknowledgements -----------------------------------------------------------------------------
class Acks:
    """Append-only lines, each with one ``write(2)``."""

    def __init__(self, path: Path) -> None:
        self.path = path
        self._fd: int | None = None

    def __call__(self, *words: object) -> None:
        if self._fd is None:
            self._fd = os.open(self.path, os.O_WRONLY | os.O_CREAT | os.O_APPEND, 0o600)
        os.write(self._fd, (" ".join(map(str, words)) + "\n").encode())

    def lines(self) -> list[list[str]]:
        """The complete lines so far (a line cut by the kill was never acknowledged)."""
        try:
            text = self.path.read_text()
        except FileNotFoundError:
            return []
        return [line.split() for line in text.splitlines(keepends=True) if line.endswith("\n")]

    def owned(self, store: str) -> bool:
        """Whether this child took ``store`` (mirror, cache) for writing."""
        return ["open", store, "1"] in self.lines()


def fork(child: Callable[[], object], acks: Acks) -> int:
    """Run ``child`` in a forked process; a failure is acknowledged as ``error`` lines."""
    pid = os.fork()
    if pid:
        return pid
    code = 0
    try:
        child()
    except BaseException:
        acks("error", traceback.format_exc().replace("\n", " | "))
        code = 1
    finally:
        os._exit(code)


def kill(pid: int) -> bool:
    """SIGKILL ``pid``; whether it was still running (a kill, not a finished child)."""
    os.kill(pid, signal.SIGKILL)
    _, status = os.waitpid(pid, 0)
    return os.WIFSIGNALED(status) and os.WTERMSIG(status) == signal.SIGKILL


def finish(pid: int) -> None:
    _, status = os.waitpid(pid, 0)
    assert os.WIFEXITED(status) and os.WEXITSTATUS(status) == 0


def no_errors(acks: Acks) -> None:
    errors = [" ".join(line[1:]) for line in acks.lines() if line[0] == "error"]
    assert not errors, errors[0].replace(" | ", "\n")


# -- what children do -----------------------------------------------------------------------------
async def sync_mirror(sandbox, directory: Path, acks: Acks, full: bool) -> None:
    """Sync the demo user's collection; acknowledge the instances of each stored page."""
    service = sandbox_service(sandbox)
    mirror = CollectionMirror(service, DEMO_USERNAME, directory)
    acks("open", "mirror", int(mirror.writable))
    fetched: dict[int, list[int]] = {}
    fetch = service.collection.folder_releases

    async def recording(*args, **kwargs):
        page = await fetch(*args, **kwargs)
        fetched[page.page] = [item["instance_id"] for item in page.items]
        return page

    service.collection.folder_releases = recording
    # The mirror reports a page done once it is stored.
    await mirror.sync(lambda done, _pages: acks("page", *fetched.pop(done, [])), full=full)
    acks("synced")


def syncing(sandbox, directory: Path, acks: Acks, full: bool) -> Callable[[], None]:
    return lambda: asyncio.run(sync_mirror(sandbox, directory, acks, full))


def body_of(key: str) -> bytes:
    """A body of its own for each key, mostly incompressible, 100 bytes to 6 kB."""
    rng = random.Random(key)
    return rng.randbytes(rng.randint(100, 6000))


async def write_cache(directory: Path, acks: Acks, prefix: str) -> None:
    """Put entries for ever, bumping a scope every tenth; acknowledge each."""
    cache = ResponseCache(directory)
    acks("open", "cache", int(cache.writable))
    scope = f"scope-{prefix}"
    for index in itertools.count():
        key = f"{prefix}-{index}"
        cache.put(key, body_of(key), ttl=3600)
        acks("put", key)
        if index % 10 == 9:
            cache.bump(scope)
            acks("bump", scope, cache.generation(scope))
        await asyncio.sleep(0)  # let a sync running beside it go on


def writing(directory: Path, acks: Acks, prefix: str) -> Callable[[], None]:
    return lambda: asyncio.run(write_cache(directory, acks, prefix))


# -- checks, as the next start would open the stores --------------------------------------------
def acked_instances(acks: Acks) -> set[int]:
    return {int(word) for line in acks.lines() if line[0] == "page" for word in line[1:]}


def check_mirror(directory: Path, acknowledged: set[int]) -> int:
    """Open the mirror; every acknowledged instance is there. Its size."""
    mirror = CollectionMirror(None, DEMO_USERNAME, directory)  # type: ignore[arg-type]
    try:
        assert mirror.writable, "the killed owner's lock outlived it"
        missing = sorted(i for i in acknowledged if mirror.get(i) is None)
        assert not missing, f"{len(missing)} acknowledged instances lost, e.g. {missing[:5]}"
        return len(mirror)
    finally:
        mirror.close()


def check_cache(directory: Path, acks: list[Acks], sample: int | None = None) -> None:
    """Open the cache: every acknowledged bump holds, every acknowledged put is there with its
    body (of earlier rounds, ``sample`` of them: reading them all each time is slow), and no
    temporary file of a cut-off write is left behind."""
    *earlier, latest = [a.lines() for a in acks]
    lines = [line for lines in earlier for line in lines]
    if sample is not None:
        lines = random.Random(SEED).sample(lines, min(sample, len(lines)))
    cache = ResponseCache(directory)
    try:
        assert cache.writable, "the killed owner's lock outlived it"
        for line in lines + latest:
            if line[0] == "put":
                hit = cache.get(line[1])
                assert hit is not None and hit.body == body_of(line[1]), f"lost {line[1]}"
            elif line[0] == "bump":
                assert cache.generation(line[1]) >= int(line[2]), f"lost {line[1]} {line[2]}"
        assert not temp_files(cache.directory)
        assert len(list(cache.directory.glob("shard-*.dat"))) <= SHARDS
    finally:
        cache.close()


def temp_files(directory: Path) -> list[Path]:
    return list(directory.glob(".*.tmp"))


# -- the tests ------------------------------------------------------------------------------------
@pytest.fixture(scope="module")
def sandbox():
    """Built once here, copied into every child by fork."""
    return create_app(roomy_config())


class DemoCollection:
    """The demo user's collection in the sandbox, changed and counted from this process."""

    def __init__(self, sandbox) -> None:
        self._loop = asyncio.new_event_loop()
        self._http = httpx.AsyncClient(
            transport=httpx.ASGITransport(app=sandbox),
            base_url="https://api.discogs.com",
            headers={"User-Agent": "tests/1", "Authorization": f"Discogs token={DEMO_TOKEN}"},
        )
        self._path = f"/users/{DEMO_USERNAME}/collection/folders"

    def add_copy(self) -> None:
        """Another copy of a release (newest first: on page 1) for the next round to store."""
        answer = self._run(self._http.post(f"{self._path}/1/releases/{RELEASE}"))
        assert answer.status_code == 201

    def size(self) -> int:
        return self._run(self._http.get(f"{self._path}/0")).json()["count"]

    def _run(self, request):
        return self._loop.run_until_complete(request)

    def close(self) -> None:
        self._run(self._http.aclose())
        self._loop.close()


@pytest.fixture(scope="module")
def collection(sandbox):
    demo = DemoCollection(sandbox)
    yield demo
    demo.close()


def test_kill_9_during_mirror_syncs(tmp_path, sandbox, collection):
    rng = random.Random(SEED)
    data = tmp_path / "data"
    first = Acks(tmp_path / "acks-first")
    started = time.monotonic()
    finish(fork(syncing(sandbox, data, first, True), first))
    duration = time.monotonic() - started  # of a whole sync, untouched
    no_errors(first)
    acknowledged = acked_instances(first)
    assert check_mirror(data, acknowledged) == len(acknowledged) > 0

    kills = 0
    for round_number in itertools.count():
        if kills == MIRROR_KILLS:
            break
        collection.add_copy()
        acks = Acks(tmp_path / f"acks-{round_number}")
        full = rng.random() < 0.7
        pid = fork(syncing(sandbox, data, acks, full), acks)
        time.sleep(rng.uniform(0, duration / 2))  # a killed sync resumes: later pages come
        kills += kill(pid)
        no_errors(acks)
        acknowledged |= acked_instances(acks)
        check_mirror(data, acknowledged)
    # A sync let finish (resuming the last one killed) leaves what the server has.
    last = Acks(tmp_path / "acks-last")
    finish(fork(syncing(sandbox, data, last, True), last))
    no_errors(last)
    assert check_mirror(data, acknowledged) == collection.size()


def test_kill_9_during_cache_writes(tmp_path):
    rng = random.Random(SEED)
    cache_dir = tmp_path / "cache"
    every: list[Acks] = []
    for round_number in range(CACHE_KILLS):
        acks = Acks(tmp_path / f"acks-{round_number}")
        every.append(acks)
        pid = fork(writing(cache_dir, acks, f"r{round_number}"), acks)
        time.sleep(rng.uniform(0.01, 0.3))
        killed = kill(pid)
        no_errors(acks)
        assert killed
        check_cache(cache_dir, every, sample=30)
    check_cache(cache_dir, every)
    assert sum(line[0] == "put" for a in every for line in a.lines()) > 2 * CACHE_KILLS


def test_two_instances_at_once_never_corrupt_anything(tmp_path, sandbox, collection):
    """Two app instances sync one mirror and write one cache, killed together at a random
    moment: each store's flock owner writes it and the other only reads, so the stores open
    and hold everything their owner acknowledged, and nothing of the other's."""
    rng = random.Random(SEED)
    data, cache_dir = tmp_path / "data", tmp_path / "cache"
    cache_owners: list[Acks] = []
    acknowledged: set[int] = set()
    kills = 0
    for round_number in range(PAIR_ROUNDS):
        collection.add_copy()
        pair = [Acks(tmp_path / f"acks-{round_number}-{n}") for n in (0, 1)]
        pids = [
            fork(instance(sandbox, data, cache_dir, a, f"{round_number}-{n}"), a)
            for n, a in enumerate(pair)
        ]
        time.sleep(rng.uniform(0.05, 0.6))
        kills += sum(kill(pid) for pid in pids)
        for acks in pair:
            no_errors(acks)
        mirror_owners = [acks for acks in pair if acks.owned("mirror")]
        owners = [acks for acks in pair if acks.owned("cache")]
        assert len(mirror_owners) <= 1 and len(owners) <= 1, "both instances took a store"
        cache_owners += owners
        acknowledged |= {i for acks in mirror_owners for i in acked_instances(acks)}
        check_mirror(data, acknowledged)
        if cache_owners:
            check_cache(cache_dir, cache_owners)
        assert_not_written(cache_dir, [acks for acks in pair if acks not in owners])
    assert kills >= 2 * PAIR_ROUNDS - 1 and cache_owners


def instance(sandbox, data: Path, cache_dir: Path, acks: Acks, prefix: str) -> Callable[[], None]:
    """What an app instance does to its stores: a sync, and cache writes beside it."""

    async def both() -> None:
        await asyncio.gather(
            sync_mirror(sandbox, data, acks, full=True), write_cache(cache_dir, acks, prefix)
        )

    return lambda: asyncio.run(both())


def assert_not_written(cache_dir: Path, readers: list[Acks]) -> None:
    cache = ResponseCache(cache_dir)
    try:
        for acks in readers:
            for line in acks.lines():
                assert line[0] != "put" or cache.get(line[1]) is None, "a reader wrote"
    finally:
        cache.close()


# -- the app's own start, on stores a kill left --------------------------------------------------
@pytest.fixture
def killed_stores(tmp_path, sandbox) -> tuple[Path, Path]:
    """A data dir and a cache dir whose instance was killed in the middle of a sync."""
    data, cache_dir = tmp_path / "data", tmp_path / "cache"
    acks = Acks(tmp_path / "acks")
    pid = fork(instance(sandbox, data, cache_dir, acks, "app"), acks)
    while not any(line[0] == "page" for line in acks.lines()):
        time.sleep(0.01)
    time.sleep(random.Random(SEED).uniform(0, 0.2))
    assert kill(pid)
    no_errors(acks)
    return data, cache_dir


async def test_the_app_starts_on_stores_left_by_kill_9(killed_stores, sandbox, monkeypatch):
    from discogs_tui.app.app import DiscogsApp
    from discogs_tui.app.navigation import Location
    from discogs_tui.app.screens.collection import CollectionScreen

    data, cache_dir = killed_stores
    monkeypatch.setenv("DISCOGS_TUI_DATA_DIR", str(data))
    service = sandbox_service(sandbox, cache=ResponseCache(cache_dir))
    app = DiscogsApp(
        service, start=Location("collection", DEMO_USERNAME), signed_in_as=DEMO_USERNAME
    )
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        await app.workers.wait_for_complete()
        await pilot.pause()
        screen = app.screen
        assert isinstance(screen, CollectionScreen)
        assert screen.mirror.writable and screen.mirror.synced_at is not None
        total = (await service.collection.folder_releases(DEMO_USERNAME, 0, per_page=1)).total
        assert screen.item_list.row_count == len(screen.mirror) == total


# -- found by the kills above, each on its own ---------------------------------------------------
class Interrupted(Exception):
    pass


def interrupt_after(page: int) -> Callable[[int, int], None]:
    def progress(done: int, _pages: int) -> None:
        if done == page:
            raise Interrupted  # as a kill would, once the page is stored

    return progress


async def test_a_resumed_sync_also_brings_what_was_added_meanwhile(sandbox):
    service = sandbox_service(sandbox)
    mirror = CollectionMirror(service, DEMO_USERNAME, None)
    with pytest.raises(Interrupted):
        await mirror.sync(interrupt_after(5))
    added = await service.collection.add_release(DEMO_USERNAME, RELEASE)  # newest: on page 1
    await mirror.sync()  # resumes at page 4 and completes
    assert mirror.get(added["instance_id"]) is not None


def test_the_mirror_deletes_what_a_cut_off_write_left(tmp_path):
    mirror = CollectionMirror(None, DEMO_USERNAME, tmp_path)  # type: ignore[arg-type]
    mirror.close()
    left = mirror.path.with_name(f".{mirror.path.name}.x1y2z3.tmp")  # as _write_atomically names
    left.write_text("{")
    CollectionMirror(None, DEMO_USERNAME, tmp_path).close()  # type: ignore[arg-type]
    assert not left.exists()

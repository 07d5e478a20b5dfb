"""The watcher's history file and the rate budget shared through the data dir."""

from __future__ import annotations

import asyncio
import multiprocessing
import stat
from datetime import date
from pathlib import Path

from discogs_tui.api.history import (
    MAX_CHECKS,
    Check,
    Snapshot,
    WatchHistory,
    changes_since,
    parse_money,
)
from discogs_tui.api.ratelimit import RateLimiter
from discogs_tui.api.shared_budget import COMPACT_AT, SharedBudget


def test_checks_are_bounded_and_a_run_of_equal_checks_keeps_its_ends(tmp_path: Path) -> None:
    history = WatchHistory("someone", tmp_path)
    history.record_checks([(1, Check(1000.0 + n, 1, 9.0), "EUR", "A – B") for n in range(5)])
    assert [c.at for c in history.snapshot().checks[1]] == [1000.0, 1004.0]
    day = 86400.0
    history.record_checks(
        [(1, Check(2000.0 + day * n, 1, float(n)), "EUR", "A – B") for n in range(MAX_CHECKS + 9)]
    )
    checks = history.snapshot().checks[1]
    assert len(checks) == MAX_CHECKS and checks[-1].lowest == MAX_CHECKS + 8
    assert stat.S_IMODE(history.path.stat().st_mode) == 0o600


def test_wants_that_left_the_wantlist_go_with_their_alert(tmp_path: Path) -> None:
    history = WatchHistory("someone", tmp_path)
    history.record_checks(
        [(1, Check(1.0, 0, None), "EUR", ""), (2, Check(1.0, 0, None), "EUR", "")]
    )
    history.set_alert(2, 10.0)
    assert history.keep_only([1]) == 1
    snapshot = history.snapshot()
    assert list(snapshot.checks) == [1] and snapshot.alerts == {}


def test_a_damaged_file_is_set_aside(tmp_path: Path) -> None:
    history = WatchHistory("someone", tmp_path)
    history.record_value(date(2026, 1, 1), 1.0, 2.0, 3.0, "$")
    history.path.write_text('{"values": {"7')  # cut short by something else than us
    assert history.snapshot().values == []
    assert list(tmp_path.rglob(history.path.name + ".corrupt-*"))  # kept for a bug report


def _alerts(directory: str, start: int) -> None:
    history = WatchHistory("someone", Path(directory))
    for n in range(start, start + 40):
        history.set_alert(n, float(n))


def test_two_processes_writing_lose_nothing(tmp_path: Path) -> None:
    context = multiprocessing.get_context("spawn")
    workers = [context.Process(target=_alerts, args=(str(tmp_path), s)) for s in (0, 100)]
    for worker in workers:
        worker.start()
    for worker in workers:
        worker.join(60)
    assert len(WatchHistory("someone", tmp_path).snapshot().alerts) == 80


def test_changes_since_a_moment() -> None:
    snapshot = Snapshot(
        checks={
            1: [Check(1, 0, None), Check(5, 2, 30.0)],  # newly for sale
            2: [Check(1, 1, 40.0), Check(5, 1, 25.0)],  # a price drop
            3: [Check(1, 1, 30.0), Check(5, 2, 15.0)],  # under its alert
            4: [Check(1, 1, 10.0), Check(5, 0, None)],  # gone: no news
            5: [Check(1, 1, 10.0)],  # not checked since
        },
        alerts={3: 20.0, 5: 50.0},
    )
    found = [(c.release_id, c.kind) for c in changes_since(snapshot, since=2)]
    assert found == [(3, "under alert"), (1, "for sale"), (2, "price drop")]


def test_money_as_discogs_formats_it() -> None:
    assert parse_money("€1,234.56") == (1234.56, "€")
    assert parse_money("CHF 12.00") == (12.0, "CHF ")
    assert parse_money("nothing") is None


class Clock:
    def __init__(self) -> None:
        self.now = 1000.0

    def __call__(self) -> float:
        return self.now


def test_the_limiter_counts_the_other_process_sends(tmp_path: Path) -> None:
    wall = Clock()
    watcher = SharedBudget(tmp_path, clock=wall, token="watch")
    app = SharedBudget(tmp_path, clock=wall, token="app")
    for _ in range(55):
        watcher.record()
    limiter = RateLimiter(60, clock=wall, shared=app)
    limiter._calibrated = True
    assert limiter.state().used == 55 and limiter.state().remaining == 5
    wall.now += 61  # the watcher's requests left the window
    app._read_at = float("-inf")
    assert limiter.state().used == 0


def test_a_ceiling_caps_our_own_sends_but_not_the_others(tmp_path: Path) -> None:
    wall = Clock()
    limiter = RateLimiter(60, clock=wall, shared=SharedBudget(tmp_path, clock=wall), ceiling=3)
    limiter._calibrated = True

    async def send(n: int) -> None:
        for _ in range(n):
            await limiter.acquire()
            limiter.release()

    asyncio.run(send(3))
    assert limiter._next_free(wall.now) > wall.now  # a fourth waits for the window
    lines = SharedBudget(tmp_path, clock=wall, token="other").others()
    assert len(lines) == 3  # and the others see our three


def test_the_record_stays_small(tmp_path: Path) -> None:
    wall = Clock()
    budget = SharedBudget(tmp_path, clock=wall, token="me")
    for _ in range(2000):
        wall.now += 0.5
        budget.record()
    assert budget.path.stat().st_size <= COMPACT_AT + 64
    assert stat.S_IMODE(budget.path.stat().st_mode) == 0o600

"""The on-disk response cache: persistence, corruption, two processes, crashes, size cap."""

from __future__ import annotations

import fcntl
import itertools
import json
import logging
import os
import signal
import stat
import tracemalloc

from discogs_tui.api.cache import FORMAT_VERSION, ResponseCache, _digest, _shard_of

BODY = json.dumps({"title": "Never Gonna Give You Up", "tracklist": ["A", "B"] * 50}).encode()


def shard_files(directory):
    return sorted((directory / f"responses-v{FORMAT_VERSION}").glob("shard-*.dat"))


def test_entries_survive_a_restart_and_expire(tmp_path):
    now = [1000.0]
    cache = ResponseCache(tmp_path, clock=lambda: now[0])
    cache.put("a", BODY, ttl=60)
    cache.close()
    reopened = ResponseCache(tmp_path, clock=lambda: now[0])
    hit = reopened.get("a")
    assert hit is not None and hit.body == BODY and hit.fresh(now[0])
    now[0] += 61
    assert not reopened.get("a").fresh(now[0])  # stale, still served for revalidation
    assert reopened.get("missing") is None
    reopened.close()


def test_files_are_private_and_versioned(tmp_path):
    cache = ResponseCache(tmp_path)
    cache.put("a", BODY, ttl=60)
    cache.close()
    directory = tmp_path / f"responses-v{FORMAT_VERSION}"
    assert stat.S_IMODE(directory.stat().st_mode) == 0o700
    assert all(stat.S_IMODE(path.stat().st_mode) == 0o600 for path in directory.iterdir())


def test_bodies_are_compressed_on_disk(tmp_path):
    cache = ResponseCache(tmp_path)
    cache.put("a", BODY * 20, ttl=60)
    cache.close()
    assert sum(path.stat().st_size for path in shard_files(tmp_path)) < len(BODY * 20) / 4


def test_a_corrupted_shard_is_moved_aside_with_a_log_line(tmp_path, caplog):
    cache = ResponseCache(tmp_path)
    cache.put("a", BODY, ttl=60)
    cache.close()
    [shard] = shard_files(tmp_path)
    shard.write_bytes(shard.read_bytes()[:-20])  # cut off, as no atomic write would leave it
    with caplog.at_level(logging.WARNING, logger="discogs_tui.api.cache"):
        reopened = ResponseCache(tmp_path)
        assert reopened.get("a") is None
        reopened.put("b", BODY, ttl=60)
        assert reopened.get("b").body == BODY
        reopened.close()
    assert "moved to" in caplog.text
    assert list(shard.parent.glob("shard-*.dat.corrupt-*"))


def test_bumping_a_scope_hides_its_entries_and_persists(tmp_path):
    cache = ResponseCache(tmp_path)
    before = cache.generation("wantlist:me")
    cache.bump("wantlist:me")
    cache.close()
    assert ResponseCache(tmp_path).generation("wantlist:me") == before + 1


def same_shard_keys(count: int) -> list[str]:
    """``count`` keys whose entries share one shard file."""
    keys = (f"k{n}" for n in itertools.count())
    return list(itertools.islice((key for key in keys if _shard_of(_digest(key)) == 0), count))


def test_least_recently_used_entries_go_first(tmp_path):
    now = [0.0]
    cache = ResponseCache(tmp_path, max_bytes=200_000, clock=lambda: now[0])
    big = os.urandom(25_000)  # incompressible: with its place in the index, 26 kB: 7 fit
    for index in range(6):
        now[0] += 1
        cache.put(f"k{index}", big, ttl=600)
    now[0] += 1
    assert cache.get("k0") is not None  # k0 is now the most recently used
    for index in (6, 7):  # the 8th entry crosses the cap
        now[0] += 1
        cache.put(f"k{index}", big, ttl=600)
    assert cache.get("k0") is not None
    assert cache.get("k1") is None  # the least recently used went first
    assert cache.get("k7") is not None
    cache.close()


def test_the_order_of_last_uses_survives_a_restart(tmp_path):
    big = os.urandom(25_000)
    cache = ResponseCache(tmp_path, max_bytes=200_000)
    for index in range(7):
        cache.put(f"k{index}", big, ttl=600)
    assert cache.get("k0") is not None
    cache.close()
    reopened = ResponseCache(tmp_path, max_bytes=200_000)
    reopened.put("k7", big, ttl=600)  # crosses the cap
    assert reopened.get("k0") is not None and reopened.get("k1") is None
    reopened.close()


def test_bodies_stay_on_disk(tmp_path):
    """A long session must not end up holding the cache in memory: only where entries are."""
    bodies = {f"k{index}": os.urandom(20_000) for index in range(60)}
    tracemalloc.start()
    try:
        cache = ResponseCache(tmp_path)
        for key, body in bodies.items():
            cache.put(key, body, ttl=600)
        cache.close()
        before = tracemalloc.get_traced_memory()[0]
        reopened = ResponseCache(tmp_path)
        assert all(reopened.get(key).body == body for key, body in bodies.items())
        held = tracemalloc.get_traced_memory()[0] - before
    finally:
        tracemalloc.stop()
    assert held < 100_000  # the 60 bodies are 1.2 MB
    reopened.close()


def test_a_put_rewrites_one_shard_and_keeps_the_others_entries(tmp_path):
    keys = same_shard_keys(3)
    cache = ResponseCache(tmp_path)
    for key in keys:
        cache.put(key, key.encode() * 100, ttl=600)
    cache.put(keys[1], b"replaced", ttl=600)
    assert len(shard_files(tmp_path)) == 1
    assert [cache.get(key).body for key in keys] == [
        keys[0].encode() * 100,
        b"replaced",
        keys[2].encode() * 100,
    ]
    cache.close()


def test_an_eviction_writes_no_shard_and_what_it_dropped_stays_gone(tmp_path):
    """Near a 200 MB cap, rewriting every shard an eviction drops from takes seconds on the
    event loop: their records go when their shards are next written."""
    cache = ResponseCache(tmp_path, max_bytes=2_000_000)
    for index in range(200):
        cache.put(f"k{index}", os.urandom(8_000), ttl=600)  # 1.8 MB: under the cap
    before = {path: path.stat().st_mtime_ns for path in shard_files(tmp_path)}
    cache.put("last", os.urandom(200_000), ttl=600)  # past the cap: about 50 entries go
    dropped = [index for index in range(200) if cache.get(f"k{index}") is None]
    assert dropped == list(range(len(dropped))) and 40 < len(dropped) < 70
    unchanged = [path for path, mtime in before.items() if path.stat().st_mtime_ns == mtime]
    assert len(unchanged) >= len(before) - 1  # only the put's own shard
    cache.close()
    reopened = ResponseCache(tmp_path, max_bytes=2_000_000)
    assert [index for index in range(200) if reopened.get(f"k{index}") is None] == dropped
    assert reopened.get("last") is not None
    reopened.close()


def test_a_killed_owner_loses_no_entry_and_brings_none_back(tmp_path):
    """Killed between saves of the order of last uses: entries stored since count as just
    used, and entries evicted before it stay evicted."""
    pid = os.fork()
    if pid == 0:  # the owner, killed with no close
        cache = ResponseCache(tmp_path, max_bytes=200_000)
        for index in range(9):  # the 8th crosses the cap: k0 and k1 go, and the order is saved
            cache.put(f"k{index}", os.urandom(25_000), ttl=600)
        os.kill(os.getpid(), signal.SIGKILL)
    os.waitpid(pid, 0)
    cache = ResponseCache(tmp_path, max_bytes=200_000)
    assert [cache.get(f"k{index}") is not None for index in range(9)] == [False] * 2 + [True] * 7
    cache.close()


def test_a_reader_follows_entries_the_owner_moved(tmp_path):
    first, second = same_shard_keys(2)
    owner = ResponseCache(tmp_path)
    owner.put(second, b"second, stored first", ttl=60)
    reader = ResponseCache(tmp_path)
    owner.put(first, b"first", ttl=60)  # a new shard file: the second entry may have moved
    owner.put(second, b"second, stored again" * 10, ttl=60)  # now it has
    assert reader.get(second).body == b"second, stored again" * 10
    reader.close()
    owner.close()


def test_an_older_format_is_deleted_unless_in_use(tmp_path):
    old = tmp_path / "responses-v1"
    old.mkdir()
    (old / "shard-000.json").write_text('{"r": {}}')
    in_use = tmp_path / "responses-v0"
    in_use.mkdir()
    with open(in_use / "cache.lock", "a+") as lock:
        fcntl.flock(lock.fileno(), fcntl.LOCK_EX)  # an older discogs-tui still running on it
        cache = ResponseCache(tmp_path)
        cache.put("a", BODY, ttl=60)
        assert cache.get("a").body == BODY
        cache.close()
    assert not old.exists() and in_use.exists()


def test_without_a_directory_everything_stays_in_memory_under_the_cap():
    cache = ResponseCache(None, max_bytes=100_000)
    for index in range(10):
        cache.put(f"k{index}", os.urandom(20_000), ttl=60)
    assert cache.get("k0") is None and cache.get("k9") is not None
    assert sum(cache.get(f"k{index}") is not None for index in range(10)) <= 4

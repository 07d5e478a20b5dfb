"""The on-disk response cache: persistence, corruption, two processes, crashes, size cap."""

from __future__ import annotations

import json
import logging
import os
import stat

import pytest

from discogs_tui.api.cache import FORMAT_VERSION, ResponseCache

BODY = json.dumps({"title": "Never Gonna Give You Up", "tracklist": ["A", "B"] * 50}).encode()


def shard_files(directory):
    return sorted((directory / f"responses-v{FORMAT_VERSION}").glob("shard-*.json"))


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
    assert all(stat.S_IMODE(path.stat().st_mode) == 0o600 for path in shard_files(tmp_path))


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
    shard.write_bytes(b'{"r": {"1": {"k": "trunc')
    with caplog.at_level(logging.WARNING, logger="discogs_tui.api.cache"):
        reopened = ResponseCache(tmp_path)
        assert reopened.get("a") is None
        reopened.put("b", BODY, ttl=60)
        assert reopened.get("b").body == BODY
        reopened.close()
    assert "moved to" in caplog.text
    assert list(shard.parent.glob("shard-*.json.corrupt-*"))


def test_bumping_a_scope_hides_its_entries_and_persists(tmp_path):
    cache = ResponseCache(tmp_path)
    before = cache.generation("wantlist:me")
    cache.bump("wantlist:me")
    cache.close()
    assert ResponseCache(tmp_path).generation("wantlist:me") == before + 1


def test_least_recently_used_entries_go_first(tmp_path):
    now = [0.0]
    cache = ResponseCache(tmp_path, max_bytes=200_000, clock=lambda: now[0])
    big = os.urandom(20_000)  # incompressible: about 27 kB stored, so 7 fit under the cap
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


def test_second_process_reads_but_never_writes(tmp_path):
    owner = ResponseCache(tmp_path)
    owner.put("shared", BODY, ttl=60)
    second = ResponseCache(tmp_path)  # same process, separate lock: behaves as another process
    assert not second.writable
    assert second.get("shared").body == BODY
    second.put("mine", b"in memory only", ttl=60)
    assert second.get("mine").body == b"in memory only"
    second.close()
    owner.close()
    assert ResponseCache(tmp_path).get("mine") is None


def test_only_some_shards_stay_in_memory_and_nothing_is_lost(tmp_path, monkeypatch):
    """A long session must not end up holding the whole cache: shards are read again."""
    monkeypatch.setattr("discogs_tui.api.cache.OPEN_SHARDS", 2)
    now = [0.0]
    cache = ResponseCache(tmp_path, max_bytes=200_000, clock=lambda: now[0])
    big = os.urandom(20_000)
    for index in range(6):
        now[0] += 1
        cache.put(f"k{index}", big, ttl=600)
        assert len(cache._shards) <= 2
    now[0] += 1
    assert cache.get("k0").body == big  # read again, and its last use noted
    for index in (6, 7):  # past the cap: least recently used first, k0's use remembered
        now[0] += 1
        cache.put(f"k{index}", big, ttl=600)
    assert cache.get("k0") is not None and cache.get("k1") is None
    cache.close()
    assert ResponseCache(tmp_path).get("k7").body == big


def test_only_the_first_eviction_reads_every_shard(tmp_path, monkeypatch):
    """Near a 200 MB cap, reading every shard takes seconds on the event loop: later
    evictions go by what the first one learnt, kept up to date by puts and gets."""
    now = [0.0]
    cache = ResponseCache(tmp_path, max_bytes=200_000, clock=lambda: now[0])
    big = os.urandom(20_000)
    for index in range(8):  # the 8th crosses the cap: the first eviction
        now[0] += 1
        cache.put(f"k{index}", big, ttl=600)
    monkeypatch.setattr(cache, "_read_entries", lambda: pytest.fail("read every shard again"))
    now[0] += 1
    assert cache.get("k4") is not None  # now the most recently used
    for index in range(8, 12):
        now[0] += 1
        cache.put(f"k{index}", big, ttl=600)
    assert cache.get("k4") is not None and cache.get("k3") is None
    assert cache.get("k11") is not None
    cache.close()

"""The service layer against every fault the sandbox injects.

Reads recover by themselves; a write is sent once and never duplicated: when its answer is
lost or unreadable the caller hears ``OutcomeUnknown``, when it is refused the caller hears
why. Answers and bodies are spoiled in-process; dropped connections and hangs are also
checked over real TCP on loopback.
"""

from __future__ import annotations

import asyncio
import time
from collections.abc import AsyncIterator, Awaitable, Callable

import httpx
import pytest

from discogs_tui.api.auth import TokenCredentials
from discogs_tui.api.client import DiscogsClient, RetryPolicy
from discogs_tui.api.errors import OutcomeUnknown, RateLimited, ServerError
from discogs_tui.api.ratelimit import RateLimiter
from discogs_tui.api.service import DiscogsService
from discogs_tui.demo import sandbox_service
from discogs_tui.sandbox import create_app
from discogs_tui.sandbox.app import SandboxStats
from discogs_tui.sandbox.config import DEMO_TOKEN, DEMO_USERNAME
from discogs_tui.sandbox.faults import FaultRule
from tests.conftest import roomy_config
from tests.loopback import serve

DEMO = TokenCredentials(token=DEMO_TOKEN, username=DEMO_USERNAME)
FAST_RETRY = RetryPolicy(attempts=4, base_delay=0.0, max_delay=0.0)
WINDOW = 0.3  # the client's rate window here: a 429 without Retry-After waits about this long
READ_TIMEOUT = 0.2  # a hang lasts longer


def fast_options(**options: object) -> dict[str, object]:
    """Client options for tests: no backoff, a short rate window, short timeouts."""
    return {
        "retry": FAST_RETRY,
        "limiter": RateLimiter(60, window=WINDOW),
        "timeout": httpx.Timeout(2.0, read=READ_TIMEOUT),
        **options,
    }


def stats(app) -> dict:
    s = app.state.stats
    return {"requests": s.requests, "by_method": dict(s.by_method), "429": s.rate_limited}


@pytest.fixture(scope="module")
def reads_app():
    """One sandbox for the read tests (they change nothing); faults and counts reset per test."""
    return create_app(roomy_config())


@pytest.fixture
async def reader(reads_app) -> AsyncIterator[DiscogsService]:
    reads_app.state.faults.clear()
    reads_app.state.faults.reset_counts()
    reads_app.state.stats = SandboxStats()
    async with sandbox_service(reads_app, DEMO, **fast_options()) as service:
        yield service


@pytest.fixture
async def writer(app) -> AsyncIterator[DiscogsService]:
    async with sandbox_service(app, DEMO, **fast_options()) as service:
        yield service


# -- reads recover by themselves ---------------------------------------------------------------
SPOILT_TWICE = [
    FaultRule("status", status=503),
    FaultRule("status", status=500),
    FaultRule("rate_limited"),
    FaultRule("rate_limited", retry_after=0.2),
    FaultRule("html"),
    FaultRule("html", status=503),
    FaultRule("html", content_type="application/json"),
    FaultRule("garbled"),
    FaultRule("empty"),
    FaultRule("wrong_type"),
    FaultRule("wrong_type", content_type="text/plain"),
    FaultRule("drop_before"),
    FaultRule("drop_after"),
    FaultRule("drop_during"),
    FaultRule("hang"),  # until the client's read timeout
    FaultRule("hang", seconds=0.05),  # then the connection drops
]


@pytest.mark.parametrize("rule", SPOILT_TWICE, ids=lambda r: r.kind)
async def test_a_read_recovers_from_two_faults_in_a_row(reads_app, reader, rule):
    reads_app.state.faults.add(FaultRule(**{**rule.as_dict(), "path": "^/labels/1$", "times": 2}))
    started = time.monotonic()
    label = await reader.database.label(1)
    assert label["name"] == "Planet E"
    assert stats(reads_app)["requests"] == 3
    if rule.retry_after:
        assert time.monotonic() - started >= 2 * rule.retry_after


@pytest.mark.parametrize("kind", ["delay", "hang_after"])
async def test_a_slow_answer_is_waited_for(reads_app, reader, kind):
    reads_app.state.faults.add(FaultRule(kind, path="^/labels/1$", seconds=0.1))
    assert (await reader.database.label(1))["name"] == "Planet E"
    assert stats(reads_app)["requests"] == 1


async def test_reads_at_a_random_rate_all_come_back(reads_app, reader):
    reads_app.state.faults.add("drop_after:path=^/artists/,rate=0.3,seed=3")
    reads_app.state.faults.add("garbled:path=^/labels/,rate=0.3,seed=1")
    catalogue = reads_app.state.sandbox.catalogue
    artist_ids, label_ids = sorted(catalogue.artists)[:10], sorted(catalogue.labels)[:10]
    artists = [await reader.database.artist(artist_id) for artist_id in artist_ids]
    labels = [await reader.database.label(label_id) for label_id in label_ids]
    assert [artist["id"] for artist in artists] == artist_ids
    assert [label["id"] for label in labels] == label_ids
    assert reads_app.state.faults.injected > 0


async def test_other_reads_go_on_while_one_hangs_and_leaving_cancels_it(reads_app, reader):
    await reader.database.label(1)  # the limiter learns the window from the headers
    reads_app.state.faults.add(FaultRule("hang", path="^/masters/"))
    hanging = asyncio.ensure_future(reader.database.master(1000))
    await asyncio.sleep(0.05)
    artist = await asyncio.wait_for(reader.database.artist(108713), 2)
    hanging.cancel()
    with pytest.raises(asyncio.CancelledError):
        await hanging
    master = await asyncio.wait_for(reader.database.master(1000), 2)  # a new request
    assert artist["id"] == 108713 and master["id"] == 1000
    assert reads_app.state.faults.by_kind == {"hang": 1}


# -- writes are sent once ----------------------------------------------------------------------
def wants(app) -> set[int]:
    return set(app.state.sandbox.user(DEMO_USERNAME).wants)


def copies(app, release_id: int) -> int:
    demo = app.state.sandbox.user(DEMO_USERNAME)
    return sum(1 for i in demo.instances.values() if i.release_id == release_id)


Write = Callable[[DiscogsService, int], Awaitable[object]]


def add_want(service: DiscogsService, release_id: int) -> Awaitable[object]:
    return service.wantlist.add(DEMO_USERNAME, release_id, notes="hi")


def add_copy(service: DiscogsService, release_id: int) -> Awaitable[object]:
    return service.collection.add_release(DEMO_USERNAME, release_id)


@pytest.mark.parametrize(
    ("rule", "write", "error", "applied"),
    [
        (FaultRule("drop_before"), add_want, OutcomeUnknown, False),
        (FaultRule("drop_after"), add_want, OutcomeUnknown, True),
        (FaultRule("drop_after"), add_copy, OutcomeUnknown, True),
        (FaultRule("drop_during"), add_copy, OutcomeUnknown, True),
        (FaultRule("hang"), add_want, OutcomeUnknown, False),
        (FaultRule("hang_after", seconds=1), add_copy, OutcomeUnknown, True),
        (FaultRule("status", status=503), add_want, ServerError, False),
        (FaultRule("rate_limited"), add_want, RateLimited, False),
        (FaultRule("rate_limited", retry_after=1), add_copy, RateLimited, False),
        (FaultRule("html"), add_want, OutcomeUnknown, False),  # a 200 maintenance page
        (FaultRule("garbled"), add_copy, OutcomeUnknown, True),
        (FaultRule("wrong_type"), add_want, OutcomeUnknown, True),
        (FaultRule("empty"), add_want, None, True),
    ],
    ids=lambda p: p.kind if isinstance(p, FaultRule) else getattr(p, "__name__", ""),
)
async def test_a_write_is_sent_once_and_says_what_happened(
    app, writer, fresh_release, rule, write, error, applied
):
    app.state.faults.add(
        FaultRule(**{**rule.as_dict(), "method": None, "path": "/(wants|folders)/"})
    )
    before = copies(app, fresh_release)
    if error is None:
        await write(writer, fresh_release)
    else:
        with pytest.raises(error):
            await write(writer, fresh_release)
    changed = (
        copies(app, fresh_release) - before if write is add_copy else fresh_release in wants(app)
    )
    assert changed == applied
    assert sum(stats(app)["by_method"].get(m, 0) for m in ("POST", "PUT")) == 1


async def test_a_removal_whose_answer_is_lost_is_not_resent(app, writer):
    wanted = min(wants(app))
    app.state.faults.add(FaultRule("drop_after", method="DELETE"))
    with pytest.raises(OutcomeUnknown):
        await writer.wantlist.remove(DEMO_USERNAME, wanted)
    assert wanted not in wants(app)
    assert stats(app)["by_method"] == {"DELETE": 1}


async def test_after_a_lost_answer_the_cache_does_not_hide_the_change(app, writer, fresh_release):
    before = await writer.wantlist.wants(DEMO_USERNAME, per_page=1)
    app.state.faults.add(FaultRule("drop_after", method="PUT"))
    with pytest.raises(OutcomeUnknown):
        await add_want(writer, fresh_release)
    after = await writer.wantlist.wants(DEMO_USERNAME, per_page=1)
    assert after.total == before.total + 1


# -- over real TCP -----------------------------------------------------------------------------
async def no_sleep(_seconds: float) -> None:
    await asyncio.sleep(0)


@pytest.mark.loopback
async def test_over_tcp_reads_recover_and_writes_are_not_resent():
    config = roomy_config(
        faults=[
            "drop_before:path=^/labels/1$,times=1",
            "drop_after:path=^/labels/1$,times=1",
            "drop_during:path=^/labels/1$,times=1",
            "hang:path=^/labels/1$,times=1",
            "drop_before:method=PUT,times=1",
            "drop_after:method=POST,times=1",
            "hang:method=DELETE,times=1",
        ]
    )
    with serve(config) as base:
        five_tries = RetryPolicy(attempts=5, base_delay=0.0, max_delay=0.0)
        client = DiscogsClient(
            DEMO, base_url=base, sleep=no_sleep, **fast_options(retry=five_tries)
        )
        service = DiscogsService(client)
        async with httpx.AsyncClient(base_url=base, headers={"User-Agent": "t/1"}) as control:
            label = await service.database.label(1)  # dropped three ways, then hung
            wanted_before = (await service.wantlist.wants(DEMO_USERNAME, per_page=1)).total
            copies_before = await service.collection.release_instances(DEMO_USERNAME, 249504)
            with pytest.raises(OutcomeUnknown):
                await add_want(service, 249504)  # dropped before the route ran
            with pytest.raises(OutcomeUnknown):
                await add_copy(service, 249504)  # applied, then dropped
            with pytest.raises(OutcomeUnknown):
                await service.wantlist.remove(DEMO_USERNAME, 249504)  # no answer in time
            await asyncio.sleep(0.1)  # the hung DELETE notices the client has gone
            wanted_after = (await service.wantlist.wants(DEMO_USERNAME, per_page=1)).total
            copies_after = await service.collection.release_instances(DEMO_USERNAME, 249504)
            served = (await control.get("/_sandbox/stats")).json()
        await service.aclose()
    assert label["name"] == "Planet E"
    assert wanted_after == wanted_before  # the PUT never ran, the DELETE had nothing to remove
    assert copies_after.total == copies_before.total + 1
    assert {m: served["by_method"][m] for m in ("PUT", "POST", "DELETE")} == {
        "PUT": 1,
        "POST": 1,
        "DELETE": 1,
    }
    assert served["unanswered"] == 6

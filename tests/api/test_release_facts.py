"""Release facts (countries) against the in-process sandbox: filled in, kept on disk, resumed."""

from __future__ import annotations

import json
import stat

import pytest

from discogs_tui.api.errors import DiscogsError
from discogs_tui.api.release_facts import FORMAT_VERSION, ReleaseFacts
from discogs_tui.demo import sandbox_service
from discogs_tui.sandbox import create_app
from discogs_tui.sandbox.config import DEMO_USERNAME
from discogs_tui.sandbox.faults import FaultRule
from tests.conftest import roomy_config

KNOWN = [249504, 4674, 2964]  # releases of the API document
GONE = 999_999_999
STORE = f"release-facts-v{FORMAT_VERSION}"


@pytest.fixture
def sandbox():
    return create_app(roomy_config())


def country_of(sandbox, release_id: int) -> str:
    return sandbox.state.sandbox.catalogue.releases[release_id].get("country", "")


async def test_fill_keeps_countries_in_a_private_file_and_resumes(sandbox, tmp_path):
    learnt: list[int] = []
    async with sandbox_service(sandbox) as service:
        facts = ReleaseFacts(DEMO_USERNAME, tmp_path)
        await facts.fill(service, [*KNOWN, KNOWN[0], GONE], learnt.append, limit=2)
        assert learnt == KNOWN[:2]  # each release once, at most ``limit`` a time
        assert facts.missing([*KNOWN, GONE]) == [KNOWN[2], GONE]

        again = ReleaseFacts(DEMO_USERNAME, tmp_path)  # a later run: resumes
        assert again.countries == facts.countries
        await again.fill(service, [*KNOWN, GONE])

    assert again.country(249504) == country_of(sandbox, 249504) == "UK"
    assert again.country(GONE) == ""  # gone: known to have none, not asked again
    assert again.missing([*KNOWN, GONE]) == []
    path = tmp_path / STORE / f"{DEMO_USERNAME}.json"
    assert stat.S_IMODE(path.stat().st_mode) == 0o600
    saved = json.loads(path.read_text())["countries"]
    assert saved == {str(k): v for k, v in again.countries.items()}


async def test_a_failure_stops_the_fill_keeping_what_was_learnt(sandbox, tmp_path):
    sandbox.state.faults.add(FaultRule("status", path=rf"/releases/{KNOWN[1]}$", status=403))
    async with sandbox_service(sandbox) as service:
        facts = ReleaseFacts(DEMO_USERNAME, tmp_path)
        with pytest.raises(DiscogsError):
            await facts.fill(service, KNOWN)
    assert list(ReleaseFacts(DEMO_USERNAME, tmp_path).countries) == KNOWN[:1]


def test_an_unreadable_file_starts_afresh_and_saving_merges(tmp_path):
    path = tmp_path / STORE / f"{DEMO_USERNAME}.json"
    path.parent.mkdir()
    path.write_text("{not json")
    mine = ReleaseFacts(DEMO_USERNAME, tmp_path)
    assert mine.countries == {}

    other = ReleaseFacts(DEMO_USERNAME, tmp_path)  # another process, learning other releases
    other.countries[1] = "UK"
    other.save()
    mine.countries[2] = "US"
    mine.save()
    assert ReleaseFacts(DEMO_USERNAME, tmp_path).countries == {1: "UK", 2: "US"}

"""Damage to the collection's local copy: random bytes, a wrong structure, rows cut short or of
the wrong types, a data folder that is a file, a second instance. Each is said on screen (and
the damaged file set aside with a log line), and a sync brings the whole collection back."""

from __future__ import annotations

import asyncio
import json
import logging
import os
import shutil
from pathlib import Path

import pytest

from discogs_tui.api.mirror import FORMAT_VERSION, CollectionMirror
from discogs_tui.app.app import DiscogsApp
from discogs_tui.app.navigation import Location
from discogs_tui.app.screens.collection import DAMAGED, CollectionScreen
from discogs_tui.demo import sandbox_service
from discogs_tui.sandbox import create_app
from discogs_tui.sandbox.config import DEMO_USERNAME
from tests.conftest import roomy_config

ME = DEMO_USERNAME
DEMO_ITEMS = 3000
STORE = f"mirror-v{FORMAT_VERSION}"


@pytest.fixture(scope="module")
def synced_store(tmp_path_factory) -> Path:
    """A data folder holding the demo user's synced mirror."""
    data = tmp_path_factory.mktemp("synced")

    async def sync() -> None:
        async with sandbox_service(create_app(roomy_config())) as service:
            mirror = CollectionMirror(service, ME, data)
            await mirror.sync()
            mirror.close()

    asyncio.run(sync())
    return data


def random_bytes(path: Path) -> None:
    path.write_bytes(os.urandom(path.stat().st_size))


def entries(path: Path) -> list[dict]:
    return [json.loads(line) for line in path.read_text().splitlines()]


def write_entries(path: Path, lines: list[dict]) -> None:
    path.write_text("".join(json.dumps(entry) + "\n" for entry in lines))


def wrong_structure(path: Path) -> None:
    write_entries(path, [*entries(path), {"put": [1, 2, 3], "meta": "x"}])


def rows_cut_short(path: Path) -> None:
    lines = entries(path)
    for entry in lines:
        entry["put"] = {doc_id: row[:2] for doc_id, row in (entry.get("put") or {}).items()}
    write_entries(path, lines)


def wrong_types(path: Path) -> None:
    lines = entries(path)
    rows = next(entry["put"] for entry in lines if entry.get("put"))
    rows[next(iter(rows))][4] = 12  # the artist as a number
    lines[0]["meta"]["folders"] = ["x"]
    write_entries(path, lines)


def a_line_cut_short_inside(path: Path) -> None:
    """Not a write cut short by a crash (that is only ever the last line): damage."""
    lines = path.read_text().splitlines(keepends=True)
    lines[1] = lines[1][: len(lines[1]) // 2] + "\n"
    path.write_text("".join(lines))


async def open_collection(data: Path) -> tuple[DiscogsApp, list[str], str, int]:
    """Open the collection screen on ``data``; the notifications, the freshness line and the
    copies once everything settled."""
    app = DiscogsApp(
        sandbox_service(create_app(roomy_config())),
        start=Location("collection", ME),
        signed_in_as=ME,
        data_dir=data,
    )
    said: list[str] = []  # every notification (they fade while the sync runs)
    notify_text = app.notify_text
    app.notify_text = lambda message, **kw: (said.append(message), notify_text(message, **kw))
    async with app.run_test(size=(100, 30)) as pilot:
        await pilot.pause()
        await app.workers.wait_for_complete()
        await pilot.pause()
        screen = app.screen
        assert isinstance(screen, CollectionScreen)
        fresh = screen.query_one("#collection-summary").render().plain
        copies = screen.item_list.row_count
        screen.mirror.close()
    return app, said, fresh, copies


@pytest.mark.parametrize(
    "damage",
    [random_bytes, wrong_structure, rows_cut_short, wrong_types, a_line_cut_short_inside],
)
async def test_a_damaged_copy_is_set_aside_said_and_synced_again(
    damage, synced_store, tmp_path, caplog
):
    shutil.copytree(synced_store / STORE, tmp_path / STORE)
    store = tmp_path / STORE / f"{ME}.jsonl"
    damage(store)
    with caplog.at_level(logging.WARNING):
        _, said, fresh, copies = await open_collection(tmp_path)
    assert DAMAGED in said  # said once the screen opens
    assert any(".corrupt-" in r.getMessage() or "damaged" in r.getMessage() for r in caplog.records)
    assert len(list((tmp_path / STORE).glob(f"{ME}.jsonl.corrupt-*"))) == 1
    assert copies == DEMO_ITEMS  # synced again
    assert DAMAGED not in fresh  # the sync is done: no longer damaged
    # and the next start finds a good store
    _, said, fresh, copies = await open_collection(tmp_path)
    assert copies == DEMO_ITEMS and DAMAGED not in said


async def test_a_data_folder_that_is_a_file_is_named_and_the_collection_still_shows(tmp_path):
    data = tmp_path / "data"
    data.write_text("not a folder")
    _, said, fresh, copies = await open_collection(data)
    assert any(f"{data} is a file, not a folder" in message for message in said)
    assert f"{data} is a file" in fresh.replace("\n", " ")
    assert copies == DEMO_ITEMS  # synced into memory


async def test_a_second_instance_says_its_changes_stay_in_memory(synced_store, tmp_path):
    shutil.copytree(synced_store / STORE, tmp_path / STORE)
    async with sandbox_service(create_app(roomy_config())) as service:
        first = CollectionMirror(service, ME, tmp_path)  # another discogs-tui holds it
        try:
            _, said, fresh, copies = await open_collection(tmp_path)
        finally:
            first.close()
    assert any("changes made here stay in memory" in message for message in said)
    assert "stay in memory" in fresh.replace("\n", " ")
    assert copies == DEMO_ITEMS

"""The local collection mirror against the in-process sandbox: sync, resume, incremental and
full syncs, keeping in step with writes, and the store on disk."""

from __future__ import annotations

import asyncio
import json
import os
import shutil
import stat
from pathlib import Path

import pytest

from discogs_tui.api.mirror import (
    FORMAT_VERSION,
    CollectionMirror,
    MirrorItem,
    artist_line,
    format_line,
)
from discogs_tui.api.scheduler import Priority
from discogs_tui.api.service import DiscogsService
from discogs_tui.demo import sandbox_service
from discogs_tui.sandbox import create_app
from discogs_tui.sandbox.config import DEMO_USERNAME
from tests.api.conftest import ManualClock, credentials_of, requests_served
from tests.conftest import roomy_config

STORE = f"mirror-v{FORMAT_VERSION}"

ME = DEMO_USERNAME
DEMO_ITEMS = 3000
DEMO_PAGES = 30


@pytest.fixture(scope="module")
def seed_store(tmp_path_factory) -> Path:
    """A store synced once from a sandbox like the tests' own (the demo world is the same
    every time), copied by ``mirror`` so that most tests need not sync 30 pages again."""
    directory = tmp_path_factory.mktemp("seed")

    async def sync() -> None:
        app = create_app(roomy_config(clock=ManualClock()))
        async with new_process_service(app) as service:
            mirror = CollectionMirror(service, ME, directory)
            await mirror.sync()
            mirror.close()

    asyncio.run(sync())
    return directory


@pytest.fixture
def mirror(service, seed_store, tmp_path):
    """The demo user's mirror, synced, in ``tmp_path``."""
    shutil.copytree(seed_store / STORE, tmp_path / STORE)
    opened = CollectionMirror(service, ME, tmp_path)
    yield opened
    opened.close()


def new_process_service(app) -> DiscogsService:
    """A service with an empty cache, as a newly started app would have."""
    return sandbox_service(app, credentials_of(ME))


def test_artist_and_format_lines():
    artists = [
        {"name": "Alpha (2)", "anv": "", "join": "&"},
        {"name": "Beta", "anv": "B.", "join": ","},
        {"name": "Gamma\x1b[31m", "join": ""},
    ]
    assert artist_line(artists) == "Alpha & B., Gamma"
    formats = [
        {"name": "Vinyl", "qty": "2", "descriptions": ["LP", "Album"]},
        {"name": "CD", "qty": "1", "text": "Bonus"},
        {"name": "Vinyl", "qty": "3"},
    ]
    assert format_line(formats) == "2×LP, Album, CD, Bonus, 3×Vinyl"


# -- syncing ----------------------------------------------------------------------------------------
async def test_sync_mirrors_the_whole_collection(service):
    mirror = CollectionMirror(service, ME, None)
    seen: list[tuple[int, int]] = []
    report = await mirror.sync(lambda done, total: seen.append((done, total)))
    assert (report.added, report.updated, report.removed) == (DEMO_ITEMS, 0, 0)
    assert report.pages == DEMO_PAGES and seen[-1] == (DEMO_PAGES, DEMO_PAGES)
    assert mirror.synced_at is not None and not mirror.sync_pending
    assert [f["name"] for f in mirror.fields][:2] == ["Media", "Sleeve"]
    items = mirror.items()
    assert len(items) == DEMO_ITEMS
    assert [i.date_added for i in items] == sorted((i.date_added for i in items), reverse=True)


async def test_a_first_sync_asks_the_rows_someone_waits_for_first(service, monkeypatch):
    """With nothing mirrored yet the list is empty: the folders and the first page are asked
    as the user's own requests (at once), the other pages as background work (paced), and
    every page of a later sync."""
    asked: list[tuple[str, Priority]] = []
    collection = service.collection
    for name in ("folders", "folder_releases"):
        call = getattr(collection, name)

        def spy(*args, _call=call, _name=name, **kwargs):
            asked.append((_name, kwargs.get("priority")))
            return _call(*args, **kwargs)

        monkeypatch.setattr(collection, name, spy)
    mirror = CollectionMirror(service, ME, None)
    await mirror.sync()
    first = [("folders", Priority.INTERACTIVE), ("folder_releases", Priority.INTERACTIVE)]
    assert asked[:2] == first
    assert {priority for _, priority in asked[2:]} == {Priority.BACKGROUND}
    asked.clear()
    await mirror.sync()  # rows on screen already: all of it background work
    assert {priority for _, priority in asked} == {Priority.BACKGROUND}


async def test_items_by_folder_match_the_folder_counts(mirror):
    for folder in mirror.folders:
        items = mirror.items(folder["id"])
        assert len(items) == folder["count"], folder["name"]
        assert folder["id"] == 0 or {i.folder_id for i in items} == {folder["id"]}


async def test_item_fields_are_flattened_from_the_api(service, mirror):
    page = await service.collection.folder_releases(ME, 0, per_page=100, sort="added")
    raw = next(item for item in page.items if item.get("notes"))
    item = mirror.get(raw["instance_id"])
    info = raw["basic_information"]
    assert (item.release_id, item.folder_id, item.title) == (
        raw["id"],
        raw["folder_id"],
        info["title"],
    )
    assert item.label == info["labels"][0]["name"] and item.catno == info["labels"][0]["catno"]
    assert item.notes == {n["field_id"]: n["value"] for n in raw["notes"]}
    assert item.title.lower() in item.haystack and item.artist.lower() in item.haystack


async def test_incremental_sync_reads_only_the_new_pages(app, service, mirror, fresh_release):
    added = await service.collection.add_release(ME, fresh_release, 2)
    before = await requests_served(app)
    report = await mirror.sync()
    # folders, fields, page 1 (one new instance), page 2 (all known: stop)
    assert await requests_served(app) - before == 4
    assert (report.added, report.removed, report.pages) == (1, 0, 2)
    assert mirror.get(added["instance_id"]).release_id == fresh_release


async def test_full_sync_catches_edits(service, mirror):
    edited = mirror.items()[1500]
    new_rating = 1 if edited.rating != 1 else 2
    await service.collection.edit_instance(
        ME, edited.folder_id, edited.release_id, edited.instance_id, rating=new_rating
    )
    assert (await mirror.sync()).updated == 0  # incremental: the top pages are unchanged
    report = await mirror.sync(full=True)
    assert (report.removed, report.updated, report.pages) == (0, 1, DEMO_PAGES)
    assert mirror.get(edited.instance_id).rating == new_rating


async def test_an_incremental_sync_that_counts_wrong_reads_everything(service, mirror):
    """A copy removed elsewhere (the website, another session): the newest pages are
    unchanged, but Discogs counts one copy fewer, so the sync reads on and drops it."""
    gone = mirror.items()[500]
    await service.collection.delete_instance(ME, gone.folder_id, gone.release_id, gone.instance_id)
    report = await mirror.sync()
    assert (report.removed, report.pages) == (1, 1 + DEMO_PAGES)  # page 1, then all of them
    assert mirror.get(gone.instance_id) is None
    assert len(mirror) == DEMO_ITEMS - 1 == mirror.total


# -- resuming -------------------------------------------------------------------------------------
async def test_interrupted_sync_resumes_where_it_stopped(app, tmp_path):
    async with new_process_service(app) as first:
        mirror = CollectionMirror(first, ME, tmp_path)
        sync = asyncio.ensure_future(mirror.sync(lambda done, total: done == 2 and sync.cancel()))
        with pytest.raises(asyncio.CancelledError):
            await sync
        mirror.close()

    async with new_process_service(app) as second:
        mirror = CollectionMirror(second, ME, tmp_path)
        assert len(mirror) == 200 and mirror.sync_pending and mirror.synced_at is None
        before = await requests_served(app)
        report = await mirror.sync()
        # folders, fields, pages 2..30 (page 2 again, in case removals shifted items onto it),
        # then page 1 again for copies added meanwhile: all known, so the sync ends there
        assert await requests_served(app) - before == 2 + DEMO_PAGES
        assert (report.added, report.pages) == (DEMO_ITEMS - 200, DEMO_PAGES)
        assert len(mirror) == DEMO_ITEMS and not mirror.sync_pending
        mirror.close()


# -- keeping in step with writes ----------------------------------------------------------------
async def test_apply_changes_persist_across_reopen(service, mirror, tmp_path):
    first, second, third = mirror.items(2)[:3]
    mirror.apply_rating(first.instance_id, 5 if first.rating != 5 else 4)
    mirror.apply_move(second.instance_id, 3)
    mirror.apply_field(third.instance_id, 3, "Signed copy")
    mirror.apply_remove(first.instance_id)
    added = second.with_changes(instance_id=999_999, folder_id=1)
    mirror.apply_add(added)
    counts = {f["id"]: f["count"] for f in mirror.folders}
    mirror.close()

    reopened = CollectionMirror(service, ME, tmp_path)
    assert reopened.get(first.instance_id) is None
    assert reopened.get(second.instance_id).folder_id == 3
    assert reopened.get(third.instance_id).notes[3] == "Signed copy"
    assert "signed copy" in reopened.get(third.instance_id).haystack
    assert reopened.get(999_999) == added
    assert {f["id"]: f["count"] for f in reopened.folders} == counts
    for folder_id, count in counts.items():
        assert len(reopened.items(folder_id)) == count
    reopened.close()


async def test_apply_add_takes_an_api_item_and_field_clearing(service, mirror):
    page = await service.collection.folder_releases(ME, 0, per_page=100, sort="added")
    raw = next(item for item in page.items if item.get("notes"))
    mirror.apply_remove(raw["instance_id"])
    mirror.apply_add(raw)
    assert mirror.get(raw["instance_id"]) == MirrorItem.from_api(raw)
    field_id = raw["notes"][0]["field_id"]
    mirror.apply_field(raw["instance_id"], field_id, "")
    assert field_id not in mirror.get(raw["instance_id"]).notes
    mirror.apply_folders([{"id": 0, "name": "All", "count": 1}])
    assert mirror.folders == [{"id": 0, "name": "All", "count": 1}]


# -- the store -------------------------------------------------------------------------------------
async def test_store_is_private_and_a_second_process_reads_only(service, mirror, tmp_path):
    assert mirror.path == tmp_path / STORE / f"{ME}.jsonl"
    assert stat.S_IMODE(os.stat(mirror.path).st_mode) == 0o600
    other = CollectionMirror(service, ME, tmp_path)
    assert mirror.writable and not other.writable
    assert len(other) == DEMO_ITEMS
    other.apply_remove(other.items()[0].instance_id)  # kept in memory only
    other.close()
    mirror.close()
    reopened = CollectionMirror(service, ME, tmp_path)
    assert len(reopened) == DEMO_ITEMS
    reopened.close()


def stored_rows(path) -> dict[str, list]:
    """The rows the file holds, its lines replayed."""
    rows: dict[str, list] = {}
    for line in path.read_text(encoding="utf-8").splitlines():
        entry = json.loads(line)
        rows.update(entry.get("put") or {})
        for instance_id in entry.get("drop") or ():
            rows.pop(str(instance_id), None)
    return rows


async def test_corrupted_store_is_moved_aside(service, tmp_path):
    folder = tmp_path / STORE
    folder.mkdir()
    damaged = '{"put": {}, "drop": [], "meta": {}}\n{"put": {"1": \n{"meta": {}}\n'
    (folder / f"{ME}.jsonl").write_text(damaged, encoding="utf-8")
    mirror = CollectionMirror(service, ME, tmp_path)
    assert len(mirror) == 0 and mirror.synced_at is None
    assert [p.name.split(".corrupt-")[0] for p in folder.glob("*.corrupt-*")] == [f"{ME}.jsonl"]
    page = await service.collection.folder_releases(ME, 0, per_page=5)
    for item in page.items:
        mirror.apply_add(item)
    mirror.close()
    assert len(stored_rows(folder / f"{ME}.jsonl")) == 5


async def test_writes_append_and_a_write_cut_short_is_dropped(service, tmp_path):
    mirror = CollectionMirror(service, ME, tmp_path)
    page = await service.collection.folder_releases(ME, 0, per_page=5)
    for item in page.items:
        mirror.apply_add(item)
    first, second = page.items[0]["instance_id"], page.items[1]["instance_id"]
    mirror.apply_rating(first, 4)
    lines = mirror.path.read_text(encoding="utf-8").splitlines()
    assert len(lines) == 6  # one line a write: nothing rewritten
    with mirror.path.open("a", encoding="utf-8") as handle:  # a crash in the next write
        handle.write('{"put": {"' + str(second) + '": [1, 2')
    mirror._lock_handle.close()  # the process is gone
    mirror._lock_handle = None
    reopened = CollectionMirror(service, ME, tmp_path)
    assert len(reopened) == 5 and reopened.get(first).rating == 4
    assert not list((tmp_path / STORE).glob("*.corrupt-*"))
    # The cut-off line is gone (the file rewritten), so the next write lands on a line of its own.
    reopened.apply_rating(second, 2)
    reopened.close()
    again = CollectionMirror(service, ME, tmp_path)
    assert again.get(second).rating == 2 and len(again) == 5
    again.close()

"""The bulk engine (api/bulk) against an in-process sandbox: each action changes what
Discogs has (checked in the sandbox's state), its preview says what it does, undo puts back
what it says, a dropped answer is read back and never sent twice, a journal left mid-step
by a crash is settled by reading first, and every request goes at background priority."""

from __future__ import annotations

import asyncio

import pytest

from discogs_tui.api.bulk import Bulk, Journal, PriceRule, actions, preview
from discogs_tui.api.errors import ValidationError
from discogs_tui.api.scheduler import Priority
from discogs_tui.sandbox import create_app
from discogs_tui.sandbox.config import DEMO_USERNAME
from discogs_tui.sandbox.faults import FaultRule
from tests.api.conftest import requests_served
from tests.conftest import roomy_config

USER = DEMO_USERNAME


@pytest.fixture
def app():
    """On the wall clock: an inventory upload finishes ``export_delay`` seconds after it went."""
    return create_app(roomy_config(export_delay=0.2))


def demo(app):
    return app.state.sandbox.user(USER)


async def synced(service):
    store = service.stores.collection
    mirror = await store.opening(USER, None)
    await store.sync(mirror)
    return mirror


async def new_folder(service, mirror, name: str) -> int:
    await service.stores.collection.create_folder(USER, name)
    return next(f["id"] for f in mirror.folders if f["name"] == name)


async def listings(service) -> list[dict]:
    page = await service.marketplace.inventory(USER, per_page=100, use_cache=False)
    return page.items


@pytest.fixture
def priorities(service):
    """The priority of every request the service sends."""
    seen: list[Priority] = []
    scheduler = service.client.scheduler
    submit = scheduler.submit

    async def recording(request, priority=Priority.INTERACTIVE, coalesce_key=None):
        from discogs_tui.api.scheduler import _FLOOR

        seen.append(max(priority, _FLOOR.get()))
        return await submit(request, priority, coalesce_key)

    scheduler.submit = recording
    return seen


async def test_a_move_says_what_it_does_moves_every_copy_and_undo_puts_them_back(
    service, app, priorities
):
    mirror = await synced(service)
    shelf = await new_folder(service, mirror, "Shelf A")
    vinyl = next(f["id"] for f in mirror.folders if f["name"] == "Vinyl")
    items = [item for item in mirror.items() if item.folder_id == vinyl][:37]
    plan = actions.plan_collection_move(USER, items, shelf, mirror.folders)
    assert preview(plan) == "Move 37 copies from Vinyl to Shelf A"
    heard = []
    service.stores.changes.subscribe(heard.append)
    priorities.clear()

    bulk = Bulk(service, None)
    report = await bulk.start(plan).finished()

    assert report.complete and len(report.done) == 37
    instances = demo(app).instances
    assert {instances[i.instance_id].folder_id for i in items} == {shelf}
    assert all(mirror.get(i.instance_id).folder_id == shelf for i in items)  # the mirror too
    assert len(heard) == 37  # the screens heard of each copy
    assert priorities and set(priorities) == {Priority.BACKGROUND}

    undo = bulk.undo_plan(report)
    assert preview(undo) == "Move 37 copies from Shelf A to Vinyl"
    assert (await bulk.start(undo).finished()).complete
    assert {instances[i.instance_id].folder_id for i in items} == {vinyl}


async def test_ratings_and_fields_are_set_and_undone(service, app):
    mirror = await synced(service)
    items = mirror.items()[:12]
    ratings = {i.instance_id: demo(app).instances[i.instance_id].rating for i in items}
    bulk = Bulk(service, None)
    rated = await bulk.start(actions.plan_collection_rate(USER, items, 4)).finished()
    assert {demo(app).instances[i.instance_id].rating for i in items} == {4}
    undo = bulk.undo_plan(rated)
    count = len(rated.done)
    assert preview(undo) == f"Put {count} copies back as they were (undoing 'Rate 12 copies 4/5')"
    await bulk.start(undo).finished()
    assert {i.instance_id: demo(app).instances[i.instance_id].rating for i in items} == ratings

    field = next(f for f in mirror.fields if f["type"] != "dropdown")
    plan = actions.plan_collection_field(USER, items, field, "Box 7")
    assert preview(plan) == f"Set {field['name']} to 'Box 7' on 12 copies"
    before = {i.instance_id: i.notes.get(field["id"], "") for i in items}
    done = await bulk.start(plan).finished()
    assert {demo(app).instances[i.instance_id].notes.get(field["id"]) for i in items} == {"Box 7"}
    await bulk.start(bulk.undo_plan(done)).finished()
    after_undo = {
        i.instance_id: demo(app).instances[i.instance_id].notes.get(field["id"], "") for i in items
    }
    assert after_undo == before


async def test_a_removal_removes_and_says_it_cannot_be_undone(service, app):
    mirror = await synced(service)
    items = mirror.items()[:5]
    plan = actions.plan_collection_remove(USER, items)
    assert "can't be undone" in preview(plan)
    bulk = Bulk(service, None)
    report = await bulk.start(plan).finished()
    assert report.complete and not report.undoable
    assert not any(i.instance_id in demo(app).instances for i in items)
    with pytest.raises(ValidationError, match="can't be put back"):
        bulk.undo_plan(report)


async def test_wantlist_ratings_notes_removals_and_additions(service, app, fresh_release):
    wants = (await service.wantlist.wants(USER, per_page=10)).items
    ids = [int(w["id"]) for w in wants]
    bulk = Bulk(service, None)
    notes = await bulk.start(
        actions.plan_wantlist_notes(USER, wants, "first press only")
    ).finished()
    assert {demo(app).wants[i].notes for i in ids} == {"first press only"}
    before = {int(w["id"]): w.get("notes", "") for w in wants}
    await bulk.start(bulk.undo_plan(notes)).finished()
    assert {i: demo(app).wants[i].notes for i in ids} == before
    await bulk.start(actions.plan_wantlist_rate(USER, wants[:3], 5)).finished()
    assert {demo(app).wants[i].rating for i in ids[:3]} == {5}
    await bulk.start(actions.plan_wantlist_remove(USER, wants[5:])).finished()
    assert not set(ids[5:]) & set(demo(app).wants)
    added = actions.plan_wantlist_add(USER, [(fresh_release, "new"), (ids[0], "old")], ids)
    report = await bulk.start(added).finished()
    assert fresh_release in demo(app).wants
    assert len(report.done) == 1 and report.skipped[0][1] == "already wanted"


async def test_a_reprice_of_many_listings_is_one_upload_and_undo_restores_the_prices(service, app):
    mine = await listings(service)
    plan = actions.plan_inventory_price(
        USER, mine, PriceRule.of(percent="-10", rounding="99", floor="3")
    )
    assert preview(plan).startswith(f"Re-price {len(plan.targets)} listings: down 10%")
    before = {t.key: t.before for t in plan.targets}
    served = await requests_served(app)
    bulk = Bulk(service, None)
    report = await bulk.start(plan).finished()
    requests = await requests_served(app) - served
    assert report.complete
    assert requests <= 4, f"{requests} requests for {len(plan.targets)} listings"
    state = app.state.sandbox.listings
    for target in plan.targets:
        price = state[target.key]["price"]["value"]
        assert price == target.after
        assert price == 3 or (price > 3 and f"{price:.2f}".endswith(".99"))
    await bulk.start(bulk.undo_plan(report)).finished()
    assert {key: state[key]["price"]["value"] for key in before} == before


async def test_upload_rows_discogs_refuses_are_reported_per_listing(service, app):
    mine = await listings(service)
    plan = actions.plan_inventory_location(USER, mine[:6], "Crate 4")
    gone = plan.targets[2].key
    app.state.sandbox.listings.pop(gone)  # sold and gone meanwhile
    report = await Bulk(service, None).start(plan).finished()
    assert [plan.targets[i].key for i, _ in report.failed] == [gone]
    assert "not in your inventory" in report.failed[0][1]
    assert len(report.done) == len(plan.targets) - 1


async def test_status_offers_and_deletions(service, app):
    mine = [li for li in await listings(service) if li["status"] == "For Sale"][:4]
    bulk = Bulk(service, None)
    state = app.state.sandbox.listings
    drafts = await bulk.start(actions.plan_inventory_status(USER, mine, "Draft")).finished()
    assert {state[li["id"]]["status"] for li in mine} == {"Draft"}
    await bulk.start(bulk.undo_plan(drafts)).finished()
    assert {state[li["id"]]["status"] for li in mine} == {"For Sale"}
    await bulk.start(actions.plan_inventory_offers(USER, mine, False)).finished()
    assert {state[li["id"]]["allow_offers"] for li in mine} == {False}
    deleted = await bulk.start(actions.plan_inventory_delete(USER, mine[:2])).finished()
    assert deleted.complete and not deleted.undoable
    assert not {li["id"] for li in mine[:2]} & set(state)


async def test_a_dropped_answer_is_read_back_and_nothing_is_sent_twice(service, app):
    mirror = await synced(service)
    shelf = await new_folder(service, mirror, "Dropped")
    items = mirror.items()[:10]
    app.state.faults.add(FaultRule("drop_after", method="POST", path=r"/instances/\d+$", times=3))
    posts = app.state.stats.by_method["POST"]
    report = (
        await Bulk(service, None)
        .start(actions.plan_collection_move(USER, items, shelf, mirror.folders))
        .finished()
    )
    assert report.complete and len(report.done) == 10
    assert {demo(app).instances[i.instance_id].folder_id for i in items} == {shelf}
    assert app.state.stats.by_method["POST"] - posts == 10  # one POST per copy, dropped or not
    assert app.state.stats.unanswered >= 3


async def test_a_step_left_sending_by_a_crash_is_read_before_anything_is_sent(
    service, app, tmp_path
):
    mirror = await synced(service)
    shelf = await new_folder(service, mirror, "After crash")
    items = mirror.items()[:4]
    plan = actions.plan_collection_move(USER, items, shelf, mirror.folders)
    journal = Journal.create(plan, tmp_path)
    journal.record({"s": 0, "e": "sending"})  # ... and Discogs applied it before the kill
    demo(app).instances[items[0].instance_id].folder_id = shelf
    journal.record({"s": 1, "e": "sending"})  # ... killed before it went
    bulk = Bulk(service, tmp_path)
    (resumed,) = bulk.interrupted()
    report = await bulk.resume(resumed).finished()
    assert report.complete and len(report.done) == 4
    assert {demo(app).instances[i.instance_id].folder_id for i in items} == {shelf}
    assert not bulk.interrupted()
    assert Journal.load(tmp_path, plan.id).finished


async def test_pause_resume_and_cancel(service, app, tmp_path):
    mirror = await synced(service)
    items = mirror.items()[:30]
    bulk = Bulk(service, tmp_path)
    run = bulk.start(actions.plan_collection_rate(USER, items, 3))
    while run.job is None:
        await asyncio.sleep(0)
    run.pause()
    assert run.job.paused and run.job.progress_text().endswith("(paused)")
    run.cancel()
    report = await run.finished()
    assert report.state == "cancelled" and report.not_run
    (left,) = bulk.interrupted()
    finished = await bulk.resume(left).finished()
    assert finished.complete
    assert {demo(app).instances[i.instance_id].rating for i in items} == {3}


async def seller_with(service, app, count: int) -> None:
    """Give the demo user ``count`` more listings For Sale, by one upload (as a seller would)."""
    releases = sorted(app.state.sandbox.catalogue.releases)[:count]
    rows = "".join(
        f"{release_id},{5 + i % 40}.50,Very Good Plus (VG+)\n"
        for i, release_id in enumerate(releases)
    )
    await service.inventory.upload_add("release_id,price,media_condition\n" + rows)


async def test_a_500_listing_reprice_takes_a_handful_of_requests(service, app):
    from discogs_tui.api.bulk import records

    await seller_with(service, app, 500)
    served = await requests_served(app)
    chosen = (await records.listings(service, USER, "For Sale"))[:500]
    read = await requests_served(app) - served  # pages of 100: what a list on screen has read
    plan = actions.plan_inventory_price(USER, chosen, PriceRule.of(percent="5", rounding="whole"))
    report = await Bulk(service, None).start(plan).finished()
    sent = await requests_served(app) - served - read
    assert len(plan.targets) == 500 and report.complete
    assert sent <= 4, f"{sent} requests to re-price 500 listings"  # the upload and its polls
    state = app.state.sandbox.listings
    assert all(state[t.key]["price"]["value"] == t.after for t in plan.targets)


async def test_a_dropped_answer_on_a_want_is_read_back_from_the_wantlist(service, app):
    wants = (await service.wantlist.wants(USER, per_page=6)).items
    app.state.faults.add(FaultRule("drop_after", method="POST", path=r"/wants/\d+$", times=2))
    posts = app.state.stats.by_method["POST"]
    plan = actions.plan_wantlist_notes(USER, wants, "check the matrix")
    report = await Bulk(service, None).start(plan).finished()
    assert report.complete and len(report.done) == 6
    assert app.state.stats.by_method["POST"] - posts == 6
    assert {demo(app).wants[int(w["id"])].notes for w in wants} == {"check the matrix"}

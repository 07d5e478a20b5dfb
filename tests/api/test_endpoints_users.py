"""User identity, collection, wantlist and lists endpoints through the service layer."""

from __future__ import annotations

import pytest

from discogs_tui.api.errors import AuthError, NotFound, PermissionDenied, ValidationError
from discogs_tui.api.pagination import walk_items, walk_pages
from discogs_tui.api.users import Submission
from discogs_tui.sandbox.config import DEMO_USERNAME
from discogs_tui.sandbox.demo_users import PRIVATE_USERNAME

ME = DEMO_USERNAME
RELEASE = 249504  # a document release


# -- identity and profile ------------------------------------------------------------------------
async def test_identity_and_sign_in_check(service):
    identity = await service.users.identity()
    assert identity["username"] == ME and identity["consumer_name"]
    assert await service.sign_in_check() == ME


async def test_identity_needs_a_user(service_as):
    with pytest.raises(AuthError, match="authenticate"):
        await service_as(None).sign_in_check()


async def test_profile_owner_and_others(service, service_as):
    mine = await service.users.profile(ME)
    assert mine["username"] == ME and "email" in mine and mine["num_collection"] == 3000
    theirs = await service_as("rodneyfool").users.profile(ME)
    assert "email" not in theirs
    with pytest.raises(NotFound, match="User does not exist"):
        await service.users.profile("nobody_at_all")


async def test_edit_profile_then_read_back(service):
    await service.users.profile(ME)  # cached now
    answer = await service.users.edit_profile(
        ME, name="Demo Person", location="Here", currency="gbp"
    )
    assert answer["name"] == "Demo Person" and answer["curr_abbr"] == "GBP"
    profile = await service.users.profile(ME)
    assert profile["name"] == "Demo Person" and profile["location"] == "Here"
    assert profile["curr_abbr"] == "GBP"


async def test_currency_change_reprices_the_collection_value(service):
    before = await service.collection.value(ME)
    assert before["median"].startswith("$")
    await service.users.edit_profile(ME, currency="EUR")
    after = await service.collection.value(ME)
    assert after["median"].startswith("€")


async def test_edit_profile_validation_before_sending(service, nothing_sent):
    async with nothing_sent():
        with pytest.raises(ValidationError, match="currency"):
            await service.users.edit_profile(ME, currency="XYZ")
        with pytest.raises(ValidationError, match="Nothing to change"):
            await service.users.edit_profile(ME)


async def test_edit_someone_elses_profile_is_forbidden(service):
    with pytest.raises(PermissionDenied, match="permission"):
        await service.users.edit_profile("rodneyfool", name="Not me")


async def test_submissions_flattened_by_kind(service):
    page = await service.users.submissions("shooezgirl", per_page=5)
    assert page.pages > 1 and len(page.items) == 5
    assert all(isinstance(item, Submission) for item in page.items)
    assert page.items[0].kind == "artists" and "id" in page.items[0].data
    last = await service.users.submissions("shooezgirl", page=page.pages, per_page=5)
    assert {item.kind for item in last.items} == {"releases"}


async def test_contributions_sorted(service, nothing_sent):
    page = await service.users.contributions("shooezgirl", sort="year", sort_order="desc")
    years = [release.get("year") or 0 for release in page.items]
    assert page.total > 50 and years == sorted(years, reverse=True)
    async with nothing_sent():
        with pytest.raises(ValidationError, match="sort key"):
            await service.users.contributions("shooezgirl", sort="colour")


# -- collection: folders -------------------------------------------------------------------------
async def test_folders_owner_and_others(service, service_as):
    mine = await service.collection.folders(ME)
    assert [f["id"] for f in mine] == [0, 1, 2, 3, 4, 5]
    assert mine[0]["name"] == "All" and mine[0]["count"] == 3000
    theirs = await service_as("rodneyfool").collection.folders(ME)
    assert [f["id"] for f in theirs] == [0]


async def test_private_collection(service, service_as):
    with pytest.raises(PermissionDenied):
        await service.collection.folders(PRIVATE_USERNAME)
    with pytest.raises(AuthError):
        await service_as(None).collection.folder_releases(PRIVATE_USERNAME)
    owner = service_as(PRIVATE_USERNAME)
    assert (await owner.collection.folder(PRIVATE_USERNAME, 0))["count"] == 60


async def test_create_rename_delete_folder(service):
    await service.collection.folders(ME)  # cached now
    created = await service.collection.create_folder(ME, "  Singles ")
    assert created["name"] == "Singles" and created["count"] == 0
    folder_id = created["id"]
    assert folder_id in [f["id"] for f in await service.collection.folders(ME)]
    await service.collection.folder(ME, folder_id)
    renamed = await service.collection.rename_folder(ME, folder_id, "7-inches")
    assert renamed["name"] == "7-inches"
    assert (await service.collection.folder(ME, folder_id))["name"] == "7-inches"
    await service.collection.delete_folder(ME, folder_id)
    with pytest.raises(NotFound, match="Folder not found"):
        await service.collection.folder(ME, folder_id)
    assert folder_id not in [f["id"] for f in await service.collection.folders(ME)]


async def test_folder_validation_before_sending(service, nothing_sent):
    async with nothing_sent():
        with pytest.raises(ValidationError, match="must not be empty"):
            await service.collection.create_folder(ME, "  ")
        for fixed in (0, 1):
            with pytest.raises(ValidationError, match=r'0 \("All"\) and 1 \("Uncategorized"\)'):
                await service.collection.rename_folder(ME, fixed, "Mine")
            with pytest.raises(ValidationError, match="fixed"):
                await service.collection.delete_folder(ME, fixed)
        with pytest.raises(ValidationError, match="folder_id"):
            await service.collection.folder(ME, -1)


async def test_folder_server_errors(service, service_as):
    with pytest.raises(ValidationError, match="must be empty"):
        await service.collection.delete_folder(ME, 2)
    with pytest.raises(PermissionDenied):
        await service_as("rodneyfool").collection.folder(ME, 2)
    with pytest.raises(PermissionDenied):
        await service_as("rodneyfool").collection.create_folder(ME, "Intruder")


# -- collection: releases and instances ---------------------------------------------------------
async def test_walk_a_3000_item_folder(service):
    progress: list[tuple[int, int]] = []

    async def fetch(page: int, per_page: int):
        return await service.collection.folder_releases(ME, 0, page=page, per_page=per_page)

    ids = [
        item["instance_id"]
        async for item in walk_items(fetch, per_page=100, progress=lambda *p: progress.append(p))
    ]
    assert len(ids) == 3000 and len(set(ids)) == 3000
    assert progress == [(n, 30) for n in range(1, 31)]


async def test_folder_releases_sorted_and_filtered_by_folder(service, nothing_sent):
    page = await service.collection.folder_releases(ME, 2, sort="year", sort_order="desc")
    assert {item["folder_id"] for item in page.items} == {2}
    years = [item["basic_information"]["year"] for item in page.items]
    assert years == sorted(years, reverse=True)
    async with nothing_sent():
        with pytest.raises(ValidationError, match="sort key"):
            await service.collection.folder_releases(ME, sort="price")


async def test_add_edit_move_delete_an_instance(service, fresh_release):
    before = await service.collection.release_instances(ME, fresh_release)
    assert before.total == 0
    added = await service.collection.add_release(ME, fresh_release, 2)
    instance_id = added["instance_id"]
    [copy] = (await service.collection.release_instances(ME, fresh_release)).items
    assert copy["instance_id"] == instance_id and copy["folder_id"] == 2

    await service.collection.edit_instance(ME, 2, fresh_release, instance_id, rating=4, move_to=3)
    [copy] = (await service.collection.release_instances(ME, fresh_release)).items
    assert copy["rating"] == 4 and copy["folder_id"] == 3
    folders = {f["id"]: f["count"] for f in await service.collection.folders(ME)}
    assert folders[0] == 3001

    await service.collection.delete_instance(ME, 3, fresh_release, instance_id)
    assert (await service.collection.release_instances(ME, fresh_release)).total == 0


async def test_instance_validation_before_sending(service, nothing_sent):
    async with nothing_sent():
        with pytest.raises(ValidationError, match="release_id"):
            await service.collection.release_instances(ME, 0)
        with pytest.raises(ValidationError, match="read-only"):
            await service.collection.add_release(ME, RELEASE, 0)
        with pytest.raises(ValidationError, match="rating"):
            await service.collection.edit_instance(ME, 1, RELEASE, 1, rating=6)
        with pytest.raises(ValidationError, match="read-only"):
            await service.collection.edit_instance(ME, 1, RELEASE, 1, move_to=0)
        with pytest.raises(ValidationError, match="Nothing to change"):
            await service.collection.edit_instance(ME, 1, RELEASE, 1)


async def test_instance_server_errors(service, service_as):
    theirs = (await service_as("rodneyfool").collection.folder_releases("rodneyfool")).items[0]
    with pytest.raises(PermissionDenied):
        await service.collection.delete_instance(
            "rodneyfool", 1, theirs["id"], theirs["instance_id"]
        )
    with pytest.raises(NotFound, match="Release not found"):
        await service.collection.add_release(ME, 999_999_999)
    with pytest.raises(NotFound, match="Instance not found"):
        await service.collection.edit_instance(ME, 1, RELEASE, 987_654_321, rating=3)
    with pytest.raises(ValidationError, match="does not exist"):
        mine = (await service.collection.folder_releases(ME, per_page=1)).items[0]
        await service.collection.edit_instance(ME, 0, mine["id"], mine["instance_id"], move_to=99)


# -- collection: fields and value --------------------------------------------------------------
async def test_fields_owner_and_others(service, service_as):
    mine = await service.collection.fields(ME)
    assert [f["name"] for f in mine] == ["Media", "Sleeve", "Notes", "Purchase"]
    theirs = await service_as("rodneyfool").collection.fields(ME)
    assert [f["name"] for f in theirs] == ["Media", "Sleeve", "Notes"]


async def test_set_field_values_then_read_back(service, fresh_release):
    media, _sleeve, notes, _purchase = await service.collection.fields(ME)
    added = await service.collection.add_release(ME, fresh_release)
    where = (ME, 1, fresh_release, added["instance_id"])
    await service.collection.release_instances(ME, fresh_release)  # cached now
    await service.collection.set_field_value(*where, media["id"], "Good (G)", field=media)
    await service.collection.set_field_value(*where, notes["id"], "Signed [b]twice[/b].")
    [copy] = (await service.collection.release_instances(ME, fresh_release)).items
    assert {n["field_id"]: n["value"] for n in copy["notes"]} == {
        media["id"]: "Good (G)",
        notes["id"]: "Signed [b]twice[/b].",
    }
    await service.collection.set_field_value(*where, notes["id"], "")
    [copy] = (await service.collection.release_instances(ME, fresh_release)).items
    assert [n["field_id"] for n in copy["notes"]] == [media["id"]]


async def test_dropdown_value_checked_before_sending(service, nothing_sent, fresh_release):
    media = (await service.collection.fields(ME))[0]
    added = await service.collection.add_release(ME, fresh_release)
    where = (ME, 1, fresh_release, added["instance_id"])
    async with nothing_sent():
        with pytest.raises(ValidationError, match="Media must be one of"):
            await service.collection.set_field_value(*where, media["id"], "Shiny", field=media)
        with pytest.raises(ValidationError, match="field given"):
            await service.collection.set_field_value(*where, 3, "Mint (M)", field=media)
    with pytest.raises(ValidationError, match="Invalid value for Media"):  # the server's check
        await service.collection.set_field_value(*where, media["id"], "Shiny")


async def test_collection_value(service, service_as, fresh_release):
    value = await service.collection.value(ME)
    assert set(value) == {"minimum", "median", "maximum"}
    before = value["median"]
    await service.collection.add_release(ME, fresh_release)
    assert (await service.collection.value(ME))["median"] != before
    with pytest.raises(PermissionDenied):
        await service_as("rodneyfool").collection.value(ME)


# -- wantlist ------------------------------------------------------------------------------------
async def test_wants_owner_and_others(service, service_as):
    mine = await service.wantlist.wants(ME, per_page=100)
    assert mine.total == 300 and "notes" in mine.items[0]
    theirs = await service_as("rodneyfool").wantlist.wants(ME)
    assert "notes" not in theirs.items[0]
    with pytest.raises(PermissionDenied):
        await service.wantlist.wants(PRIVATE_USERNAME)


async def want_of(service, release_id: int) -> dict | None:
    async def fetch(page: int, per_page: int):
        return await service.wantlist.wants(ME, page=page, per_page=per_page)

    async for want in walk_items(fetch):
        if want["id"] == release_id:
            return want
    return None


async def test_add_edit_remove_a_want(service, fresh_release):
    assert await want_of(service, fresh_release) is None
    added = await service.wantlist.add(ME, fresh_release, notes="Original press", rating=3)
    assert added["id"] == fresh_release and added["rating"] == 3
    want = await want_of(service, fresh_release)
    assert want["notes"] == "Original press" and want["rating"] == 3

    edited = await service.wantlist.edit(ME, fresh_release, rating=5)
    assert edited["rating"] == 5 and edited["notes"] == "Original press"
    assert (await want_of(service, fresh_release))["rating"] == 5

    await service.wantlist.remove(ME, fresh_release)
    assert await want_of(service, fresh_release) is None
    with pytest.raises(NotFound, match="not in wantlist"):
        await service.wantlist.remove(ME, fresh_release)


async def test_wantlist_validation_before_sending(service, nothing_sent):
    async with nothing_sent():
        with pytest.raises(ValidationError, match="rating"):
            await service.wantlist.add(ME, RELEASE, rating=6)
        with pytest.raises(ValidationError, match="rating"):
            await service.wantlist.edit(ME, RELEASE, rating=-1)
        with pytest.raises(ValidationError, match="Nothing to change"):
            await service.wantlist.edit(ME, RELEASE)


async def test_wantlist_server_errors(service, service_as):
    with pytest.raises(PermissionDenied):
        await service.wantlist.add("rodneyfool", RELEASE)
    with pytest.raises(AuthError):
        await service_as(None).wantlist.remove(ME, RELEASE)
    with pytest.raises(NotFound, match="not in wantlist"):
        await service.wantlist.edit(ME, RELEASE, notes="never added")


# -- lists ---------------------------------------------------------------------------------------
async def test_user_lists_owner_and_others(service, service_as):
    mine = await service.lists.user_lists(ME)
    theirs = await service_as("rodneyfool").lists.user_lists(ME)
    assert mine.total > theirs.total > 0
    assert all(entry["public"] for entry in theirs.items)
    assert any(not entry["public"] for entry in mine.items)


async def test_one_list(service, service_as):
    private = next(e for e in (await service.lists.user_lists(ME)).items if not e["public"])
    mine = await service.lists.list(private["id"])
    assert mine["name"] == private["name"] and isinstance(mine["items"], list)
    with pytest.raises(NotFound, match="List not found"):
        await service_as("rodneyfool").lists.list(private["id"])
    with pytest.raises(NotFound):
        await service.lists.list(999_999)


async def test_walk_pages_over_lists(service):
    pages = [
        page
        async for page in walk_pages(
            lambda page, per_page: service.lists.user_lists(ME, page=page, per_page=per_page),
            per_page=2,
        )
    ]
    assert sum(len(page.items) for page in pages) == pages[0].total

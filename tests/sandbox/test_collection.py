"""A user's collection: folders, items, instances, notes fields and value."""

from __future__ import annotations

import re

import pytest

from discogs_tui.sandbox import create_app, examples
from discogs_tui.sandbox.config import (
    BIG_COLLECTION_SIZE,
    BIG_USERNAME,
    DEMO_USERNAME,
    HUGE_USERNAME,
)
from discogs_tui.sandbox.demo_users import PRIVATE_USERNAME
from tests.conftest import roomy_config
from tests.sandbox.test_users import ANONYMOUS, CONSUMER, user_client

DEMO = f"/users/{DEMO_USERNAME}/collection"
ITEM_KEYS = {"id", "instance_id", "folder_id", "rating", "date_added", "basic_information"}
FOLDER_KEYS = {"id", "name", "count", "resource_url"}


@pytest.fixture(scope="module")
def shared_app():
    """One sandbox for the tests that only read or are refused (building one takes ~0.1 s);
    tests that change state take a fresh ``sandbox_app``."""
    return create_app(roomy_config())


@pytest.fixture
async def owner(shared_app):
    async with user_client(shared_app, DEMO_USERNAME) as c:
        yield c


@pytest.fixture
async def visitor(shared_app):
    async with user_client(shared_app, ANONYMOUS) as c:
        yield c


def demo_user(app):
    return app.state.sandbox.user(DEMO_USERNAME)


def first_instance(app, folder_id: int | None = None):
    return next(
        i
        for i in demo_user(app).instances.values()
        if folder_id is None or i.folder_id == folder_id
    )


def instance_path(instance, folder_id: int | None = None) -> str:
    folder = instance.folder_id if folder_id is None else folder_id
    return (
        f"{DEMO}/folders/{folder}/releases/{instance.release_id}/instances/{instance.instance_id}"
    )


async def all_items(c, path: str) -> list[dict]:
    items, page = [], 1
    while True:
        body = (await c.get(path, params={"per_page": 100, "page": page})).json()
        items += body["releases"]
        if page >= body["pagination"]["pages"]:
            return items
        page += 1


# -- folders ----------------------------------------------------------------------------------
async def test_owner_sees_every_folder_with_counts(owner):
    answer = await owner.get(f"{DEMO}/folders")
    assert answer.status_code == 200
    folders = answer.json()["folders"]
    assert [f["name"] for f in folders] == [
        "All",
        "Uncategorized",
        "Vinyl",
        "CDs",
        "To Sell",
        "Jazz",
    ]
    assert all(set(f) == FOLDER_KEYS for f in folders)
    assert folders[0]["count"] == 3000 == sum(f["count"] for f in folders[1:])
    assert folders[2]["resource_url"] == f"https://api.discogs.com{DEMO}/folders/{folders[2]['id']}"


@pytest.mark.parametrize("who", [ANONYMOUS, CONSUMER, "rodneyfool"])
async def test_others_see_folder_all_of_a_public_collection(shared_app, who):
    async with user_client(shared_app, who) as c:
        answer = await c.get(f"{DEMO}/folders")
    assert answer.json()["folders"] == [
        {
            "id": 0,
            "count": 3000,
            "name": "All",
            "resource_url": f"https://api.discogs.com{DEMO}/folders/0",
        }
    ]


@pytest.mark.parametrize(
    "path",
    ["/folders", "/folders/0", "/folders/0/releases", "/fields", "/releases/4674"],
)
@pytest.mark.parametrize(
    ("who", "status"),
    [(ANONYMOUS, 401), (CONSUMER, 401), ("rodneyfool", 403), (PRIVATE_USERNAME, 200)],
)
async def test_a_private_collection_is_for_its_owner(shared_app, path, who, status):
    async with user_client(shared_app, who) as c:
        answer = await c.get(f"/users/{PRIVATE_USERNAME}/collection{path}")
    assert answer.status_code == status


async def test_unknown_user_collection_is_404(visitor):
    assert (await visitor.get("/users/nobody-here/collection/folders")).status_code == 404


async def test_folder_verbs(owner):
    assert (await owner.put(f"{DEMO}/folders")).status_code == 405
    assert (await owner.put(f"{DEMO}/folders/1")).status_code == 405
    assert (await owner.delete(f"{DEMO}/folders/1/releases")).status_code == 405


async def test_create_rename_and_delete_a_folder(client):
    created = await client.post(f"{DEMO}/folders", json={"name": "My Music"})
    assert created.status_code == 201
    folder = created.json()
    assert set(folder) == set(examples.COLLECTION_FOLDER_CREATED_EXAMPLE)
    assert (folder["name"], folder["count"]) == ("My Music", 0)
    path = f"{DEMO}/folders/{folder['id']}"
    assert folder["resource_url"] == f"https://api.discogs.com{path}"
    assert (await client.get(path)).json() == folder

    renamed = await client.post(path, json={"name": "An Example Folder"})
    assert renamed.status_code == 200
    assert renamed.json() == {**folder, "name": "An Example Folder"}
    names = [f["name"] for f in (await client.get(f"{DEMO}/folders")).json()["folders"]]
    assert names[-1] == "An Example Folder"

    assert (await client.delete(path)).status_code == 204
    assert (await client.get(path)).status_code == 404
    assert len((await client.get(f"{DEMO}/folders")).json()["folders"]) == 6


async def test_create_folder_needs_a_name(owner):
    for body in ({}, {"name": ""}, {"name": "   "}):
        answer = await owner.post(f"{DEMO}/folders", json=body)
        assert answer.status_code == 422
        assert "name" in answer.json()["message"]


@pytest.mark.parametrize(
    ("who", "status"), [(ANONYMOUS, 401), (CONSUMER, 401), ("rodneyfool", 403)]
)
async def test_folder_writes_need_the_owner(shared_app, who, status):
    async with user_client(shared_app, who) as c:
        assert (await c.post(f"{DEMO}/folders", json={"name": "x"})).status_code == status
        assert (await c.post(f"{DEMO}/folders/2", json={"name": "x"})).status_code == status
        assert (await c.delete(f"{DEMO}/folders/2")).status_code == status
        assert (await c.get(f"{DEMO}/folders/2")).status_code == status
        assert (await c.get(f"{DEMO}/folders/2/releases")).status_code == status


async def test_permanent_folders_cannot_be_renamed_or_deleted(owner):
    for folder_id in (0, 1):
        assert (
            await owner.post(f"{DEMO}/folders/{folder_id}", json={"name": "x"})
        ).status_code == 422
        assert (await owner.delete(f"{DEMO}/folders/{folder_id}")).status_code == 422


async def test_a_folder_must_be_empty_to_be_deleted(owner):
    answer = await owner.delete(f"{DEMO}/folders/2")
    assert answer.status_code == 422
    assert "empty" in answer.json()["message"]


async def test_unknown_folder_is_404(owner):
    assert (await owner.get(f"{DEMO}/folders/99999")).status_code == 404
    assert (await owner.get(f"{DEMO}/folders/99999/releases")).status_code == 404
    assert (await owner.delete(f"{DEMO}/folders/99999")).status_code == 404


async def test_folder_all_is_public(visitor):
    answer = await visitor.get(f"{DEMO}/folders/0")
    assert answer.json()["count"] == 3000


# -- items ------------------------------------------------------------------------------------
async def test_folder_all_pages_at_100(owner):
    first = await owner.get(f"{DEMO}/folders/0/releases", params={"per_page": 100})
    assert first.status_code == 200
    pagination = first.json()["pagination"]
    assert (pagination["items"], pagination["pages"], pagination["per_page"]) == (3000, 30, 100)
    assert 'rel="next"' in first.headers["Link"] and 'rel="last"' in first.headers["Link"]
    assert "page=30&per_page=100" in pagination["urls"]["last"]
    last = await owner.get(f"{DEMO}/folders/0/releases", params={"per_page": 100, "page": 30})
    assert len(last.json()["releases"]) == 100
    assert "next" not in last.json()["pagination"]["urls"]
    assert (
        await owner.get(f"{DEMO}/folders/0/releases", params={"per_page": 100, "page": 31})
    ).status_code == 404


async def test_item_shape(owner):
    items = (await owner.get(f"{DEMO}/folders/0/releases")).json()["releases"]
    assert len(items) == 50
    for item in items:
        assert ITEM_KEYS <= set(item) <= ITEM_KEYS | {"notes"}
        assert item["basic_information"]["id"] == item["id"]
        assert 0 <= item["rating"] <= 5
        for note in item.get("notes", ()):
            assert set(note) == {"field_id", "value"}


async def test_a_folder_lists_only_its_instances(owner):
    folders = (await owner.get(f"{DEMO}/folders")).json()["folders"]
    jazz = next(f for f in folders if f["name"] == "Jazz")
    items = await all_items(owner, f"{DEMO}/folders/{jazz['id']}/releases")
    assert len(items) == jazz["count"]
    assert {i["folder_id"] for i in items} == {jazz["id"]}


async def test_some_releases_are_owned_twice(shared_app):
    releases = [i.release_id for i in demo_user(shared_app).instances.values()]
    assert len(set(releases)) < len(releases)


async def test_others_see_only_public_notes(shared_app, owner, visitor):
    private_fields = {f["id"] for f in demo_user(shared_app).fields if not f["public"]}
    own = await all_items(owner, f"{DEMO}/folders/0/releases")
    seen = await all_items(visitor, f"{DEMO}/folders/0/releases")
    own_fields = {n["field_id"] for i in own for n in i.get("notes", ())}
    seen_fields = {n["field_id"] for i in seen for n in i.get("notes", ())}
    assert private_fields <= own_fields
    assert not private_fields & seen_fields
    assert seen_fields


@pytest.mark.parametrize(
    "key", ["label", "artist", "title", "catno", "format", "rating", "added", "year"]
)
async def test_sort_keys(owner, key):
    answer = await owner.get(
        f"{DEMO}/folders/0/releases", params={"sort": key, "sort_order": "desc"}
    )
    assert answer.status_code == 200


async def test_sort_by_rating_and_added(owner):
    path = f"{DEMO}/folders/0/releases"
    params = {"sort": "rating", "sort_order": "desc", "per_page": 100}
    ratings = [i["rating"] for i in (await owner.get(path, params=params)).json()["releases"]]
    assert ratings == [5] * 100
    params = {"sort": "added", "sort_order": "asc", "per_page": 100}
    added = [i["date_added"] for i in (await owner.get(path, params=params)).json()["releases"]]
    assert added == sorted(added)


async def test_sort_by_title(owner):
    params = {"sort": "title", "per_page": 100}
    items = (await owner.get(f"{DEMO}/folders/0/releases", params=params)).json()["releases"]
    titles = [i["basic_information"]["title"].lower() for i in items]
    assert titles == sorted(titles)


@pytest.mark.parametrize("params", [{"sort": "price"}, {"sort": "title", "sort_order": "sideways"}])
async def test_unknown_sort_is_422(owner, params):
    assert (await owner.get(f"{DEMO}/folders/0/releases", params=params)).status_code == 422


# -- instances of a release -------------------------------------------------------------------
async def test_instances_of_a_release_as_the_document_shows(visitor):
    answer = await visitor.get("/users/susan.salkeld/collection/releases/7781525")
    assert answer.status_code == 200
    items = answer.json()["releases"]
    expected = examples.COLLECTION_RELEASE_INSTANCES_7781525
    keys = ("instance_id", "rating", "folder_id", "date_added", "id")
    assert [{k: i[k] for k in keys} for i in items] == [{k: e[k] for k in keys} for e in expected]
    info = items[0]["basic_information"]
    assert (info["title"], info["year"], info["id"]) == ("The BBC Radio Sessions", 2015, 7781525)


async def test_instances_of_a_release_owned_twice(shared_app, owner):
    instances = demo_user(shared_app).instances.values()
    counts: dict[int, int] = {}
    for i in instances:
        counts[i.release_id] = counts.get(i.release_id, 0) + 1
    twice = next(r for r, n in counts.items() if n > 1)
    body = (await owner.get(f"{DEMO}/releases/{twice}")).json()
    assert body["pagination"]["items"] == counts[twice]
    assert {i["id"] for i in body["releases"]} == {twice}


async def test_instances_of_release_zero_or_unknown(owner):
    assert (await owner.get(f"{DEMO}/releases/0")).status_code == 422
    assert (await owner.get(f"{DEMO}/releases/999999999")).status_code == 404


# -- adding, moving, rating, removing ---------------------------------------------------------
async def test_add_a_release(sandbox_app, client):
    answer = await client.post(f"{DEMO}/folders/1/releases/249504")
    assert answer.status_code == 201
    body = answer.json()
    assert set(body) == set(examples.COLLECTION_INSTANCE_CREATED_EXAMPLE)
    assert body["resource_url"] == (
        f"https://api.discogs.com{DEMO}/folders/1/release/249504/instance/{body['instance_id']}"
    )
    mine = (await client.get(f"{DEMO}/releases/249504")).json()["releases"]
    assert body["instance_id"] in [i["instance_id"] for i in mine]
    profile = (await client.get(f"/users/{DEMO_USERNAME}")).json()
    assert profile["num_collection"] == 3001
    folders = (await client.get(f"{DEMO}/folders")).json()["folders"]
    assert folders[0]["count"] == 3001


async def test_add_a_release_errors(owner):
    assert (await owner.post(f"{DEMO}/folders/0/releases/249504")).status_code == 422
    assert (await owner.post(f"{DEMO}/folders/99999/releases/249504")).status_code == 404
    assert (await owner.post(f"{DEMO}/folders/1/releases/999999999")).status_code == 404
    assert (await owner.get(f"{DEMO}/folders/1/releases/249504")).status_code == 405


@pytest.mark.parametrize(("who", "status"), [(ANONYMOUS, 401), ("rodneyfool", 403)])
async def test_instance_writes_need_the_owner(shared_app, who, status):
    path = instance_path(first_instance(shared_app))
    async with user_client(shared_app, who) as c:
        assert (await c.post(f"{DEMO}/folders/1/releases/249504")).status_code == status
        assert (await c.post(path, json={"rating": 3})).status_code == status
        assert (await c.delete(path)).status_code == status
        assert (await c.post(f"{path}/fields/3", json={"value": "x"})).status_code == status


async def test_rate_and_move_an_instance(sandbox_app, client):
    instance = first_instance(sandbox_app, folder_id=1)
    vinyl = next(k for k, v in demo_user(sandbox_app).folders.items() if v == "Vinyl")
    answer = await client.post(instance_path(instance), json={"rating": "5", "folder_id": vinyl})
    assert answer.status_code == 204
    assert answer.content == b""
    items = (await client.get(f"{DEMO}/releases/{instance.release_id}")).json()["releases"]
    moved = next(i for i in items if i["instance_id"] == instance.instance_id)
    assert (moved["rating"], moved["folder_id"]) == (5, vinyl)
    # the old folder's URL no longer names it; folder 0's always does
    assert (
        await client.post(instance_path(instance, folder_id=1), json={"rating": 1})
    ).status_code == 404
    assert (
        await client.post(instance_path(instance, folder_id=0), json={"rating": 1})
    ).status_code == 204
    assert instance.rating == 1


@pytest.mark.parametrize(
    "body",
    [{"rating": 6}, {"rating": -1}, {"rating": "great"}, {"folder_id": 0}, {"folder_id": 99999}],
)
async def test_instance_edit_validation(shared_app, owner, body):
    answer = await owner.post(instance_path(first_instance(shared_app)), json=body)
    assert answer.status_code == 422


async def test_instance_url_must_name_the_instance(shared_app, owner):
    instance = first_instance(shared_app)
    wrong_release = f"{DEMO}/folders/0/releases/4674/instances/{instance.instance_id}"
    if instance.release_id != 4674:
        assert (await owner.post(wrong_release, json={"rating": 2})).status_code == 404
    assert (
        await owner.delete(f"{DEMO}/folders/0/releases/4674/instances/1999999999")
    ).status_code == 404


async def test_remove_an_instance(sandbox_app, client):
    instance = first_instance(sandbox_app)
    assert (await client.delete(instance_path(instance))).status_code == 204
    remaining = (await client.get(f"{DEMO}/releases/{instance.release_id}")).json()["releases"]
    assert instance.instance_id not in [i["instance_id"] for i in remaining]
    assert (await client.get(f"/users/{DEMO_USERNAME}")).json()["num_collection"] == 2999
    assert (await client.delete(instance_path(instance))).status_code == 404


async def test_someone_elses_instance_is_403(shared_app, owner):
    other = next(iter(shared_app.state.sandbox.user("rodneyfool").instances.values()))
    path = f"{DEMO}/folders/0/releases/{other.release_id}/instances/{other.instance_id}"
    assert (await owner.delete(path)).status_code == 403


async def test_the_documents_instance_url_works_too(client):
    created = (await client.post(f"{DEMO}/folders/1/releases/4674")).json()
    path = created["resource_url"].removeprefix("https://api.discogs.com")
    assert (await client.post(path, json={"rating": 4})).status_code == 204
    assert (await client.delete(path)).status_code == 204


# -- notes fields -----------------------------------------------------------------------------
async def test_rodneyfools_fields_are_the_documents(visitor):
    answer = await visitor.get("/users/rodneyfool/collection/fields")
    assert answer.json() == examples.COLLECTION_FIELDS_EXAMPLE


async def test_private_fields_only_for_the_owner(owner, visitor):
    own = (await owner.get(f"{DEMO}/fields")).json()["fields"]
    seen = (await visitor.get(f"{DEMO}/fields")).json()["fields"]
    assert [f["public"] for f in own] == [True, True, True, False]
    assert seen == own[:3] == examples.COLLECTION_FIELDS_EXAMPLE["fields"]


async def test_edit_fields(sandbox_app, client):
    instance = first_instance(sandbox_app)
    path = instance_path(instance)
    assert (await client.post(f"{path}/fields/1", json={"value": "Mint (M)"})).status_code == 204
    # python3-discogs-client and others also send the value as a query parameter
    assert (
        await client.post(f"{path}/fields/3", params={"value": "bleep bloop blorp."})
    ).status_code == 204
    items = (await client.get(f"{DEMO}/releases/{instance.release_id}")).json()["releases"]
    notes = next(i["notes"] for i in items if i["instance_id"] == instance.instance_id)
    assert {"field_id": 1, "value": "Mint (M)"} in notes
    assert {"field_id": 3, "value": "bleep bloop blorp."} in notes
    assert (await client.post(f"{path}/fields/3", json={"value": ""})).status_code == 204
    assert 3 not in instance.notes


async def test_edit_field_validation(shared_app, owner):
    path = instance_path(first_instance(shared_app))
    bad_option = await owner.post(f"{path}/fields/2", json={"value": "Slightly Chewed"})
    assert bad_option.status_code == 422
    assert "Sleeve" in bad_option.json()["message"]
    assert (await owner.post(f"{path}/fields/2")).status_code == 422
    assert (await owner.post(f"{path}/fields/77", json={"value": "x"})).status_code == 404
    assert (
        await owner.post(
            f"{path}/fields/3", content=b"{not json", headers={"Content-Type": "application/json"}
        )
    ).status_code == 422


# -- value ------------------------------------------------------------------------------------
async def test_collection_value(owner, visitor):
    answer = await owner.get(f"{DEMO}/value")
    assert answer.status_code == 200
    value = answer.json()
    assert set(value) == set(examples.COLLECTION_VALUE_EXAMPLE)
    amounts = {k: float(v.removeprefix("$").replace(",", "")) for k, v in value.items()}
    assert all(re.fullmatch(r"\$[\d,]+\.\d\d", v) for v in value.values())
    assert 0 < amounts["minimum"] < amounts["median"] < amounts["maximum"]
    assert (await owner.get(f"{DEMO}/value")).json() == value
    assert (await visitor.get(f"{DEMO}/value")).status_code == 401
    assert (await owner.get("/users/rodneyfool/collection/value")).status_code == 403


async def test_collection_value_in_the_users_currency(client):
    await client.post(f"/users/{DEMO_USERNAME}", json={"curr_abbr": "GBP"})
    assert (await client.get(f"{DEMO}/value")).json()["median"].startswith("£")


# -- the big collection -----------------------------------------------------------------------
async def test_the_big_collection_pages_to_the_end(shared_app):
    async with user_client(shared_app, BIG_USERNAME) as c:
        path = f"/users/{BIG_USERNAME}/collection/folders/0/releases"
        last = await c.get(path, params={"page": 500, "per_page": 100})
        assert last.status_code == 200
        body = last.json()
        assert body["pagination"]["items"] == BIG_COLLECTION_SIZE
        assert len(body["releases"]) == 100
        assert "next" not in body["pagination"]["urls"]
        assert (await c.get(path, params={"page": 501, "per_page": 100})).status_code == 404
        sorted_page = await c.get(path, params={"page": 250, "per_page": 100, "sort": "artist"})
        assert len(sorted_page.json()["releases"]) == 100
        profile = (await c.get(f"/users/{BIG_USERNAME}")).json()
    assert profile["num_collection"] == BIG_COLLECTION_SIZE


async def test_the_big_collection_is_generated_on_demand(sandbox_app, anon):
    user = sandbox_app.state.sandbox.user(BIG_USERNAME)
    assert not user.instances.columns_made
    folders = (await anon.get(f"/users/{BIG_USERNAME}/collection/folders")).json()["folders"]
    assert user.instances.columns_made
    assert folders[0]["count"] == BIG_COLLECTION_SIZE == len(user.instances)


async def test_the_huge_collection_waits_for_first_use(sandbox_app):
    """200,000 copies: seeded as a promise (generating them takes a while and a lot of
    memory, so the test suite never asks for them), its token working from the start."""
    huge = sandbox_app.state.sandbox.user(HUGE_USERNAME)
    assert not huge.instances.columns_made
    async with user_client(sandbox_app, HUGE_USERNAME) as c:
        me = (await c.get("/oauth/identity")).json()
    assert me["username"] == HUGE_USERNAME

"""A user's wantlist."""

from __future__ import annotations

import pytest

from discogs_tui.sandbox import examples
from discogs_tui.sandbox.config import DEMO_USERNAME
from discogs_tui.sandbox.demo_users import PRIVATE_USERNAME
from tests.sandbox.test_users import ANONYMOUS, CONSUMER, user_client

WANTS = f"/users/{DEMO_USERNAME}/wants"
WANT_KEYS = {"id", "rating", "resource_url", "basic_information", "date_added"}


async def test_owner_sees_the_wantlist_with_notes(client):
    answer = await client.get(WANTS, params={"per_page": 100})
    assert answer.status_code == 200
    body = answer.json()
    assert (body["pagination"]["items"], body["pagination"]["pages"]) == (300, 3)
    assert 'rel="next"' in answer.headers["Link"]
    for want in body["wants"]:
        assert set(want) == WANT_KEYS | {"notes"}
        assert want["resource_url"] == f"https://api.discogs.com{WANTS}/{want['id']}"
        assert want["basic_information"]["id"] == want["id"]
        assert 0 <= want["rating"] <= 5
    assert any(w["notes"] for w in body["wants"])
    assert any(w["rating"] for w in body["wants"])


async def test_others_see_no_notes(anon):
    wants = (await anon.get(WANTS)).json()["wants"]
    assert len(wants) == 50
    assert all(set(w) == WANT_KEYS for w in wants)


async def test_the_documents_wantlist(anon):
    wants = (await anon.get("/users/example/wants")).json()["wants"]
    documented = examples.WANTLIST_EXAMPLE
    assert [(w["id"], w["rating"]) for w in wants[:2]] == [
        (d["id"], d["rating"]) for d in documented
    ]
    assert wants[0]["basic_information"]["title"] == documented[0]["basic_information"]["title"]


@pytest.mark.parametrize(
    ("who", "status"),
    [(ANONYMOUS, 401), (CONSUMER, 401), (DEMO_USERNAME, 403), (PRIVATE_USERNAME, 200)],
)
async def test_a_private_wantlist_is_for_its_owner(sandbox_app, who, status):
    async with user_client(sandbox_app, who) as c:
        answer = await c.get(f"/users/{PRIVATE_USERNAME}/wants")
    assert answer.status_code == status


async def test_unknown_user_is_404(anon):
    assert (await anon.get("/users/nobody-here/wants")).status_code == 404


async def test_sort_and_bad_sort(client):
    params = {"sort": "rating", "sort_order": "desc", "per_page": 100}
    ratings = [w["rating"] for w in (await client.get(WANTS, params=params)).json()["wants"]]
    assert ratings == sorted(ratings, reverse=True)
    assert (await client.get(WANTS, params={"sort": "price"})).status_code == 422


async def test_add_a_want_with_no_body(sandbox_app):
    """PUT /users/example/wants/1 answers as WANT_ADD_EXAMPLE shows."""
    async with user_client(sandbox_app, "example") as c:
        answer = await c.put("/users/example/wants/1")
        assert answer.status_code == 201
        body = answer.json()
        expected = examples.WANT_ADD_EXAMPLE
        assert set(expected) <= set(body)
        assert {k: body[k] for k in ("id", "rating", "notes", "resource_url")} == {
            k: expected[k] for k in ("id", "rating", "notes", "resource_url")
        }
        info, documented = body["basic_information"], expected["basic_information"]
        for key in ("id", "title", "year", "formats", "labels", "artists"):
            assert info[key] == documented[key], key
        wants = (await c.get("/users/example/wants")).json()["wants"]
    assert 1 in [w["id"] for w in wants]


async def test_add_a_want_with_notes_and_rating(client):
    answer = await client.put(f"{WANTS}/4674", json={"notes": "My favorite release", "rating": "5"})
    assert answer.status_code == 201
    assert (answer.json()["notes"], answer.json()["rating"]) == ("My favorite release", 5)
    profile = (await client.get(f"/users/{DEMO_USERNAME}")).json()
    assert profile["num_wantlist"] == 301
    one = (await client.get(f"{WANTS}/4674")).json()
    assert (one["notes"], one["rating"]) == ("My favorite release", 5)


async def test_python3_discogs_client_style_add(client):
    """It sends ``release_id`` as a string in the body, beside the other fields."""
    answer = await client.put(f"{WANTS}/2964", json={"release_id": "2964", "notes": "x"})
    assert answer.status_code == 201


@pytest.mark.parametrize(
    "body", [{"rating": 6}, {"rating": -1}, {"rating": "lots"}, {"notes": ["a"]}]
)
async def test_want_validation(client, body):
    assert (await client.put(f"{WANTS}/4674", json=body)).status_code == 422
    assert (await client.get(f"{WANTS}/4674")).status_code == 404


async def test_want_of_an_unknown_release_is_404(client):
    assert (await client.put(f"{WANTS}/999999999")).status_code == 404


@pytest.mark.parametrize(
    ("who", "status"), [(ANONYMOUS, 401), (CONSUMER, 401), ("rodneyfool", 403)]
)
async def test_writes_need_the_owner(sandbox_app, who, status):
    async with user_client(sandbox_app, who) as c:
        assert (await c.put(f"{WANTS}/4674")).status_code == status
        assert (await c.post(f"{WANTS}/4674", json={"notes": "x"})).status_code == status
        assert (await c.delete(f"{WANTS}/4674")).status_code == status


async def test_edit_a_want(sandbox_app, client):
    release_id = next(iter(sandbox_app.state.sandbox.user(DEMO_USERNAME).wants))
    answer = await client.post(
        f"{WANTS}/{release_id}", json={"notes": "I've added some notes!", "rating": 2}
    )
    assert answer.status_code == 200
    assert set(examples.WANT_EDIT_EXAMPLE) <= set(answer.json())
    assert (answer.json()["notes"], answer.json()["rating"]) == ("I've added some notes!", 2)
    first = (await client.get(WANTS)).json()["wants"][0]
    assert (first["id"], first["notes"], first["rating"]) == (
        release_id,
        "I've added some notes!",
        2,
    )


async def test_edit_a_release_not_wanted_is_404(client):
    assert (await client.post(f"{WANTS}/4674", json={"notes": "x"})).status_code == 404


async def test_remove_a_want(sandbox_app, client):
    release_id = next(iter(sandbox_app.state.sandbox.user(DEMO_USERNAME).wants))
    answer = await client.delete(f"{WANTS}/{release_id}")
    assert answer.status_code == 204
    assert answer.content == b""
    assert (await client.delete(f"{WANTS}/{release_id}")).status_code == 404
    assert (await client.get(f"/users/{DEMO_USERNAME}")).json()["num_wantlist"] == 299
    ids = [w["id"] for w in (await client.get(WANTS, params={"per_page": 100})).json()["wants"]]
    assert release_id not in ids


async def test_wantlist_verbs(client):
    assert (await client.post(WANTS)).status_code == 405
    assert (await client.patch(f"{WANTS}/4674")).status_code == 405

"""User identity and profiles, submissions and contributions."""

from __future__ import annotations

import json
import re

import httpx
import pytest

from discogs_tui.sandbox import examples
from discogs_tui.sandbox.config import (
    DEMO_CONSUMER_KEY,
    DEMO_CONSUMER_NAME,
    DEMO_CONSUMER_SECRET,
    DEMO_USERNAME,
)
from discogs_tui.sandbox.demo_users import COUNTER_KEYS, PRIVATE_USERNAME, USER_TOKENS
from tests.conftest import make_client

IMAGE_HOSTS = re.compile(r"https?://(?:api-img|img|i)\.discogs\.com/")


def proxied(data):
    """``data`` with image URLs pointing at the sandbox's image proxy, as answers have them."""
    return json.loads(IMAGE_HOSTS.sub("https://api.discogs.com/images/", json.dumps(data)))


ANONYMOUS = "anonymous"
CONSUMER = "consumer"


def user_client(app, who: str) -> httpx.AsyncClient:
    """A client signed in as a seeded user (personal token), or ``ANONYMOUS`` or
    ``CONSUMER`` (key and secret only)."""
    if who == ANONYMOUS:
        return make_client(app)
    if who == CONSUMER:
        auth = f"Discogs key={DEMO_CONSUMER_KEY}, secret={DEMO_CONSUMER_SECRET}"
        return make_client(app, {"Authorization": auth})
    return make_client(app, {"Authorization": f"Discogs token={USER_TOKENS[who]}"})


@pytest.fixture
async def rodney(sandbox_app):
    async with user_client(sandbox_app, "rodneyfool") as c:
        yield c


def state_of(app):
    return app.state.sandbox


# -- identity ---------------------------------------------------------------------------------
async def test_identity_names_the_token_holder(client, demo_username):
    answer = await client.get("/oauth/identity")
    assert answer.status_code == 200
    assert answer.json() == {
        "id": 9000001,
        "username": demo_username,
        "resource_url": f"https://api.discogs.com/users/{demo_username}",
        "consumer_name": DEMO_CONSUMER_NAME,
    }


@pytest.mark.parametrize("who", [ANONYMOUS, CONSUMER])
async def test_identity_needs_a_user(sandbox_app, who):
    async with user_client(sandbox_app, who) as c:
        answer = await c.get("/oauth/identity")
    assert answer.status_code == 401
    assert answer.json() == {"message": "You must authenticate to access this resource."}
    assert answer.headers["WWW-Authenticate"].startswith("OAuth realm=")


async def test_identity_is_get_only(client):
    assert (await client.post("/oauth/identity")).status_code == 405


# -- profiles ---------------------------------------------------------------------------------
async def test_rodneyfool_is_the_documents_profile(sandbox_app, anon):
    """Verbatim, except what is computed: the four counters (seeded to match the document,
    but num_for_sale counts the marketplace's listings) and the banner, whose image URL
    points at the sandbox's image proxy."""
    answer = (await anon.get("/users/rodneyfool")).json()
    expected = proxied(examples.USER_RODNEYFOOL)
    assert set(answer) == set(expected)
    for key in set(expected) - {"num_for_sale"}:
        assert answer[key] == expected[key], key
    listings = state_of(sandbox_app).listings.values()
    assert answer["num_for_sale"] == sum(
        1
        for listing in listings
        if listing["status"] == "For Sale" and listing["seller"]["username"] == "rodneyfool"
    )
    assert set(COUNTER_KEYS) <= set(answer)


async def test_unknown_user_is_404(anon):
    answer = await anon.get("/users/nobody-here")
    assert answer.status_code == 404
    assert answer.json() == {"message": "User does not exist or may have been deleted."}


async def test_email_and_private_lists_only_for_the_owner(rodney, anon):
    own = (await rodney.get("/users/rodneyfool")).json()
    seen = (await anon.get("/users/rodneyfool")).json()
    assert own["email"] == "rodneyfool@example.com"
    assert "email" not in seen
    assert (own["num_lists"], seen["num_lists"]) == (2, 0)


async def test_private_collection_counts_hidden_from_others(sandbox_app, client, anon):
    for other in (client, anon):
        seen = (await other.get(f"/users/{PRIVATE_USERNAME}")).json()
        assert "num_collection" not in seen
        assert "num_wantlist" not in seen
    async with user_client(sandbox_app, PRIVATE_USERNAME) as owner:
        own = (await owner.get(f"/users/{PRIVATE_USERNAME}")).json()
    assert (own["num_collection"], own["num_wantlist"]) == (60, 40)


async def test_counts_follow_state(sandbox_app, client, demo_username):
    before = (await client.get(f"/users/{demo_username}")).json()
    assert (before["num_collection"], before["num_wantlist"], before["num_lists"]) == (3000, 300, 5)
    state_of(sandbox_app).listings[1] = {
        "status": "For Sale",
        "seller": {"username": demo_username},
    }
    state_of(sandbox_app).listings[2] = {"status": "Draft", "seller": {"username": demo_username}}
    after = (await client.get(f"/users/{demo_username}")).json()
    assert after["num_for_sale"] == before["num_for_sale"] + 1


async def test_edit_profile_answers_the_documents_shape(sandbox_app):
    """POST /users/example with the document's values answers USER_EXAMPLE (num_for_sale
    counts the marketplace) and later reads show the edit."""
    edit = {k: examples.USER_EXAMPLE[k] for k in ("name", "home_page", "location", "profile")}
    async with user_client(sandbox_app, "example") as owner:
        answer = await owner.post("/users/example", json={**edit, "location": "Perth"})
        assert answer.status_code == 200
        body = answer.json()
        expected = {**examples.USER_EXAMPLE, "location": "Perth"}
        assert set(body) == set(expected)
        assert {k: v for k, v in body.items() if k != "num_for_sale"} == {
            k: v for k, v in expected.items() if k != "num_for_sale"
        }
        again = (await owner.get("/users/example")).json()
    assert again["location"] == "Perth"


async def test_edit_profile_currency(client, demo_username):
    answer = await client.post(f"/users/{demo_username}", data={"curr_abbr": "GBP", "name": "Demo"})
    assert answer.json()["curr_abbr"] == "GBP"
    bad = await client.post(f"/users/{demo_username}", json={"curr_abbr": "XYZ"})
    assert bad.status_code == 422
    assert "curr_abbr" in bad.json()["message"]
    assert (await client.get(f"/users/{demo_username}")).json()["curr_abbr"] == "GBP"


async def test_edit_profile_rejects_a_list_value(client, demo_username):
    answer = await client.post(f"/users/{demo_username}", json={"name": ["a"]})
    assert answer.status_code == 422


@pytest.mark.parametrize(
    ("who", "status"), [(ANONYMOUS, 401), (CONSUMER, 401), (DEMO_USERNAME, 403)]
)
async def test_edit_profile_needs_the_owner(sandbox_app, who, status):
    async with user_client(sandbox_app, who) as c:
        answer = await c.post("/users/rodneyfool", json={"name": "Mallory"})
    assert answer.status_code == status


async def test_profile_verbs(anon):
    assert (await anon.delete("/users/rodneyfool")).status_code == 405


# -- submissions ------------------------------------------------------------------------------
async def test_submissions_of_shooezgirl(sandbox_app, anon):
    answer = await anon.get("/users/shooezgirl/submissions")
    assert answer.status_code == 200
    body = answer.json()
    assert set(body) == {"pagination", "submissions"}
    submitted = body["submissions"]
    assert set(submitted) == {"artists", "labels", "releases"}
    assert submitted["artists"] == examples.SUBMISSIONS_SHOOEZGIRL["artists"]
    assert submitted["labels"] == []
    documented = proxied(examples.SUBMISSIONS_SHOOEZGIRL["releases"][0])
    async with user_client(sandbox_app, "memory") as c:
        signed = (await c.get("/users/shooezgirl/submissions")).json()["submissions"]["releases"]
    assert documented in signed  # with images: anonymous answers carry none
    releases = state_of(sandbox_app).catalogue.submissions["shooezgirl"]
    assert body["pagination"]["items"] == 1 + len(releases)
    assert body["pagination"]["per_page"] == 50


async def test_submissions_page_across_sections(anon):
    first = (await anon.get("/users/shooezgirl/submissions", params={"per_page": 1})).json()
    second = await anon.get("/users/shooezgirl/submissions", params={"per_page": 1, "page": 2})
    assert [len(v) for v in first["submissions"].values()] == [1, 0, 0]
    assert [len(v) for v in second.json()["submissions"].values()] == [0, 0, 1]
    assert 'rel="next"' in second.headers["Link"]
    assert second.json()["pagination"]["urls"]["prev"].endswith("page=1&per_page=1")


async def test_submissions_out_of_range_and_unknown_user(anon):
    assert (
        await anon.get("/users/shooezgirl/submissions", params={"page": 9999})
    ).status_code == 404
    assert (await anon.get("/users/nobody-here/submissions")).status_code == 404


# -- contributions ----------------------------------------------------------------------------
async def test_contributions_include_the_documents_release(sandbox_app):
    documented = proxied(examples.CONTRIBUTIONS_SHOOEZGIRL[0])
    async with user_client(sandbox_app, "shooezgirl") as c:
        answer = await c.get(
            "/users/shooezgirl/contributions", params={"sort": "title", "per_page": 100}
        )
        body = answer.json()
        assert set(body) == {"pagination", "contributions"}
        found = []
        for page in range(1, body["pagination"]["pages"] + 1):
            params = {"sort": "title", "per_page": 100, "page": page}
            items = (await c.get("/users/shooezgirl/contributions", params=params)).json()
            found += items["contributions"]
    assert documented in found
    titles = [r["title"].lower() for r in found]
    assert titles == sorted(titles)
    assert len(found) == len(state_of(sandbox_app).catalogue.contributions["shooezgirl"])


@pytest.mark.parametrize(
    "key", ["label", "artist", "title", "catno", "format", "rating", "year", "added"]
)
async def test_contributions_sort_keys(anon, key):
    answer = await anon.get(
        "/users/rodneyfool/contributions", params={"sort": key, "sort_order": "desc"}
    )
    assert answer.status_code == 200


async def test_contributions_sort_by_year_descending(anon):
    params = {"sort": "year", "sort_order": "desc", "per_page": 100}
    years = [
        r["year"]
        for r in (await anon.get("/users/memory/contributions", params=params)).json()[
            "contributions"
        ]
    ]
    assert years == sorted(years, reverse=True)


@pytest.mark.parametrize("params", [{"sort": "price"}, {"sort": "year", "sort_order": "up"}])
async def test_contributions_reject_unknown_sort(anon, params):
    answer = await anon.get("/users/rodneyfool/contributions", params=params)
    assert answer.status_code == 422

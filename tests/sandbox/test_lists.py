"""Users' lists."""

from __future__ import annotations

from urllib.parse import parse_qsl, urlsplit

import pytest

from discogs_tui.sandbox import examples
from discogs_tui.sandbox.config import DEMO_USERNAME
from discogs_tui.sandbox.demo_users import PRIVATE_USERNAME
from tests.sandbox.test_users import ANONYMOUS, CONSUMER, proxied, user_client

SUMMARY_KEYS = set(examples.LISTS_RODNEYFOOL[0])
LIST_KEYS = set(examples.LIST_2)


def same_url(left: str, right: str) -> bool:
    """Equal URLs, whatever the order of their query parameters."""
    a, b = urlsplit(left), urlsplit(right)
    return a._replace(query="") == b._replace(query="") and sorted(parse_qsl(a.query)) == sorted(
        parse_qsl(b.query)
    )


async def test_rodneyfools_second_page_is_the_documents(sandbox_app):
    async with user_client(sandbox_app, "rodneyfool") as c:
        answer = await c.get("/users/rodneyfool/lists", params={"per_page": 1, "page": 2})
    assert answer.status_code == 200
    body = answer.json()
    assert body["lists"] == examples.LISTS_RODNEYFOOL
    expected = examples.LISTS_RODNEYFOOL_PAGINATION
    assert {k: v for k, v in body["pagination"].items() if k != "urls"} == {
        k: v for k, v in expected.items() if k != "urls"
    }
    urls = body["pagination"]["urls"]
    assert set(urls) == set(expected["urls"])
    assert all(same_url(urls[rel], expected["urls"][rel]) for rel in urls)
    assert 'rel="prev"' in answer.headers["Link"]


@pytest.mark.parametrize("who", [ANONYMOUS, CONSUMER, DEMO_USERNAME])
async def test_private_lists_are_hidden_from_others(sandbox_app, who):
    async with user_client(sandbox_app, who) as c:
        body = (await c.get("/users/rodneyfool/lists")).json()
        assert (body["lists"], body["pagination"]["items"]) == ([], 0)
        for list_id in (1, 2):
            answer = await c.get(f"/lists/{list_id}")
            assert answer.status_code == 404


async def test_list_2_is_the_documents(sandbox_app):
    async with user_client(sandbox_app, "rodneyfool") as c:
        answer = await c.get("/lists/2")
    assert answer.status_code == 200
    assert answer.json() == proxied(examples.LIST_2)


async def test_the_demo_users_lists(client, anon):
    own = (await client.get(f"/users/{DEMO_USERNAME}/lists")).json()["lists"]
    seen = (await anon.get(f"/users/{DEMO_USERNAME}/lists")).json()["lists"]
    assert len(own) == 5
    assert seen == [entry for entry in own if entry["public"]]
    assert len(seen) == 3
    assert all(set(entry) == SUMMARY_KEYS for entry in own)
    dates = [entry["date_added"] for entry in own]
    assert dates == sorted(dates, reverse=True)


async def test_list_items_cover_every_kind(client):
    entries = (await client.get(f"/users/{DEMO_USERNAME}/lists")).json()["lists"]
    kinds = set()
    for entry in entries:
        answer = await client.get(entry["resource_url"].removeprefix("https://api.discogs.com"))
        assert answer.status_code == 200
        body = answer.json()
        assert set(body) == LIST_KEYS
        assert (body["list_id"], body["name"], body["public"]) == (
            entry["id"],
            entry["name"],
            entry["public"],
        )
        for item in body["items"]:
            assert set(item) == set(examples.LIST_2["items"][0])
            kinds.add(item["type"])
    assert kinds == {"release", "master", "artist", "label"}
    assert any(item["comment"] for item in body["items"])


async def test_public_list_for_everyone(anon):
    entry = (await anon.get(f"/users/{PRIVATE_USERNAME}/lists")).json()["lists"]
    assert [e["name"] for e in entry] == ["Shared Picks"]
    assert (await anon.get(f"/lists/{entry[0]['id']}")).status_code == 200


async def test_lists_paginate(client):
    answer = await client.get(f"/users/{DEMO_USERNAME}/lists", params={"per_page": 2})
    body = answer.json()
    assert (body["pagination"]["pages"], len(body["lists"])) == (3, 2)
    assert 'rel="next"' in answer.headers["Link"]


async def test_unknown_list_and_user(anon):
    assert (await anon.get("/lists/999999")).status_code == 404
    assert (await anon.get("/users/nobody-here/lists")).status_code == 404
    assert (await anon.post("/lists/2")).status_code == 405

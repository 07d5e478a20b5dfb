"""Contract tests of the sandbox's Database endpoints: releases, ratings, masters, artists,
labels and search, checked against the API document's examples and rules."""

from __future__ import annotations

import copy
import json
import time
from typing import Any

import pytest

from discogs_tui.sandbox import examples
from discogs_tui.sandbox.config import DEMO_USERNAME
from discogs_tui.sandbox.money import USD_RATES
from discogs_tui.sandbox.state import Instance, SandboxState, User, Want, api_url
from tests.conftest import make_client

IMAGE_KEYS = ("images", "thumb")
OTHER_TOKEN = "other-user-token"
LOCAL_BASE = "http://127.0.0.1:8765"


def without_images(obj: dict[str, Any]) -> dict[str, Any]:
    """``obj`` minus its image fields (whose URLs the response layer may point elsewhere)."""
    return {key: value for key, value in obj.items() if key not in IMAGE_KEYS}


@pytest.fixture
def state(sandbox_app) -> SandboxState:
    return sandbox_app.state.sandbox


@pytest.fixture
def demo(state) -> User:
    return state.user(DEMO_USERNAME)


@pytest.fixture
def other(state) -> User:
    """A second sandbox user with a personal token."""
    profile = {"id": 9000099, "username": "OtherUser", "resource_url": api_url("/users/OtherUser")}
    return state.add_user(User(username="OtherUser", profile=profile, token=OTHER_TOKEN))


@pytest.fixture
async def other_client(sandbox_app, other):
    async with make_client(sandbox_app, {"Authorization": f"Discogs token={OTHER_TOKEN}"}) as c:
        yield c


def own(user: User, release_id: int, instance_id: int = 900001) -> None:
    user.add_instance(Instance(instance_id, release_id, folder_id=1))


# -- releases ---------------------------------------------------------------------------------
async def test_release_is_the_document_example(client):
    response = await client.get("/releases/249504")
    assert response.status_code == 200
    assert response.headers["content-type"].startswith("application/json")
    body = response.json()
    # What is for sale is the marketplace's, live: nothing of 249504 (see the stats test).
    market = {"num_for_sale": 0, "lowest_price": None}
    assert without_images(body) == without_images({**examples.RELEASE_249504, **market})
    assert list(body) == list(examples.RELEASE_249504)  # same keys, same order
    assert len(body["images"]) == 2
    assert body["thumb"].endswith("/R-249504-1334592212.jpeg.jpg")


async def test_release_for_anonymous_clients_has_no_images(anon):
    body = (await anon.get("/releases/249504")).json()
    assert "images" not in body
    assert body["thumb"] == ""
    assert body["title"] == examples.RELEASE_249504["title"]


@pytest.mark.parametrize("release_id", ["999999999", "abc", "12x", "-1"])
async def test_release_not_found(client, release_id):
    response = await client.get(f"/releases/{release_id}")
    assert response.status_code == 404
    assert response.json() == {"message": "Release not found."}


# Release 5610049 is for sale once: the document's listing 172723812, at $120.
@pytest.mark.parametrize("currency", ["EUR", "jpy", "GBP"])
async def test_release_price_in_requested_currency(client, currency):
    body = (await client.get("/releases/5610049", params={"curr_abbr": currency})).json()
    assert body["lowest_price"] == round(120 * USD_RATES[currency.upper()], 2)
    assert body["num_for_sale"] == 1


async def test_release_price_defaults_to_the_users_currency(client, demo):
    demo.profile["curr_abbr"] = "GBP"
    body = (await client.get("/releases/5610049")).json()
    assert body["lowest_price"] == round(120 * USD_RATES["GBP"], 2)
    body = (await client.get("/releases/5610049", params={"curr_abbr": "USD"})).json()
    assert body["lowest_price"] == 120


async def test_release_rejects_unknown_currency(client):
    response = await client.get("/releases/249504", params={"curr_abbr": "XYZ"})
    assert response.status_code == 422
    assert "curr_abbr" in response.json()["message"]


@pytest.mark.parametrize(
    ("method", "path"),
    [
        ("POST", "/releases/249504"),
        ("PUT", "/artists/108713"),
        ("DELETE", "/labels/1"),
        ("POST", "/releases/249504/rating/memory"),
        ("POST", "/database/search"),
        ("PUT", "/masters/1000/versions"),
    ],
)
async def test_wrong_verbs_are_405(client, method, path):
    response = await client.request(method, path)
    assert response.status_code == 405
    assert "message" in response.json()


# -- ratings ----------------------------------------------------------------------------------
async def test_user_rating_is_the_document_example(anon):
    response = await anon.get("/releases/249504/rating/memory")
    assert response.status_code == 200
    assert response.json() == examples.RELEASE_249504_RATING_MEMORY


async def test_user_rating_is_zero_when_unrated(anon):
    body = (await anon.get(f"/releases/249504/rating/{DEMO_USERNAME}")).json()
    assert body == {"username": DEMO_USERNAME, "release_id": 249504, "rating": 0}


@pytest.mark.parametrize(
    ("path", "message"),
    [
        ("/releases/249504/rating/nobody_here", "User does not exist or may have been deleted."),
        ("/releases/999999999/rating/memory", "Release not found."),
    ],
)
async def test_user_rating_not_found(anon, path, message):
    response = await anon.get(path)
    assert response.status_code == 404
    assert response.json() == {"message": message}


async def test_rating_put_get_delete_round_trip(client):
    path = f"/releases/249504/rating/{DEMO_USERNAME}"
    response = await client.put(path, json={"rating": 4})
    assert response.status_code == 200
    assert response.json() == {"username": DEMO_USERNAME, "release_id": 249504, "rating": 4}
    assert (await client.get(path)).json()["rating"] == 4

    response = await client.delete(path)
    assert response.status_code == 204
    assert response.content == b""
    assert (await client.get(path)).json()["rating"] == 0


async def test_rating_accepts_strings_and_form_bodies(client):
    path = f"/releases/249504/rating/{DEMO_USERNAME}"
    assert (await client.put(path, json={"rating": "5"})).json()["rating"] == 5
    assert (await client.put(path, data={"rating": "2"})).json()["rating"] == 2
    assert (await client.put(path, params={"rating": 3})).json()["rating"] == 3


async def test_rating_write_needs_authentication(anon, consumer):
    path = f"/releases/249504/rating/{DEMO_USERNAME}"
    for who in (anon, consumer):
        response = await who.put(path, json={"rating": 3})
        assert response.status_code == 401
        assert "WWW-Authenticate" in response.headers
        assert (await who.delete(path)).status_code == 401


async def test_rating_write_for_someone_else_is_403(client, other):
    path = f"/releases/249504/rating/{other.username}"
    assert (await client.put(path, json={"rating": 3})).status_code == 403
    assert (await client.delete(path)).status_code == 403


@pytest.mark.parametrize(
    "body", [{"rating": 0}, {"rating": 6}, {"rating": "abc"}, {}, {"rating": None}]
)
async def test_rating_out_of_range_or_missing_is_422(client, body):
    response = await client.put(f"/releases/249504/rating/{DEMO_USERNAME}", json=body)
    assert response.status_code == 422
    assert "rating" in response.json()["message"]


async def test_community_rating_follows_user_ratings(client, other, other_client):
    base = examples.RELEASE_249504["community"]["rating"]
    body = (await client.get("/releases/249504/rating")).json()
    assert body.keys() == examples.COMMUNITY_RATING_249504.keys()
    assert body == {
        "rating": {"count": base["count"], "average": base["average"]},
        "release_id": 249504,
    }

    await client.put(f"/releases/249504/rating/{DEMO_USERNAME}", json={"rating": 1})
    await other_client.put(f"/releases/249504/rating/{other.username}", json={"rating": 2})
    rating = (await client.get("/releases/249504/rating")).json()["rating"]
    total = base["average"] * base["count"] + 1 + 2
    assert rating == {"count": base["count"] + 2, "average": round(total / (base["count"] + 2), 2)}

    await client.delete(f"/releases/249504/rating/{DEMO_USERNAME}")
    assert (await client.get("/releases/249504/rating")).json()["rating"]["count"] == base[
        "count"
    ] + 1


async def test_community_rating_of_unknown_release_is_404(anon):
    response = await anon.get("/releases/999999999/rating")
    assert response.status_code == 404
    assert response.json() == {"message": "Release not found."}


# -- stats ------------------------------------------------------------------------------------
async def test_release_stats_count_sandbox_haves_and_wants(anon, other):
    community = examples.RELEASE_249504["community"]
    before = (await anon.get("/releases/249504/stats")).json()
    assert before.keys() == examples.RELEASE_STATS_249504.keys()
    assert before["num_have"] >= community["have"] and before["num_want"] >= community["want"]

    other.wants[249504] = Want(249504)
    own(other, 249504)
    own(other, 249504, instance_id=900002)  # a second copy is still one collector
    after = (await anon.get("/releases/249504/stats")).json()
    assert after == {"num_have": before["num_have"] + 1, "num_want": before["num_want"] + 1}

    del other.wants[249504]
    assert (await anon.get("/releases/249504/stats")).json()["num_want"] == before["num_want"]


# -- masters ----------------------------------------------------------------------------------
async def test_master_is_the_document_example(client):
    response = await client.get("/masters/1000")
    assert response.status_code == 200
    body = response.json()
    # What is for sale is the marketplace's, live: the listings of the master's versions.
    versions = (await client.get("/masters/1000/versions", params={"per_page": 100})).json()
    stats = [
        (await client.get(f"/marketplace/stats/{version['id']}")).json()
        for version in versions["versions"]
    ]
    lowest = [s["lowest_price"]["value"] for s in stats if s["lowest_price"]]
    market = {"num_for_sale": sum(s["num_for_sale"] or 0 for s in stats), "lowest_price": min(lowest)}
    assert without_images(body) == without_images({**examples.MASTER_1000, **market})
    assert list(body) == list(examples.MASTER_1000)


@pytest.mark.parametrize("path", ["/masters/99999999", "/masters/x1", "/masters/99999999/versions"])
async def test_master_not_found(anon, path):
    response = await anon.get(path)
    assert response.status_code == 404
    assert response.json() == {"message": "Master Release not found."}


async def test_master_versions_hold_the_document_examples(anon):
    body = (await anon.get("/masters/1000/versions")).json()
    assert set(body) >= {"pagination", "versions", "filters", "filter_facets"}
    by_id = {version["id"]: version for version in body["versions"]}
    for example in examples.MASTER_1000_VERSIONS:
        assert without_images(by_id[example["id"]]) == without_images(example)
    assert body["pagination"]["items"] == len(body["versions"])


@pytest.mark.parametrize(
    ("name", "value", "check"),
    [
        ("format", "vinyl", lambda v: "Vinyl" in v["major_formats"]),
        ("country", "uk", lambda v: v["country"] == "UK"),
        ("label", "r & s RECORDS", lambda v: v["label"] == "R & S Records"),
        ("released", "1993", lambda v: v["released"].startswith("1993")),
    ],
)
async def test_master_versions_filters(anon, name, value, check):
    every = (await anon.get("/masters/1000/versions")).json()["versions"]
    body = (await anon.get("/masters/1000/versions", params={name: value})).json()
    kept = body["versions"]
    assert kept and all(check(version) for version in kept)
    assert [v for v in every if check(v)] == kept
    assert body["filters"]["applied"] == {name: [value]}


async def test_master_versions_filter_matching_nothing_is_an_empty_page(anon):
    body = (await anon.get("/masters/1000/versions", params={"country": "Atlantis"})).json()
    assert body["versions"] == []
    assert body["pagination"]["items"] == 0


async def test_master_versions_facets_count_versions(anon):
    body = (await anon.get("/masters/1000/versions")).json()
    facets = {facet["id"]: facet for facet in body["filter_facets"]}
    assert set(facets) == {"format", "label", "released", "country"}
    countries = {value["value"]: value["count"] for value in facets["country"]["values"]}
    assert countries == body["filters"]["available"]["country"]
    assert sum(countries.values()) == len(body["versions"])


@pytest.mark.parametrize("key", ["released", "title", "format", "label", "catno", "country"])
async def test_master_versions_sort(anon, key):
    ascending = (await anon.get("/masters/1000/versions", params={"sort": key})).json()["versions"]
    values = [version[key].casefold() for version in ascending]
    assert values == sorted(values)
    params = {"sort": key, "sort_order": "desc"}
    descending = (await anon.get("/masters/1000/versions", params=params)).json()["versions"]
    assert [version[key].casefold() for version in descending] == sorted(values, reverse=True)


@pytest.mark.parametrize("params", [{"sort": "price"}, {"sort": "title", "sort_order": "up"}])
async def test_master_versions_bad_sort_is_422(anon, params):
    response = await anon.get("/masters/1000/versions", params=params)
    assert response.status_code == 422


async def test_master_versions_user_stats(other_client, anon, other):
    own(other, 18926)
    own(other, 18926, instance_id=900002)
    other.wants[34228] = Want(34228)
    response = await other_client.get("/masters/1000/versions")
    versions = {version["id"]: version for version in response.json()["versions"]}
    assert versions[18926]["stats"]["user"] == {"in_collection": 2, "in_wantlist": 0}
    assert versions[34228]["stats"]["user"] == {"in_collection": 0, "in_wantlist": 1}
    assert versions[1873038]["stats"]["user"] == {"in_collection": 0, "in_wantlist": 0}
    anonymous = (await anon.get("/masters/1000/versions")).json()["versions"]
    assert all(v["stats"]["user"] == {"in_collection": 0, "in_wantlist": 0} for v in anonymous)


# -- pagination -------------------------------------------------------------------------------
async def test_pagination_object_and_link_header(anon):
    response = await anon.get("/masters/1000/versions", params={"page": 2, "per_page": 2})
    body = response.json()
    pagination = body["pagination"]
    assert pagination["page"] == 2 and pagination["per_page"] == 2
    assert pagination["pages"] == -(-pagination["items"] // 2)
    assert len(body["versions"]) == 2
    urls = pagination["urls"]
    assert urls["first"] == "https://api.discogs.com/masters/1000/versions?page=1&per_page=2"
    assert urls["prev"] == urls["first"]
    assert urls["next"] == "https://api.discogs.com/masters/1000/versions?page=3&per_page=2"
    link = response.headers["link"]
    assert f'<{urls["next"]}>; rel="next"' in link
    assert 'rel="last"' in link and 'rel="first"' in link and 'rel="prev"' in link


async def test_pages_hold_every_item_once(anon):
    everything = (await anon.get("/masters/1000/versions")).json()["versions"]
    paged = []
    for page in range(1, len(everything) + 1):
        params = {"page": page, "per_page": 1}
        paged += (await anon.get("/masters/1000/versions", params=params)).json()["versions"]
    assert paged == everything


async def test_per_page_is_capped_at_100(client):
    body = (await client.get("/database/search", params={"per_page": 500})).json()
    assert body["pagination"]["per_page"] == 100
    assert len(body["results"]) == 100


async def test_page_out_of_range_is_404(anon):
    response = await anon.get("/labels/1/releases", params={"page": 999})
    assert response.status_code == 404
    assert "message" in response.json()


# -- artists ----------------------------------------------------------------------------------
async def test_artist_is_the_document_example(client):
    response = await client.get("/artists/108713")
    assert response.status_code == 200
    # The document's example lost its "name" in publishing; the sandbox gives it back.
    expected = {"name": "Nickelback", **examples.ARTIST_108713}
    assert without_images(response.json()) == without_images(expected)


@pytest.mark.parametrize(
    "path", ["/artists/99999999", "/artists/nickelback", "/artists/99999999/releases"]
)
async def test_artist_not_found(anon, path):
    response = await anon.get(path)
    assert response.status_code == 404
    assert response.json() == {"message": "Artist not found."}


async def test_artist_releases_match_the_document(client):
    body = (await client.get("/artists/108713/releases")).json()
    assert [entry["id"] for entry in body["releases"]] == [
        e["id"] for e in examples.ARTIST_108713_RELEASES
    ]
    for entry, example in zip(body["releases"], examples.ARTIST_108713_RELEASES, strict=True):
        assert entry.keys() == example.keys()
        assert {k: v for k, v in entry.items() if k not in ("thumb", "resource_url")} == {
            k: v for k, v in example.items() if k not in ("thumb", "resource_url")
        }


@pytest.mark.parametrize("key", ["year", "title", "format"])
@pytest.mark.parametrize("order", ["asc", "desc"])
async def test_artist_releases_sort(anon, key, order):
    params = {"sort": key, "sort_order": order}
    releases = (await anon.get("/artists/108713/releases", params=params)).json()["releases"]
    values = [str(entry.get(key, "")).casefold() for entry in releases]
    assert values == sorted(values, reverse=order == "desc")


async def test_artist_releases_bad_sort_is_422(anon):
    response = await anon.get("/artists/108713/releases", params={"sort": "catno"})
    assert response.status_code == 422


# -- labels -----------------------------------------------------------------------------------
async def test_label_is_the_document_example(client):
    response = await client.get("/labels/1")
    assert response.status_code == 200
    assert without_images(response.json()) == without_images(examples.LABEL_1)


@pytest.mark.parametrize("path", ["/labels/99999999", "/labels/planet-e/releases"])
async def test_label_not_found(anon, path):
    response = await anon.get(path)
    assert response.status_code == 404
    assert response.json() == {"message": "Label not found."}


async def test_label_releases_hold_the_document_examples(client):
    body = (await client.get("/labels/1/releases", params={"per_page": 100})).json()
    by_id = {entry["id"]: entry for entry in body["releases"]}
    for example in examples.LABEL_1_RELEASES:
        entry = by_id[example["id"]]
        assert entry.keys() == example.keys()
        assert entry["resource_url"] == api_url(f"/releases/{example['id']}")
        for key in ("artist", "catno", "format", "status", "title", "year"):
            assert entry[key] == example[key]


async def test_label_releases_paginate(anon):
    response = await anon.get("/labels/1/releases", params={"per_page": 1})
    body = response.json()
    assert len(body["releases"]) == 1
    assert body["pagination"]["pages"] == body["pagination"]["items"]
    assert 'rel="next"' in response.headers["link"]


# -- search -----------------------------------------------------------------------------------
# Keys of the search example that the sandbox reproduces exactly (URLs and images differ).
SEARCH_EXAMPLE_KEYS = (
    "title",
    "country",
    "format",
    "label",
    "catno",
    "genre",
    "style",
    "community",
)
NEVERMIND = {"release_title": "nevermind", "artist": "nirvana", "per_page": 3, "page": 1}


async def test_search_needs_authentication(anon):
    response = await anon.get("/database/search", params={"q": "nirvana"})
    assert response.status_code == 401
    assert "WWW-Authenticate" in response.headers
    assert "message" in response.json()


async def test_search_finds_the_document_example(client):
    response = await client.get("/database/search", params=NEVERMIND)
    assert response.status_code == 200
    results = response.json()["results"]
    expected = {example["id"]: example for example in examples.SEARCH_NEVERMIND_RESULTS}
    assert {result["id"] for result in results} == set(expected)
    for result in results:
        example = expected[result["id"]]
        assert set(result) >= set(example)
        for key in set(SEARCH_EXAMPLE_KEYS) & set(example):
            assert result[key] == example[key], key
        assert set(result["user_data"]) == {"in_wantlist", "in_collection"}


async def test_search_with_consumer_key_has_no_user_data(consumer):
    response = await consumer.get("/database/search", params=NEVERMIND)
    assert response.status_code == 200
    assert response.json()["results"]
    assert all("user_data" not in result for result in response.json()["results"])


async def test_search_user_data_follows_the_user(other_client, other):
    other.wants[2028757] = Want(2028757)
    own(other, 1852962)
    results = (await other_client.get("/database/search", params=NEVERMIND)).json()["results"]
    user_data = {result["id"]: result["user_data"] for result in results}
    assert user_data == {
        2028757: {"in_wantlist": True, "in_collection": False},
        1852962: {"in_wantlist": False, "in_collection": True},
        3058947: {"in_wantlist": False, "in_collection": False},
    }


@pytest.mark.parametrize("kind", ["release", "master", "artist", "label"])
async def test_search_type_limits_results(client, kind):
    body = (await client.get("/database/search", params={"type": kind, "per_page": 100})).json()
    assert body["results"] and {result["type"] for result in body["results"]} == {kind}


async def test_search_unknown_type_is_422(client):
    response = await client.get("/database/search", params={"type": "song"})
    assert response.status_code == 422


async def test_search_ranks_exact_titles_first(client):
    results = (await client.get("/database/search", params={"q": "Nirvana"})).json()["results"]
    assert (results[0]["type"], results[0]["title"]) == ("artist", "Nirvana")
    rest = [result["id"] for result in results[1:]]
    assert rest == sorted(rest)


async def test_search_q_matches_every_word_in_any_order(client):
    params = {"q": "NEVERMIND nirvana", "type": "release"}
    results = (await client.get("/database/search", params=params)).json()["results"]
    assert {result["id"] for result in results} >= {2028757, 1852962, 3058947}
    assert all("nevermind" in result["title"].casefold() for result in results)


@pytest.mark.parametrize(
    "params",
    [
        {"title": "nirvana - nevermind"},
        {"barcode": "5 034504 843646"},
        {"barcode": "5034504843646"},
        {"catno": "erumd436"},
        {"country": "europe", "artist": "nirvana"},
        {"format": "umd"},
        {"label": "eagle vision", "style": "classic rock"},
    ],
)
async def test_search_fields(client, params):
    results = (await client.get("/database/search", params={**params, "type": "release"})).json()[
        "results"
    ]
    assert 3058947 in {result["id"] for result in results}


async def test_search_fields_must_all_match(client):
    params = {"artist": "nirvana", "country": "france", "type": "release"}
    results = (await client.get("/database/search", params=params)).json()["results"]
    assert [result["id"] for result in results] == [1852962]


async def test_search_year_is_exact(client):
    params = {"artist": "nickelback", "type": "release"}
    found = (await client.get("/database/search", params={**params, "year": "1996"})).json()[
        "results"
    ]
    assert found and all(result["year"] == "1996" for result in found)
    partial = (await client.get("/database/search", params={**params, "year": "199"})).json()[
        "results"
    ]
    assert partial == []


@pytest.mark.parametrize(
    "params",
    [
        {"track": "never gonna give you up (instrumental)"},
        {"track": "gonna give"},
        {"submitter": "memory"},
        {"contributor": "_80_"},
    ],
)
async def test_search_track_submitter_and_contributor(client, params):
    query = {**params, "artist": "rick astley", "type": "release"}
    results = (await client.get("/database/search", params=query)).json()
    assert 249504 in {result["id"] for result in results["results"]}


async def test_search_pagination_keeps_the_query(client):
    response = await client.get("/database/search", params={"type": "release", "per_page": 5})
    pagination = response.json()["pagination"]
    assert pagination["pages"] > 1
    assert pagination["urls"]["next"] == (
        "https://api.discogs.com/database/search?type=release&page=2&per_page=5"
    )
    second = (await client.get(pagination["urls"]["next"])).json()["results"]
    first = response.json()["results"]
    assert len(second) == 5 and not {r["id"] for r in first} & {r["id"] for r in second}


async def test_search_over_the_whole_catalogue_is_fast(client):
    timings = []
    for _ in range(5):
        started = time.perf_counter()
        response = await client.get("/database/search", params={"q": "love"})
        timings.append(time.perf_counter() - started)
        assert response.status_code == 200
    assert min(timings) < 0.03


# -- answers: text formats, JSONP, URLs -------------------------------------------------------
async def test_plaintext_strips_markup(anon):
    headers = {"Accept": "application/vnd.discogs.v2.plaintext+json"}
    profile = (await anon.get("/labels/1", headers=headers)).json()["profile"]
    assert profile == "Classic Techno label from Detroit, USA.\r\nLabel owner: Carl Craig.\r\n"


async def test_html_renders_markup(anon):
    headers = {"Accept": "application/vnd.discogs.v2.html+json"}
    profile = (await anon.get("/labels/1", headers=headers)).json()["profile"]
    assert "<b>Label owner:</b>" in profile
    assert ">Carl Craig</a>" in profile
    assert "[b]" not in profile


async def test_default_text_format_is_discogs_markup(anon):
    profile = (await anon.get("/labels/1")).json()["profile"]
    assert profile == examples.LABEL_1["profile"]


async def test_jsonp(anon):
    response = await anon.get("/artists/108713", params={"callback": "cb"})
    assert response.status_code == 200
    assert response.headers["content-type"].startswith("text/javascript")
    text = response.text
    assert text.startswith("cb(") and text.endswith(")")
    payload = json.loads(text[3:-1])
    assert payload["meta"]["status"] == 200
    assert payload["data"]["id"] == 108713


async def test_urls_point_at_the_base_the_client_used(sandbox_app):
    async with make_client(sandbox_app, base_url=LOCAL_BASE) as local:
        release = (await local.get("/releases/249504")).json()
        assert release["resource_url"] == f"{LOCAL_BASE}/releases/249504"
        assert release["master_url"] == f"{LOCAL_BASE}/masters/96559"
        assert all(a["resource_url"].startswith(LOCAL_BASE) for a in release["artists"])
        response = await local.get("/labels/1/releases", params={"per_page": 1})
        assert response.json()["pagination"]["urls"]["next"].startswith(
            f"{LOCAL_BASE}/labels/1/releases?"
        )
        assert f"<{LOCAL_BASE}/labels/1/releases?" in response.headers["link"]


async def test_reads_do_not_change_the_catalogue(client, state):
    before = copy.deepcopy(state.catalogue.releases[249504])
    await client.get("/releases/249504", params={"curr_abbr": "EUR"})
    await client.get("/masters/1000/versions")
    assert state.catalogue.releases[249504] == before

"""The sandbox catalogue: deterministic, complete, consistent, and shaped like the API."""

from __future__ import annotations

import copy
import json
import re
from collections.abc import Iterator
from typing import Any

import pytest

from discogs_tui.sandbox import catalogue as cat_module
from discogs_tui.sandbox import examples
from discogs_tui.sandbox.catalogue import (
    SEARCH_FIELDS,
    USERNAMES,
    basic_information,
    build_catalogue,
    build_indexes,
    display_artist,
    format_summary,
    label_release_entry,
    listing_release_summary,
    load_catalogue,
    object_name,
    release_description,
    search_document,
    search_haystack,
    version_entry,
)
from discogs_tui.sandbox.state import Catalogue

API_REF = re.compile(r"https?://api\.discogs\.com/(artists|labels|masters|releases)/(\d+)")
MARKUP_NAME_REF = re.compile(r"\[([al])=([^\]]+)\]")
MARKUP_ID_REF = re.compile(r"\[([almr])(\d+)\]")
SCRIPT_PATTERNS = {
    "Latin with diacritics": r"[À-ɏ]",
    "Cyrillic": r"[\u0400-\u04ff]",
    "Greek": r"[\u0370-\u03ff]",
    "Japanese kana": r"[\u3040-\u30ff]",
    "CJK": r"[\u4e00-\u9fff]",
    "Hangul": r"[\uac00-\ud7af]",
    "Arabic": r"[\u0600-\u06ff]",
    "Hebrew": r"[\u0590-\u05ff]",
    "Devanagari": r"[\u0900-\u097f]",
}


@pytest.fixture(scope="module")
def cat() -> Catalogue:
    return load_catalogue()


def all_objects(cat: Catalogue) -> Iterator[dict[str, Any]]:
    yield from cat.releases.values()
    yield from cat.masters.values()
    yield from cat.artists.values()
    yield from cat.labels.values()


def strings(value: Any) -> Iterator[str]:
    if isinstance(value, str):
        yield value
    elif isinstance(value, dict):
        for item in value.values():
            yield from strings(item)
    elif isinstance(value, list):
        for item in value:
            yield from strings(item)


def tracks(release: dict[str, Any]) -> Iterator[dict[str, Any]]:
    for track in release.get("tracklist", ()):
        yield track
        yield from track.get("sub_tracks", ())


# -- determinism and size -----------------------------------------------------------------------


def test_builds_are_deterministic(cat: Catalogue) -> None:
    assert build_catalogue() == cat
    assert build_catalogue(seed=7) != cat


def test_load_catalogue_is_cached(cat: Catalogue) -> None:
    assert load_catalogue() is cat


def test_sizes(cat: Catalogue) -> None:
    assert len(cat.releases) >= 2000
    assert len(cat.masters) >= 300
    assert len(cat.artists) >= 500
    assert len(cat.labels) >= 200


def test_masters_have_between_two_and_twelve_generated_versions(cat: Catalogue) -> None:
    generated = [m for m in cat.masters if m >= cat_module.GENERATED_ID_START["master"]]
    assert len(generated) >= 300
    for master_id in generated:
        versions = [cat.releases[i] for i in cat.master_versions[master_id]]
        assert 2 <= len(versions) <= 12
    countries = {cat.releases[i]["country"] for m in generated for i in cat.master_versions[m]}
    assert len(countries) > 10


# -- the document's objects -----------------------------------------------------------------------


@pytest.mark.parametrize(
    ("kind", "example"),
    [
        ("releases", examples.RELEASE_249504),
        ("releases", examples.SUBMISSIONS_SHOOEZGIRL["releases"][0]),
        ("releases", examples.CONTRIBUTIONS_SHOOEZGIRL[0]),
        ("masters", examples.MASTER_1000),
        ("artists", {"name": "Nickelback", **examples.ARTIST_108713}),
        ("labels", examples.LABEL_1),
    ],
)
def test_example_objects_are_verbatim(cat: Catalogue, kind: str, example: dict) -> None:
    stored = getattr(cat, kind)[example["id"]]
    assert stored == example
    assert stored is not example  # a copy: nothing can change the examples through it


def test_master_1000_versions_are_the_documented_ones(cat: Catalogue) -> None:
    versions = cat.master_versions[1000]
    assert examples.MASTER_1000["main_release"] in versions
    for documented in examples.MASTER_1000_VERSIONS:
        assert documented["id"] in versions
        assert version_entry(cat.releases[documented["id"]]) == documented


def test_label_1_releases_match_the_example(cat: Catalogue) -> None:
    for documented in examples.LABEL_1_RELEASES:
        assert documented["id"] in cat.label_releases[1]
        entry = label_release_entry(cat.releases[documented["id"]], 1)
        for key in ("artist", "catno", "format", "id", "status", "title", "year"):
            assert entry[key] == documented[key]
    for sublabel in examples.LABEL_1["sublabels"]:
        assert cat.labels[sublabel["id"]]["parent_label"]["id"] == 1
    assert "Carl Craig" in {object_name(a) for a in cat.artists.values()}


def test_nickelback_releases_match_the_example(cat: Catalogue) -> None:
    entries = {(e["type"], e["id"]): e for e in cat.artist_releases[108713]}
    for documented in examples.ARTIST_108713_RELEASES:
        entry = entries[(documented["type"], documented["id"])]
        for key in documented.keys() - {"resource_url", "thumb"}:
            assert entry[key] == documented[key], key
    for member in examples.ARTIST_108713["members"]:
        groups = cat.artists[member["id"]]["groups"]
        assert [g["id"] for g in groups] == [108713]


def test_rick_astley_world_exists(cat: Catalogue) -> None:
    release = cat.releases[249504]
    assert object_name(cat.artists[72872]) == "Rick Astley"
    assert cat.labels[895]["name"] == "RCA"
    assert {82835, 266218} <= cat.labels.keys()
    assert cat.masters[96559]["main_release"] == 249504
    assert 249504 in cat.master_versions[96559]
    assert release_description(release) == 'Rick Astley - Never Gonna Give You Up (7", Single)'


def test_search_example_releases_exist(cat: Catalogue) -> None:
    for documented in examples.SEARCH_NEVERMIND_RESULTS:
        document = search_document("release", cat.releases[documented["id"]])
        for key in ("title", "country", "format", "community", "catno", "genre", "style"):
            assert document[key] == documented[key], key
        assert set(documented["label"]) <= set(document["label"])


def test_example_users_have_submissions_and_contributions(cat: Catalogue) -> None:
    for username in USERNAMES[:6]:
        assert cat.submissions[username.lower()]
        assert cat.contributions[username.lower()]
    assert 5531861 in cat.submissions["shooezgirl"]
    assert 249504 in cat.contributions["_80_"]


# -- referential integrity ----------------------------------------------------------------------


def test_every_api_reference_exists(cat: Catalogue) -> None:
    tables = {"artists": cat.artists, "labels": cat.labels, "masters": cat.masters}
    tables["releases"] = cat.releases
    missing = set()
    everything = [*all_objects(cat), cat.artist_releases]
    for text in strings(everything):
        for kind, object_id in API_REF.findall(text):
            if int(object_id) not in tables[kind]:
                missing.add((kind, int(object_id)))
    assert not missing


def test_ids_in_objects_exist(cat: Catalogue) -> None:
    for release in cat.releases.values():
        if "master_id" in release:
            assert release["master_id"] in cat.masters
            assert release["id"] in cat.master_versions[release["master_id"]]
        for credit in release["artists"] + release.get("extraartists", []):
            assert credit["id"] in cat.artists
        for entry in release["labels"] + release.get("companies", []) + release["series"]:
            assert entry["id"] in cat.labels


def test_main_release_is_a_version(cat: Catalogue) -> None:
    for master_id, master in cat.masters.items():
        assert master["main_release"] in cat.master_versions[master_id]
        assert cat.releases[master["main_release"]]["master_id"] == master_id


def test_markup_references_exist(cat: Catalogue) -> None:
    artist_names = {object_name(a) for a in cat.artists.values()}
    label_names = {lb["name"] for lb in cat.labels.values()}
    tables = {"a": cat.artists, "l": cat.labels, "m": cat.masters, "r": cat.releases}
    texts = [a["profile"] for a in cat.artists.values()]
    texts += [lb["profile"] for lb in cat.labels.values()]
    texts += [r.get("notes", "") for r in cat.releases.values()]
    for text in texts:
        for kind, name in MARKUP_NAME_REF.findall(text):
            assert name in (artist_names if kind == "a" else label_names), name
        for kind, object_id in MARKUP_ID_REF.findall(text):
            assert int(object_id) in tables[kind], (kind, object_id)


def test_markup_variety(cat: Catalogue) -> None:
    profiles = "\n".join(a["profile"] for a in cat.artists.values())
    profiles += "\n".join(lb["profile"] for lb in cat.labels.values())
    for tag in ("[a=", "[l=", "[b]", "[i]", "[url=http"):
        assert tag in profiles, tag
    for pattern in (r"\[a\d+\]", r"\[r\d+\]", r"\[m\d+\]", r"\[l\d+\]"):
        assert re.search(pattern, profiles), pattern


def test_sublabels_and_parents_agree(cat: Catalogue) -> None:
    children = 0
    for label in cat.labels.values():
        for sublabel in label["sublabels"]:
            assert cat.labels[sublabel["id"]]["parent_label"]["id"] == label["id"]
            children += 1
        if "parent_label" in label:
            parent = cat.labels[label["parent_label"]["id"]]
            assert label["id"] in [s["id"] for s in parent["sublabels"]]
    assert children >= 20


def test_members_groups_and_aliases_are_symmetric(cat: Catalogue) -> None:
    groups_with_members = 0
    for artist in cat.artists.values():
        for member in artist.get("members", ()):
            assert artist["id"] in [g["id"] for g in cat.artists[member["id"]]["groups"]]
            groups_with_members += 1
        for group in artist.get("groups", ()):
            assert artist["id"] in [m["id"] for m in cat.artists[group["id"]]["members"]]
        for alias in artist.get("aliases", ()):
            assert artist["id"] in [a["id"] for a in cat.artists[alias["id"]]["aliases"]]
    assert groups_with_members >= 100


def test_build_indexes_is_repeatable(cat: Catalogue) -> None:
    again = copy.deepcopy(cat)
    build_indexes(again)
    assert again == cat


# -- variety --------------------------------------------------------------------------------------


def test_tracklists_have_headings_index_tracks_and_credits(cat: Catalogue) -> None:
    all_tracks = [t for r in cat.releases.values() for t in tracks(r)]
    types = {t.get("type_") for t in all_tracks}
    assert types == {"track", "heading", "index"}
    assert sum(1 for t in all_tracks if t.get("sub_tracks")) >= 20
    assert sum(1 for t in all_tracks if "artists" in t) >= 100
    assert sum(1 for t in all_tracks if "extraartists" in t) >= 100
    assert any(t["duration"] == "" for t in all_tracks if t["type_"] == "track")


def test_releases_carry_every_documented_key(cat: Catalogue) -> None:
    keys = examples.RELEASE_249504.keys()
    for release in cat.releases.values():
        if "tracklist" in release:  # the verbatim promos of the examples have none
            assert keys - {"master_id", "master_url"} <= release.keys()
    first_generated = cat_module.GENERATED_ID_START["release"]
    generated = [r for r in cat.releases.values() if r["id"] >= first_generated]
    assert any(r.get("series") for r in generated)
    assert any(len(r["artists"]) > 1 and r["artists"][0]["join"] for r in generated)
    assert any(c["anv"] for r in generated for c in r["artists"])
    assert any(f.get("text") for r in generated for f in r["formats"])
    assert {i["type"] for r in generated for i in r["identifiers"]} >= {
        "Barcode",
        "Matrix / Runout",
        "Rights Society",
    }
    assert all(r["images"][0]["type"] == "primary" for r in generated)
    assert any(len(r["images"]) > 1 for r in generated)


@pytest.mark.parametrize(("script", "pattern"), SCRIPT_PATTERNS.items())
def test_many_scripts(cat: Catalogue, script: str, pattern: str) -> None:
    found = re.compile(pattern).search
    assert any(found(object_name(a)) for a in cat.artists.values()), "artists"
    assert any(found(lb["name"]) for lb in cat.labels.values()), "labels"
    assert any(found(r["title"]) for r in cat.releases.values()), "titles"


def test_awkward_strings_are_present(cat: Catalogue) -> None:
    titles = {r["title"] for r in cat.releases.values()}
    assert {"Title [Remastered]", "Closing [/ tag"} <= titles
    names = {object_name(a) for a in cat.artists.values()}
    assert any('"' in n for n in names)
    assert any("&" in n for n in names)


def test_no_control_characters(cat: Catalogue) -> None:
    text = json.dumps([*all_objects(cat)], ensure_ascii=False)
    assert not re.search(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f]", json.loads(json.dumps(text)))


def test_generated_images_are_on_the_image_host(cat: Catalogue) -> None:
    release = cat.releases[cat.master_versions[max(cat.masters)][0]]
    assert release["thumb"].startswith("https://i.discogs.com/")
    assert "/h:150/w:150/" in release["thumb"]
    assert release["images"][0]["uri150"] == release["thumb"]
    assert "/h:600/w:600/" in release["images"][0]["uri"]


# -- views ----------------------------------------------------------------------------------------


def test_basic_information_keys(cat: Catalogue) -> None:
    documented = examples.COLLECTION_FOLDER_1_ITEM_EXAMPLE["basic_information"]
    info = basic_information(cat.releases[cat_module.GENERATED_ID_START["release"]])
    assert list(info) == list(documented)
    want = basic_information(cat.releases[1])
    expected = examples.WANT_ADD_EXAMPLE["basic_information"]
    for key in ("id", "title", "year", "thumb", "formats", "labels", "artists"):
        assert want[key] == expected[key], key


def test_version_and_label_release_entry_keys(cat: Catalogue) -> None:
    release = cat.releases[cat_module.GENERATED_ID_START["release"]]
    assert list(version_entry(release)) == list(examples.MASTER_1000_VERSIONS[0])
    assert list(label_release_entry(release)) == list(examples.LABEL_1_RELEASES[0])


def test_listing_release_summary(cat: Catalogue) -> None:
    documented = examples.INVENTORY_RAPPCATS_LISTINGS[0]["release"]
    summary = listing_release_summary(cat.releases[documented["id"]])
    assert list(summary) == list(documented)
    for key in ("catalog_number", "year", "id", "description", "artist", "title", "format"):
        assert summary[key] == documented[key], key
    for listing in examples.INVENTORY_RAPPCATS_LISTINGS[1:]:
        documented = listing["release"]
        summary = listing_release_summary(cat.releases[documented["id"]])
        assert summary["description"] == documented["description"]


def test_artist_release_entry_keys(cat: Catalogue) -> None:
    documented = {e["type"]: set(e) for e in examples.ARTIST_108713_RELEASES}
    for entries in cat.artist_releases.values():
        for entry in entries:
            assert set(entry) == documented[entry["type"]]


def test_search_document_keys(cat: Catalogue) -> None:
    documented = set(examples.SEARCH_NEVERMIND_RESULTS[0]) | {"barcode"}
    extra = {"cover_image", "master_id", "master_url"}
    release = search_document("release", cat.releases[249504])
    assert set(release) == documented | extra
    assert release["uri"] == "/Rick-Astley-Never-Gonna-Give-You-Up/release/249504"
    assert release["year"] == "1987" and release["barcode"] == ["5012394144777"]
    master = cat.masters[1000]
    document = search_document("master", master, main_release=cat.releases[66785])
    assert set(document) == documented | extra and document["type"] == "master"
    artist = search_document("artist", cat.artists[108713])
    assert artist["title"] == "Nickelback" and artist["uri"] == "/artist/108713-Nickelback"
    label = search_document("label", cat.labels[1])
    assert set(label) == {"id", "type", "title", "thumb", "cover_image", "uri", "resource_url"}


def test_search_haystacks(cat: Catalogue) -> None:
    for kind in ("release", "master", "artist", "label"):
        assert set(cat.search_haystacks[kind]) == set(getattr(cat, f"{kind}s"))
    haystack = cat.search_haystacks["release"][249504]
    assert set(haystack) == set(SEARCH_FIELDS)
    assert "rick astley" in haystack["artist"]
    assert "stock, aitken & waterman" in haystack["credit"]
    assert "pb 41447" in haystack["catno"] and "5012394144777" in haystack["barcode"]
    assert "memory" in haystack["submitter"] and "_80_" in haystack["contributor"]
    assert "never gonna give you up (instrumental)" in haystack["track"]
    assert haystack == search_haystack("release", cat.releases[249504])
    nirvana = cat.search_haystacks["release"][3058947]
    assert "5034504843646" in nirvana["barcode"]
    assert "nickleback" in cat.search_haystacks["artist"][108713]["anv"]


def test_display_artist_and_format_summary() -> None:
    release = {
        "artists": [
            {"name": "Cher", "anv": "", "join": "And"},
            {"name": "Peter Cetera (2)", "anv": "", "join": ""},
        ]
    }
    assert display_artist(release) == "Cher And Peter Cetera"
    assert display_artist(
        {"artists": [{"name": "A", "anv": "Ay", "join": ","}, {"name": "B"}]}
    ) == ("Ay, B")
    formats = [
        {"name": "Vinyl", "qty": "2", "descriptions": ['12"', "Limited Edition"], "text": "Clear"}
    ]
    assert format_summary(formats) == '2x12", Ltd, Cle'

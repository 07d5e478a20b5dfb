"""``discogs-tui bulk`` against a sandbox served on loopback: each action run from the command
line changes what the server has (read back over HTTP), the preview comes first, exit codes
say how it went (0 done, 1 partly failed, 2 bad input, with a sentence and no traceback),
undo restores, and a dropped connection after a write never gets it sent twice."""

from __future__ import annotations

import re

import httpx
import pytest

from discogs_tui import cli, locations
from discogs_tui.api.shared_budget import budget_file
from discogs_tui.sandbox.config import DEMO_TOKEN, DEMO_USERNAME
from tests.conftest import roomy_config
from tests.loopback import serve

USER = DEMO_USERNAME
AUTH = {"Authorization": f"Discogs token={DEMO_TOKEN}"}


@pytest.fixture(scope="module")
def base_url():
    with serve(roomy_config(export_delay=0.2)) as url:
        yield url


@pytest.fixture
def api(base_url):
    with httpx.Client(base_url=base_url, headers=AUTH, timeout=30) as client:
        yield client


@pytest.fixture
def bulk(base_url, monkeypatch, tmp_path, capsys):
    """``bulk("collection", "move", ...)``: the exit code and what it printed."""
    monkeypatch.setenv("DISCOGS_TOKEN", DEMO_TOKEN)
    monkeypatch.setenv("DISCOGS_TUI_CONFIG_DIR", str(tmp_path / "config"))
    monkeypatch.setenv("DISCOGS_TUI_CACHE_DIR", str(tmp_path / "cache"))

    def run(*words: str) -> tuple[int, str, str]:
        # The runs share a data dir (the journals), so the budget shared with other processes
        # would count the last run's sends against the sandbox's 60/min until its first
        # answer says the roomy limit: each run starts as if a minute had passed.
        budget_file(locations.data_dir()).unlink(missing_ok=True)
        code = cli.main(["--api-url", base_url, "bulk", *words])
        out, err = capsys.readouterr()
        assert "Traceback" not in out + err
        return code, out, err

    return run


def collection(api) -> list[dict]:
    items, page = [], 1
    while True:
        body = api.get(f"/users/{USER}/collection/folders/0/releases",
                       params={"page": page, "per_page": 100}).json()  # fmt: skip
        items += body["releases"]
        if page >= body["pagination"]["pages"]:
            return items
        page += 1


def all_wants(api) -> list[dict]:
    wants, page = [], 1
    while True:
        body = api.get(f"/users/{USER}/wants", params={"page": page, "per_page": 100}).json()
        wants += body["wants"]
        if page >= body["pagination"]["pages"]:
            return wants
        page += 1


def folder_id(api, name: str) -> int:
    folders = api.get(f"/users/{USER}/collection/folders").json()["folders"]
    found = [f["id"] for f in folders if f["name"] == name]
    if found:
        return found[0]
    return api.post(f"/users/{USER}/collection/folders", json={"name": name}).json()["id"]


def job_id(out: str) -> str:
    return re.search(r"bulk undo (\S+)", out)[1]


def test_move_by_label_previews_moves_and_undoes(bulk, api):
    label = collection(api)[0]["basic_information"]["labels"][0]["name"]
    shelf = folder_id(api, "Bulk Shelf")
    expected = {c["instance_id"]: c["folder_id"] for c in collection(api)
                if c["basic_information"]["labels"][0]["name"].lower().find(label.lower()) >= 0}  # fmt: skip

    code, out, _ = bulk(
        "collection", "move", "--filter", f"label:{label}", "--to", "bulk shelf", "--dry-run"
    )
    assert code == 0 and out.startswith(f"Move {len(expected)} cop") and "Dry run" in out
    assert all(c["folder_id"] != shelf for c in collection(api))

    code, out, _ = bulk(
        "collection", "move", "--filter", f"label:{label}", "--to", "Bulk Shelf", "--yes"
    )
    assert code == 0, out
    moved = {c["instance_id"] for c in collection(api) if c["folder_id"] == shelf}
    assert moved == set(expected)

    code, out, _ = bulk("undo", job_id(out), "--yes")
    assert code == 0, out
    assert {
        c["instance_id"]: c["folder_id"] for c in collection(api) if c["instance_id"] in expected
    } == expected


def test_rate_field_and_remove(bulk, api):
    code, out, _ = bulk("collection", "rate", "--filter", "year:1970-1972", "--rating", "5", "-y")
    assert code == 0, out
    seventies = [
        c for c in collection(api) if 1970 <= c["basic_information"].get("year", 0) <= 1972
    ]
    assert seventies and {c["rating"] for c in seventies} == {5}

    fields = api.get(f"/users/{USER}/collection/fields").json()["fields"]
    text_field = next(f for f in fields if f["type"] != "dropdown")
    code, out, _ = bulk("collection", "field", "--folder", "CDs", "--filter", "rating:5",
                        "--field", text_field["name"], "--value", "Shelf B", "-y")  # fmt: skip
    assert code == 0, out
    cds = folder_id(api, "CDs")
    marked = [c for c in collection(api) if c["folder_id"] == cds and c["rating"] == 5]
    for copy in marked:
        values = {n["field_id"]: n["value"] for n in copy.get("notes") or ()}
        assert values.get(text_field["id"]) == "Shelf B"

    victims = {c["instance_id"] for c in marked[:3]}
    code, out, _ = bulk("collection", "remove", "--folder", "CDs", "--filter", "rating:5", "-y")
    assert code == 0 and "can't be undone" in out
    assert not victims & {c["instance_id"] for c in collection(api)}


def test_wantlist_actions(bulk, api):
    wants = all_wants(api)
    first = wants[0]["basic_information"]["title"]
    code, out, _ = bulk(
        "wantlist", "notes", "--filter", f"title:{first}", "--notes", "any copy", "-y"
    )
    assert code == 0, out
    after = all_wants(api)
    assert {w["notes"] for w in after if w["basic_information"]["title"] == first} == {"any copy"}
    code, out, _ = bulk("wantlist", "rate", "--filter", f"title:{first}", "--rating", "2", "-y")
    assert code == 0
    code, out, _ = bulk("wantlist", "remove", "--filter", f"title:{first}", "-y")
    assert code == 0
    after = all_wants(api)
    assert first not in {w["basic_information"]["title"] for w in after}
    readd = wants[0]["id"]
    code, out, _ = bulk("wantlist", "add", str(readd), "99999999", "-y")
    assert code == 1, out  # one added, one refused: partly failed
    assert "failed: release 99999999" in out
    wanted = {w["id"] for w in all_wants(api)}
    assert readd in wanted


def test_a_reprice_is_one_upload_and_undo_restores(bulk, api):
    def prices():
        body = api.get(
            f"/users/{USER}/inventory", params={"per_page": 100, "status": "For Sale"}
        ).json()
        return {li["id"]: li["price"]["value"] for li in body["listings"]}

    before = prices()
    api.delete("/_sandbox/stats")
    code, out, _ = bulk("inventory", "price", "--status", "For Sale", "--percent", "-10",
                        "--floor", "3", "--round", ".99", "-y")  # fmt: skip
    assert code == 0, out
    stats = api.get("/_sandbox/stats").json()
    assert stats["by_method"].get("POST") == 1  # one upload for every listing
    assert stats["requests"] <= 10
    after = prices()
    for listing_id, price in before.items():
        assert after[listing_id] == max(
            3.0, after[listing_id]
        ) and f"{after[listing_id]:.2f}".endswith((".99", "3.00"))
        assert after[listing_id] <= max(3.0, price)  # a cut, rounded, is still a cut
    code, out, _ = bulk("undo", job_id(out), "-y")
    assert code == 0, out
    assert prices() == before


def test_status_offers_location_and_delete(bulk, api):
    def listing(listing_id):
        return api.get(f"/marketplace/listings/{listing_id}").json()

    drafts = api.get(f"/users/{USER}/inventory", params={"status": "Draft", "per_page": 100}).json()
    ids = [li["id"] for li in drafts["listings"]]
    assert ids
    code, out, _ = bulk("inventory", "status", "--status", "Draft", "--to", "For Sale", "-y")
    assert code == 0, out
    assert {listing(i)["status"] for i in ids} == {"For Sale"}
    code, out, _ = bulk(
        "inventory", "offers", "--status", "For Sale", "--filter", "price:<10", "--refuse", "-y"
    )
    assert code == 0, out
    code, out, _ = bulk("inventory", "location", "--status", "For Sale", "--filter", "price:<10",
                        "--location", "Crate 9", "-y")  # fmt: skip
    assert code == 0, out
    cheap = api.get(
        f"/users/{USER}/inventory", params={"status": "For Sale", "per_page": 100}
    ).json()
    cheap = [li for li in cheap["listings"] if li["price"]["value"] < 10]
    assert cheap and {(li["location"], li["allow_offers"]) for li in cheap} == {("Crate 9", False)}
    code, out, _ = bulk("inventory", "delete", "--filter", "location:Crate 9", "-y")
    assert code == 0, out
    assert api.get(f"/marketplace/listings/{cheap[0]['id']}").status_code == 404


def test_bad_input_is_said_in_words_with_exit_code_2(bulk):
    cases = [
        (
            ("collection", "move", "--to", "No Such Folder", "-y"),
            "You have no folder 'No Such Folder'",
        ),
        (
            ("collection", "rate", "--filter", "colour:red", "--rating", "3", "-y"),
            "no field 'colour'",
        ),
        (
            ("collection", "rate", "--filter", "year:sixties", "--rating", "3", "-y"),
            "year:sixties is not a number",
        ),
        (("inventory", "price", "--percent", "-120", "-y"), "must stay above 0"),
        (("inventory", "price", "--set", "12,50", "-y"), "like 12.50"),
        (
            ("collection", "rate", "--filter", "zzqqxx", "--rating", "3", "-y"),
            "No copies match --filter 'zzqqxx'",
        ),
        (("collection", "rate", "--rating", "3"), "pass --yes"),  # stdin is no terminal
        (("undo", "20990101-000000-abcdef", "-y"), "No bulk job"),
        (("lists", "remove", "--filter", "x"), "Lists are read-only in the Discogs API"),
    ]
    for words, message in cases:
        code, out, err = bulk(*words)
        assert code == 2, (words, out, err)
        assert message in err, (words, err)


def test_a_dropped_answer_is_never_sent_twice(bulk, api):
    shelf = folder_id(api, "Dropped")
    api.post("/_sandbox/faults", json={"kind": "drop_after", "method": "POST",
                                       "path": r"/instances/\d+$", "times": 4})  # fmt: skip
    try:
        api.delete("/_sandbox/stats")
        code, out, _ = bulk("collection", "move", "--folder", "Vinyl", "--filter", "year:1975-1979",
                            "--to", "Dropped", "-y")  # fmt: skip
        posts = api.get("/_sandbox/stats").json()["by_method"].get("POST", 0)
    finally:
        api.delete("/_sandbox/faults")
    assert code == 0, out
    moved = re.search(r"Done: Move (\d+) cop", out)
    assert moved and posts == int(moved[1])  # each copy's move sent once, dropped or not
    assert int(moved[1]) == sum(1 for c in collection(api) if c["folder_id"] == shelf)

"""Inventory exports and uploads: job lifecycles on a controlled clock, CSV in and out."""

from __future__ import annotations

import csv
import io
from collections.abc import AsyncIterator
from datetime import UTC, datetime
from email.utils import format_datetime
from typing import Any

import httpx
import pytest

from discogs_tui.sandbox import create_app, examples
from discogs_tui.sandbox.config import (
    DEMO_CONSUMER_KEY,
    DEMO_CONSUMER_SECRET,
    DEMO_TOKEN,
    DEMO_USERNAME,
)
from discogs_tui.sandbox.market import (
    EXPORT_COLUMNS,
)
from tests.conftest import make_client, roomy_config

START = datetime(2024, 7, 1, 12, 30, tzinfo=UTC).timestamp()
DELAY = 10.0


class Clock:
    def __init__(self) -> None:
        self.now = START

    def __call__(self) -> float:
        return self.now


@pytest.fixture
def clock() -> Clock:
    return Clock()


@pytest.fixture
def timed_app(clock):
    return create_app(roomy_config(clock=clock, export_delay=DELAY))


@pytest.fixture
async def demo(timed_app) -> AsyncIterator[httpx.AsyncClient]:
    async with make_client(timed_app, {"Authorization": f"Discogs token={DEMO_TOKEN}"}) as c:
        yield c


@pytest.fixture
async def seller(timed_app) -> AsyncIterator[httpx.AsyncClient]:
    token = timed_app.state.sandbox.user("example_seller").token
    async with make_client(timed_app, {"Authorization": f"Discogs token={token}"}) as c:
        yield c


@pytest.fixture
async def anon(timed_app) -> AsyncIterator[httpx.AsyncClient]:
    async with make_client(timed_app) as c:
        yield c


@pytest.fixture
async def consumer(timed_app) -> AsyncIterator[httpx.AsyncClient]:
    auth = f"Discogs key={DEMO_CONSUMER_KEY}, secret={DEMO_CONSUMER_SECRET}"
    async with make_client(timed_app, {"Authorization": auth}) as c:
        yield c


def http_date(epoch: float) -> str:
    return format_datetime(datetime.fromtimestamp(epoch, tz=UTC), usegmt=True)


def path_of(url: str) -> str:
    return url.removeprefix("https://api.discogs.com")


def demo_listings(app, status: str | None = None) -> list[dict[str, Any]]:
    return [
        listing
        for listing in app.state.sandbox.listings.values()
        if listing["seller"]["username"] == DEMO_USERNAME and status in (None, listing["status"])
    ]


async def upload(
    client: httpx.AsyncClient, kind: str, text: str, content_type: str = "text/csv"
) -> httpx.Response:
    files = {"file": (f"{kind}.csv", text.encode(), content_type)}
    return await client.post(f"/inventory/upload/{kind}", files=files)


# -- exports ----------------------------------------------------------------------------------------
async def test_seeded_export_is_the_documents_example(demo):
    answer = await demo.get("/inventory/export/599632")
    assert answer.status_code == 200
    assert answer.json() == examples.INVENTORY_EXPORT_599632
    assert answer.headers["Last-Modified"] == "Thu, 27 Sep 2018 12:59:02 GMT"
    listed = (await demo.get("/inventory/export")).json()
    assert listed["items"][-1]["id"] == 599632


async def test_export_if_modified_since(demo):
    path = "/inventory/export/599632"
    assert (
        await demo.get(path, headers={"If-Modified-Since": "Thu, 27 Sep 2018 12:50:39 GMT"})
    ).status_code == 200
    not_modified = await demo.get(
        path, headers={"If-Modified-Since": "Thu, 27 Sep 2018 12:59:02 GMT"}
    )
    assert not_modified.status_code == 304
    assert not_modified.content == b""
    assert (await demo.get(path, headers={"If-Modified-Since": "garbage"})).status_code == 200


async def test_export_lifecycle(demo, timed_app, clock):
    answer = await demo.post("/inventory/export")
    assert answer.status_code == 200
    location = answer.headers["Location"]
    export_id = int(location.rsplit("/", 1)[1])
    assert location == f"https://api.discogs.com/inventory/export/{export_id}"
    assert answer.json()["status"] == "queued"
    assert (await demo.post("/inventory/export")).status_code == 409
    assert (await demo.get(f"/inventory/export/{export_id}/download")).status_code == 404

    clock.now += DELAY / 2
    assert (await demo.get(path_of(location))).json()["status"] == "in progress"
    clock.now += DELAY / 2
    job = (await demo.get(path_of(location))).json()
    assert job["status"] == "success"
    assert job["finished_ts"] == "2024-07-01T12:30:10"
    assert job["filename"] == f"{DEMO_USERNAME}-inventory-20240701-1230.csv"
    assert job["download_url"] == f"{location}/download"
    assert (
        await demo.get(path_of(location), headers={"If-Modified-Since": http_date(clock.now)})
    ).status_code == 304
    assert (await demo.get("/inventory/export")).json()["items"][0]["id"] == export_id
    assert (await demo.post("/inventory/export")).status_code == 200  # the first one is done


async def test_export_download_is_the_inventory_as_csv(demo, timed_app, clock):
    answer = await demo.post("/inventory/export")
    clock.now += DELAY
    job = (await demo.get(path_of(answer.headers["Location"]))).json()
    download = await demo.get(path_of(job["download_url"]))
    assert download.status_code == 200
    assert download.headers["content-type"] == "text/csv; charset=utf-8"
    assert download.headers["content-disposition"] == f"attachment; filename={job['filename']}"
    rows = list(csv.DictReader(io.StringIO(download.text)))
    assert tuple(rows[0]) == EXPORT_COLUMNS
    exported = {int(row["listing_id"]): row for row in rows}
    listings = {
        item["id"]: item for item in demo_listings(timed_app) if item["status"] != "Deleted"
    }
    assert exported.keys() == listings.keys()
    some = next(iter(listings.values()))
    row = exported[some["id"]]
    assert float(row["price"]) == some["price"]["value"]
    assert row["media_condition"] == some["condition"]
    assert row["accept_offer"] == ("Y" if some["allow_offers"] else "N")
    assert row["location"] == some["location"]
    assert int(row["release_id"]) == some["release"]["id"]


async def test_exports_are_private(demo, seller, anon, consumer):
    assert (await seller.get("/inventory/export/599632")).status_code == 404
    assert (await seller.get("/inventory/export/599632/download")).status_code == 404
    assert (await seller.get("/inventory/export")).json()["items"] == []
    assert (await demo.get("/inventory/export/123")).status_code == 404
    for who in (anon, consumer):
        assert (await who.post("/inventory/export")).status_code == 401
        assert (await who.get("/inventory/export")).status_code == 401
        assert (await who.get("/inventory/export/599632")).status_code == 401


# -- uploads ------------------------------------------------------------------------------------
async def test_seeded_upload_is_the_documents_example(demo, seller):
    answer = await demo.get("/inventory/upload/119615")
    assert answer.json() == examples.INVENTORY_UPLOAD_119615
    assert answer.headers["Last-Modified"] == "Mon, 18 Dec 2017 09:20:29 GMT"
    listed = (await demo.get("/inventory/upload")).json()
    assert listed["items"] == examples.INVENTORY_UPLOADS_EXAMPLE
    not_modified = await demo.get(
        "/inventory/upload/119615", headers={"If-Modified-Since": answer.headers["Last-Modified"]}
    )
    assert not_modified.status_code == 304
    assert (await seller.get("/inventory/upload/119615")).status_code == 404


async def test_upload_add_applies_good_rows_and_reports_bad_ones(demo, timed_app, clock):
    before = len(demo_listings(timed_app))
    text = (
        "release_id,price,media_condition,sleeve_condition,comments,accept_offer,weight,format_quantity,location\n"
        "249504,1.50,Mint (M),Generic,Comments about this release,Y,230,1,Shelf Z\n"
        "1,2.50,Near Mint (NM or M-),,More comments,N,,,\n"
        "abc,3.50,Good (G),,,,,,\n"
        "1,free,Good (G),,,,,,\n"
        "1,3.50,good,,,,,,\n"
        "1,3.50,Good (G),,,maybe,,,\n"
        "1,3.50,Good (G),,,,-5,,\n"
        "987654321,3.50,Good (G),,,,,,\n"
    )
    answer = await upload(demo, "add", text)
    assert answer.status_code == 200
    location = answer.headers["Location"]
    assert answer.json()["status"] == "processing"
    assert len(demo_listings(timed_app)) == before + 2
    added = [
        item
        for item in demo_listings(timed_app)
        if item["comments"] == "Comments about this release"
    ]
    assert len(added) == 1
    new = added[0]
    assert (new["status"], new["condition"], new["sleeve_condition"]) == (
        "For Sale",
        "Mint (M)",
        "Generic",
    )
    assert (new["allow_offers"], new["weight"], new["format_quantity"], new["location"]) == (
        True,
        230,
        1,
        "Shelf Z",
    )
    assert new["price"] == {
        "currency": timed_app.state.sandbox.user(DEMO_USERNAME).currency,
        "value": 1.5,
    }

    clock.now += DELAY
    job = (await demo.get(path_of(location))).json()
    assert job["status"] == "success"
    assert job["type"] == "add"
    assert job["filename"] == "add.csv"
    assert job["results"].startswith("CSV file contains 8 records.<p>Processed 2 records.")
    for line, column in [
        (4, "release_id"),
        (5, "price"),
        (6, "media_condition"),
        (7, "accept_offer"),
        (8, "weight"),
        (9, "release_id"),
    ]:
        assert f"<p>Line {line}: Invalid {column}" in job["results"], (line, job["results"])


async def test_upload_change_and_delete(demo, timed_app, clock):
    for_sale = demo_listings(timed_app, "For Sale")
    sold = demo_listings(timed_app, "Sold")[0]
    changed, deleted = for_sale[0], for_sale[1]
    text = f"listing_id,price,comments\n{changed['id']},99.00,Changed\n{sold['id']},5,Nope\n172723812,5,Not mine\n"
    answer = await upload(demo, "change", text)
    assert answer.status_code == 200
    assert changed["price"]["value"] == 99.0 and changed["comments"] == "Changed"
    clock.now += DELAY
    results = (await demo.get(path_of(answer.headers["Location"]))).json()["results"]
    assert "Processed 1 records." in results
    assert "only deleted" in results and "not in your inventory" in results

    answer = await upload(demo, "delete", f"listing_id\n{deleted['id']}\n172723812\n")
    assert answer.status_code == 200
    listings = timed_app.state.sandbox.listings
    assert deleted["id"] not in listings
    assert 172723812 in listings
    assert (await demo.get(f"/marketplace/listings/{deleted['id']}")).status_code == 404


async def test_upload_while_processing_is_409(demo, clock):
    assert (await upload(demo, "delete", "listing_id\n1\n")).status_code == 200
    busy = await upload(demo, "add", "release_id,price,media_condition\n1,2,Mint (M)\n")
    assert busy.status_code == 409
    assert busy.json()["message"]
    clock.now += DELAY
    job = (await demo.get("/inventory/upload")).json()["items"][0]
    assert job["status"] == "failure"  # its only record named nobody's listing
    assert (
        await upload(demo, "add", "release_id,price,media_condition\n1,2,Mint (M)\n")
    ).status_code == 200


@pytest.mark.parametrize(
    ("content", "content_type"),
    [
        (b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR", "image/png"),
        (b"release_id,price,media_condition\n1,2,Mint (M)\n", "application/pdf"),
        (b"\xff\xfe\x00r\x00e\x00l", "text/csv"),
    ],
)
async def test_upload_rejects_files_that_are_not_csv(demo, content, content_type):
    answer = await demo.post(
        "/inventory/upload/add", files={"file": ("add.csv", content, content_type)}
    )
    assert answer.status_code == 415


async def test_upload_needs_multipart_file(demo):
    assert (await demo.post("/inventory/upload/add", json={"file": "x"})).status_code == 415
    answer = await demo.post(
        "/inventory/upload/add", files={"other": ("add.csv", b"a", "text/csv")}
    )
    assert answer.status_code == 422


@pytest.mark.parametrize(
    ("kind", "text", "missing"),
    [
        ("add", "release_id,price\n1,2\n", "media_condition"),
        ("add", "Release_ID,Price,Media_Condition\n1,2,Mint (M)\n", "release_id"),
        ("change", "price\n2\n", "listing_id"),
        ("delete", "release_id\n1\n", "listing_id"),
        ("add", "", "release_id"),
    ],
)
async def test_upload_missing_columns_is_422(demo, kind, text, missing):
    answer = await upload(demo, kind, text)
    assert answer.status_code == 422
    assert missing in answer.json()["message"]


async def test_upload_change_needs_something_to_change(demo):
    assert (await upload(demo, "change", "listing_id\n1\n")).status_code == 422


async def test_upload_permissions_and_paths(demo, anon, consumer):
    for who in (anon, consumer):
        assert (await upload(who, "add", "release_id,price,media_condition\n")).status_code == 401
        assert (await who.get("/inventory/upload")).status_code == 401
    assert (await upload(demo, "replace", "listing_id\n1\n")).status_code == 404
    assert (await demo.get("/inventory/upload/999")).status_code == 404
    assert (await demo.get("/inventory/upload/add")).status_code == 404

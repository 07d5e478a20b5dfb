"""Inventory export and upload through the service layer, and the CSV checks that keep a
malformed file from ever reaching the server."""

from __future__ import annotations

import csv
import io
from datetime import UTC, datetime

import pytest

from discogs_tui.api.client import ApiResponse
from discogs_tui.api.errors import AuthError, Conflict, MalformedResponse, NotFound, ValidationError
from discogs_tui.api.inventory import check_upload_csv, job_id
from discogs_tui.sandbox import create_app
from discogs_tui.sandbox.config import DEMO_USERNAME
from tests.api.conftest import START
from tests.conftest import roomy_config

JOB_SECONDS = 4.0  # export: queued, "in progress" after 2 s, success after 4 s


@pytest.fixture
def app(clock):
    return create_app(roomy_config(clock=clock, export_delay=JOB_SECONDS))


def at(seconds: float) -> datetime:
    """The sandbox's time ``seconds`` after the test began."""
    return datetime.fromtimestamp(START + seconds, tz=UTC)


async def finished(clock) -> None:
    clock.advance(JOB_SECONDS)


# -- exports -------------------------------------------------------------------------------------
async def test_export_runs_then_downloads_as_csv(service, clock):
    export_id = await service.inventory.request_export()
    status = await service.inventory.export(export_id)
    assert status["id"] == export_id and status["status"] == "queued"
    with pytest.raises(NotFound, match="not ready"):
        await service.inventory.download_export(export_id)
    await finished(clock)
    status = await service.inventory.export(export_id)
    assert status["status"] == "success" and status["download_url"].endswith("/download")
    rows = list(csv.DictReader(io.StringIO(await service.inventory.download_export(export_id))))
    assert len(rows) == 590  # every listing but the 10 deleted ones
    assert {"listing_id", "release_id", "price", "media_condition"} <= set(rows[0])


async def test_a_second_export_while_one_runs_is_a_conflict(service, clock):
    await service.inventory.request_export()
    with pytest.raises(Conflict, match="already in progress"):
        await service.inventory.request_export()
    await finished(clock)
    assert await service.inventory.request_export()


async def test_exports_list_newest_first(service):
    export_id = await service.inventory.request_export()
    page = await service.inventory.exports()
    assert [item["id"] for item in page.items] == [export_id, 599632]


async def test_export_status_if_modified_since(service, clock):
    export_id = await service.inventory.request_export()
    assert (await service.inventory.export(export_id, since=at(-60)))["status"] == "queued"
    assert await service.inventory.export(export_id, since=at(0)) is None
    clock.advance(JOB_SECONDS / 2)
    changed = await service.inventory.export(export_id, since=at(0))
    assert changed["status"] == "in progress"
    naive = at(JOB_SECONDS / 2).replace(tzinfo=None)  # naive datetimes are UTC
    assert await service.inventory.export(export_id, since=naive) is None


async def test_export_errors(service, service_as):
    with pytest.raises(NotFound):
        await service.inventory.export(123)
    with pytest.raises(NotFound):  # another user's export
        await service_as("rodneyfool").inventory.export(599632)
    with pytest.raises(AuthError, match="authenticate"):
        await service_as(None).inventory.request_export()


def test_job_id_needs_a_location():
    located = ApiResponse(201, {}, {"location": "https://api.discogs.com/inventory/upload/42"})
    assert job_id(located) == 42
    with pytest.raises(MalformedResponse, match="Location"):
        job_id(ApiResponse(201, {}, {}))


# -- uploads -------------------------------------------------------------------------------------
ADD_CSV = (
    "release_id,price,media_condition,sleeve_condition,comments,accept_offer,weight\n"
    '249504,1.50,Mint (M),Generic,"Sealed, never played",Y,230\n'
    "\n"
    "1,2.50,Near Mint (NM or M-),,,,\n"
)


async def test_upload_add_then_listings_appear(service, clock):
    before = await service.marketplace.inventory(DEMO_USERNAME, per_page=1)
    upload_id = await service.inventory.upload_add(ADD_CSV)
    status = await service.inventory.upload(upload_id)
    assert status["status"] == "processing" and status["type"] == "add"
    assert status["filename"] == "add.csv"
    await finished(clock)
    status = await service.inventory.upload(upload_id)
    assert status["status"] == "success" and "Processed 2 records" in status["results"]
    after = await service.marketplace.inventory(DEMO_USERNAME, per_page=1)
    assert after.total == before.total + 2
    newest = await service.marketplace.inventory(
        DEMO_USERNAME, sort="listed", sort_order="desc", per_page=2
    )
    assert {item["release"]["id"] for item in newest.items} == {249504, 1}


async def test_upload_change_and_delete(service, clock):
    listing = (await service.marketplace.inventory(DEMO_USERNAME, status="For Sale")).items[0]
    await service.marketplace.listing(listing["id"])  # cached now
    await service.inventory.upload_change(
        f"listing_id,price,comments\n{listing['id']},77.00,Repriced\n".encode()
    )
    changed = await service.marketplace.listing(listing["id"])
    assert changed["price"]["value"] == 77.0 and changed["comments"] == "Repriced"
    await finished(clock)
    await service.inventory.upload_delete(f"listing_id\n{listing['id']}\n", "gone.csv")
    with pytest.raises(NotFound):
        await service.marketplace.listing(listing["id"])
    page = await service.inventory.uploads()
    assert [item["type"] for item in page.items[:2]] == ["delete", "change"]
    assert page.items[0]["filename"] == "gone.csv"


async def test_a_second_upload_while_one_runs_is_a_conflict(service):
    await service.inventory.upload_add(ADD_CSV)
    with pytest.raises(Conflict, match="still being processed"):
        await service.inventory.upload_add(ADD_CSV)


async def test_rows_only_the_server_can_judge_are_reported_in_the_results(service, clock):
    upload_id = await service.inventory.upload_add(
        "release_id,price,media_condition\n999999999,1.00,Mint (M)\n"
    )
    await finished(clock)
    status = await service.inventory.upload(upload_id)
    assert status["status"] == "failure" and "Line 2" in status["results"]


async def test_upload_status_if_modified_since(service, clock):
    upload_id = await service.inventory.upload_add(ADD_CSV)
    assert await service.inventory.upload(upload_id, since=at(1)) is None
    await finished(clock)
    assert (await service.inventory.upload(upload_id, since=at(1)))["status"] == "success"
    with pytest.raises(NotFound):
        await service.inventory.upload(1)


# -- CSV checks ----------------------------------------------------------------------------------
@pytest.mark.parametrize(
    ("kind", "text", "complaint"),
    [
        ("add", "", "empty"),
        ("add", "release_id,price\n1,2\n", "lacks required columns: media_condition"),
        ("add", "Release_ID,price,media_condition\n1,2,Mint (M)\n", "lower case: Release_ID"),
        ("add", "release_id,price,media_condition\n", "no rows"),
        ("change", "listing_id\n1\n", "nothing to change"),
        ("delete", "release_id\n1\n", "listing_id"),
        ("add", "release_id,price,media_condition\nabc,2,Mint (M)\n", "line 2: release_id"),
        ("add", "release_id,price,media_condition\n1,free,Mint (M)\n", "price must be a number"),
        ("add", "release_id,price,media_condition\n1,-2,Mint (M)\n", "greater than 0"),
        ("add", "release_id,price,media_condition\n1,2,Mint\n", "media_condition must be"),
        ("add", "release_id,price,media_condition\n1,2\n", "media_condition is missing"),
        ("add", "release_id,price,media_condition\n1,,Mint (M)\n", "price is missing"),
        (
            "add",
            "release_id,price,media_condition,sleeve_condition\n1,2,Mint (M),Shrink\n",
            "sleeve_condition must be",
        ),
        (
            "add",
            "release_id,price,media_condition,accept_offer\n1,2,Mint (M),maybe\n",
            "accept_offer must be Y or N",
        ),
        (
            "add",
            "release_id,price,media_condition,weight\n1,2,Mint (M),-5\n",
            "weight must be a whole number, 0 or more",
        ),
        (
            "add",
            "release_id,price,media_condition,format_quantity\n1,2,Mint (M),1.5\n",
            "format_quantity must",
        ),
        ("add", "release_id,price,media_condition\n1,2,Mint (M),extra\n", "quote values"),
        ("change", "listing_id,price\nx1,2\n", "listing_id must be a whole number, 1 or more"),
        ("delete", 'listing_id\n"12\n', "malformed"),
    ],
)
async def test_malformed_csv_never_reaches_the_server(service, nothing_sent, kind, text, complaint):
    upload = getattr(service.inventory, f"upload_{kind}")
    async with nothing_sent():
        with pytest.raises(ValidationError, match=complaint):
            await upload(text)


def test_csv_errors_name_the_first_bad_rows():
    rows = "".join(f"{n},abc,Mint (M)\n" for n in range(1, 9))
    with pytest.raises(ValidationError) as caught:
        check_upload_csv("release_id,price,media_condition\n" + rows, "add")
    message = str(caught.value)
    assert message.startswith("The CSV file has 8 bad rows: line 2: price must be a number")
    assert "line 6:" in message and "line 7:" not in message
    assert "and 3 more bad rows" in message


def test_csv_checks_accept_a_good_file():
    assert check_upload_csv(ADD_CSV, "add") == 2
    assert check_upload_csv(b"\xef\xbb\xbflisting_id\n1\n2\n", "delete") == 2
    with pytest.raises(ValidationError, match="UTF-8"):
        check_upload_csv(b"listing_id\n\xff\n", "delete")
    with pytest.raises(ValidationError, match="upload kind"):
        check_upload_csv("listing_id\n1\n", "move")

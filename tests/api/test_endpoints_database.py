"""Database endpoints through the service layer, against the sandbox."""

from __future__ import annotations

import pytest

from discogs_tui.api.errors import AuthError, NotFound, PermissionDenied, ValidationError
from discogs_tui.api.pagination import walk_pages
from discogs_tui.sandbox.config import DEMO_USERNAME

ME = DEMO_USERNAME
RELEASE, MASTER, ARTIST, LABEL = 249504, 1000, 108713, 1


async def test_release(service, service_as):
    release = await service.database.release(RELEASE)
    assert release["id"] == RELEASE and release["title"] and release["images"]
    anonymous = await service_as(None).database.release(RELEASE)
    assert "images" not in anonymous  # image URLs come with authenticated answers only
    on_sale = await service.database.release(5610049)  # the document's listing sells it
    in_euros = await service.database.release(5610049, currency="eur")
    assert in_euros["lowest_price"] != on_sale["lowest_price"] is not None


async def test_catalogue_not_found_with_the_servers_message(service):
    with pytest.raises(NotFound, match="Release not found"):
        await service.database.release(999_999_999)
    with pytest.raises(NotFound, match="Master Release not found"):
        await service.database.master(999_999_999)
    with pytest.raises(NotFound, match="Artist not found"):
        await service.database.artist(999_999_999)
    with pytest.raises(NotFound, match="Label not found"):
        await service.database.label(999_999_999)


async def test_user_rating_set_read_delete(service):
    before = await service.database.community_release_rating(RELEASE)
    assert (await service.database.user_release_rating(RELEASE, ME))["rating"] == 0
    answer = await service.database.set_user_release_rating(RELEASE, ME, 4)
    assert answer == {"username": ME, "release_id": RELEASE, "rating": 4}
    assert (await service.database.user_release_rating(RELEASE, ME))["rating"] == 4
    after = await service.database.community_release_rating(RELEASE)
    assert after["rating"]["count"] == before["rating"]["count"] + 1
    await service.database.delete_user_release_rating(RELEASE, ME)
    assert (await service.database.user_release_rating(RELEASE, ME))["rating"] == 0


async def test_rating_errors(service, service_as, nothing_sent):
    async with nothing_sent():
        with pytest.raises(ValidationError, match="rating must be from 1 to 5"):
            await service.database.set_user_release_rating(RELEASE, ME, 6)
    with pytest.raises(PermissionDenied):
        await service.database.set_user_release_rating(RELEASE, "rodneyfool", 3)
    with pytest.raises(AuthError):
        await service_as(None).database.delete_user_release_rating(RELEASE, ME)
    with pytest.raises(NotFound, match="User does not exist"):
        await service.database.user_release_rating(RELEASE, "nobody_at_all")


async def test_community_rating_and_stats(service):
    rating = await service.database.community_release_rating(RELEASE)
    assert rating["release_id"] == RELEASE and set(rating["rating"]) == {"count", "average"}
    stats = await service.database.release_stats(RELEASE)
    assert stats["num_have"] > 0 and stats["num_want"] >= 0


async def test_master_and_versions(service, nothing_sent):
    master = await service.database.master(MASTER)
    assert master["id"] == MASTER and master["main_release"]
    versions = await service.database.master_versions(
        MASTER, sort="released", sort_order="desc", per_page=5
    )
    assert versions.items and all("released" in v for v in versions.items)
    years = [v["released"] for v in versions.items]
    assert years == sorted(years, reverse=True)
    async with nothing_sent():
        with pytest.raises(ValidationError, match="sort key"):
            await service.database.master_versions(MASTER, sort="price")


async def test_artist_and_releases(service, nothing_sent):
    artist = await service.database.artist(ARTIST)
    assert artist["id"] == ARTIST and artist["name"]
    releases = await service.database.artist_releases(ARTIST, sort="year", sort_order="asc")
    years = [r.get("year") or 0 for r in releases.items]
    assert releases.items and years == sorted(years)
    async with nothing_sent():
        with pytest.raises(ValidationError, match="sort key"):
            await service.database.artist_releases(ARTIST, sort="label")


async def test_label_and_all_its_releases(service):
    label = await service.database.label(LABEL)
    assert label["id"] == LABEL and label["name"]

    async def fetch(page: int, per_page: int):
        return await service.database.label_releases(LABEL, page=page, per_page=per_page)

    pages = [page async for page in walk_pages(fetch, per_page=10)]
    ids = [release["id"] for page in pages for release in page.items]
    assert len(ids) == pages[0].total and len(set(ids)) == len(ids)


async def test_search(service, service_as, nothing_sent):
    results = await service.database.search("silent phase", type="artist")
    assert results.items and {r["type"] for r in results.items} == {"artist"}
    by_field = await service.database.search(artist="Rick Astley", type="release", per_page=5)
    assert by_field.items
    with pytest.raises(AuthError, match="authenticate"):
        await service_as(None).database.search("anything")
    async with nothing_sent():
        with pytest.raises(ValidationError, match="Unknown search field colour"):
            await service.database.search("x", colour="red")
        with pytest.raises(ValidationError, match="type"):
            await service.database.search("x", type="track")
        with pytest.raises(ValidationError, match="currency"):
            await service.database.release(RELEASE, currency="XYZ")
        with pytest.raises(ValidationError, match="Page numbers start at 1"):
            await service.database.search("x", page=0)

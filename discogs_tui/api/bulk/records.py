"""The records a bulk job picks from, read whole, and the fields the filter language
(``query``) sees in each: the collection from its mirror, the wantlist and the seller's
inventory page by page (at background priority), a master's versions for adding to the
wantlist."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import TYPE_CHECKING, Any

from discogs_tui.api.mirror import clean_line
from discogs_tui.api.pagination import walk_pages
from discogs_tui.api.scheduler import Priority

if TYPE_CHECKING:
    from discogs_tui.api.mirror import MirrorItem
    from discogs_tui.api.service import DiscogsService

Json = Mapping[str, Any]

COLLECTION_FIELDS = ("artist", "title", "label", "catno", "format", "year", "genre", "style",
                     "rating", "folder", "notes")  # fmt: skip
WANTLIST_FIELDS = ("artist", "title", "label", "catno", "format", "year", "genre", "style",
                   "rating", "notes")  # fmt: skip
INVENTORY_FIELDS = ("artist", "title", "label", "catno", "format", "year", "price", "status",
                    "condition", "sleeve", "location", "comments")  # fmt: skip


def collection_record(item: MirrorItem, folder_names: Mapping[int, str]) -> dict[str, Any]:
    return {
        "artist": item.artist, "title": item.title, "label": item.label, "catno": item.catno,
        "format": item.format, "year": item.year or None, "genre": item.genres,
        "style": item.styles, "rating": item.rating,
        "folder": folder_names.get(item.folder_id, str(item.folder_id)),
        "notes": tuple(item.notes.values()),
    }  # fmt: skip


def _release_fields(info: Json) -> dict[str, Any]:
    labels = info.get("labels") or [{}]
    formats = info.get("formats") or ()
    return {
        "artist": " & ".join(clean_line(a.get("name")) for a in info.get("artists") or ()),
        "title": clean_line(info.get("title")),
        "label": clean_line(labels[0].get("name")),
        "catno": clean_line(labels[0].get("catno")),
        "format": " ".join(
            clean_line(part)
            for f in formats
            for part in (f.get("name"), *(f.get("descriptions") or ()))
        ),
        "year": int(info.get("year") or 0) or None,
        "genre": tuple(info.get("genres") or ()),
        "style": tuple(info.get("styles") or ()),
    }


def want_record(want: Json) -> dict[str, Any]:
    return {
        **_release_fields(want.get("basic_information") or {}),
        "rating": int(want.get("rating") or 0),
        "notes": clean_line(want.get("notes")),
    }


def listing_record(listing: Json) -> dict[str, Any]:
    release = listing.get("release") or {}
    artist, _, title = str(release.get("description") or "").partition(" - ")
    return {
        "artist": clean_line(release.get("artist") or artist),
        "title": clean_line(release.get("title") or title),
        "label": clean_line(release.get("label")),
        "catno": clean_line(release.get("catalog_number")),
        "format": clean_line(release.get("format")),
        "year": int(release.get("year") or 0) or None,
        "price": float((listing.get("price") or {}).get("value") or 0),
        "status": clean_line(listing.get("status")),
        "condition": clean_line(listing.get("condition")),
        "sleeve": clean_line(listing.get("sleeve_condition")),
        "location": clean_line(listing.get("location")),
        "comments": clean_line(listing.get("comments")),
    }


async def wants(service: DiscogsService, username: str) -> list[Json]:
    """The whole wantlist, as Discogs has it now."""

    def fetch(page: int, per_page: int):
        return service.wantlist.wants(
            username, page=page, per_page=per_page, priority=Priority.BACKGROUND, use_cache=False
        )

    return [want async for page in walk_pages(fetch) for want in page.items]


async def listings(service: DiscogsService, username: str, status: str | None = None) -> list[Json]:
    """The seller's listings (of one ``status``), as Discogs has them now."""

    def fetch(page: int, per_page: int):
        return service.marketplace.inventory(
            username, page=page, per_page=per_page, status=status,
            priority=Priority.BACKGROUND, use_cache=False,
        )  # fmt: skip

    return [listing async for page in walk_pages(fetch) for listing in page.items]


async def master_versions(service: DiscogsService, master_id: int) -> list[tuple[int, str]]:
    """A master's versions as ``(release id, label)`` for ``plan_wantlist_add``."""

    def fetch(page: int, per_page: int):
        return service.database.master_versions(
            master_id, page=page, per_page=per_page, priority=Priority.BACKGROUND
        )

    found: list[tuple[int, str]] = []
    async for page in walk_pages(fetch):
        for version in page.items:
            words = (version.get("title"), version.get("format"), version.get("released"))
            found.append((int(version["id"]), " · ".join(clean_line(w) for w in words if w)))
    return found


def labelled(ids: Sequence[int]) -> list[tuple[int, str]]:
    return [(int(release_id), f"release {release_id}") for release_id in ids]

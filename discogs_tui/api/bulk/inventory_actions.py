"""Bulk actions on the seller's inventory: prices (by a ``PriceRule``), offers, locations
and deletions as CSV uploads (``upload``: one request for up to ``UPLOAD_ROWS`` listings);
For Sale / Draft one edit per listing (no upload column sets a status)."""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from typing import TYPE_CHECKING, Any, ClassVar

from discogs_tui.api import validation
from discogs_tui.api.bulk import upload
from discogs_tui.api.bulk.action import Action, make_plan, value_preview
from discogs_tui.api.bulk.plan import Plan, Target, chunked
from discogs_tui.api.errors import NotFound
from discogs_tui.vocabulary import EDITABLE_LISTING_STATUSES, NEW_LISTING_STATUSES

if TYPE_CHECKING:
    from discogs_tui.api.bulk.pricing import PriceRule

Json = Mapping[str, Any]


def listing_target(listing: Json, before: Any = None, after: Any = None) -> Target:
    release = listing.get("release") or {}
    ref = {"release_id": int(release.get("id") or 0), "condition": listing.get("condition"),
           "price": float((listing.get("price") or {}).get("value") or 0),
           "currency": (listing.get("price") or {}).get("currency", ""),
           "status": listing.get("status")}  # fmt: skip
    label = str(release.get("description") or release.get("title") or f"listing {listing['id']}")
    return Target(int(listing["id"]), label, ref, before, after)


class UploadAction(Action):
    """Changes that an inventory ``change`` upload makes: a CSV column per listing."""

    nouns = ("listing", "listings")
    column: ClassVar[str] = "price"
    upload_kind: ClassVar[str] = "change"

    def steps(self, count: int) -> list[list[int]]:
        return chunked(count, upload.UPLOAD_ROWS)

    def cell(self, value: Any) -> str:
        return str(value)

    async def apply(self, ctx, plan, indexes):
        rows = [(plan.targets[i].key, self.cell(plan.targets[i].after)) for i in indexes]
        return await upload.run(ctx, plan, indexes, self.upload_kind, self.column, rows)

    async def settle(self, ctx, plan, indexes, note):
        return await upload.settle(ctx, plan, indexes, note)


class ListingPrice(UploadAction):
    kind = "inventory.price"

    def preview(self, plan):
        return f"Re-price {self.count(plan)}: {plan.params['describe']}"

    def cell(self, value):
        return f"{float(value):.2f}"


class ListingOffers(UploadAction):
    kind = "inventory.offers"
    column = "accept_offer"

    def preview(self, plan):
        allow = plan.params["allow"]
        return f"{'Allow' if allow else 'Refuse'} offers on {self.count(plan)}"

    def cell(self, value):
        return "Y" if value else "N"


class ListingLocation(UploadAction):
    kind = "inventory.location"
    column = "location"

    def preview(self, plan):
        return value_preview("location", self.count(plan), plan.params["location"])


class ListingDelete(UploadAction):
    kind = "inventory.delete"
    upload_kind = "delete"
    column = ""
    no_undo = "Deleted listings can't be put back by undo: list the records again."

    def preview(self, plan):
        return f"Delete {self.count(plan)} from the inventory (this can't be undone)"

    def skip(self, plan, target):
        return ""


class ListingStatus(Action):
    """For Sale / Draft: no upload column sets a status, so one edit per listing."""

    kind = "inventory.status"
    nouns = ("listing", "listings")

    def preview(self, plan):
        return f"Set {self.count(plan)} to {plan.params['status']}"

    async def apply(self, ctx, plan, indexes):
        target = plan.targets[indexes[0]]
        ref = target.ref
        await ctx.service.stores.inventory.edit(
            target.key, release_id=ref["release_id"], condition=ref["condition"],
            price=ref["price"], status=target.after,
        )  # fmt: skip
        return {}

    async def settle(self, ctx, plan, indexes, note):
        target = plan.targets[indexes[0]]
        try:
            listing = await ctx.service.marketplace.listing(target.key, use_cache=False)
        except NotFound:
            return {indexes[0]: "the listing is gone"}
        return {} if listing.get("status") == target.after else None


def _sellable(listings: Iterable[Json]) -> list[Json]:
    """Listings a change can reach (Sold, Deleted... can only be deleted)."""
    return [listing for listing in listings if listing.get("status") in EDITABLE_LISTING_STATUSES]


def plan_inventory_price(username: str, listings: Iterable[Json], rule: PriceRule) -> Plan:
    targets = []
    for listing in _sellable(listings):
        price = float((listing.get("price") or {}).get("value") or 0)
        targets.append(listing_target(listing, price, rule.apply(price)))
    return make_plan(ListingPrice, username, {"describe": rule.describe()}, targets)


def plan_inventory_status(username: str, listings: Iterable[Json], status: str) -> Plan:
    status = validation.choice("status", status, NEW_LISTING_STATUSES) or status
    targets = [listing_target(li, li.get("status"), status) for li in _sellable(listings)]
    return make_plan(ListingStatus, username, {"status": status}, targets)


def plan_inventory_offers(username: str, listings: Iterable[Json], allow: bool) -> Plan:
    targets = [
        listing_target(li, bool(li.get("allow_offers")), allow) for li in _sellable(listings)
    ]
    return make_plan(ListingOffers, username, {"allow": allow}, targets)


def plan_inventory_location(username: str, listings: Iterable[Json], location: str) -> Plan:
    location = validation.plain_text(
        "Location", location, lines=False, max_length=validation.MAX_TEXT
    )
    targets = [
        listing_target(li, str(li.get("location") or ""), location) for li in _sellable(listings)
    ]
    return make_plan(ListingLocation, username, {"location": location}, targets)


def plan_inventory_delete(username: str, listings: Iterable[Json]) -> Plan:
    return make_plan(ListingDelete, username, {}, [listing_target(li) for li in listings])

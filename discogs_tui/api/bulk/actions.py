"""The bulk actions: for each, how its plan is made from the marked records, the preview
that names it, how one step is sent (through the dataset's store, so every screen hears of
it), how a step whose answer was lost is learnt by reading Discogs, and whether it can be
undone.

Every ``plan_…`` function takes the records as the screens hold them (``MirrorItem`` copies,
want and listing JSON) and answers a ``Plan``; ``ACTIONS[plan.kind]`` is its action.
Inventory prices, offers, locations and deletions go as CSV uploads (``upload.py``): one
request for up to ``UPLOAD_ROWS`` listings.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any, ClassVar, NamedTuple

from discogs_tui.api import validation
from discogs_tui.api.bulk import upload
from discogs_tui.api.bulk.plan import Plan, Target, chunked
from discogs_tui.api.errors import NotFound, ValidationError
from discogs_tui.api.pagination import walk_pages
from discogs_tui.vocabulary import NEW_LISTING_STATUSES

if TYPE_CHECKING:
    from discogs_tui.api.bulk.pricing import PriceRule
    from discogs_tui.api.mirror import MirrorItem
    from discogs_tui.api.service import DiscogsService

Json = Mapping[str, Any]
Failures = dict[int, str]  # target index -> why it failed


class CopyIds(NamedTuple):
    """What a collection write needs of a copy (the store's ``item``)."""

    instance_id: int
    release_id: int
    folder_id: int


@dataclass
class Context:
    """What a step runs on: the service (its stores) and a place for notes of a step in
    flight (an upload's id), written to the journal as soon as they are known."""

    service: DiscogsService
    note: Any = None  # Callable[[dict], None]: records a "sent" event for the step


class Action:
    kind: ClassVar[str]
    nouns: ClassVar[tuple[str, str]] = ("copy", "copies")
    no_undo: ClassVar[str] = ""  # why it can't be undone ("": it can)

    def preview(self, plan: Plan) -> str:
        raise NotImplementedError

    def skip(self, plan: Plan, target: Target) -> str:
        """Why ``target`` needs no request ("" when it does)."""
        return "" if target.before != target.after else "already so"

    async def apply(self, ctx: Context, plan: Plan, indexes: Sequence[int]) -> Failures:
        """Send one step; the targets that failed. Raises ``OutcomeUnknown`` when the answer
        was lost, ``DiscogsError`` when Discogs refused the whole step."""
        raise NotImplementedError

    async def settle(
        self, ctx: Context, plan: Plan, indexes: Sequence[int], note: Mapping[str, Any]
    ) -> Failures | None:
        """What became of a step whose answer nobody saw, by reading Discogs: the failures
        as ``apply`` gives them, or None when Discogs doesn't have it (it can be sent)."""
        raise NotImplementedError

    def undo(self, plan: Plan, done: Iterable[int]) -> Plan:
        """A plan putting the ``done`` targets back as they were."""
        if self.no_undo:
            raise ValidationError(self.no_undo)
        targets = [plan.targets[i] for i in done]
        if not targets:
            raise ValidationError("Nothing to undo: the job changed nothing.")
        back = [Target(t.key, t.label, self._ref_after(t), t.after, t.before) for t in targets]
        return Plan(plan.kind, plan.username, self.undo_params(plan), back,
                    self.steps(len(back)), undo_of=plan.id)  # fmt: skip

    def _ref_after(self, target: Target) -> dict[str, Any]:
        return dict(target.ref)

    def undo_params(self, plan: Plan) -> dict[str, Any]:
        return dict(plan.params)

    def steps(self, count: int) -> list[list[int]]:
        return chunked(count, 1)

    def count(self, plan: Plan) -> str:
        one, many = self.nouns
        number = len(plan.targets)
        return f"{number:,} {one if number == 1 else many}"


# -- collection -----------------------------------------------------------------------------------
def copy_target(item: MirrorItem, before: Any = None, after: Any = None) -> Target:
    return Target(item.instance_id, f"{item.artist} – {item.title}",
                  {"release_id": item.release_id, "folder_id": item.folder_id}, before, after)  # fmt: skip


def copy_ids(target: Target) -> CopyIds:
    return CopyIds(target.key, int(target.ref["release_id"]), int(target.ref["folder_id"]))


async def read_copy(ctx: Context, plan: Plan, target: Target) -> Json | None:
    """The copy as Discogs has it now (None: it is gone)."""
    page = await ctx.service.collection.release_instances(
        plan.username, int(target.ref["release_id"]), per_page=100, use_cache=False
    )
    return next((c for c in page.items if c.get("instance_id") == target.key), None)


class CollectionMove(Action):
    kind = "collection.move"

    def preview(self, plan: Plan) -> str:
        names = plan.params["folders"]
        sources = {names.get(str(t.before), f"folder {t.before}") for t in plan.targets}
        source = sources.pop() if len(sources) == 1 else f"{len(sources)} folders"
        return f"Move {self.count(plan)} from {source} to {plan.params['name']}"

    def _ref_after(self, target: Target) -> dict[str, Any]:
        return {**target.ref, "folder_id": target.after}

    def undo_params(self, plan: Plan) -> dict[str, Any]:
        names = plan.params["folders"]
        befores = {t.before for t in plan.targets}
        name = (
            names.get(str(befores.pop()), "their folders") if len(befores) == 1 else "their folders"
        )
        return {**plan.params, "name": name}

    async def apply(self, ctx: Context, plan: Plan, indexes: Sequence[int]) -> Failures:
        target = plan.targets[indexes[0]]
        await ctx.service.stores.collection.move(plan.username, copy_ids(target), int(target.after))
        return {}

    async def settle(self, ctx, plan, indexes, note):
        target = plan.targets[indexes[0]]
        copy = await read_copy(ctx, plan, target)
        if copy is None:
            return {indexes[0]: "the copy is no longer in the collection"}
        return {} if copy.get("folder_id") == target.after else None


class CollectionRate(Action):
    kind = "collection.rate"

    def preview(self, plan: Plan) -> str:
        rating = plan.params["rating"]
        return (
            f"Rate {self.count(plan)} {rating}/5"
            if rating
            else f"Clear the rating of {self.count(plan)}"
        )

    async def apply(self, ctx, plan, indexes):
        target = plan.targets[indexes[0]]
        await ctx.service.stores.collection.rate(plan.username, copy_ids(target), int(target.after))
        return {}

    async def settle(self, ctx, plan, indexes, note):
        target = plan.targets[indexes[0]]
        copy = await read_copy(ctx, plan, target)
        if copy is None:
            return {indexes[0]: "the copy is no longer in the collection"}
        return {} if int(copy.get("rating") or 0) == target.after else None


class CollectionField(Action):
    kind = "collection.field"

    def preview(self, plan: Plan) -> str:
        name = plan.params["field"].get("name", "the field")
        value = plan.params["value"]
        if not value:
            return f"Clear {name} of {self.count(plan)}"
        return f"Set {name} to {value!r} on {self.count(plan)}"

    def undo_params(self, plan: Plan) -> dict[str, Any]:
        return {**plan.params, "value": "(as before)"}

    async def apply(self, ctx, plan, indexes):
        target = plan.targets[indexes[0]]
        field = plan.params["field"]
        await ctx.service.stores.collection.set_field(
            plan.username, copy_ids(target), field, str(target.after or "")
        )
        return {}

    async def settle(self, ctx, plan, indexes, note):
        target = plan.targets[indexes[0]]
        copy = await read_copy(ctx, plan, target)
        if copy is None:
            return {indexes[0]: "the copy is no longer in the collection"}
        field_id = plan.params["field"]["id"]
        value = next(
            (n.get("value") for n in copy.get("notes") or () if n.get("field_id") == field_id), ""
        )
        return {} if (value or "") == (target.after or "") else None


class CollectionRemove(Action):
    kind = "collection.remove"
    no_undo = (
        "Removed copies can't be put back by undo: Discogs gives them new ids (add them again)."
    )

    def preview(self, plan: Plan) -> str:
        return f"Remove {self.count(plan)} from the collection (this can't be undone)"

    def skip(self, plan, target):
        return ""

    async def apply(self, ctx, plan, indexes):
        target = plan.targets[indexes[0]]
        await ctx.service.stores.collection.remove(plan.username, copy_ids(target))
        return {}

    async def settle(self, ctx, plan, indexes, note):
        copy = await read_copy(ctx, plan, plan.targets[indexes[0]])
        return {} if copy is None else None


def plan_collection_move(username: str, items: Iterable[MirrorItem], folder_id: int,
                         folders: Sequence[Json]) -> Plan:  # fmt: skip
    """Move copies to folder ``folder_id``; ``folders``: the user's (for their names)."""
    names = {str(f["id"]): str(f.get("name") or f["id"]) for f in folders}
    if str(folder_id) not in names:
        raise ValidationError(f"There is no folder {folder_id}.")
    if folder_id == 0:
        raise ValidationError('Folder "All" holds every copy: move them to another folder.')
    targets = [copy_target(i, i.folder_id, folder_id) for i in items]
    return _plan(CollectionMove, username, {"folder_id": folder_id, "name": names[str(folder_id)],
                                            "folders": names}, targets)  # fmt: skip


def plan_collection_rate(username: str, items: Iterable[MirrorItem], rating: int) -> Plan:
    rating = validation.integer("rating", rating, 0, 5)
    targets = [copy_target(i, i.rating, rating) for i in items]
    return _plan(CollectionRate, username, {"rating": rating}, targets)


def plan_collection_field(
    username: str, items: Iterable[MirrorItem], field: Json, value: str
) -> Plan:
    """Set notes field ``field`` (its definition, as ``collection.fields`` gives it) to
    ``value`` ("" clears it)."""
    from discogs_tui.api.collection import checked_field_value

    value = checked_field_value(int(field["id"]), value.strip(), field)
    targets = [copy_target(i, i.notes.get(int(field["id"]), ""), value) for i in items]
    return _plan(CollectionField, username, {"field": dict(field), "value": value}, targets)


def plan_collection_remove(username: str, items: Iterable[MirrorItem]) -> Plan:
    return _plan(CollectionRemove, username, {}, [copy_target(i) for i in items])


# -- wantlist -------------------------------------------------------------------------------------
def want_target(want: Json, before: Any = None, after: Any = None) -> Target:
    info = want.get("basic_information") or {}
    artists = " & ".join(a.get("name", "") for a in info.get("artists") or ())
    label = f"{artists} – {info.get('title', '')}" if info else f"release {want['id']}"
    return Target(int(want["id"]), label, {}, before, after)


async def read_want(ctx: Context, plan: Plan, release_id: int) -> Json | None:
    """The want as Discogs has it now (None: not wanted); walks the wantlist."""

    def fetch(page: int, per_page: int):
        return ctx.service.wantlist.wants(
            plan.username, page=page, per_page=per_page, use_cache=False
        )

    async for page in walk_pages(fetch, per_page=100):
        for want in page.items:
            if int(want.get("id") or 0) == release_id:
                return want
    return None


class WantAction(Action):
    nouns = ("want", "wants")
    field: ClassVar[str] = "rating"

    async def apply(self, ctx, plan, indexes):
        target = plan.targets[indexes[0]]
        await ctx.service.stores.wantlist.edit(
            plan.username, target.key, **{self.field: target.after}
        )
        return {}

    async def settle(self, ctx, plan, indexes, note):
        target = plan.targets[indexes[0]]
        want = await read_want(ctx, plan, target.key)
        if want is None:
            return {indexes[0]: "no longer in the wantlist"}
        value = want.get(self.field)
        return {} if (value or type(target.after)()) == target.after else None


class WantRate(WantAction):
    kind = "wantlist.rate"

    def preview(self, plan):
        rating = plan.params["rating"]
        return (
            f"Rate {self.count(plan)} {rating}/5"
            if rating
            else f"Clear the rating of {self.count(plan)}"
        )


class WantNotes(WantAction):
    kind = "wantlist.notes"
    field = "notes"

    def preview(self, plan):
        notes = plan.params["notes"]
        return (
            f"Set the notes of {self.count(plan)} to {notes!r}"
            if notes
            else f"Clear the notes of {self.count(plan)}"
        )


class WantRemove(Action):
    kind = "wantlist.remove"
    nouns = ("want", "wants")
    no_undo = (
        "Removed wants aren't put back by undo (their notes and ratings are gone): add them again."
    )

    def preview(self, plan):
        return f"Remove {self.count(plan)} from the wantlist"

    def skip(self, plan, target):
        return ""

    async def apply(self, ctx, plan, indexes):
        await ctx.service.stores.wantlist.remove(plan.username, plan.targets[indexes[0]].key)
        return {}

    async def settle(self, ctx, plan, indexes, note):
        return {} if await read_want(ctx, plan, plan.targets[indexes[0]].key) is None else None


class WantAdd(Action):
    kind = "wantlist.add"
    nouns = ("release", "releases")
    no_undo = "Adding to the wantlist is undone by removing the wants (select them and remove)."

    def preview(self, plan):
        return f"Add {self.count(plan)} to the wantlist"

    def skip(self, plan, target):
        return "already wanted" if target.before else ""

    async def apply(self, ctx, plan, indexes):
        await ctx.service.stores.wantlist.add(plan.username, plan.targets[indexes[0]].key)
        return {}

    async def settle(self, ctx, plan, indexes, note):
        return None if await read_want(ctx, plan, plan.targets[indexes[0]].key) is None else {}


def plan_wantlist_rate(username: str, wants: Iterable[Json], rating: int) -> Plan:
    rating = validation.integer("rating", rating, 0, 5)
    targets = [want_target(w, int(w.get("rating") or 0), rating) for w in wants]
    return _plan(WantRate, username, {"rating": rating}, targets)


def plan_wantlist_notes(username: str, wants: Iterable[Json], notes: str) -> Plan:
    notes = validation.plain_text("Notes", notes, lines=True, max_length=validation.MAX_TEXT)
    targets = [want_target(w, str(w.get("notes") or ""), notes) for w in wants]
    return _plan(WantNotes, username, {"notes": notes}, targets)


def plan_wantlist_remove(username: str, wants: Iterable[Json]) -> Plan:
    return _plan(WantRemove, username, {}, [want_target(w) for w in wants])


def plan_wantlist_add(
    username: str, releases: Iterable[tuple[int, str]], wanted: Iterable[int] = ()
) -> Plan:
    """Add releases (``(release id, label)``: marked search results, a master's versions);
    ``wanted``: release ids already in the wantlist (no request for them)."""
    have = set(wanted)
    targets = [Target(int(rid), label, {}, int(rid) in have, True) for rid, label in releases]
    return _plan(WantAdd, username, {}, targets)


# -- inventory ------------------------------------------------------------------------------------
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

    def undo_params(self, plan):
        return {**plan.params, "describe": "back to their prices before"}


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
        location = plan.params["location"]
        return (
            f"Set the location of {self.count(plan)} to {location!r}"
            if location
            else f"Clear the location of {self.count(plan)}"
        )


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
    from discogs_tui.vocabulary import EDITABLE_LISTING_STATUSES

    return [listing for listing in listings if listing.get("status") in EDITABLE_LISTING_STATUSES]


def plan_inventory_price(username: str, listings: Iterable[Json], rule: PriceRule) -> Plan:
    targets = []
    for listing in _sellable(listings):
        price = float((listing.get("price") or {}).get("value") or 0)
        targets.append(listing_target(listing, price, rule.apply(price)))
    return _plan(ListingPrice, username, {"describe": rule.describe()}, targets)


def plan_inventory_status(username: str, listings: Iterable[Json], status: str) -> Plan:
    status = validation.choice("status", status, NEW_LISTING_STATUSES) or status
    targets = [listing_target(li, li.get("status"), status) for li in _sellable(listings)]
    return _plan(ListingStatus, username, {"status": status}, targets)


def plan_inventory_offers(username: str, listings: Iterable[Json], allow: bool) -> Plan:
    targets = [
        listing_target(li, bool(li.get("allow_offers")), allow) for li in _sellable(listings)
    ]
    return _plan(ListingOffers, username, {"allow": allow}, targets)


def plan_inventory_location(username: str, listings: Iterable[Json], location: str) -> Plan:
    location = validation.plain_text(
        "Location", location, lines=False, max_length=validation.MAX_TEXT
    )
    targets = [
        listing_target(li, str(li.get("location") or ""), location) for li in _sellable(listings)
    ]
    return _plan(ListingLocation, username, {"location": location}, targets)


def plan_inventory_delete(username: str, listings: Iterable[Json]) -> Plan:
    return _plan(ListingDelete, username, {}, [listing_target(li) for li in listings])


# -- all of them ----------------------------------------------------------------------------------
ACTIONS: dict[str, Action] = {
    cls.kind: cls()
    for cls in (
        CollectionMove,
        CollectionRate,
        CollectionField,
        CollectionRemove,
        WantRate,
        WantNotes,
        WantRemove,
        WantAdd,
        ListingPrice,
        ListingStatus,
        ListingOffers,
        ListingLocation,
        ListingDelete,
    )
}


def action_of(plan: Plan) -> Action:
    try:
        return ACTIONS[plan.kind]
    except KeyError:
        raise ValidationError(f"No bulk action {plan.kind!r}.") from None


def _plan(cls: type[Action], username: str, params: dict[str, Any], targets: list[Target]) -> Plan:
    if not targets:
        raise ValidationError(f"Nothing to act on: no {cls.nouns[1]} are selected.")
    return Plan(cls.kind, username, params, targets, ACTIONS[cls.kind].steps(len(targets)))


def preview(plan: Plan) -> str:
    """``Move 37 copies from Vinyl to Shelf A``: what the job will do, in words."""
    return action_of(plan).preview(plan)

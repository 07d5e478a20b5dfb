"""Bulk actions on the collection's copies: move to a folder, rate, set or clear a notes
field, remove. Each copy is one request through the collection store (which keeps the
mirror in step and announces the change); a lost answer is read back from the copies of
its release."""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from typing import TYPE_CHECKING, Any, NamedTuple

from discogs_tui.api import validation
from discogs_tui.api.bulk.action import Action, Context, Failures, make_plan, rating_preview
from discogs_tui.api.bulk.plan import Plan, Target
from discogs_tui.api.errors import ValidationError

if TYPE_CHECKING:
    from discogs_tui.api.mirror import MirrorItem

Json = Mapping[str, Any]


class CopyIds(NamedTuple):
    """What a collection write needs of a copy (the store's ``item``)."""

    instance_id: int
    release_id: int
    folder_id: int


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


class CopyEdit(Action):
    """An edit of one copy per step: a lost answer is read back from the copy, whose
    ``current`` value is then the target's ``after`` or not."""

    def current(self, plan: Plan, copy: Json) -> Any:
        raise NotImplementedError

    def wanted(self, target: Target) -> Any:
        return target.after

    async def settle(self, ctx, plan, indexes, note):
        target = plan.targets[indexes[0]]
        copy = await read_copy(ctx, plan, target)
        if copy is None:
            return {indexes[0]: "the copy is no longer in the collection"}
        return {} if self.current(plan, copy) == self.wanted(target) else None


class CollectionMove(CopyEdit):
    kind = "collection.move"

    def preview(self, plan: Plan) -> str:
        names = plan.params["folders"]
        sources = {names.get(str(t.before), f"folder {t.before}") for t in plan.targets}
        source = sources.pop() if len(sources) == 1 else f"{len(sources)} folders"
        return f"Move {self.count(plan)} from {source} to {plan.params['name']}"

    def _ref_after(self, target: Target) -> dict[str, Any]:
        return {**target.ref, "folder_id": target.after}

    def undo_preview(self, plan: Plan) -> str:
        return self.preview(plan)  # back to each copy's folder, by name

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

    def current(self, plan, copy):
        return copy.get("folder_id")


class CollectionRate(CopyEdit):
    kind = "collection.rate"

    def preview(self, plan: Plan) -> str:
        return rating_preview(self.count(plan), plan.params["rating"])

    async def apply(self, ctx, plan, indexes):
        target = plan.targets[indexes[0]]
        await ctx.service.stores.collection.rate(plan.username, copy_ids(target), int(target.after))
        return {}

    def current(self, plan, copy):
        return int(copy.get("rating") or 0)


class CollectionField(CopyEdit):
    kind = "collection.field"

    def preview(self, plan: Plan) -> str:
        name = plan.params["field"].get("name", "the field")
        value = plan.params["value"]
        if not value:
            return f"Clear {name} of {self.count(plan)}"
        return f"Set {name} to {value!r} on {self.count(plan)}"

    async def apply(self, ctx, plan, indexes):
        target = plan.targets[indexes[0]]
        field = plan.params["field"]
        await ctx.service.stores.collection.set_field(
            plan.username, copy_ids(target), field, str(target.after or "")
        )
        return {}

    def current(self, plan, copy):
        field_id = plan.params["field"]["id"]
        notes = copy.get("notes") or ()
        return next((n.get("value") for n in notes if n.get("field_id") == field_id), "") or ""

    def wanted(self, target):
        return target.after or ""


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
    return make_plan(CollectionMove, username, {"folder_id": folder_id, "name": names[str(folder_id)],
                                            "folders": names}, targets)  # fmt: skip


def plan_collection_rate(username: str, items: Iterable[MirrorItem], rating: int) -> Plan:
    rating = validation.integer("rating", rating, 0, 5)
    targets = [copy_target(i, i.rating, rating) for i in items]
    return make_plan(CollectionRate, username, {"rating": rating}, targets)


def plan_collection_field(
    username: str, items: Iterable[MirrorItem], field: Json, value: str
) -> Plan:
    """Set notes field ``field`` (its definition, as ``collection.fields`` gives it) to
    ``value`` ("" clears it)."""
    from discogs_tui.api.collection import checked_field_value

    value = checked_field_value(int(field["id"]), value.strip(), field)
    targets = [copy_target(i, i.notes.get(int(field["id"]), ""), value) for i in items]
    return make_plan(CollectionField, username, {"field": dict(field), "value": value}, targets)


def plan_collection_remove(username: str, items: Iterable[MirrorItem]) -> Plan:
    return make_plan(CollectionRemove, username, {}, [copy_target(i) for i in items])

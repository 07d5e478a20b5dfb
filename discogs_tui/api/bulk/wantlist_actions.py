"""Bulk actions on the wantlist: rate, set notes, remove, and add many releases (marked
search results, a master's versions). One request per want through the wantlist store; a
lost answer is read back from the wantlist."""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from typing import Any, ClassVar

from discogs_tui.api import validation
from discogs_tui.api.bulk.action import (
    Action,
    Context,
    make_plan,
    rating_preview,
    value_preview,
)
from discogs_tui.api.bulk.plan import Plan, Target
from discogs_tui.api.pagination import walk_pages

Json = Mapping[str, Any]


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
        # Discogs leaves out a rating of 0 and empty notes: None is the empty value
        value = want.get(self.field) or ("" if self.field == "notes" else 0)
        return {} if value == target.after else None


class WantRate(WantAction):
    kind = "wantlist.rate"

    def preview(self, plan):
        return rating_preview(self.count(plan), plan.params["rating"])


class WantNotes(WantAction):
    kind = "wantlist.notes"
    field = "notes"

    def preview(self, plan):
        return value_preview("notes", self.count(plan), plan.params["notes"])


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
    return make_plan(WantRate, username, {"rating": rating}, targets)


def plan_wantlist_notes(username: str, wants: Iterable[Json], notes: str) -> Plan:
    notes = validation.plain_text("Notes", notes, lines=True, max_length=validation.MAX_TEXT)
    targets = [want_target(w, str(w.get("notes") or ""), notes) for w in wants]
    return make_plan(WantNotes, username, {"notes": notes}, targets)


def plan_wantlist_remove(username: str, wants: Iterable[Json]) -> Plan:
    return make_plan(WantRemove, username, {}, [want_target(w) for w in wants])


def plan_wantlist_add(
    username: str, releases: Iterable[tuple[int, str]], wanted: Iterable[int] = ()
) -> Plan:
    """Add releases (``(release id, label)``: marked search results, a master's versions);
    ``wanted``: release ids already in the wantlist (no request for them)."""
    have = set(wanted)
    targets = [Target(int(rid), label, {}, int(rid) in have, True) for rid, label in releases]
    return make_plan(WantAdd, username, {}, targets)

"""The plan a ``discogs-tui bulk`` command line asks for: the records read (the collection
through its mirror, synced first; the wantlist and the inventory as Discogs has them now),
those ``--folder``, ``--status`` and ``--filter`` pick, and the action's plan."""

from __future__ import annotations

import argparse
from collections.abc import Mapping, Sequence
from pathlib import Path
from typing import TYPE_CHECKING, Any

from discogs_tui.api.bulk import PriceRule, actions, query, records
from discogs_tui.api.errors import ValidationError

if TYPE_CHECKING:
    from discogs_tui.api.bulk import Plan
    from discogs_tui.api.service import DiscogsService


async def plan_for(
    args: argparse.Namespace, service: DiscogsService, username: str, directory: Path | None
) -> Plan:
    if args.dataset == "collection":
        return await _collection(args, service, username, directory)
    if args.dataset == "wantlist":
        return await _wantlist(args, service, username)
    return await _inventory(args, service, username)


def named(choices: Sequence[Mapping[str, Any]], wanted: str, what: str) -> Mapping[str, Any]:
    """The folder or field called ``wanted`` (its name, any case, or its id)."""
    text = wanted.strip()
    for choice in choices:
        if str(choice.get("id")) == text or str(choice.get("name", "")).lower() == text.lower():
            return choice
    names = ", ".join(repr(str(c.get("name"))) for c in choices) or "none"
    raise ValidationError(f"You have no {what} {wanted!r}: yours are {names}.")


async def _collection(
    args: argparse.Namespace, service: DiscogsService, username: str, directory: Path | None
) -> Plan:
    store = service.stores.collection
    mirror = await store.opening(username, directory)
    await store.sync(mirror, reading_progress(args, "the collection"))
    folders = mirror.folders
    items = mirror.items()
    if args.folder:
        folder_id = int(named(folders, args.folder, "folder")["id"])
        items = [item for item in items if item.folder_id == folder_id]
    names = {int(f["id"]): str(f.get("name", "")) for f in folders}
    # Bare words look where the collection screen's filter looks (MirrorItem.haystack)
    chosen = query.parse(args.filter, records.COLLECTION_FIELDS).select(
        items, lambda item: records.collection_record(item, names), lambda item: item.haystack
    )
    _some(chosen, args, "copies")
    if args.action == "move":
        folder = named([f for f in folders if f.get("id") != 0], args.to, "folder")
        return actions.plan_collection_move(username, chosen, int(folder["id"]), folders)
    if args.action == "rate":
        return actions.plan_collection_rate(username, chosen, args.rating)
    if args.action == "field":
        fields = mirror.fields or await service.collection.fields(username)
        field = named(fields, args.field, "notes field")
        return actions.plan_collection_field(
            username, chosen, field, "" if args.clear else args.value
        )
    return actions.plan_collection_remove(username, chosen)


async def _wantlist(args: argparse.Namespace, service: DiscogsService, username: str) -> Plan:
    wants = await records.wants(service, username)
    if args.action == "add":
        if not args.release_ids and not args.master:
            raise ValidationError(
                "Name the releases to add (release ids), or --master ID for its versions."
            )
        releases = records.labelled(args.release_ids)
        if args.master:
            releases += await records.master_versions(service, args.master)
        wanted = [int(want["id"]) for want in wants]
        return actions.plan_wantlist_add(username, releases, wanted)
    chosen = _filtered(wants, args.filter, records.WANTLIST_FIELDS, records.want_record)
    _some(chosen, args, "wants")
    if args.action == "rate":
        return actions.plan_wantlist_rate(username, chosen, args.rating)
    if args.action == "notes":
        return actions.plan_wantlist_notes(username, chosen, args.notes)
    return actions.plan_wantlist_remove(username, chosen)


async def _inventory(args: argparse.Namespace, service: DiscogsService, username: str) -> Plan:
    from discogs_tui.api.marketplace import INVENTORY_STATUSES, spelled

    status = spelled("status", args.status, INVENTORY_STATUSES) if args.status else None
    listings = await records.listings(service, username, status)
    chosen = _filtered(listings, args.filter, records.INVENTORY_FIELDS, records.listing_record)
    _some(chosen, args, "listings")
    if args.action == "price":
        rule = PriceRule.of(price=args.set, percent=args.percent, rounding=args.round,
                            floor=args.floor)  # fmt: skip
        return actions.plan_inventory_price(username, chosen, rule)
    if args.action == "status":
        return actions.plan_inventory_status(username, chosen, args.to)
    if args.action == "offers":
        return actions.plan_inventory_offers(username, chosen, args.allow)
    if args.action == "location":
        return actions.plan_inventory_location(username, chosen, args.location)
    return actions.plan_inventory_delete(username, chosen)


def _some(chosen: list, args: argparse.Namespace, noun: str) -> None:
    if chosen:
        return
    where = [f"--filter {args.filter!r}"] if args.filter else []
    where += [f"--{name} {getattr(args, name)!r}" for name in ("folder", "status")
              if getattr(args, name, None)]  # fmt: skip
    raise ValidationError(f"No {noun} match {' and '.join(where)}." if where else f"You have no {noun}.")


def reading_progress(args: argparse.Namespace, what: str):
    """Pages read, on stderr (a line redrawn on a terminal), unless ``--quiet``."""
    import sys

    if args.quiet or not sys.stderr.isatty():
        return None

    def show(done: int, pages: int) -> None:
        if pages:
            sys.stderr.write(f"\r\x1b[Kreading {what}: page {done} of {pages}")
            if done >= pages:
                sys.stderr.write("\r\x1b[K")
            sys.stderr.flush()

    return show


def _filtered(items: list, text: str, fields: Sequence[str], record: Any) -> list:
    if not text:
        return items
    return query.parse(text, fields).select(items, record)

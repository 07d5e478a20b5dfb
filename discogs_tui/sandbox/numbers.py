"""The one owner of every number on a release that users move, so no two answers disagree.

The release, its master, master versions and search results show them; the stats endpoints
(``/marketplace/stats``, ``/releases/{id}/stats``, ``/releases/{id}/rating``) answer them.
All read them here, live, from what the sandbox holds:

* ``num_for_sale`` / ``lowest_price``: the marketplace's For Sale listings of the release.
* ``have`` / ``want``: the catalogue's counts (the wider Discogs community, which includes the
  sandbox's seeded users) moved by every copy or want added or removed since seeding.
* ``rating``: the catalogue's average and count with the sandbox's ratings in place of the
  seeded ones (the document's example ratings).

Each is cheap to work out (a pass over the listings, a dictionary lookup per user), so none
is cached and none can go stale.
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from discogs_tui.sandbox import examples
from discogs_tui.sandbox.config import HUGE_USERNAME
from discogs_tui.sandbox.money import convert, money
from discogs_tui.sandbox.state import SandboxState, User

Obj = dict[str, Any]


# -- the marketplace ----------------------------------------------------------------------------
def prices_for_sale(state: SandboxState, release_ids: Iterable[int], currency: str) -> list[float]:
    """The prices, in ``currency``, of the For Sale listings of any of ``release_ids``."""
    wanted = set(release_ids)
    return [
        convert(listing["price"]["value"], listing["price"]["currency"], currency)
        for listing in state.listings.values()
        if listing["status"] == "For Sale" and listing["release"]["id"] in wanted
    ]


def market_stats(state: SandboxState, release_id: int, currency: str) -> Obj:
    """``GET /marketplace/stats/{release_id}``: nulls when nothing is for sale."""
    prices = prices_for_sale(state, (release_id,), currency)
    return {
        "lowest_price": money(min(prices), currency) if prices else None,
        "num_for_sale": len(prices) if prices else None,
        "blocked_from_sale": False,
    }


def for_sale_fields(state: SandboxState, release_ids: Iterable[int], currency: str) -> Obj:
    """``num_for_sale`` and ``lowest_price`` of a release (or a master: of its versions)."""
    prices = prices_for_sale(state, release_ids, currency)
    return {"num_for_sale": len(prices), "lowest_price": min(prices) if prices else None}


# -- collections and wantlists ------------------------------------------------------------------
def _counted_users(state: SandboxState) -> list[User]:
    """The users whose shelves count: all but the huge collector, whose 200,000 copies would
    cost every release's counts a pass over them (and they'd swamp the community's)."""
    return [user for user in state.users.values() if user.username != HUGE_USERNAME]


def shelf_counts(state: SandboxState, release_id: int) -> tuple[int, int]:
    """How many sandbox users have (a copy of) and want the release, now."""
    users = _counted_users(state)
    have = sum(1 for user in users if user.copies()[release_id])
    want = sum(1 for user in users if release_id in user.wants)
    return have, want


def record_seeded_shelves(state: SandboxState) -> None:
    """Remember, once seeding is done, who has and wants what (the catalogue counts them)."""
    haves: dict[int, int] = {}
    wants: dict[int, int] = {}
    for user in _counted_users(state):
        for release_id in user.copies():
            haves[release_id] = haves.get(release_id, 0) + 1
        for release_id in user.wants:
            wants[release_id] = wants.get(release_id, 0) + 1
    state.seeded_shelves = {
        release_id: (haves.get(release_id, 0), wants.get(release_id, 0))
        for release_id in haves.keys() | wants.keys()
    }


def have_want(state: SandboxState, release: Obj) -> tuple[int, int]:
    community = release.get("community", {})
    have_now, want_now = shelf_counts(state, release["id"])
    have_then, want_then = state.seeded_shelves.get(release["id"], (0, 0))
    # The catalogue's counts include the seeded users' (never fewer), so each write moves
    # them by one, down to 0.
    return (
        max(community.get("have", 0), have_then) + have_now - have_then,
        max(community.get("want", 0), want_then) + want_now - want_then,
    )


def release_stats(state: SandboxState, release: Obj) -> Obj:
    """``GET /releases/{release_id}/stats``."""
    have, want = have_want(state, release)
    return {"num_have": have, "num_want": want}


# -- ratings --------------------------------------------------------------------------------------
def rating(state: SandboxState, release: Obj) -> Obj:
    """The release's ``community.rating``: ``{"count": …, "average": …}``."""
    release_id = release["id"]
    base = release.get("community", {}).get("rating", {"count": 0, "average": 0})
    live = [value for (rid, _), value in state.ratings.items() if rid == release_id]
    seeded = [value for (rid, _), value in examples.DOCUMENT_RATINGS.items() if rid == release_id]
    count = base["count"] + len(live) - len(seeded)
    total = base["average"] * base["count"] + sum(live) - sum(seeded)
    average = round(total / count, 2) if count > 0 else 0
    return {"count": max(count, 0), "average": average}


def community_rating(state: SandboxState, release: Obj) -> Obj:
    """``GET /releases/{release_id}/rating``."""
    return {"rating": rating(state, release), "release_id": release["id"]}


# -- the objects that show them -------------------------------------------------------------------
def release_view(state: SandboxState, release: Obj, currency: str) -> Obj:
    """``GET /releases/{release_id}``: the catalogue's release with the live numbers."""
    have, want = have_want(state, release)
    community = {
        **release.get("community", {}),
        "have": have,
        "want": want,
        "rating": rating(state, release),
    }
    return {
        **release,
        "community": community,
        **for_sale_fields(state, (release["id"],), currency),
    }


def master_view(state: SandboxState, master: Obj, currency: str) -> Obj:
    """``GET /masters/{master_id}``: for sale across all its versions."""
    versions = state.catalogue.master_versions.get(master["id"], [])
    return {**master, **for_sale_fields(state, versions, currency)}


def version_community(state: SandboxState, release: Obj) -> Obj:
    """A master version's ``stats.community``."""
    have, want = have_want(state, release)
    return {"in_collection": have, "in_wantlist": want}

"""How long each kind of answer stays fresh, and which cached answers a write makes stale.

Catalogue data (releases, masters, artists, labels) changes rarely: a week. Search results
and master versions carry the user's own "in collection / in wantlist" marks: a day, and
collection or wantlist writes make them stale. The user's own data: five minutes. Marketplace
prices: ten minutes. Orders and their messages hold buyers' names and addresses: never stored.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from urllib.parse import quote

MINUTE = 60.0
HOUR = 60 * MINUTE
DAY = 24 * HOUR


@dataclass(frozen=True)
class Policy:
    scope: str  # the generation this answer belongs to (see cache.ResponseCache.bump)
    ttl: float  # seconds it stays fresh; 0 means never stored


NO_STORE = Policy("none", 0.0)

# (pattern over the path, scope template, ttl); the first match wins. {u} is the username.
_READS: list[tuple[re.Pattern[str], str, float]] = [
    (re.compile(r"^/marketplace/orders"), "orders", 0.0),
    (re.compile(r"^/inventory/"), "inventory-jobs", 0.0),
    (re.compile(r"^/oauth/"), "identity", 0.0),
    (re.compile(r"^/releases/(?P<id>\d+)/rating/"), "ratings", 5 * MINUTE),
    (re.compile(r"^/releases/(?P<id>\d+)/(rating|stats)$"), "community", HOUR),
    (re.compile(r"^/(releases|masters|artists|labels)/\d+$"), "catalogue", 7 * DAY),
    (re.compile(r"^/(artists|labels)/\d+/releases$"), "catalogue", DAY),
    (re.compile(r"^/masters/\d+/versions$"), "marks", DAY),
    (re.compile(r"^/database/search$"), "marks", DAY),
    (re.compile(r"^/marketplace/(stats|price_suggestions|fee)/"), "prices", 10 * MINUTE),
    (re.compile(r"^/marketplace/listings/"), "listings", 10 * MINUTE),
    (re.compile(r"^/users/(?P<u>[^/]+)/inventory$"), "inventory:{u}", 10 * MINUTE),
    (re.compile(r"^/users/(?P<u>[^/]+)/collection"), "collection:{u}", 5 * MINUTE),
    (re.compile(r"^/users/(?P<u>[^/]+)/wants"), "wantlist:{u}", 5 * MINUTE),
    (re.compile(r"^/users/(?P<u>[^/]+)/lists$"), "lists:{u}", 5 * MINUTE),
    (re.compile(r"^/lists/\d+$"), "lists", 5 * MINUTE),
    (
        re.compile(r"^/users/(?P<u>[^/]+)(/(submissions|contributions))?$"),
        "profile:{u}",
        5 * MINUTE,
    ),
]

# A write to a path matching the pattern bumps these scopes.
_WRITES: list[tuple[re.Pattern[str], tuple[str, ...]]] = [
    (re.compile(r"^/releases/\d+/rating/"), ("ratings", "community")),
    (
        re.compile(r"^/users/(?P<u>[^/]+)/collection"),
        ("collection:{u}", "profile:{u}", "marks", "community"),
    ),
    (
        re.compile(r"^/users/(?P<u>[^/]+)/wants"),
        ("wantlist:{u}", "profile:{u}", "marks", "community"),
    ),
    # A profile edit may change the currency every price is shown in.
    (
        re.compile(r"^/users/(?P<u>[^/]+)$"),
        ("profile:{u}", "collection:{u}", "inventory:{u}", "listings", "prices", "catalogue"),
    ),
    (re.compile(r"^/marketplace/listings"), ("inventory:*", "profile:*", "listings", "prices")),
    (re.compile(r"^/inventory/upload"), ("inventory:*", "profile:*", "listings", "prices")),
    (re.compile(r"^/marketplace/orders"), ("orders",)),
]


def read_policy(path: str) -> Policy:
    for pattern, scope, ttl in _READS:
        match = pattern.match(path)
        if match:
            user = (match.groupdict().get("u") or "").lower()
            return Policy(scope.format(u=user), ttl)
    return NO_STORE


def scopes_written(path: str, own_username: str | None) -> tuple[str, ...]:
    """Scopes a successful write to ``path`` makes stale. ``*`` means the signed-in user's
    (listing URLs carry no username); usernames are as escaped in paths."""
    for pattern, scopes in _WRITES:
        match = pattern.match(path)
        if match:
            user = (match.groupdict().get("u") or quote(own_username or "", safe="")).lower()
            return tuple(scope.replace("*", "{u}").format(u=user) for scope in scopes)
    return ()

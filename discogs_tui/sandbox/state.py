"""The sandbox's world: an immutable catalogue plus the mutable state users change.

Everything stored here is already in the shape the API answers with, and every URL that
points at the API starts with ``CANONICAL_BASE`` (``https://api.discogs.com``). The response
layer rewrites that prefix to the base URL the request came in on, so clients that follow
``resource_url`` fields (most do) keep talking to the sandbox.

Conventions every route module relies on:

* ``Catalogue`` is built once per process (it is deterministic and never written to);
  per-user facts that change (ratings, haves, wants) live in ``SandboxState``.
* Users are keyed by their lower-cased username; ``User.username`` keeps the spelling.
* Ids come from ``SandboxState.next_id(kind)`` so new objects never collide with seeded ones.
* Timestamps are ISO 8601 strings with a ``-07:00`` offset, as the real API writes them;
  ``SandboxState.now()`` gives "now" in that format (frozen in tests via ``clock``).
"""

from __future__ import annotations

import threading
import time
from collections import Counter
from collections.abc import Callable, MutableMapping
from dataclasses import dataclass, field
from datetime import UTC, datetime, timedelta, timezone
from typing import Any

from discogs_tui.vocabulary import (
    CURRENCIES,
    EDITABLE_LISTING_STATUSES,
    LISTING_STATUSES,
    MEDIA_CONDITIONS,
    ORDER_STATUSES,
    SLEEVE_CONDITIONS,
)

CANONICAL_BASE = "https://api.discogs.com"
WEBSITE = "https://www.discogs.com"
DISCOGS_TZ = timezone(timedelta(hours=-7))
__all__ = [
    "CURRENCIES",
    "EDITABLE_LISTING_STATUSES",
    "LISTING_STATUSES",
    "MEDIA_CONDITIONS",
    "ORDER_STATUSES",
    "SLEEVE_CONDITIONS",
]


def api_url(path: str) -> str:
    """The canonical API URL of ``path`` (which starts with ``/``)."""
    return CANONICAL_BASE + path


def format_timestamp(moment: datetime) -> str:
    return moment.astimezone(DISCOGS_TZ).isoformat(timespec="seconds")


@dataclass
class Catalogue:
    """The database side of Discogs: releases, masters, artists and labels, in API shape.

    ``releases[id]`` is exactly what ``GET /releases/{id}`` answers to an authenticated
    client in the ``discogs`` text format; likewise for masters, artists and labels.
    The indexes are derived from those objects by ``catalogue.build_indexes``.
    """

    releases: dict[int, dict[str, Any]] = field(default_factory=dict)
    masters: dict[int, dict[str, Any]] = field(default_factory=dict)
    artists: dict[int, dict[str, Any]] = field(default_factory=dict)
    labels: dict[int, dict[str, Any]] = field(default_factory=dict)
    # master id -> ids of its releases ("versions"), in a stable order
    master_versions: dict[int, list[int]] = field(default_factory=dict)
    # artist id -> entries of GET /artists/{id}/releases (release and master entries)
    artist_releases: dict[int, list[dict[str, Any]]] = field(default_factory=dict)
    # label id -> ids of releases on the label (as label or via labels[])
    label_releases: dict[int, list[int]] = field(default_factory=dict)
    # username -> release ids they submitted / contributed to (community.submitter/contributors)
    submissions: dict[str, list[int]] = field(default_factory=dict)
    contributions: dict[str, list[int]] = field(default_factory=dict)
    # kind ("release", "master", "artist", "label") -> id -> search field -> lower-cased text
    # (catalogue.search_haystack); values of one field are separated by newlines
    search_haystacks: dict[str, dict[int, dict[str, str]]] = field(default_factory=dict)
    # sort key (catalogue.RELEASE_SORT_KEYS) -> release id -> its place in that order
    sort_ranks: dict[str, dict[int, int]] = field(default_factory=dict)


@dataclass
class Instance:
    """One copy of a release in a user's collection."""

    instance_id: int
    release_id: int
    folder_id: int
    rating: int = 0
    date_added: str = ""
    # field_id -> value of the user's custom notes fields
    notes: dict[int, str] = field(default_factory=dict)


@dataclass
class Want:
    release_id: int
    rating: int = 0
    notes: str = ""
    date_added: str = ""


@dataclass
class User:
    """A Discogs account and everything it owns, except listings and orders (global)."""

    username: str
    # GET /users/{username} as the owner sees it, minus the counters, which are computed
    # from state when answering (num_collection, num_wantlist, num_for_sale, num_lists).
    profile: dict[str, Any]
    email: str = ""
    token: str | None = None  # personal access token, if the user has one
    collection_public: bool = True
    wantlist_public: bool = True
    seller_settings: bool = True  # price suggestions need filled seller settings
    # folder id -> name; folder 1 "Uncategorized" always exists, 0 "All" is implicit
    folders: dict[int, str] = field(default_factory=lambda: {1: "Uncategorized"})
    # instance id -> copy; the biggest collections keep theirs by column (columnar.py)
    instances: MutableMapping[int, Any] = field(default_factory=dict)
    # GET /users/{u}/collection/fields entries (with "public" flags)
    fields: list[dict[str, Any]] = field(default_factory=list)
    wants: dict[int, Want] = field(default_factory=dict)  # release id -> want
    # release id -> copies, made on first use and kept by add_instance / remove_instance
    _copies: Counter[int] | None = field(default=None, init=False, repr=False, compare=False)

    @property
    def key(self) -> str:
        return self.username.lower()

    @property
    def currency(self) -> str:
        return self.profile.get("curr_abbr", "USD")

    def copies(self) -> Counter[int]:
        """How many copies of each release the user has."""
        if self._copies is None:
            counted = getattr(self.instances, "release_counts", None)  # a columnar collection
            self._copies = (
                counted() if counted else Counter(i.release_id for i in self.instances.values())
            )
        return self._copies

    def add_instance(self, instance: Instance) -> None:
        """Every copy added after seeding goes through here (it keeps ``copies`` true)."""
        self.instances[instance.instance_id] = instance
        if self._copies is not None:
            self._copies[instance.release_id] += 1

    def remove_instance(self, instance_id: int) -> None:
        release_id = self.instances[instance_id].release_id
        del self.instances[instance_id]
        if self._copies is not None:
            self._copies[release_id] -= 1
            if not self._copies[release_id]:
                del self._copies[release_id]


@dataclass
class RequestToken:
    token: str
    secret: str
    consumer_key: str
    callback: str
    created: float
    verifier: str | None = None
    username: str | None = None  # set when the user authorizes


@dataclass
class AccessToken:
    token: str
    secret: str
    consumer_key: str
    username: str


@dataclass
class Consumer:
    key: str
    secret: str
    name: str


class SandboxState:
    """All mutable state of one sandbox instance. Route handlers mutate it under ``lock``."""

    def __init__(
        self,
        catalogue: Catalogue,
        clock: Callable[[], float] = time.time,
    ) -> None:
        self.catalogue = catalogue
        self.clock = clock
        self.lock = threading.RLock()
        self.users: dict[str, User] = {}
        # (release id, username key) -> rating 1..5
        self.ratings: dict[tuple[int, str], int] = {}
        # release id -> (users who have it, users who want it) when seeding ended: the
        # catalogue's have/want counts include them (numbers.py moves the counts from there)
        self.seeded_shelves: dict[int, tuple[int, int]] = {}
        # listing id -> listing in API shape as its owner sees it (all owner-only keys present);
        # "seller" holds the owner; routes drop owner-only keys for others.
        self.listings: dict[int, dict[str, Any]] = {}
        # order id ("1-1") -> order in API shape
        self.orders: dict[str, dict[str, Any]] = {}
        # order id -> messages, oldest first (the API answers newest first)
        self.order_messages: dict[str, list[dict[str, Any]]] = {}
        # list id -> list in the shape of GET /lists/{id}, plus "owner" (username key)
        self.lists: dict[int, dict[str, Any]] = {}
        # export/upload id -> job record (API shape plus private keys starting with "_")
        self.exports: dict[int, dict[str, Any]] = {}
        self.uploads: dict[int, dict[str, Any]] = {}
        self.consumers: dict[str, Consumer] = {}
        self.request_tokens: dict[str, RequestToken] = {}
        self.access_tokens: dict[str, AccessToken] = {}
        self._ids: dict[str, int] = {}

    # -- ids and time -------------------------------------------------------------------------
    def next_id(self, kind: str, floor: int = 1) -> int:
        """A fresh id of ``kind`` (e.g. "listing", "instance", "folder"), above ``floor``."""
        with self.lock:
            value = max(self._ids.get(kind, 0) + 1, floor)
            self._ids[kind] = value
            return value

    def reserve_id(self, kind: str, used: int) -> None:
        """Record that seeded data used id ``used`` so ``next_id`` stays above it."""
        self._ids[kind] = max(self._ids.get(kind, 0), used)

    def now_datetime(self) -> datetime:
        return datetime.fromtimestamp(self.clock(), tz=UTC)

    def now(self) -> str:
        return format_timestamp(self.now_datetime())

    # -- lookups ---------------------------------------------------------------------------------
    def user(self, username: str) -> User | None:
        return self.users.get(username.lower())

    def add_user(self, user: User) -> User:
        self.users[user.key] = user
        return user

    def user_by_token(self, token: str) -> User | None:
        for user in self.users.values():
            if user.token is not None and user.token == token:
                return user
        return None

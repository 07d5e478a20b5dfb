"""Routes: the database — releases and their ratings, masters, artists, labels, and search.

The catalogue is read-only; what users change (ratings, collections, wantlists) lives in
``SandboxState`` and is folded into the community numbers (rating, have/want) when answering.
"""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from functools import cached_property
from typing import Any

from starlette.requests import Request
from starlette.responses import Response
from starlette.routing import Route

from discogs_tui.sandbox import examples, numbers
from discogs_tui.sandbox.catalogue import (
    SEARCH_FIELDS,
    label_release_entry,
    search_document,
    version_entry,
)
from discogs_tui.sandbox.http import (
    LazyPage,
    body_params,
    choice_param,
    currency_param,
    int_param,
    not_found,
    paginate,
    principal,
    require_owner,
    respond,
    sandbox,
    sort_params,
    unauthorized,
    unprocessable,
)
from discogs_tui.sandbox.state import Catalogue, SandboxState, User

Obj = dict[str, Any]

MSG_RELEASE_NOT_FOUND = examples.ERROR_MESSAGES["RELEASE_NOT_FOUND"]
MSG_MASTER_NOT_FOUND = examples.ERROR_MESSAGES["MASTER_NOT_FOUND"]
MSG_ARTIST_NOT_FOUND = examples.ERROR_MESSAGES["ARTIST_NOT_FOUND"]
MSG_LABEL_NOT_FOUND = examples.ERROR_MESSAGES["LABEL_NOT_FOUND"]
MSG_USER_NOT_FOUND = "User does not exist or may have been deleted."


VERSION_SORTS = ("released", "title", "format", "label", "catno", "country")
VERSION_FILTERS = {
    "format": "Format",
    "label": "Label",
    "released": "Released",
    "country": "Country",
}
ARTIST_RELEASE_SORTS = ("year", "title", "format")
SEARCH_TYPES = ("release", "master", "artist", "label")
# Parameters whose value, when it equals a result's title, ranks that result first.
_TITLE_PARAMS = ("q", "title", "release_title", "artist", "label")
_SEARCH_WORDS = re.compile(r'"([^"]+)"|(\S+)')  # a "quoted phrase" is one word
_DIGITS = re.compile(r"[0-9]+")


# -- lookups ----------------------------------------------------------------------------------
def _catalogue(request: Request) -> Catalogue:
    return sandbox(request).catalogue


def _path_id(request: Request, name: str, message: str) -> int:
    """The numeric id in the path; anything else names no object (404)."""
    raw = request.path_params[name]
    if not _DIGITS.fullmatch(raw):
        raise not_found(message)
    return int(raw)


def _lookup(request: Request, table: dict[int, Obj], name: str, message: str) -> Obj:
    found = table.get(_path_id(request, name, message))
    if found is None:
        raise not_found(message)
    return found


def _release(request: Request) -> Obj:
    return _lookup(request, _catalogue(request).releases, "release_id", MSG_RELEASE_NOT_FOUND)


def _master(request: Request) -> Obj:
    return _lookup(request, _catalogue(request).masters, "master_id", MSG_MASTER_NOT_FOUND)


def _artist(request: Request) -> Obj:
    return _lookup(request, _catalogue(request).artists, "artist_id", MSG_ARTIST_NOT_FOUND)


def _label(request: Request) -> Obj:
    return _lookup(request, _catalogue(request).labels, "label_id", MSG_LABEL_NOT_FOUND)


@dataclass
class _Shelf:
    """What one user owns and wants, by release id (built once per request, when needed)."""

    user: User | None
    catalogue: Catalogue

    @cached_property
    def copies(self) -> Counter[int]:
        return self.user.copies() if self.user is not None else Counter()

    @cached_property
    def wants(self) -> set[int]:
        return set(self.user.wants) if self.user else set()

    def user_data(self, kind: str, obj_id: int) -> dict[str, bool]:
        """``user_data`` of a search result; a master counts through any of its versions."""
        ids = self.catalogue.master_versions.get(obj_id, []) if kind == "master" else [obj_id]
        return {
            "in_wantlist": any(i in self.wants for i in ids),
            "in_collection": any(self.copies[i] for i in ids),
        }


def _shelf(request: Request) -> _Shelf:
    return _Shelf(principal(request).user, _catalogue(request))


# -- prices -----------------------------------------------------------------------------------
def _currency(request: Request) -> str:
    """``curr_abbr``, by default the user's currency."""
    user = principal(request).user
    return currency_param(request, user.currency if user else "USD")


# -- sorting ----------------------------------------------------------------------------------
def _sort_value(value: Any) -> Any:
    if isinstance(value, str):
        return (1, value.casefold())
    return (0, value) if value is not None else (1, "")


def _sorted(entries: list[Obj], key: str | None, descending: bool) -> list[Obj]:
    """``entries`` by ``key`` (stable; unsorted entries keep their order, maybe reversed)."""
    if key is not None:
        entries = sorted(entries, key=lambda entry: _sort_value(entry.get(key)), reverse=descending)
    elif descending:
        entries = entries[::-1]
    return entries


# -- releases ---------------------------------------------------------------------------------
async def get_release(request: Request) -> Response:
    return respond(
        request, numbers.release_view(sandbox(request), _release(request), _currency(request))
    )


def _known_rater(state: SandboxState, username: str) -> bool:
    """A sandbox user, or someone (like the document's "memory") with a stored rating."""
    key = username.lower()
    return state.user(username) is not None or any(user == key for _, user in state.ratings)


def _rating_body(username: str, release_id: int, rating: int) -> Obj:
    return {"username": username, "release_id": release_id, "rating": rating}


def _new_rating(params: dict[str, Any]) -> int:
    if params.get("rating") in (None, ""):
        raise unprocessable("Missing rating: an integer between 1 and 5.")
    return int_param(params["rating"], "rating", minimum=1, maximum=5)


async def user_rating(request: Request) -> Response:
    """GET, PUT and DELETE /releases/{release_id}/rating/{username}."""
    release_id = _release(request)["id"]
    username = request.path_params["username"]
    state = sandbox(request)
    ratings = state.ratings
    if request.method == "GET":
        if not _known_rater(state, username):
            raise not_found(MSG_USER_NOT_FOUND)
        user = state.user(username)
        spelled = user.username if user else username
        return respond(
            request,
            _rating_body(spelled, release_id, ratings.get((release_id, username.lower()), 0)),
        )
    owner = require_owner(request, username)
    if request.method == "DELETE":
        with state.lock:
            ratings.pop((release_id, owner.key), None)
        return respond(request, None, 204)
    rating = _new_rating(await body_params(request))
    with state.lock:
        ratings[(release_id, owner.key)] = rating
    return respond(request, _rating_body(owner.username, release_id, rating))


async def release_community_rating(request: Request) -> Response:
    return respond(request, numbers.community_rating(sandbox(request), _release(request)))


async def get_release_stats(request: Request) -> Response:
    return respond(request, numbers.release_stats(sandbox(request), _release(request)))


# -- masters ----------------------------------------------------------------------------------
async def get_master(request: Request) -> Response:
    return respond(
        request, numbers.master_view(sandbox(request), _master(request), _currency(request))
    )


def _facet_values(release: Obj) -> dict[str, list[str]]:
    """The values a master version offers to each filter."""
    formats = release.get("formats", ())
    return {
        "format": list(
            dict.fromkeys(w for f in formats for w in (f["name"], *f.get("descriptions", ())))
        ),
        "label": list(dict.fromkeys(label["name"] for label in release.get("labels", ()))),
        "released": [release.get("released", "")[:4]] if release.get("released") else [],
        "country": [release["country"]] if release.get("country") else [],
    }


def _applied_filters(request: Request) -> dict[str, str]:
    return {
        name: value
        for name in VERSION_FILTERS
        if (value := request.query_params.get(name, "").strip())
    }


def _passes(facets: dict[str, list[str]], applied: dict[str, str]) -> bool:
    return all(
        value.casefold() in (v.casefold() for v in facets[name]) for name, value in applied.items()
    )


def _filters_body(facets: Iterable[dict[str, list[str]]], applied: dict[str, str]) -> Obj:
    """The ``filters`` and ``filter_facets`` keys, counting the versions left after filtering."""
    available: dict[str, Counter[str]] = {name: Counter() for name in VERSION_FILTERS}
    for values in facets:
        for name, found in values.items():
            available[name].update(found)
    return {
        "filters": {
            "applied": {name: [value] for name, value in applied.items()},
            "available": {name: dict(counts.most_common()) for name, counts in available.items()},
        },
        "filter_facets": [
            {
                "title": title,
                "id": name,
                "values": [
                    {"title": v, "value": v, "count": n} for v, n in available[name].most_common()
                ],
                "allows_multiple_values": True,
            }
            for name, title in VERSION_FILTERS.items()
        ],
    }


def _version(state: SandboxState, release: Obj, shelf: _Shelf) -> Obj:
    """A versions entry, with ``stats.user`` filled for the signed-in user."""
    entry = version_entry(release)
    entry["stats"]["community"] = numbers.version_community(state, release)
    if shelf.user is not None:
        entry["stats"]["user"] = {
            "in_collection": shelf.copies[release["id"]],
            "in_wantlist": int(release["id"] in shelf.wants),
        }
    return entry


async def master_versions(request: Request) -> Response:
    master = _master(request)
    state = sandbox(request)
    catalogue = state.catalogue
    key, descending = sort_params(request, VERSION_SORTS)
    applied = _applied_filters(request)
    shelf = _shelf(request)
    entries, kept_facets = [], []
    for release_id in catalogue.master_versions.get(master["id"], []):
        release = catalogue.releases[release_id]
        facets = _facet_values(release)
        if _passes(facets, applied):
            entries.append(_version(state, release, shelf))
            kept_facets.append(facets)
    extra = _filters_body(kept_facets, applied)
    return paginate(request, _sorted(entries, key, descending), "versions", extra=extra)


# -- artists and labels -----------------------------------------------------------------------
async def get_artist(request: Request) -> Response:
    return respond(request, _artist(request))


async def artist_releases(request: Request) -> Response:
    artist = _artist(request)
    key, descending = sort_params(request, ARTIST_RELEASE_SORTS)
    entries = _catalogue(request).artist_releases.get(artist["id"], [])
    return paginate(request, _sorted(entries, key, descending), "releases")


async def get_label(request: Request) -> Response:
    return respond(request, _label(request))


async def label_releases(request: Request) -> Response:
    label = _label(request)
    catalogue = _catalogue(request)
    ids = catalogue.label_releases.get(label["id"], [])
    entries = LazyPage(
        ids, lambda release_id: label_release_entry(catalogue.releases[release_id], label["id"])
    )
    return paginate(request, entries, "releases")


# -- search -----------------------------------------------------------------------------------
@dataclass(frozen=True)
class _Query:
    """The search parameters given, lower-cased. Each word (or "quoted phrase") of a text
    parameter must occur in its field; ``year`` must equal one of the field's values."""

    values: dict[str, str]
    words: tuple[tuple[str, str], ...]  # (field, word)

    @classmethod
    def of(cls, request: Request) -> _Query:
        values = {
            name: value
            for name in SEARCH_FIELDS
            if (value := request.query_params.get(name, "").strip().casefold())
        }
        words = tuple(
            (name, word)
            for name, value in values.items()
            if name != "year"
            for phrase, word in _SEARCH_WORDS.findall(value)
            for word in [phrase or word]
        )
        return cls(values, words)

    def matching(self, haystacks: dict[int, dict[str, str]]) -> list[tuple[int, dict[str, str]]]:
        """The (id, haystack) pairs that match, narrowed one word at a time (fast)."""
        found = list(haystacks.items())
        for name, word in self.words:
            found = [(obj_id, hay) for obj_id, hay in found if word in hay[name]]
        if "year" in self.values:
            found = [
                (obj_id, hay)
                for obj_id, hay in found
                if self.values["year"] in hay["year"].split("\n")
            ]
        return found

    def exact(self, haystack: dict[str, str]) -> bool:
        titles = (haystack["title"], haystack.get("release_title", ""))
        return any(self.values.get(name) in titles for name in _TITLE_PARAMS if name in self.values)


def _search_hits(
    catalogue: Catalogue, query: _Query, kinds: Sequence[str]
) -> list[tuple[str, int]]:
    """(kind, id) of every match: exact title matches first, then by id."""
    ranked = [
        (not query.exact(haystack), obj_id, kind_index, kind)
        for kind_index, kind in enumerate(kinds)
        for obj_id, haystack in query.matching(catalogue.search_haystacks[kind])
    ]
    ranked.sort()
    return [(kind, obj_id) for _, obj_id, _, kind in ranked]


def _search_result(state: SandboxState, shelf: _Shelf, kind: str, obj_id: int) -> Obj:
    catalogue = state.catalogue
    obj = getattr(catalogue, f"{kind}s")[obj_id]
    main_release = catalogue.releases.get(obj["main_release"]) if kind == "master" else None
    result = search_document(kind, obj, main_release=main_release)
    counted = obj if kind == "release" else main_release
    if counted is not None and kind in ("release", "master"):
        have, want = numbers.have_want(state, counted)
        result["community"] = {"want": want, "have": have}
    if kind in ("release", "master") and shelf.user is not None:
        result["user_data"] = shelf.user_data(kind, obj_id)
    return result


async def database_search(request: Request) -> Response:
    if not principal(request).authenticated:
        raise unauthorized()
    kind = choice_param(request, "type", SEARCH_TYPES)
    catalogue = _catalogue(request)
    hits = _search_hits(catalogue, _Query.of(request), [kind] if kind else SEARCH_TYPES)
    shelf = _shelf(request)
    state = sandbox(request)
    results = LazyPage(hits, lambda hit: _search_result(state, shelf, *hit))
    return paginate(request, results, "results")


routes: list[Route] = [
    Route("/releases/{release_id}", get_release, methods=["GET"]),
    Route(
        "/releases/{release_id}/rating/{username}", user_rating, methods=["GET", "PUT", "DELETE"]
    ),
    Route("/releases/{release_id}/rating", release_community_rating, methods=["GET"]),
    Route("/releases/{release_id}/stats", get_release_stats, methods=["GET"]),
    Route("/masters/{master_id}", get_master, methods=["GET"]),
    Route("/masters/{master_id}/versions", master_versions, methods=["GET"]),
    Route("/artists/{artist_id}", get_artist, methods=["GET"]),
    Route("/artists/{artist_id}/releases", artist_releases, methods=["GET"]),
    Route("/labels/{label_id}", get_label, methods=["GET"]),
    Route("/labels/{label_id}/releases", label_releases, methods=["GET"]),
    Route("/database/search", database_search, methods=["GET"]),
]

"""Routes: user identity, profiles, submissions and contributions.

``GET /users/{username}`` answers the stored profile plus counters computed from state:
``num_collection`` and ``num_wantlist`` (hidden from others when private), ``num_for_sale``
(the user's For Sale listings) and ``num_lists`` (public lists, and private ones for the
owner); ``email`` is for the owner only. ``POST`` edits the profile and answers it as the
owner sees it.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from starlette.requests import Request
from starlette.responses import Response
from starlette.routing import Route

from discogs_tui.sandbox import examples
from discogs_tui.sandbox.config import DEMO_CONSUMER_NAME
from discogs_tui.sandbox.http import (
    body_params,
    is_owner,
    lookup_user,
    page_window,
    paginate,
    principal,
    require_owner,
    require_user,
    respond,
    sandbox,
    sort_params,
    unprocessable,
)
from discogs_tui.sandbox.routes.collection import collection_size, release_sort_key
from discogs_tui.sandbox.routes.lists import visible_lists
from discogs_tui.sandbox.state import CURRENCIES, Catalogue, User, api_url

EDITABLE_FIELDS = ("name", "home_page", "location", "profile")
CONTRIBUTION_SORT_KEYS = ("label", "artist", "title", "catno", "format", "rating", "year", "added")
# Artists and labels a user submitted; the catalogue records only releases' submitters.
SUBMITTED_ENTITIES: dict[str, dict[str, list[dict[str, Any]]]] = {
    "shooezgirl": {
        "artists": examples.SUBMISSIONS_SHOOEZGIRL["artists"],
        "labels": examples.SUBMISSIONS_SHOOEZGIRL["labels"],
    },
}


# -- identity and profile ---------------------------------------------------------------------
async def identity(request: Request) -> Response:
    user = require_user(request)
    consumer = principal(request).consumer
    return respond(
        request,
        {
            "id": user.profile["id"],
            "username": user.username,
            "resource_url": api_url(f"/users/{user.username}"),
            "consumer_name": consumer.name if consumer else DEMO_CONSUMER_NAME,
        },
    )


def for_sale_count(request: Request, user: User) -> int:
    return sum(
        1
        for listing in sandbox(request).listings.values()
        if listing.get("status") == "For Sale"
        and str(listing.get("seller", {}).get("username", "")).lower() == user.key
    )


def profile_view(request: Request, user: User) -> dict[str, Any]:
    """The profile as the request may see it, counters computed now."""
    owner = is_owner(request, user)
    view = dict(user.profile)
    if owner:
        view["email"] = user.email
    view["num_lists"] = len(visible_lists(request, user))
    view["num_for_sale"] = for_sale_count(request, user)
    if owner or user.collection_public:
        view["num_collection"] = collection_size(user)
    if owner or user.wantlist_public:
        view["num_wantlist"] = len(user.wants)
    return view


def profile_edits(params: dict[str, Any]) -> dict[str, str]:
    edits = {}
    for name in EDITABLE_FIELDS:
        if name in params and params[name] is not None:
            if isinstance(params[name], dict | list):
                raise unprocessable(f"Invalid {name}: must be a string.")
            edits[name] = str(params[name])
    currency = params.get("curr_abbr")
    if currency not in (None, ""):
        if str(currency).upper() not in CURRENCIES:
            raise unprocessable(f"Invalid curr_abbr: expected one of {', '.join(CURRENCIES)}.")
        edits["curr_abbr"] = str(currency).upper()
    return edits


async def user_profile(request: Request) -> Response:
    username = request.path_params["username"]
    if request.method == "POST":
        user = require_owner(request, username)
        edits = profile_edits(await body_params(request))
        with sandbox(request).lock:
            user.profile.update(edits)
        return respond(request, profile_view(request, user))
    return respond(request, profile_view(request, lookup_user(request, username)))


# -- submissions and contributions ------------------------------------------------------------
async def submissions(request: Request) -> Response:
    """Artists, then labels, then releases the user submitted, paged as one sequence."""
    user = lookup_user(request, request.path_params["username"])
    catalogue = sandbox(request).catalogue
    entities = SUBMITTED_ENTITIES.get(user.key, {})
    entries = [
        *(("artists", artist) for artist in entities.get("artists", ())),
        *(("labels", label) for label in entities.get("labels", ())),
        *(("releases", catalogue.releases[i]) for i in catalogue.submissions.get(user.key, ())),
    ]
    window, pagination, headers = page_window(request, len(entries))
    grouped: dict[str, list[dict[str, Any]]] = {"artists": [], "labels": [], "releases": []}
    for section, entry in entries[window]:
        grouped[section].append(entry)
    return respond(request, {"pagination": pagination, "submissions": grouped}, headers=headers)


def contribution_sort_key(catalogue: Catalogue, key: str) -> Callable[[dict[str, Any]], Any]:
    if key == "rating":
        return lambda release: release.get("community", {}).get("rating", {}).get("average", 0)
    if key == "added":
        return lambda release: release.get("date_added", "")
    place = release_sort_key(catalogue, key)
    return lambda release: place(release["id"])


async def contributions(request: Request) -> Response:
    user = lookup_user(request, request.path_params["username"])
    catalogue = sandbox(request).catalogue
    key, descending = sort_params(request, CONTRIBUTION_SORT_KEYS)
    releases = [catalogue.releases[i] for i in catalogue.contributions.get(user.key, ())]
    if key is not None:
        releases.sort(key=contribution_sort_key(catalogue, key), reverse=descending)
    elif descending:
        releases.reverse()
    return paginate(request, releases, "contributions")


routes: list[Route] = [
    Route("/oauth/identity", identity, methods=["GET"]),
    Route("/users/{username}", user_profile, methods=["GET", "POST"]),
    Route("/users/{username}/submissions", submissions, methods=["GET"]),
    Route("/users/{username}/contributions", contributions, methods=["GET"]),
]

"""Routes: a user's wantlist.

A private wantlist is for its owner (401 anonymous, 403 other users); ``notes`` are shown to
the owner only. ``PUT`` adds a release (or updates it when it is already wanted), ``POST``
edits a want, ``DELETE`` removes it. ``GET /users/{u}/wants/{release_id}`` answers the one
want too: python3-discogs-client reads it back after saving an edit.
"""

from __future__ import annotations

from typing import Any

from starlette.requests import Request
from starlette.responses import Response
from starlette.routing import Route

from discogs_tui.sandbox.catalogue import basic_information
from discogs_tui.sandbox.http import (
    LazyPage,
    body_params,
    int_param,
    is_owner,
    lookup_user,
    not_found,
    paginate,
    require_owner,
    respond,
    sandbox,
    unprocessable,
)
from discogs_tui.sandbox.routes.collection import require_access, sorted_items
from discogs_tui.sandbox.state import Catalogue, User, Want, api_url

MSG_NOT_WANTED = "Release not in wantlist."


def want_view(catalogue: Catalogue, user: User, want: Want, with_notes: bool) -> dict[str, Any]:
    view: dict[str, Any] = {"id": want.release_id, "rating": want.rating}
    if with_notes:
        view["notes"] = want.notes
    view["resource_url"] = api_url(f"/users/{user.username}/wants/{want.release_id}")
    view["basic_information"] = basic_information(catalogue.releases[want.release_id])
    view["date_added"] = want.date_added
    return view


def visible_wantlist(request: Request, username: str) -> User:
    user = lookup_user(request, username)
    require_access(request, user, user.wantlist_public)
    return user


async def wants(request: Request) -> Response:
    user = visible_wantlist(request, request.path_params["username"])
    catalogue = sandbox(request).catalogue
    with_notes = is_owner(request, user)
    ordered = sorted_items(request, catalogue, user.wants.values())
    return paginate(
        request, LazyPage(ordered, lambda w: want_view(catalogue, user, w, with_notes)), "wants"
    )


def apply_edits(want: Want, params: dict[str, Any]) -> None:
    """``notes`` and ``rating`` (0..5) from the request, validated before anything changes."""
    notes = params.get("notes")
    if isinstance(notes, dict | list):
        raise unprocessable("Invalid notes: must be a string.")
    rating = params.get("rating")
    rating = None if rating in (None, "") else int_param(rating, "rating", minimum=0, maximum=5)
    if notes is not None:
        want.notes = str(notes)
    if rating is not None:
        want.rating = rating


async def want(request: Request) -> Response:
    username = request.path_params["username"]
    release_id = request.path_params["release_id"]
    state = sandbox(request)
    if request.method == "GET":
        user = visible_wantlist(request, username)
        if release_id not in user.wants:
            raise not_found(MSG_NOT_WANTED)
        return respond(
            request,
            want_view(state.catalogue, user, user.wants[release_id], is_owner(request, user)),
        )
    user = require_owner(request, username)
    if request.method == "DELETE":
        with state.lock:
            if user.wants.pop(release_id, None) is None:
                raise not_found(MSG_NOT_WANTED)
        return respond(request, None, status=204)
    if release_id not in state.catalogue.releases:
        raise not_found("Release not found.")
    params = await body_params(request)
    with state.lock:
        current = user.wants.get(release_id)
        if current is None and request.method == "POST":
            raise not_found(MSG_NOT_WANTED)
        edited = current or Want(release_id, date_added=state.now())
        apply_edits(edited, params)
        user.wants[release_id] = edited
    status = 201 if request.method == "PUT" else 200
    return respond(request, want_view(state.catalogue, user, edited, True), status=status)


routes: list[Route] = [
    Route("/users/{username}/wants", wants, methods=["GET"]),
    Route(
        "/users/{username}/wants/{release_id:int}", want, methods=["GET", "PUT", "POST", "DELETE"]
    ),
]

"""Routes: users' lists.

``state.lists`` holds each list in the shape of ``GET /lists/{id}`` plus ``owner`` (the
username key). Private lists exist only for their owner: to everybody else, anonymous or
signed in, ``GET /lists/{id}`` of a private list answers 404, exactly as an unknown id does,
so a list's existence is not revealed. A user's lists come newest first.
"""

from __future__ import annotations

from typing import Any

from starlette.requests import Request
from starlette.responses import Response
from starlette.routing import Route

from discogs_tui.sandbox.http import (
    is_owner,
    lookup_user,
    not_found,
    paginate,
    principal,
    respond,
    sandbox,
)
from discogs_tui.sandbox.state import User


def list_summary(record: dict[str, Any]) -> dict[str, Any]:
    """An entry of ``GET /users/{u}/lists``."""
    return {
        "date_added": record["created_ts"],
        "date_changed": record["modified_ts"],
        "name": record["name"],
        "id": record["list_id"],
        "uri": record["url"],
        "resource_url": record["resource_url"],
        "public": record["public"],
        "description": record["description"],
    }


def visible_lists(request: Request, user: User) -> list[dict[str, Any]]:
    """``user``'s lists the request may see (private ones for the owner), newest first."""
    owner = is_owner(request, user)
    owned = [
        record
        for record in sandbox(request).lists.values()
        if record["owner"] == user.key and (owner or record["public"])
    ]
    return sorted(owned, key=lambda record: (record["created_ts"], record["list_id"]), reverse=True)


async def user_lists(request: Request) -> Response:
    user = lookup_user(request, request.path_params["username"])
    return paginate(
        request, [list_summary(record) for record in visible_lists(request, user)], "lists"
    )


async def one_list(request: Request) -> Response:
    record = sandbox(request).lists.get(request.path_params["list_id"])
    viewer = principal(request).username_key
    if record is None or not (record["public"] or record["owner"] == viewer):
        raise not_found("List not found.")
    return respond(request, {key: value for key, value in record.items() if key != "owner"})


routes: list[Route] = [
    Route("/users/{username}/lists", user_lists, methods=["GET"]),
    Route("/lists/{list_id:int}", one_list, methods=["GET"]),
]

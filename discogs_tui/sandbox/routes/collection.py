"""Routes: a user's collection (folders, instances, notes fields, value).

Folder 0 ("All") is virtual and read-only; folder 1 ("Uncategorized") always exists. Each
copy of a release is an ``Instance``. Non-owners see a public collection through folder 0
only, and only the public notes fields; a private collection answers 401 to anonymous
clients and 403 to other users.

Choices the document leaves open, kept the same everywhere here: misusing folders 0 and 1
(adding to 0, renaming or deleting 0 or 1, moving into 0) is a 422; an id in the URL that
names nothing of the user's is a 404; a bad value in the body is a 422.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Callable, Iterable, Sequence
from typing import Any

from starlette.requests import Request
from starlette.responses import Response
from starlette.routing import Route

from discogs_tui.sandbox.catalogue import basic_information
from discogs_tui.sandbox.columnar import ColumnarInstances
from discogs_tui.sandbox.http import (
    LazyPage,
    body_params,
    forbidden,
    int_param,
    is_owner,
    lookup_user,
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
from discogs_tui.sandbox.money import USD_RATES, convert, formatted
from discogs_tui.sandbox.state import Catalogue, Instance, User, Want, api_url

ALL_FOLDER = 0
UNCATEGORIZED_FOLDER = 1
SORT_KEYS = ("label", "artist", "title", "catno", "format", "rating", "added", "year")
MSG_FOLDER_NOT_FOUND = "Folder not found."
MSG_INSTANCE_NOT_FOUND = "Instance not found."
MSG_RELEASE_NOT_FOUND = "Release not found."


# -- access -----------------------------------------------------------------------------------
def require_access(request: Request, user: User, public: bool) -> None:
    """A private resource is for its owner: 401 for anonymous clients, 403 for others."""
    if public or is_owner(request, user):
        return
    if principal(request).user is None:
        raise unauthorized()
    raise forbidden()


def visible_collection(request: Request, username: str) -> User:
    """The user whose collection the request may see."""
    user = lookup_user(request, username)
    require_access(request, user, user.collection_public)
    return user


def owned_collection(request: Request, username: str) -> User:
    return require_owner(request, username)


def collection_size(user: User) -> int:
    return len(user.instances)


# -- folders ----------------------------------------------------------------------------------
def folder_view(user: User, folder_id: int, counts: Counter[int]) -> dict[str, Any]:
    name = "All" if folder_id == ALL_FOLDER else user.folders[folder_id]
    count = sum(counts.values()) if folder_id == ALL_FOLDER else counts[folder_id]
    return {
        "id": folder_id,
        "count": count,
        "name": name,
        "resource_url": api_url(f"/users/{user.username}/collection/folders/{folder_id}"),
    }


def folder_counts(user: User) -> Counter[int]:
    if isinstance(user.instances, ColumnarInstances):
        return user.instances.folder_counts()
    return Counter(instance.folder_id for instance in user.instances.values())


def existing_folder(user: User, folder_id: int) -> int:
    if folder_id != ALL_FOLDER and folder_id not in user.folders:
        raise not_found(MSG_FOLDER_NOT_FOUND)
    return folder_id


def writable_folder(user: User, folder_id: int, action: str) -> int:
    """A folder the user made: folders 0 and 1 are permanent."""
    existing_folder(user, folder_id)
    if folder_id in (ALL_FOLDER, UNCATEGORIZED_FOLDER):
        raise unprocessable(f'Folders 0 ("All") and 1 ("Uncategorized") cannot be {action}.')
    return folder_id


def folder_name(params: dict[str, Any]) -> str:
    name = params.get("name")
    if not isinstance(name, str | int | float) or not str(name).strip():
        raise unprocessable("Missing required field: name.")
    return str(name).strip()


async def folders(request: Request) -> Response:
    username = request.path_params["username"]
    if request.method == "POST":
        user = owned_collection(request, username)
        name = folder_name(await body_params(request))
        with sandbox(request).lock:
            folder_id = sandbox(request).next_id("folder", floor=2)
            user.folders[folder_id] = name
        return respond(request, folder_view(user, folder_id, Counter()), status=201)
    user = visible_collection(request, username)
    counts = folder_counts(user)
    ids = [ALL_FOLDER, *sorted(user.folders)] if is_owner(request, user) else [ALL_FOLDER]
    return respond(request, {"folders": [folder_view(user, i, counts) for i in ids]})


async def folder(request: Request) -> Response:
    username = request.path_params["username"]
    folder_id = request.path_params["folder_id"]
    if request.method == "GET":
        user = folder_reader(request, username, folder_id)
        return respond(
            request, folder_view(user, existing_folder(user, folder_id), folder_counts(user))
        )
    user = owned_collection(request, username)
    if request.method == "POST":
        writable_folder(user, folder_id, "renamed")
        name = folder_name(await body_params(request))
        with sandbox(request).lock:
            user.folders[folder_id] = name
        return respond(request, folder_view(user, folder_id, folder_counts(user)))
    writable_folder(user, folder_id, "deleted")
    if folder_counts(user)[folder_id]:
        raise unprocessable("Folder must be empty before it can be deleted.")
    with sandbox(request).lock:
        del user.folders[folder_id]
    return respond(request, None, status=204)


def folder_reader(request: Request, username: str, folder_id: int) -> User:
    """Folder 0 of a public collection is for everyone; anything else for the owner only."""
    if folder_id == ALL_FOLDER:
        return visible_collection(request, username)
    return owned_collection(request, username)


# -- collection items -------------------------------------------------------------------------
def visible_field_ids(request: Request, user: User) -> set[int]:
    owner = is_owner(request, user)
    return {f["id"] for f in user.fields if owner or f.get("public", True)}


def item_view(catalogue: Catalogue, instance: Instance, field_ids: set[int]) -> dict[str, Any]:
    """A collection item; ``notes`` (only the visible fields' values) only when there are some."""
    item: dict[str, Any] = {
        "id": instance.release_id,
        "instance_id": instance.instance_id,
        "folder_id": instance.folder_id,
        "rating": instance.rating,
        "date_added": instance.date_added,
        "basic_information": basic_information(catalogue.releases[instance.release_id]),
    }
    notes = [
        {"field_id": field_id, "value": value}
        for field_id, value in sorted(instance.notes.items())
        if field_id in field_ids and value
    ]
    if notes:
        item["notes"] = notes
    return item


def release_sort_key(catalogue: Catalogue, key: str) -> Callable[[int], int]:
    """A release id's place in the order of ``key`` (one of ``catalogue.RELEASE_SORT_KEYS``)."""
    return catalogue.sort_ranks[key].__getitem__


def item_sort_key(catalogue: Catalogue, key: str) -> Callable[[Instance | Want], Any]:
    if key == "rating":
        return lambda item: item.rating
    if key == "added":
        return lambda item: item.date_added
    place = release_sort_key(catalogue, key)
    return lambda item: place(item.release_id)


def sorted_items(request: Request, catalogue: Catalogue, items: Iterable[Any]) -> list[Any]:
    """Instances or wants in the requested order; by default in the order they were added."""
    key, descending = sort_params(request, SORT_KEYS)
    ordered = list(items)
    if key is None:
        return ordered[::-1] if descending else ordered
    return sorted(ordered, key=item_sort_key(catalogue, key), reverse=descending)


def paginate_instances(request: Request, user: User, ordered: Sequence[Instance]) -> Response:
    catalogue = sandbox(request).catalogue
    field_ids = visible_field_ids(request, user)
    return paginate(
        request, LazyPage(ordered, lambda i: item_view(catalogue, i, field_ids)), "releases"
    )


async def folder_releases(request: Request) -> Response:
    folder_id = request.path_params["folder_id"]
    user = folder_reader(request, request.path_params["username"], folder_id)
    existing_folder(user, folder_id)
    catalogue = sandbox(request).catalogue
    instances = user.instances
    if isinstance(instances, ColumnarInstances):  # sorted a page at a time
        key, descending = sort_params(request, SORT_KEYS)
        return paginate_instances(
            request,
            user,
            instances.ordered(
                None if folder_id == ALL_FOLDER else folder_id,
                key,
                descending,
                catalogue.sort_ranks,
            ),
        )
    copies = instances.values()
    if folder_id != ALL_FOLDER:
        copies = [i for i in copies if i.folder_id == folder_id]
    return paginate_instances(request, user, sorted_items(request, catalogue, copies))


async def release_instances(request: Request) -> Response:
    user = visible_collection(request, request.path_params["username"])
    release_id = request.path_params["release_id"]
    if release_id == 0:
        raise unprocessable("release_id must be non-zero.")
    if release_id not in sandbox(request).catalogue.releases:
        raise not_found(MSG_RELEASE_NOT_FOUND)
    instances = user.instances
    if isinstance(instances, ColumnarInstances):
        copies = instances.of_release(release_id)
    else:
        copies = [i for i in instances.values() if i.release_id == release_id]
    return paginate_instances(
        request, user, sorted_items(request, sandbox(request).catalogue, copies)
    )


async def add_release(request: Request) -> Response:
    user = owned_collection(request, request.path_params["username"])
    folder_id = existing_folder(user, request.path_params["folder_id"])
    release_id = request.path_params["release_id"]
    if folder_id == ALL_FOLDER:
        raise unprocessable(
            'Releases cannot be added to folder 0 ("All"); use 1 ("Uncategorized").'
        )
    state = sandbox(request)
    if release_id not in state.catalogue.releases:
        raise not_found(MSG_RELEASE_NOT_FOUND)
    with state.lock:
        instance = Instance(
            state.next_id("instance"), release_id, folder_id, date_added=state.now()
        )
        user.add_instance(instance)
    # The document's own URL of a new instance (singular "release" and "instance").
    path = f"/users/{user.username}/collection/folders/{folder_id}/release/{release_id}/instance/{instance.instance_id}"
    return respond(
        request, {"instance_id": instance.instance_id, "resource_url": api_url(path)}, status=201
    )


# -- one instance -----------------------------------------------------------------------------
def addressed_instance(request: Request, user: User) -> Instance:
    """The instance the URL names: the user's, of that release, in that folder (or folder 0)."""
    folder_id = existing_folder(user, request.path_params["folder_id"])
    instance_id = request.path_params["instance_id"]
    instance = user.instances.get(instance_id)
    if instance is None:
        if any(instance_id in other.instances for other in sandbox(request).users.values()):
            raise forbidden()
        raise not_found(MSG_INSTANCE_NOT_FOUND)
    in_folder = folder_id in (ALL_FOLDER, instance.folder_id)
    if not in_folder or instance.release_id != request.path_params["release_id"]:
        raise not_found(MSG_INSTANCE_NOT_FOUND)
    return instance


def rating_param(value: Any) -> int:
    return int_param(value, "rating", minimum=0, maximum=5)


def target_folder(user: User, value: Any) -> int:
    folder_id = int_param(value, "folder_id", minimum=0)
    if folder_id == ALL_FOLDER:
        raise unprocessable('Instances cannot be moved to folder 0 ("All").')
    if folder_id not in user.folders:
        raise unprocessable(f"Invalid folder_id: folder {folder_id} does not exist.")
    return folder_id


async def instance(request: Request) -> Response:
    user = owned_collection(request, request.path_params["username"])
    target = addressed_instance(request, user)
    if request.method == "DELETE":
        with sandbox(request).lock:
            user.remove_instance(target.instance_id)
        return respond(request, None, status=204)
    params = await body_params(request)
    rating = rating_param(params["rating"]) if params.get("rating") not in (None, "") else None
    folder_id = (
        target_folder(user, params["folder_id"])
        if params.get("folder_id") not in (None, "")
        else None
    )
    with sandbox(request).lock:
        if rating is not None:
            target.rating = rating
        if folder_id is not None:
            target.folder_id = folder_id
    return respond(request, None, status=204)


# -- notes fields -----------------------------------------------------------------------------
async def fields(request: Request) -> Response:
    user = visible_collection(request, request.path_params["username"])
    shown = visible_field_ids(request, user)
    return respond(request, {"fields": [f for f in user.fields if f["id"] in shown]})


def field_value(field: dict[str, Any], params: dict[str, Any]) -> str:
    if "value" not in params or isinstance(params["value"], dict | list):
        raise unprocessable("Missing required field: value.")
    value = "" if params["value"] is None else str(params["value"])
    options = field.get("options")
    if field.get("type") == "dropdown" and value and options and value not in options:
        raise unprocessable(
            f"Invalid value for {field['name']}: expected one of {', '.join(options)}."
        )
    return value


async def instance_field(request: Request) -> Response:
    """Sets one notes field of an instance; an empty value clears it."""
    user = owned_collection(request, request.path_params["username"])
    target = addressed_instance(request, user)
    field_id = request.path_params["field_id"]
    field = next((f for f in user.fields if f["id"] == field_id), None)
    if field is None:
        raise not_found("Field not found.")
    value = field_value(field, await body_params(request))
    with sandbox(request).lock:
        if value:
            target.notes[field_id] = value
        else:
            target.notes.pop(field_id, None)
    return respond(request, None, status=204)


# -- value ------------------------------------------------------------------------------------
def release_prices(release_id: int) -> tuple[float, float, float]:
    """Deterministic minimum, median and maximum sale prices of a release, in USD."""
    median = 2.0 + (release_id * 7919 % 4801) / 100
    return round(median * 0.45, 2), median, round(median * 2.4, 2)


def collection_value(user: User) -> dict[str, str]:
    """What the copies are worth, from how many of each release there are."""
    copies = user.copies()
    prices = {release_id: release_prices(release_id) for release_id in copies}
    totals = [sum(prices[r][n] * count for r, count in copies.items()) for n in range(3)]
    currency = user.currency if user.currency in USD_RATES else "USD"
    names = ("minimum", "median", "maximum")
    return {
        name: formatted(convert(total, "USD", currency), currency)
        for name, total in zip(names, totals, strict=True)
    }


async def value(request: Request) -> Response:
    user = require_owner(request, request.path_params["username"])
    return respond(request, collection_value(user))


_COLLECTION = "/users/{username}/collection"
_INSTANCE = (
    _COLLECTION + "/folders/{folder_id:int}/releases/{release_id:int}/instances/{instance_id:int}"
)

routes: list[Route] = [
    Route(_COLLECTION + "/folders", folders, methods=["GET", "POST"]),
    Route(_COLLECTION + "/folders/{folder_id:int}", folder, methods=["GET", "POST", "DELETE"]),
    Route(_COLLECTION + "/folders/{folder_id:int}/releases", folder_releases, methods=["GET"]),
    Route(
        _COLLECTION + "/folders/{folder_id:int}/releases/{release_id:int}",
        add_release,
        methods=["POST"],
    ),
    Route(_INSTANCE, instance, methods=["POST", "DELETE"]),
    # The resource_url the document gives new instances spells the path in the singular.
    Route(
        _COLLECTION
        + "/folders/{folder_id:int}/release/{release_id:int}/instance/{instance_id:int}",
        instance,
        methods=["POST", "DELETE"],
    ),
    Route(_INSTANCE + "/fields/{field_id:int}", instance_field, methods=["POST"]),
    Route(_COLLECTION + "/releases/{release_id:int}", release_instances, methods=["GET"]),
    Route(_COLLECTION + "/fields", fields, methods=["GET"]),
    Route(_COLLECTION + "/value", value, methods=["GET"]),
]

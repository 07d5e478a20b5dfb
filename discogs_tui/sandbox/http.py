"""What every route handler uses: errors, permissions, parameters and the JSON answer.

A handler reads ``sandbox(request)`` (the state), ``principal(request)`` (who asks), checks
permissions with ``require_user`` / ``require_owner``, and answers with ``respond`` or
``paginate``. Those apply what the API does to every answer: drop image URLs for anonymous
clients, convert free text to the requested format, point URLs at the base the request came
in on, and wrap JSONP.
"""

from __future__ import annotations

import json
import math
import re
from collections.abc import Callable, Sequence
from typing import Any, overload
from urllib.parse import parse_qsl, urlencode

from starlette.requests import Request
from starlette.responses import JSONResponse, Response

from discogs_tui.sandbox.auth import Principal
from discogs_tui.sandbox.jsonbody import JSON_TYPE, json_bytes, json_text, message_bytes
from discogs_tui.sandbox.state import CANONICAL_BASE, CURRENCIES, SandboxState, User
from discogs_tui.sandbox.textformat import apply_text_format, text_format

AUTH_REALM = 'OAuth realm="https://api.discogs.com"'
MSG_AUTHENTICATE = "You must authenticate to access this resource."
MSG_FORBIDDEN = "You don't have permission to access this resource."
MSG_NOT_FOUND = "The requested resource was not found."
MAX_PER_PAGE = 100
DEFAULT_PER_PAGE = 50

_IMAGE_HOSTS = re.compile(r"https?://(?:api-img|img|i)\.discogs\.com/")
_IMAGE_KEYS = ("thumb", "cover_image", "thumbnail", "image_url")
_JSONP_CALLBACK = re.compile(r"^[A-Za-z_$][\w$.]{0,63}$")


class JsonResponse(JSONResponse):
    """Starlette's JSON answer, encoded the document's way (Starlette's own is compact)."""

    def render(self, content: Any) -> bytes:
        return json_bytes(content)


class ApiError(Exception):
    """An error answer: ``{"message": …}`` with ``status``."""

    def __init__(self, status: int, message: str, headers: dict[str, str] | None = None) -> None:
        super().__init__(message)
        self.status = status
        self.message = message
        self.headers = headers or {}


def not_found(message: str = MSG_NOT_FOUND) -> ApiError:
    return ApiError(404, message)


def unprocessable(message: str) -> ApiError:
    return ApiError(422, message)


def unauthorized(message: str = MSG_AUTHENTICATE) -> ApiError:
    return ApiError(401, message, {"WWW-Authenticate": AUTH_REALM})


def forbidden(message: str = MSG_FORBIDDEN) -> ApiError:
    return ApiError(403, message)


# -- context ----------------------------------------------------------------------------------
def sandbox(request: Request) -> SandboxState:
    return request.app.state.sandbox


def principal(request: Request) -> Principal:
    return request.scope["discogs.principal"]


def require_user(request: Request) -> User:
    """The authenticated user; 401 for anonymous clients and for key/secret alone."""
    who = principal(request)
    if who.user is None:
        raise unauthorized()
    return who.user


def lookup_user(request: Request, username: str) -> User:
    user = sandbox(request).user(username)
    if user is None:
        raise not_found("User does not exist or may have been deleted.")
    return user


def require_owner(request: Request, username: str) -> User:
    """The user ``username`` if the request is authenticated as them: else 401, 403 or 404."""
    who = principal(request)
    if who.user is None:
        raise unauthorized()
    owner = lookup_user(request, username)
    if owner.key != who.user.key:
        raise forbidden()
    return owner


def is_owner(request: Request, user: User) -> bool:
    who = principal(request)
    return who.user is not None and who.user.key == user.key


# -- parameters -------------------------------------------------------------------------------
def int_param(
    value: Any, name: str, *, minimum: int | None = None, maximum: int | None = None
) -> int:
    try:
        number = int(str(value).strip())
    except (TypeError, ValueError):
        raise unprocessable(f"Invalid {name}: must be an integer.") from None
    if (minimum is not None and number < minimum) or (maximum is not None and number > maximum):
        bounds = f"between {minimum} and {maximum}" if maximum is not None else f">= {minimum}"
        raise unprocessable(f"Invalid {name}: must be {bounds}.")
    return number


def choice_param(
    request: Request, name: str, choices: Sequence[str], default: str | None = None
) -> str | None:
    value = request.query_params.get(name)
    if value is None or value == "":
        return default
    for choice in choices:
        if value.lower() == choice.lower():
            return choice
    raise unprocessable(f"Invalid {name}: expected one of {', '.join(choices)}.")


def sort_params(
    request: Request, keys: Sequence[str], default: str | None = None
) -> tuple[str | None, bool]:
    """The validated ``sort`` key and whether ``sort_order`` is descending."""
    key = choice_param(request, "sort", keys, default)
    order = choice_param(request, "sort_order", ("asc", "desc"), "asc")
    return key, order == "desc"


async def body_params(request: Request) -> dict[str, Any]:
    """The request's parameters: a JSON object body, a form body, or the query string.

    Clients send writes every way the real API takes: JSON bodies (the documented way),
    form-encoded bodies, or query parameters. A body that claims JSON but isn't is a 422.
    """
    raw = await request.body()
    params: dict[str, Any] = {
        k: v for k, v in request.query_params.items() if k not in ("token", "key", "secret")
    }
    if not raw.strip():
        return params
    content_type = request.headers.get("content-type", "")
    if "application/x-www-form-urlencoded" in content_type:
        params.update(parse_qsl(raw.decode("utf-8", "replace"), keep_blank_values=True))
        return params
    try:
        data = json.loads(raw)
    except (ValueError, UnicodeDecodeError):
        raise unprocessable("Malformed JSON in request body.") from None
    if not isinstance(data, dict):
        raise unprocessable("The request body must be a JSON object.")
    params.update(data)
    return params


def currency_param(request: Request, default: str = "USD") -> str:
    return choice_param(request, "curr_abbr", CURRENCIES, default) or default


# -- answers ----------------------------------------------------------------------------------
def base_url(request: Request) -> str:
    """The scheme and host the client used, e.g. ``http://127.0.0.1:8765``."""
    return f"{request.url.scheme}://{request.url.netloc}"


def _strip_images(data: Any) -> Any:
    """Anonymous answers carry no image URLs, as the real API's don't."""
    if isinstance(data, dict):
        return {
            key: ("" if key in _IMAGE_KEYS and isinstance(value, str) else _strip_images(value))
            for key, value in data.items()
            if key != "images"
        }
    if isinstance(data, list):
        return [_strip_images(item) for item in data]
    return data


def render_json(request: Request, data: Any) -> str:
    """``data`` as JSON text in the requested format, URLs pointing at this sandbox."""
    if not principal(request).authenticated:
        data = _strip_images(data)
    fmt = text_format(request.headers.get("accept"))
    data = apply_text_format(data, fmt, sandbox(request).catalogue)
    text = json_text(data)
    base = base_url(request)
    text = _IMAGE_HOSTS.sub(base + "/images/", text)
    if base != CANONICAL_BASE:
        text = text.replace(CANONICAL_BASE, base).replace("http://api.discogs.com", base)
    return text


def respond(
    request: Request,
    data: Any,
    status: int = 200,
    headers: dict[str, str] | None = None,
) -> Response:
    """The JSON answer (or JSONP, when ``callback`` is given)."""
    headers = dict(headers or {})
    callback = request.query_params.get("callback")
    if callback:
        if not _JSONP_CALLBACK.match(callback):
            return Response(
                message_bytes("Invalid JSONP callback name."), 400, media_type=JSON_TYPE
            )
        meta = {"status": status, **{k: v for k, v in headers.items() if k.lower() != "link"}}
        payload = render_json(request, {"meta": meta, "data": data})
        return Response(f"{callback}({payload})", 200, media_type="text/javascript")
    if status == 204:
        return Response(status_code=204, headers=headers)
    body = render_json(request, data)
    return Response(body, status, headers=headers, media_type=JSON_TYPE)


def page_url(request: Request, page: int, per_page: int) -> str:
    query = [(k, v) for k, v in parse_qsl(request.url.query, keep_blank_values=True)]
    query = [
        (k, v)
        for k, v in query
        if k not in ("page", "per_page", "token", "key", "secret", "callback")
    ]
    query += [("page", str(page)), ("per_page", str(per_page))]
    return f"{CANONICAL_BASE}{request.url.path}?{urlencode(query)}"


def page_params(request: Request) -> tuple[int, int]:
    """``page`` (1-based) and ``per_page`` (default 50, capped at 100)."""
    page = int_param(request.query_params.get("page", 1), "page")
    per_page = int_param(request.query_params.get("per_page", DEFAULT_PER_PAGE), "per_page")
    return max(page, 1), min(max(per_page, 1), MAX_PER_PAGE)


class LazyPage(Sequence):
    """``items`` seen through ``render``: ``paginate`` slices it, so only one page is rendered."""

    def __init__(self, items: Sequence[Any], render: Callable[[Any], Any]) -> None:
        self.items = items
        self.render = render

    def __len__(self) -> int:
        return len(self.items)

    @overload
    def __getitem__(self, index: int) -> Any: ...
    @overload
    def __getitem__(self, index: slice) -> list[Any]: ...
    def __getitem__(self, index: int | slice) -> Any:
        if isinstance(index, slice):
            return [self.render(item) for item in self.items[index]]
        return self.render(self.items[index])


def page_window(
    request: Request, total: int, max_pages: int | None = None
) -> tuple[slice, dict[str, Any], dict[str, str]]:
    """The slice of one page of ``total`` items, its ``pagination`` object and ``Link`` header
    (for answers whose page is not a single list; ``paginate`` covers those that are)."""
    page, per_page = page_params(request)
    pages = max(1, math.ceil(total / per_page))
    if max_pages is not None and page > max_pages:
        raise forbidden(
            f"Pagination above page {max_pages} is disabled for inventories besides your own."
        )
    if page > pages:
        raise not_found(f"Page {page} is out of range: the last page is {pages}.")
    urls: dict[str, str] = {}
    if page > 1:
        urls["first"] = page_url(request, 1, per_page)
        urls["prev"] = page_url(request, page - 1, per_page)
    if page < pages:
        urls["next"] = page_url(request, page + 1, per_page)
        urls["last"] = page_url(request, pages, per_page)
    pagination = {"page": page, "pages": pages, "per_page": per_page, "items": total, "urls": urls}
    base = base_url(request)
    link = ", ".join(
        f'<{url.replace(CANONICAL_BASE, base)}>; rel="{rel}"' for rel, url in urls.items()
    )
    start = (page - 1) * per_page
    return slice(start, start + per_page), pagination, {"Link": link} if link else {}


def paginate(
    request: Request,
    items: Sequence[Any],
    key: str,
    *,
    extra: dict[str, Any] | None = None,
    max_pages: int | None = None,
) -> Response:
    """One page of ``items`` under ``key``, with the ``pagination`` object and ``Link``."""
    window, pagination, headers = page_window(request, len(items), max_pages)
    body = {"pagination": pagination, key: list(items[window]), **(extra or {})}
    return respond(request, body, headers=headers)

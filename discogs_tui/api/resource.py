"""What every endpoint section shares: JSON aliases, username path segments, page fetching."""

from __future__ import annotations

from typing import Any
from urllib.parse import quote

from discogs_tui.api.client import DiscogsClient
from discogs_tui.api.pagination import Page, check_page_params
from discogs_tui.api.scheduler import Priority

Json = dict[str, Any]


def user_path(username: str) -> str:
    """A username as a path segment (usernames may hold dots and other characters)."""
    return quote(username, safe="")


async def get_page(
    client: DiscogsClient,
    path: str,
    key: str,
    page: int,
    per_page: int,
    params: dict[str, Any] | None = None,
    priority: Priority = Priority.INTERACTIVE,
    use_cache: bool = True,
) -> Page[Json]:
    """One page of a paginated endpoint, as a ``Page`` (``use_cache=False``: from the server)."""
    check_page_params(page, per_page)
    body = await client.get(
        path,
        {**(params or {}), "page": page, "per_page": per_page},
        priority=priority,
        use_cache=use_cache,
    )
    return Page.from_body(body, key)

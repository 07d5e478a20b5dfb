"""Users' lists (private lists are visible to their owner only)."""

from __future__ import annotations

from discogs_tui.api.client import DiscogsClient
from discogs_tui.api.pagination import Page
from discogs_tui.api.resource import Json, get_page, user_path
from discogs_tui.api.scheduler import Priority


class Lists:
    def __init__(self, client: DiscogsClient) -> None:
        self._client = client

    async def user_lists(
        self,
        username: str,
        *,
        page: int = 1,
        per_page: int = 50,
        priority: Priority = Priority.INTERACTIVE,
    ) -> Page[Json]:
        """The user's lists, newest first."""
        return await get_page(
            self._client,
            f"/users/{user_path(username)}/lists",
            "lists",
            page,
            per_page,
            None,
            priority,
        )

    async def list(
        self,
        list_id: int,
        *,
        priority: Priority = Priority.INTERACTIVE,
    ) -> Json:
        """One list with its items."""
        return await self._client.get(
            f"/lists/{int(list_id)}", priority=priority
        )

"""The Database section: releases, ratings, masters, artists, labels and search."""

from __future__ import annotations

from typing import Any

from discogs_tui.api import validation
from discogs_tui.api.client import DiscogsClient
from discogs_tui.api.errors import ValidationError
from discogs_tui.api.pagination import Page
from discogs_tui.api.resource import Json, get_page, user_path
from discogs_tui.api.scheduler import Priority
from discogs_tui.vocabulary import SEARCH_FIELDS, SEARCH_TYPES

VERSION_SORT_KEYS = ("released", "title", "format", "label", "catno", "country")
ARTIST_RELEASE_SORT_KEYS = ("year", "title", "format")


class Database:
    def __init__(self, client: DiscogsClient) -> None:
        self._client = client

    # -- releases -------------------------------------------------------------------------------
    async def release(
        self,
        release_id: int,
        *,
        currency: str | None = None,
        priority: Priority = Priority.INTERACTIVE,
    ) -> Json:
        params = {"curr_abbr": validation.currency(currency)}
        return await self._client.get(
            f"/releases/{int(release_id)}", params, priority=priority
        )

    async def user_release_rating(self, release_id: int, username: str) -> Json:
        return await self._client.get(f"/releases/{int(release_id)}/rating/{user_path(username)}")

    async def set_user_release_rating(self, release_id: int, username: str, rating: int) -> Json:
        validation.integer("rating", rating, 1, 5)
        answer = await self._client.write(
            "PUT",
            f"/releases/{int(release_id)}/rating/{user_path(username)}",
            json_body={"rating": rating},
        )
        return answer.data

    async def delete_user_release_rating(self, release_id: int, username: str) -> None:
        await self._client.write(
            "DELETE", f"/releases/{int(release_id)}/rating/{user_path(username)}"
        )

    async def community_release_rating(self, release_id: int) -> Json:
        return await self._client.get(f"/releases/{int(release_id)}/rating")

    async def release_stats(self, release_id: int) -> Json:
        return await self._client.get(f"/releases/{int(release_id)}/stats")

    # -- masters, artists, labels --------------------------------------------------------------
    async def master(
        self,
        master_id: int,
        *,
        priority: Priority = Priority.INTERACTIVE,
    ) -> Json:
        return await self._client.get(
            f"/masters/{int(master_id)}", priority=priority
        )

    async def master_versions(
        self,
        master_id: int,
        *,
        page: int = 1,
        per_page: int = 50,
        format: str | None = None,  # the API's name
        label: str | None = None,
        released: str | None = None,
        country: str | None = None,
        sort: str | None = None,
        sort_order: str | None = None,
        priority: Priority = Priority.INTERACTIVE,
    ) -> Page[Json]:
        params: dict[str, Any] = validation.search_fields(
            {"format": format, "label": label, "released": released, "country": country}
        )
        params.update(validation.sort(sort, VERSION_SORT_KEYS, sort_order))
        return await get_page(
            self._client,
            f"/masters/{int(master_id)}/versions",
            "versions",
            page,
            per_page,
            params,
            priority,
        )

    async def artist(
        self,
        artist_id: int,
        *,
        priority: Priority = Priority.INTERACTIVE,
    ) -> Json:
        return await self._client.get(
            f"/artists/{int(artist_id)}", priority=priority
        )

    async def artist_releases(
        self,
        artist_id: int,
        *,
        page: int = 1,
        per_page: int = 50,
        sort: str | None = None,
        sort_order: str | None = None,
        priority: Priority = Priority.INTERACTIVE,
    ) -> Page[Json]:
        params = validation.sort(sort, ARTIST_RELEASE_SORT_KEYS, sort_order)
        return await get_page(
            self._client,
            f"/artists/{int(artist_id)}/releases",
            "releases",
            page,
            per_page,
            params,
            priority,
        )

    async def label(
        self,
        label_id: int,
        *,
        priority: Priority = Priority.INTERACTIVE,
    ) -> Json:
        return await self._client.get(
            f"/labels/{int(label_id)}", priority=priority
        )

    async def label_releases(
        self,
        label_id: int,
        *,
        page: int = 1,
        per_page: int = 50,
        priority: Priority = Priority.INTERACTIVE,
    ) -> Page[Json]:
        return await get_page(
            self._client,
            f"/labels/{int(label_id)}/releases",
            "releases",
            page,
            per_page,
            None,
            priority,
        )

    # -- search ---------------------------------------------------------------------------------
    async def search(
        self,
        query: str | None = None,
        *,
        type: str | None = None,  # the API's name
        page: int = 1,
        per_page: int = 50,
        priority: Priority = Priority.INTERACTIVE,
        **fields: str | int | None,
    ) -> Page[Json]:
        """``GET /database/search``: free text plus any documented field (needs sign-in)."""
        unknown = sorted(set(fields) - set(SEARCH_FIELDS))
        if unknown:
            raise ValidationError(
                f"Unknown search field {', '.join(unknown)}: use {', '.join(SEARCH_FIELDS)}."
            )
        params: dict[str, Any] = {
            "q": validation.search_text(query or "") or None,
            "type": validation.choice("type", type, SEARCH_TYPES),
        }
        params.update(validation.search_fields(fields))
        return await get_page(
            self._client, "/database/search", "results", page, per_page, params, priority
        )

"""User identity: who is signed in, profiles, submissions and contributions."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, replace
from typing import Any

from discogs_tui.api import validation
from discogs_tui.api.client import DiscogsClient
from discogs_tui.api.errors import ValidationError
from discogs_tui.api.pagination import Page, check_page_params
from discogs_tui.api.resource import Json, get_page, user_path
from discogs_tui.api.scheduler import Priority

CONTRIBUTION_SORT_KEYS = ("label", "artist", "title", "catno", "format", "rating", "year", "added")
SUBMISSION_KINDS = ("artists", "labels", "releases")


@dataclass(frozen=True)
class Submission:
    """One entry of a user's submissions: ``kind`` is "artists", "labels" or "releases"."""

    kind: str
    data: Json


def submissions_page(body: Mapping[str, Any]) -> Page[Submission]:
    """A submissions answer groups each page by kind; its items here are flat, in the
    answer's order (artists, then labels, then releases)."""
    grouped = body.get("submissions") or {}
    items = [
        Submission(kind, entry) for kind in SUBMISSION_KINDS for entry in grouped.get(kind) or []
    ]
    page = Page.from_body({k: v for k, v in body.items() if k != "submissions"}, "submissions")
    return replace(page, items=items)


class Users:
    def __init__(self, client: DiscogsClient) -> None:
        self._client = client

    async def identity(self) -> Json:
        """``{"id", "username", "resource_url", "consumer_name"}`` of the signed-in user."""
        return await self._client.get("/oauth/identity")

    async def profile(
        self,
        username: str,
        *,
        priority: Priority = Priority.INTERACTIVE,
    ) -> Json:
        return await self._client.get(
            f"/users/{user_path(username)}", priority=priority
        )

    async def edit_profile(
        self,
        username: str,
        *,
        name: str | None = None,
        home_page: str | None = None,
        location: str | None = None,
        profile: str | None = None,
        currency: str | None = None,
    ) -> Json:
        """Changes the given fields of your profile; answers the profile."""
        body = {
            "name": name,
            "home_page": home_page,
            "location": location,
            "profile": profile,
            "curr_abbr": validation.currency(currency),
        }
        changes = {field: value for field, value in body.items() if value is not None}
        changes = validation.profile_text(changes)
        if not changes:
            raise ValidationError(
                "Nothing to change: give a name, home page, location, profile or currency."
            )
        answer = await self._client.write(
            "POST", f"/users/{user_path(username)}", json_body=changes
        )
        return answer.data

    async def submissions(
        self,
        username: str,
        *,
        page: int = 1,
        per_page: int = 50,
        priority: Priority = Priority.INTERACTIVE,
    ) -> Page[Submission]:
        check_page_params(page, per_page)
        body = await self._client.get(
            f"/users/{user_path(username)}/submissions",
            {"page": page, "per_page": per_page},
            priority=priority,
        )
        return submissions_page(body)

    async def contributions(
        self,
        username: str,
        *,
        page: int = 1,
        per_page: int = 50,
        sort: str | None = None,
        sort_order: str | None = None,
        priority: Priority = Priority.INTERACTIVE,
    ) -> Page[Json]:
        return await get_page(
            self._client,
            f"/users/{user_path(username)}/contributions",
            "contributions",
            page,
            per_page,
            validation.sort(sort, CONTRIBUTION_SORT_KEYS, sort_order),
            priority,
        )

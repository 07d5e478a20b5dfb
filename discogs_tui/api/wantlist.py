"""A user's wantlist: the releases they want, with notes and a rating (0..5)."""

from __future__ import annotations

from discogs_tui.api import validation
from discogs_tui.api.client import DiscogsClient
from discogs_tui.api.database import Json, get_page, user_path
from discogs_tui.api.errors import ValidationError
from discogs_tui.api.pagination import Page
from discogs_tui.api.scheduler import Priority


def want_body(notes: str | None, rating: int | None) -> Json:
    body: Json = {}
    if notes is not None:
        body["notes"] = validation.plain_text(
            "Notes", notes, lines=True, max_length=validation.MAX_TEXT
        )
    if rating is not None:
        body["rating"] = validation.integer("rating", rating, 0, 5)
    return body


class Wantlist:
    def __init__(self, client: DiscogsClient) -> None:
        self._client = client

    @staticmethod
    def _path(username: str, release_id: int) -> str:
        return f"/users/{user_path(username)}/wants/{int(release_id)}"

    async def wants(
        self,
        username: str,
        *,
        page: int = 1,
        per_page: int = 50,
        priority: Priority = Priority.INTERACTIVE,
        use_cache: bool = True,
    ) -> Page[Json]:
        """The wantlist (``notes`` only for its owner)."""
        return await get_page(
            self._client,
            f"/users/{user_path(username)}/wants",
            "wants",
            page,
            per_page,
            None,
            priority,
            use_cache,
        )

    async def add(
        self, username: str, release_id: int, *, notes: str | None = None, rating: int | None = None
    ) -> Json:
        """Adds a release (or updates it, if already wanted); answers the want."""
        answer = await self._client.write(
            "PUT", self._path(username, release_id), json_body=want_body(notes, rating)
        )
        return answer.data

    async def edit(
        self, username: str, release_id: int, *, notes: str | None = None, rating: int | None = None
    ) -> Json:
        """Changes the notes and/or rating of a want; answers the want."""
        body = want_body(notes, rating)
        if not body:
            raise ValidationError("Nothing to change: give notes or a rating.")
        answer = await self._client.write("POST", self._path(username, release_id), json_body=body)
        return answer.data

    async def remove(self, username: str, release_id: int) -> None:
        await self._client.write("DELETE", self._path(username, release_id))

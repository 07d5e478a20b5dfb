"""A user's collection: folders, instances (copies of releases), notes fields and value.

Folder 0 is "All" (read-only: nothing is added to it, moved into it, renamed or deleted) and
folder 1 "Uncategorized" (permanent: it can't be renamed or deleted). Those rules are
checked here, before anything is sent.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from discogs_tui.api import validation
from discogs_tui.api.client import DiscogsClient
from discogs_tui.api.errors import ValidationError
from discogs_tui.api.pagination import Page
from discogs_tui.api.resource import Json, get_page, user_path
from discogs_tui.api.scheduler import Priority

ALL_FOLDER = 0
UNCATEGORIZED_FOLDER = 1
FOLDER_SORT_KEYS = ("label", "artist", "title", "catno", "format", "rating", "added", "year")


def folder_id_of(value: int) -> int:
    return validation.integer("folder_id", value, 0)


def writable_folder(folder_id: int, action: str) -> int:
    """A folder the user made: 0 ("All") and 1 ("Uncategorized") are fixed."""
    if folder_id_of(folder_id) in (ALL_FOLDER, UNCATEGORIZED_FOLDER):
        raise ValidationError(
            f'Folders 0 ("All") and 1 ("Uncategorized") are fixed: they cannot be {action}.'
        )
    return folder_id


def target_folder(folder_id: int) -> int:
    """A folder releases can go into: any but 0 ("All")."""
    if folder_id_of(folder_id) == ALL_FOLDER:
        raise ValidationError(
            'Folder 0 ("All") is read-only: add or move releases to 1 ("Uncategorized") '
            "or a folder of your own."
        )
    return folder_id


def checked_field_value(field_id: int, value: str, field: Mapping[str, Any] | None) -> str:
    """A notes field value; a dropdown's must be one of its options (empty clears it)."""
    if field is None:
        return value
    if field.get("id") not in (None, field_id):
        raise ValidationError(f"The field given is {field['id']}, not {field_id}.")
    options = field.get("options") or ()
    if field.get("type") == "dropdown" and value and value not in options:
        raise ValidationError(
            f"{field.get('name', 'This field')} must be one of {', '.join(options)} (got {value!r})."
        )
    return value


class Collection:
    def __init__(self, client: DiscogsClient) -> None:
        self._client = client

    @staticmethod
    def _path(username: str, rest: str = "") -> str:
        return f"/users/{user_path(username)}/collection{rest}"

    @classmethod
    def _instance_path(
        cls, username: str, folder_id: int, release_id: int, instance_id: int
    ) -> str:
        return cls._path(
            username,
            f"/folders/{folder_id_of(folder_id)}/releases/{int(release_id)}"
            f"/instances/{int(instance_id)}",
        )

    # -- folders --------------------------------------------------------------------------------
    async def folders(
        self,
        username: str,
        *,
        priority: Priority = Priority.INTERACTIVE,
    ) -> list[Json]:
        """The user's folders (others see folder 0 only, and only of a public collection)."""
        body = await self._client.get(
            self._path(username, "/folders"), priority=priority
        )
        return body.get("folders") or []

    async def create_folder(self, username: str, name: str) -> Json:
        validation.not_blank("Folder name", name)
        answer = await self._client.write(
            "POST", self._path(username, "/folders"), json_body={"name": name.strip()}
        )
        return answer.data

    async def folder(
        self, username: str, folder_id: int, *, priority: Priority = Priority.INTERACTIVE
    ) -> Json:
        return await self._client.get(
            self._path(username, f"/folders/{folder_id_of(folder_id)}"), priority=priority
        )

    async def rename_folder(self, username: str, folder_id: int, name: str) -> Json:
        writable_folder(folder_id, "renamed")
        validation.not_blank("Folder name", name)
        answer = await self._client.write(
            "POST",
            self._path(username, f"/folders/{folder_id}"),
            json_body={"name": name.strip()},
        )
        return answer.data

    async def delete_folder(self, username: str, folder_id: int) -> None:
        """Deletes an empty folder of the user's own."""
        writable_folder(folder_id, "deleted")
        await self._client.write("DELETE", self._path(username, f"/folders/{folder_id}"))

    # -- releases and instances -----------------------------------------------------------------
    async def release_instances(
        self,
        username: str,
        release_id: int,
        *,
        page: int = 1,
        per_page: int = 50,
        priority: Priority = Priority.INTERACTIVE,
        use_cache: bool = True,
    ) -> Page[Json]:
        """The user's copies of one release, with the folder each is in."""
        validation.integer("release_id", release_id, 1)
        return await get_page(
            self._client,
            self._path(username, f"/releases/{release_id}"),
            "releases",
            page,
            per_page,
            None,
            priority,
            use_cache,
        )

    async def folder_releases(
        self,
        username: str,
        folder_id: int = ALL_FOLDER,
        *,
        page: int = 1,
        per_page: int = 50,
        sort: str | None = None,
        sort_order: str | None = None,
        priority: Priority = Priority.INTERACTIVE,
        use_cache: bool = True,
    ) -> Page[Json]:
        return await get_page(
            self._client,
            self._path(username, f"/folders/{folder_id_of(folder_id)}/releases"),
            "releases",
            page,
            per_page,
            validation.sort(sort, FOLDER_SORT_KEYS, sort_order),
            priority,
            use_cache,
        )

    async def add_release(
        self, username: str, release_id: int, folder_id: int = UNCATEGORIZED_FOLDER
    ) -> Json:
        """Adds a copy of a release: ``{"instance_id", "resource_url"}``."""
        target_folder(folder_id)
        answer = await self._client.write(
            "POST", self._path(username, f"/folders/{folder_id}/releases/{int(release_id)}")
        )
        return answer.data

    async def edit_instance(
        self,
        username: str,
        folder_id: int,
        release_id: int,
        instance_id: int,
        *,
        rating: int | None = None,
        move_to: int | None = None,
    ) -> None:
        """Rates a copy (0 clears the rating) and/or moves it to folder ``move_to``."""
        body: Json = {}
        if rating is not None:
            body["rating"] = validation.integer("rating", rating, 0, 5)
        if move_to is not None:
            body["folder_id"] = target_folder(move_to)
        if not body:
            raise ValidationError("Nothing to change: give a rating or a folder to move to.")
        await self._client.write(
            "POST",
            self._instance_path(username, folder_id, release_id, instance_id),
            json_body=body,
        )

    async def delete_instance(
        self, username: str, folder_id: int, release_id: int, instance_id: int
    ) -> None:
        await self._client.write(
            "DELETE", self._instance_path(username, folder_id, release_id, instance_id)
        )

    # -- notes fields ---------------------------------------------------------------------------
    async def fields(
        self, username: str, *, priority: Priority = Priority.INTERACTIVE
    ) -> list[Json]:
        """The user's notes fields (others see the public ones only)."""
        body = await self._client.get(self._path(username, "/fields"), priority=priority)
        return body.get("fields") or []

    async def set_field_value(
        self,
        username: str,
        folder_id: int,
        release_id: int,
        instance_id: int,
        field_id: int,
        value: str,
        *,
        field: Mapping[str, Any] | None = None,
    ) -> None:
        """Sets one notes field of a copy ("" clears it). Pass the ``field`` definition you
        have to check a dropdown's value before sending."""
        checked = checked_field_value(field_id, value, field)
        path = self._instance_path(username, folder_id, release_id, instance_id)
        await self._client.write(
            "POST", f"{path}/fields/{int(field_id)}", json_body={"value": checked}
        )

    # -- value ----------------------------------------------------------------------------------
    async def value(self, username: str, *, priority: Priority = Priority.INTERACTIVE) -> Json:
        """``{"minimum", "median", "maximum"}`` as formatted money (owner only)."""
        return await self._client.get(self._path(username, "/value"), priority=priority)

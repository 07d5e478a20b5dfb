"""Adding a copy of a release to one of your collection folders, from any screen."""

from __future__ import annotations

from typing import Any

from discogs_tui.api.errors import DiscogsError
from discogs_tui.app.modals.picker import folder_picker
from discogs_tui.app.render import clean
from discogs_tui.app.screens.base import DiscogsScreen


class AddsToFolder(DiscogsScreen):
    """``add_to_folder(release_id)``: pick one of the user's folders and add a copy there.
    ``collected(release_id)`` runs once the copy is added."""

    folders: list[dict[str, Any]] | None = None

    def add_to_folder(self, release_id: int) -> None:
        if not self.discogs.signed_in_as:
            self.discogs.notify_text(
                "Sign in to add releases to your collection: run `discogs-tui login`, or try "
                "the demo with `discogs-tui --demo`.",
                severity="warning",
            )
            return
        self.run_worker(
            self._pick_folder(release_id), group="folders", exclusive=True, exit_on_error=False
        )

    async def _pick_folder(self, release_id: int) -> None:
        if self.folders is None:
            try:
                await self.discogs.service_ready()
                self.folders = await self.service.collection.folders(self.discogs.signed_in_as)
            except DiscogsError as error:
                self.discogs.notify_error(error)
                return

        def chosen(folder_id: int | None) -> None:
            if folder_id is not None:
                self._add(release_id, folder_id)

        self.app.push_screen(folder_picker(self.folders), chosen)

    def _add(self, release_id: int, folder_id: int) -> None:
        username = self.discogs.signed_in_as
        name = next(
            (clean(f.get("name")) for f in self.folders or [] if f.get("id") == folder_id), ""
        )

        async def add() -> None:
            await self.service.stores.collection.add(username, release_id, folder_id)
            self.folders = None  # their counts changed
            self.collected(release_id)

        self.run_write(add, f"Added a copy to {name or 'your collection'}.")

    def collected(self, release_id: int) -> None:
        """Show that the user now has a copy of ``release_id``."""

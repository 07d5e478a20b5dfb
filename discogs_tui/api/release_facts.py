"""Facts about a user's releases that collection items don't carry: for now, the country.

The collection API's ``basic_information`` has no country, so each release's own resource has
to be asked, one request per release: 3,000 releases take 50 minutes at 60 requests a minute.
``ReleaseFacts.fill`` does that in the background, at background priority, through the
service (so the response cache serves what it already holds), and keeps what it learns in
``<data dir>/release-facts-v1/<username>.json``: a small JSON file, 0600, in a folder of its
own so that a new mirror format doesn't throw away hours of lookups, replaced atomically every few releases and when the fill stops, so an
interrupted fill resumes where it stopped. Releases Discogs no longer has count as known,
with no country, so they aren't asked again.
"""

from __future__ import annotations

import logging
from collections.abc import Callable, Iterable
from pathlib import Path
from typing import TYPE_CHECKING

from discogs_tui.api.errors import NotFound
from discogs_tui.api.mirror import clean_line
from discogs_tui.api.scheduler import Priority
from discogs_tui.api.userfile import UserFile

if TYPE_CHECKING:
    from discogs_tui.api.service import DiscogsService

log = logging.getLogger(__name__)

FORMAT_VERSION = 1

SAVE_EVERY = 20  # releases between saves: 20 seconds' work at the rate limit
Progress = Callable[[int], None]  # called with the release id just learnt


class ReleaseFacts:
    """release id -> country ("" when the release has none, or is gone), for one user."""

    def __init__(self, username: str, directory: Path | None) -> None:
        """``directory=None`` keeps the facts in memory (tests); otherwise they live in
        ``directory/release-facts-v1/`` (pass ``locations.data_dir()``)."""
        self.username = username
        self.file = UserFile(
            "release facts", f"release-facts-v{FORMAT_VERSION}", username, directory
        )
        self.countries: dict[int, str] = self._read()
        self._unsaved = 0

    # -- the file -------------------------------------------------------------------------------
    def _read(self) -> dict[int, str]:
        saved = self.file.read("countries")
        try:
            return {int(k): str(v) for k, v in (saved or {}).items()}
        except (ValueError, TypeError, AttributeError) as error:
            log.warning("release facts %s unreadable (%s); starting afresh", self.file.path, error)
            return {}

    def save(self) -> None:
        """Write what is known, with what another process may have added meanwhile."""
        self._unsaved = 0
        if self.file.path is None:
            return
        merged = {**self._read(), **self.countries}
        document = {"countries": {str(k): v for k, v in sorted(merged.items())}}
        if self.file.write(document):
            self.countries = merged

    # -- reading --------------------------------------------------------------------------------
    def country(self, release_id: int) -> str | None:
        """The release's country; "" when it has none; None when not known yet."""
        return self.countries.get(release_id)

    def missing(self, release_ids: Iterable[int]) -> list[int]:
        """The releases not known yet, in the order given, each once."""
        return [rid for rid in dict.fromkeys(release_ids) if rid not in self.countries]

    # -- filling in -----------------------------------------------------------------------------
    async def fill(
        self,
        service: DiscogsService,
        release_ids: Iterable[int],
        progress: Progress | None = None,
        limit: int | None = None,
    ) -> None:
        """Ask Discogs about each release not known yet (at most ``limit`` of them), one at a
        time at background priority, as a job of ``service.jobs`` (paused and cancelled from
        the jobs view). Each release is read through the response cache, which keeps releases
        for days, so a release the app has already seen costs no request. Saves every few
        releases and whenever it stops (finished, cancelled or failed); a DiscogsError other
        than "not found" ends it."""
        ids = list(dict.fromkeys(release_ids))
        todo = self.missing(ids)[:limit]
        if not todo:
            return
        with service.jobs.start(f"Country look-ups for {self.username}", "countries") as job:
            known = len(ids) - len(self.missing(ids))
            job.advance(known, known + len(todo))
            try:
                for release_id in todo:
                    await job.checkpoint()
                    self.countries[release_id] = await self._country_of(service, release_id)
                    self._unsaved += 1
                    known += 1
                    job.advance(known)
                    if self._unsaved >= SAVE_EVERY:
                        self.save()
                    if progress is not None:
                        progress(release_id)
            finally:
                if self._unsaved:
                    self.save()

    @staticmethod
    async def _country_of(service: DiscogsService, release_id: int) -> str:
        try:
            release = await service.database.release(release_id, priority=Priority.BACKGROUND)
        except NotFound:
            return ""
        return clean_line(release.get("country"))

"""What the marketplace had for each wanted release, remembered: the wantlist's "buyable
now" check, incremental and resumable.

One request per release (``/marketplace/stats/{id}``) is a long job for a big wantlist, so
its answers are kept on disk with the time they were fetched, in
``<data dir>/availability-v1/<username>.json`` (0600, replaced atomically every few answers
and when the check stops). An answer younger than ``fresh_for`` (an hour unless configured)
is not asked again: reopening the wantlist sends no request for wants already checked, and a
check interrupted by leaving the screen or quitting resumes where it stopped. The check asks
about the rows on screen first, then the rest stalest first (never checked counts as the
stalest), at background priority, as a job of ``service.jobs``.
"""

from __future__ import annotations

import logging
import time
from collections import deque
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any

from discogs_tui.api.scheduler import Priority
from discogs_tui.api.userfile import UserFile

if TYPE_CHECKING:
    from discogs_tui.api.sections import Sections

log = logging.getLogger(__name__)

FORMAT_VERSION = 1
DEFAULT_FRESH_FOR = 3600.0
SAVE_EVERY = 20  # answers between saves: 20 seconds' work at the rate limit


@dataclass(frozen=True)
class Checked:
    """One release's marketplace stats and when they were fetched (``time.time()``)."""

    count: int
    lowest: dict[str, Any] | None  # {"value": 12.5, "currency": "EUR"}, None: nothing for sale
    at: float

    @classmethod
    def from_stats(cls, stats: dict[str, Any], at: float) -> Checked:
        count = stats.get("num_for_sale")
        lowest = stats.get("lowest_price")
        return cls(
            count if isinstance(count, int) else 0,
            lowest if isinstance(lowest, dict) else None,
            at,
        )

    def stats(self) -> dict[str, Any]:
        """In the shape of the API's answer."""
        return {"num_for_sale": self.count, "lowest_price": self.lowest}


class AvailabilityStore:
    def __init__(
        self,
        username: str,
        directory: Path | None,
        fresh_for: float = DEFAULT_FRESH_FOR,
        clock: Callable[[], float] = time.time,
    ) -> None:
        """``directory=None`` keeps the answers in memory (tests); otherwise pass
        ``locations.data_dir()``."""
        self.username = username
        self.fresh_for = fresh_for
        self._clock = clock
        self.file = UserFile(
            "availability file", f"availability-v{FORMAT_VERSION}", username, directory
        )
        self.checked: dict[int, Checked] = self._read()
        self._unsaved = 0

    # -- the file -------------------------------------------------------------------------------
    def _read(self) -> dict[int, Checked]:
        saved = self.file.read("releases")
        try:
            return {
                int(release_id): Checked(int(count), lowest, float(at))
                for release_id, (count, lowest, at) in (saved or {}).items()
            }
        except (ValueError, TypeError, AttributeError) as error:
            log.warning(
                "availability file %s unreadable (%s); starting afresh", self.file.path, error
            )
            return {}

    def save(self) -> None:
        """Write what is known, keeping the newer answer where another process wrote too."""
        self._unsaved = 0
        if self.file.path is None:
            return
        merged = self._read()
        for release_id, checked in self.checked.items():
            if release_id not in merged or merged[release_id].at < checked.at:
                merged[release_id] = checked
        document = {
            "releases": {str(k): [c.count, c.lowest, c.at] for k, c in sorted(merged.items())}
        }
        if self.file.write(document):
            self.checked = merged

    # -- reading --------------------------------------------------------------------------------
    def get(self, release_id: int) -> Checked | None:
        """The last answer, fresh or not (a stale one is still worth showing)."""
        return self.checked.get(release_id)

    def is_fresh(self, release_id: int) -> bool:
        checked = self.checked.get(release_id)
        return checked is not None and self._clock() - checked.at < self.fresh_for

    def due(self, release_ids: Iterable[int]) -> list[int]:
        """The releases to ask about, stalest first (never checked first of all), each once."""
        unique = dict.fromkeys(release_ids)
        stale = [rid for rid in unique if not self.is_fresh(rid)]
        return sorted(stale, key=lambda rid: self.checked[rid].at if rid in self.checked else 0.0)

    # -- checking -------------------------------------------------------------------------------
    async def check(
        self,
        service: Sections,
        release_ids: Iterable[int],
        visible: Callable[[], Iterable[int]] = tuple,
        on_answer: Callable[[int, Checked], None] | None = None,
    ) -> None:
        """Ask the marketplace about every release of ``release_ids`` not fresh, the ones
        ``visible()`` names (asked again before each request) first. Saves every few answers
        and whenever it stops; a DiscogsError ends it (what was learnt is kept)."""
        queue = deque(self.due(release_ids))
        if not queue:
            return
        pending = set(queue)
        total = len(dict.fromkeys(release_ids))
        done = total - len(pending)
        title = f"Availability check of {self.username}'s wants"
        with service.jobs.start(title, "wantlist check") as job:
            job.advance(done, total)
            try:
                while pending:
                    await job.checkpoint()
                    release_id = self._next(queue, pending, visible())
                    stats = await service.marketplace.stats(
                        release_id, priority=Priority.BACKGROUND
                    )
                    checked = Checked.from_stats(stats, self._clock())
                    self.checked[release_id] = checked
                    pending.discard(release_id)
                    done += 1
                    job.advance(done)
                    self._unsaved += 1
                    if self._unsaved >= SAVE_EVERY:
                        self.save()
                    if on_answer is not None:
                        on_answer(release_id, checked)
            finally:
                if self._unsaved:
                    self.save()

    @staticmethod
    def _next(queue: deque[int], pending: set[int], visible: Iterable[int]) -> int:
        """A pending release on screen, else the stalest pending one."""
        for release_id in visible:
            if release_id in pending:
                return release_id
        while queue[0] not in pending:
            queue.popleft()
        return queue[0]

"""The watcher's rounds (``discogs-tui watch``): keep the collection mirror fresh, check the
wants for copies for sale, note the collection's value once a day, and say what changed.

A round: an incremental sync of the mirror (skipped while the app holds it: the app syncs
it), a walk of the wantlist, a marketplace check of each want not checked for
``fresh_for`` seconds (never-checked first, then stalest first) and, once a calendar day,
the collection's value. Every request goes at background priority through the service's
scheduler, whose limiter is capped at the watcher's rate and shares the window with the app
(``shared_budget``). Each answer is an event (``emit``); answers are written to the history
every ``SAVE_EVERY`` checks and when the round ends, so a stopped round resumes with the
wants it had not reached.

The API gives a release's number of copies for sale and the lowest price, nothing about
each listing's condition or shipping: the events say so by linking to the listings.
"""

from __future__ import annotations

import time
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path
from typing import TYPE_CHECKING, Any

from discogs_tui.api.history import Change, Check, WatchHistory, changes_since, parse_money
from discogs_tui.api.scheduler import Priority

if TYPE_CHECKING:
    from discogs_tui.api.service import DiscogsService

DEFAULT_FRESH_FOR = 6 * 3600.0
SAVE_EVERY = 10
LISTINGS_URL = "https://www.discogs.com/sell/release/{}"


def listings_url(release_id: int) -> str:
    """The release's marketplace listings on the website (condition, shipping, sellers)."""
    return LISTINGS_URL.format(int(release_id))


def price_text(value: float | None, currency: str) -> str:
    return "—" if value is None else f"{value:,.2f} {currency}".rstrip()


@dataclass(frozen=True)
class Event:
    """One line of the watcher's log (``text``), with its facts for ``--json``."""

    kind: str  # "mirror", "wants", "check", "for sale", "price drop", "under alert", "value"
    text: str
    data: dict[str, Any] = field(default_factory=dict)

    def as_json(self) -> dict[str, Any]:
        return {"event": self.kind, "message": self.text, **self.data}


@dataclass
class RoundReport:
    checked: int = 0
    changes: list[Change] = field(default_factory=list)
    titles: dict[int, str] = field(default_factory=dict)
    value: tuple[float, float, float, str] | None = None


def change_text(change: Change, title: str) -> str:
    price = price_text(change.lowest, change.currency)
    if change.kind == "under alert":
        what = f"{change.count} for sale from {price}, under your {change.alert:,.2f}"
    elif change.kind == "price drop":
        what = f"lowest price down from {price_text(change.before, change.currency)} to {price}"
    else:
        what = f"now {change.count} for sale from {price}"
    return f"{title}: {what} — {listings_url(change.release_id)}"


class Watcher:
    def __init__(
        self,
        service: DiscogsService,
        username: str,
        directory: Path | None,
        history: WatchHistory,
        *,
        fresh_for: float = DEFAULT_FRESH_FOR,
        emit: Callable[[Event], None] = lambda event: None,
        clock: Callable[[], float] = time.time,
    ) -> None:
        self.service = service
        self.username = username
        self.directory = directory
        self.history = history
        self.fresh_for = fresh_for
        self.emit = emit
        self._clock = clock
        self._currency: str | None = None

    async def round(self) -> RoundReport:
        started = self._clock()
        report = RoundReport()
        await self._sync_mirror()
        report.titles = await self._wants()
        self.history.keep_only(report.titles)
        report.checked = await self._check(report.titles)
        report.value = await self._value()
        report.changes = changes_since(self.history.snapshot(), started)
        for change in report.changes:
            title = report.titles.get(change.release_id, f"release {change.release_id}")
            self.emit(
                Event(
                    change.kind,
                    change_text(change, title),
                    {
                        "release_id": change.release_id,
                        "title": title,
                        "num_for_sale": change.count,
                        "lowest_price": change.lowest,
                        "currency": change.currency,
                        "before": change.before,
                        "alert": change.alert,
                        "url": listings_url(change.release_id),
                    },
                )
            )
        return report

    def seconds_until_due(self) -> float:
        """How long until the stalest want needs checking again (at least a minute)."""
        last = self.history.last_checked()
        if not last:
            return self.fresh_for
        return max(60.0, min(last.values()) + self.fresh_for - self._clock())

    # -- the steps ------------------------------------------------------------------------------
    async def _sync_mirror(self) -> None:
        if self.directory is None:
            return
        from discogs_tui.api.mirror import CollectionMirror

        mirror = await CollectionMirror.opened(self.service, self.username, self.directory)
        try:
            if not mirror.writable:
                self.emit(Event("mirror", "collection mirror in use by the app; it syncs it"))
                return
            synced = await mirror.sync()
            self.emit(
                Event(
                    "mirror",
                    f"collection mirror synced: {synced.added} added, {synced.updated} changed, "
                    f"{synced.removed} removed ({len(mirror):,} copies)",
                    {
                        "added": synced.added,
                        "updated": synced.updated,
                        "removed": synced.removed,
                        "copies": len(mirror),
                    },
                )
            )
        finally:
            mirror.close()

    async def _wants(self) -> dict[int, str]:
        """Release id -> "Artist – Title" of every want."""
        from discogs_tui.api.mirror import release_summary
        from discogs_tui.api.pagination import walk_items

        def fetch(page: int, per_page: int) -> Any:
            return self.service.wantlist.wants(
                self.username, page=page, per_page=per_page, priority=Priority.BACKGROUND
            )

        titles = {}
        async for want in walk_items(fetch):
            info = want.get("basic_information") or {}
            release_id = int(want.get("id") or info.get("id") or 0)
            summary = release_summary(info)
            titles[release_id] = f"{summary['artist']} – {summary['title']}"
        self.emit(Event("wants", f"{len(titles):,} wants on the wantlist", {"wants": len(titles)}))
        return titles

    async def currency(self) -> str:
        """The user's currency (their profile's), asked once."""
        if self._currency is None:
            profile = await self.service.users.profile(self.username, priority=Priority.BACKGROUND)
            self._currency = str(profile.get("curr_abbr") or "USD")
        return self._currency

    def due(self, release_ids: list[int]) -> list[int]:
        last = self.history.last_checked()
        now = self._clock()
        stale = [rid for rid in release_ids if now - last.get(rid, 0.0) >= self.fresh_for]
        return sorted(stale, key=lambda rid: last.get(rid, 0.0))

    async def _check(self, titles: dict[int, str]) -> int:
        due = self.due(list(titles))
        if not due:
            return 0
        currency = await self.currency()
        answers: list[tuple[int, Check, str, str]] = []
        try:
            for release_id in due:
                stats = await self.service.marketplace.stats(
                    release_id, currency=currency, priority=Priority.BACKGROUND, use_cache=False
                )
                check = _check_of(stats, self._clock())
                answers.append((release_id, check, currency, titles[release_id]))
                self.emit(
                    Event(
                        "check",
                        f"{titles[release_id]}: {check.count} for sale"
                        + (f" from {price_text(check.lowest, currency)}" if check.count else ""),
                        {
                            "release_id": release_id,
                            "num_for_sale": check.count,
                            "lowest_price": check.lowest,
                            "currency": currency,
                        },
                    )
                )
                if len(answers) % SAVE_EVERY == 0:
                    self.history.record_checks(answers[-SAVE_EVERY:])
        finally:
            unsaved = answers[len(answers) - len(answers) % SAVE_EVERY :]
            if unsaved:
                self.history.record_checks(unsaved)
        return len(answers)

    async def _value(self) -> tuple[float, float, float, str] | None:
        """Today's value of the collection, asked once a day."""
        today = date.fromtimestamp(self._clock())
        values = self.history.snapshot().values
        if values and values[-1].day == today.isoformat():
            return None
        answer = await self.service.collection.value(self.username, priority=Priority.BACKGROUND)
        parsed = [parse_money(answer.get(name)) for name in ("minimum", "median", "maximum")]
        if any(p is None for p in parsed):
            self.emit(Event("value", "the collection's value was not in the answer"))
            return None
        (low, symbol), (median, _), (high, _) = parsed  # type: ignore[misc]
        self.history.record_value(today, low, median, high, symbol)
        self.emit(
            Event(
                "value",
                f"collection value: {answer.get('minimum')} min, {answer.get('median')} median, "
                f"{answer.get('maximum')} max",
                {"minimum": low, "median": median, "maximum": high, "symbol": symbol},
            )
        )
        return low, median, high, symbol


def _check_of(stats: dict[str, Any], at: float) -> Check:
    count = stats.get("num_for_sale")
    lowest = stats.get("lowest_price")
    value = lowest.get("value") if isinstance(lowest, dict) else None
    return Check(
        at,
        count if isinstance(count, int) else 0,
        float(value) if isinstance(value, int | float) else None,
    )

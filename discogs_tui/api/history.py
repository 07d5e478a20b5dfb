"""What the watcher learnt, kept locally: each want's marketplace checks, the collection's
value per day, the "alert when under" prices and when the user last looked.

One TinyDB file per user, ``<data dir>/history-v1/<username>.json`` (0600), shared by the app
and ``discogs-tui watch``. TinyDB's stock storage rewrites the file in place (a kill can leave
half of it) and two processes writing one file lose writes, so:

* the storage here replaces the file whole (temp file, fsync, rename: ``atomic``);
* every change is a read-modify-write under an exclusive ``fcntl.flock`` of a lock file
  beside it, on a fresh read, so the app's alert prices and the watcher's checks never
  overwrite each other; the watcher batches its checks (a write every few answers).

Bounded: a want keeps its last ``MAX_CHECKS`` checks (a check that changes nothing replaces
the previous one of the same day), the value its last ``MAX_DAYS`` days, and wants that left
the wantlist are dropped with their alert. Tables: ``wants`` (doc id = release id:
``{"checks": [[at, count, lowest], ...], "currency": "EUR", "title": "Artist – Title"}``), ``values`` (doc id = the day's
ordinal: ``{"day", "minimum", "median", "maximum", "symbol"}``), ``alerts`` (doc id = release id:
``{"under": price}``) and ``looked`` (doc 1: ``{"at": time}``).
"""

from __future__ import annotations

import contextlib
import fcntl
import json
import os
import re
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path
from typing import Any

from tinydb import TinyDB
from tinydb.storages import MemoryStorage, Storage
from tinydb.table import Document

from discogs_tui import atomic
from discogs_tui.locations import watch_history_file

MAX_CHECKS = 240  # per want: ten days of hourly checks
MAX_DAYS = 730  # of collection value


class AtomicJSONStorage(Storage):
    """TinyDB storage that reads the file whole and replaces it whole (0600)."""

    def __init__(self, path: Path) -> None:
        self.path = path

    def read(self) -> dict[str, dict[str, Any]] | None:
        try:
            text = self.path.read_text(encoding="utf-8")
        except FileNotFoundError:
            return None
        if not text.strip():
            return None
        try:
            data = json.loads(text)
        except ValueError as error:
            atomic.move_aside(self.path, str(error))
            return None
        return data if isinstance(data, dict) else None

    def write(self, data: dict[str, dict[str, Any]]) -> None:
        atomic.write(self.path, json.dumps(data, separators=(",", ":")), mode=atomic.PRIVATE)


@dataclass(frozen=True)
class Check:
    at: float
    count: int
    lowest: float | None  # in the want's currency; None: nothing for sale


@dataclass(frozen=True)
class DayValue:
    day: str  # ISO date
    minimum: float
    median: float
    maximum: float
    symbol: str  # "€", "$", "CHF "


@dataclass
class Snapshot:
    """The history as read at one moment: plain data for the app and the summaries."""

    checks: dict[int, list[Check]] = field(default_factory=dict)
    currency: dict[int, str] = field(default_factory=dict)
    titles: dict[int, str] = field(default_factory=dict)
    values: list[DayValue] = field(default_factory=list)  # oldest first
    alerts: dict[int, float] = field(default_factory=dict)
    looked_at: float | None = None


_NUMBER = re.compile(r"\d[\d,]*(?:\.\d+)?")


def parse_money(text: Any) -> tuple[float, str] | None:
    """``"€1,234.56"`` -> (1234.56, "€"); None when there is no amount in it."""
    if isinstance(text, int | float):
        return float(text), ""
    if not isinstance(text, str):
        return None
    match = _NUMBER.search(text)
    if match is None:
        return None
    return float(match.group().replace(",", "")), text[: match.start()]


class WatchHistory:
    def __init__(self, username: str, directory: Path | None) -> None:
        """``directory=None`` keeps everything in memory (tests, the demo)."""
        self.username = username
        self.path = None if directory is None else watch_history_file(directory, username)
        self._memory = TinyDB(storage=MemoryStorage) if self.path is None else None

    # -- the file -------------------------------------------------------------------------------
    @contextlib.contextmanager
    def _db(self) -> Iterator[TinyDB]:
        """The database, fresh from disk, under the exclusive lock until the block ends."""
        if self._memory is not None:
            yield self._memory
            return
        assert self.path is not None
        self.path.parent.mkdir(parents=True, exist_ok=True, mode=0o700)
        fd = os.open(self.path.with_suffix(".lock"), os.O_RDWR | os.O_CREAT, 0o600)
        try:
            fcntl.flock(fd, fcntl.LOCK_EX)
            db = TinyDB(self.path, storage=AtomicJSONStorage)
            try:
                yield db
            finally:
                db.close()
        finally:
            os.close(fd)

    # -- writing --------------------------------------------------------------------------------
    def record_checks(self, checks: Iterable[tuple[int, Check, str, str]]) -> None:
        """(release id, check, currency, "Artist – Title") of each answer, in one write."""
        with self._db() as db:
            wants = db.table("wants")
            for release_id, check, currency, title in checks:
                doc = wants.get(doc_id=release_id)
                rows = list(doc["checks"]) if doc else []
                row = [round(check.at, 1), check.count, check.lowest]
                if rows and rows[-1][1:] == row[1:] and _same_day(rows[-1][0], row[0]):
                    if len(rows) >= 2 and rows[-2][1:] == row[1:]:
                        rows[-1] = row  # unchanged: keep the first and the latest of a run
                    else:
                        rows.append(row)
                else:
                    rows.append(row)
                wants.upsert(
                    Document(
                        {"checks": rows[-MAX_CHECKS:], "currency": currency, "title": title},
                        release_id,
                    )
                )

    def record_value(
        self, day: date, minimum: float, median: float, maximum: float, symbol: str
    ) -> None:
        with self._db() as db:
            values = db.table("values")
            values.upsert(
                Document(
                    {
                        "day": day.isoformat(),
                        "minimum": minimum,
                        "median": median,
                        "maximum": maximum,
                        "symbol": symbol,
                    },
                    day.toordinal(),
                )
            )
            if len(values) > MAX_DAYS:
                oldest = sorted(doc.doc_id for doc in values.all())[: len(values) - MAX_DAYS]
                values.remove(doc_ids=oldest)

    def keep_only(self, release_ids: Iterable[int]) -> int:
        """Forget wants (and their alerts) no longer on the wantlist; how many went."""
        keep = set(release_ids)
        gone = 0
        with self._db() as db:
            for name in ("wants", "alerts"):
                table = db.table(name)
                drop = [doc.doc_id for doc in table.all() if doc.doc_id not in keep]
                if drop:
                    table.remove(doc_ids=drop)
                    gone += len(drop) if name == "wants" else 0
        return gone

    def set_alert(self, release_id: int, under: float | None) -> None:
        """Alert when a copy is for sale under ``under``; None removes the alert."""
        with self._db() as db:
            alerts = db.table("alerts")
            if under is None:
                if alerts.contains(doc_id=release_id):
                    alerts.remove(doc_ids=[release_id])
            else:
                alerts.upsert(Document({"under": float(under)}, release_id))

    def mark_looked(self, at: float) -> None:
        with self._db() as db:
            db.table("looked").upsert(Document({"at": at}, 1))

    # -- reading --------------------------------------------------------------------------------
    def snapshot(self) -> Snapshot:
        snap = Snapshot()
        with self._db() as db:
            for doc in db.table("wants").all():
                snap.checks[doc.doc_id] = [
                    Check(at, count, low) for at, count, low in doc["checks"]
                ]
                snap.currency[doc.doc_id] = doc.get("currency", "")
                snap.titles[doc.doc_id] = doc.get("title", "")
            snap.values = sorted(
                (
                    DayValue(d["day"], d["minimum"], d["median"], d["maximum"], d["symbol"])
                    for d in db.table("values").all()
                ),
                key=lambda v: v.day,
            )
            snap.alerts = {doc.doc_id: float(doc["under"]) for doc in db.table("alerts").all()}
            looked = db.table("looked").get(doc_id=1)
            snap.looked_at = looked["at"] if looked else None
        return snap

    def last_checked(self) -> dict[int, float]:
        """Release id -> when it was last checked."""
        with self._db() as db:
            return {
                doc.doc_id: doc["checks"][-1][0] for doc in db.table("wants").all() if doc["checks"]
            }


def _same_day(a: float, b: float) -> bool:
    return date.fromtimestamp(a) == date.fromtimestamp(b)


# -- what changed -------------------------------------------------------------------------------
@dataclass(frozen=True)
class Change:
    """Something worth telling about a want since a moment."""

    release_id: int
    kind: str  # "for sale", "price drop", "under alert"
    count: int
    lowest: float | None
    currency: str
    before: float | None = None  # the earlier lowest price (price drops)
    alert: float | None = None


KINDS = ("under alert", "for sale", "price drop")


def changes_since(snapshot: Snapshot, since: float | None) -> list[Change]:
    """Wants newly for sale, with a lower price, or under their alert price, comparing each
    want's latest check with the last one made at or before ``since`` (None: compare with
    the check before the latest). A want appears once, under its most pressing kind."""
    found = []
    for release_id, checks in snapshot.checks.items():
        if not checks:
            continue
        latest = checks[-1]
        if since is None:
            before = checks[-2] if len(checks) > 1 else None
        else:
            earlier = [c for c in checks if c.at <= since]
            before = earlier[-1] if earlier else None
        if before is latest:
            continue  # nothing checked since
        currency = snapshot.currency.get(release_id, "")
        alert = snapshot.alerts.get(release_id)
        common = {
            "release_id": release_id,
            "count": latest.count,
            "lowest": latest.lowest,
            "currency": currency,
        }
        if alert is not None and latest.lowest is not None and latest.lowest <= alert:
            was_under = before is not None and before.lowest is not None and before.lowest <= alert
            if not was_under:
                found.append(
                    Change(
                        kind="under alert",
                        alert=alert,
                        before=before.lowest if before else None,
                        **common,
                    )
                )
                continue
        if before is None:
            continue
        if latest.count > 0 and before.count == 0:
            found.append(Change(kind="for sale", **common))
        elif (
            latest.lowest is not None
            and before.lowest is not None
            and latest.lowest < before.lowest
        ):
            found.append(Change(kind="price drop", before=before.lowest, **common))
    return sorted(found, key=lambda c: (KINDS.index(c.kind), c.release_id))


def now_under_alert(snapshot: Snapshot) -> list[Change]:
    """Every want whose latest lowest price is at or under its alert price."""
    found = []
    for release_id, under in snapshot.alerts.items():
        checks = snapshot.checks.get(release_id)
        if checks and checks[-1].lowest is not None and checks[-1].lowest <= under:
            latest = checks[-1]
            found.append(
                Change(
                    release_id,
                    "under alert",
                    latest.count,
                    latest.lowest,
                    snapshot.currency.get(release_id, ""),
                    alert=under,
                )
            )
    return sorted(found, key=lambda c: c.release_id)

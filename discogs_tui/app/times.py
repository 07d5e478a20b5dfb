"""Times as the person at the keyboard reads them: in their local zone, with the zone named.
Discogs gives order times in its server's zone (``2023-10-06T21:56:14-07:00``) and inventory
jobs' without an offset (UTC)."""

from __future__ import annotations

from datetime import UTC, datetime
from typing import Any

from discogs_tui.app.render import clean


def moment(value: Any) -> datetime | None:
    """An API time as an aware datetime (no offset given: UTC); None when it isn't one."""
    try:
        parsed = datetime.fromisoformat(clean(value))
    except ValueError:
        return None
    return parsed if parsed.tzinfo else parsed.replace(tzinfo=UTC)


def zone_name() -> str:
    """The local zone's short name now ("CET", "UTC", or an offset like "+0530")."""
    now = datetime.now().astimezone()
    return now.tzname() or now.strftime("%z")


def local_time(value: Any, *, zone: bool = True) -> str:
    """``2023-10-06T21:56:14-07:00`` as ``2023-10-07 05:56 CET`` where the user is; what it
    was (cut to the minute) when it isn't a time."""
    parsed = moment(value)
    if parsed is None:
        return clean(value)[:16].replace("T", " ")
    local = parsed.astimezone()
    shown = local.strftime("%Y-%m-%d %H:%M")
    return f"{shown} {local.tzname() or local.strftime('%z')}" if zone else shown


def local_date(value: Any) -> str:
    """The local date of an API time (``2023-10-07``)."""
    return local_time(value, zone=False)[:10]

"""How a marketplace listing reads, wherever it is shown (inventory, listing, the listing form,
price suggestions): condition grades, the release's title, the seller, suggestions, stats."""

from __future__ import annotations

import re
from collections.abc import Mapping
from typing import Any

from rich.table import Table
from rich.text import Text

from discogs_tui.api.errors import DiscogsError
from discogs_tui.app import render
from discogs_tui.app.present import credits_of, credits_text, price_text
from discogs_tui.app.render import clean, text
from discogs_tui.vocabulary import MEDIA_CONDITIONS

Json = Mapping[str, Any]


def condition_code(condition: Any) -> str:
    """The grade's abbreviation: ``Very Good Plus (VG+)`` → ``VG+`` (other words as they are)."""
    words = clean(condition)
    match = re.search(r"\(([^()]+)\)\s*$", words)
    return match.group(1) if match else words


def release_title(listing: Json) -> str:
    """``Artist - Title`` of a listing's release."""
    release = listing.get("release") or {}
    if release.get("artist") and release.get("title"):
        return clean(f"{release['artist']} - {release['title']}")
    return clean(release.get("description") or f"Release {release.get('id', '?')}")


def listing_release_id(listing: Json) -> int | None:
    release_id = (listing.get("release") or {}).get("id")
    return release_id if isinstance(release_id, int) else None


def seller_name(listing: Json) -> str:
    return clean((listing.get("seller") or {}).get("username") or "")


def seller_line(seller: Json) -> Text:
    line = text(seller.get("username") or "")
    stats = seller.get("stats") or {}
    if stats.get("rating"):
        line.append(text(f"  {stats['rating']}% positive from {stats.get('total', 0)} ratings"))
    return line


def release_line(release: Json) -> Text:
    details = [release.get("format"), release.get("catalog_number"), release.get("year")]
    line = text(", ".join(clean(part).strip("()") for part in details if part))
    line.append("   o opens the release", style="dim")
    return line


def release_summary(release: Json) -> Text:
    """``Release: Artist - Title (Vinyl, 1987, UK)``."""
    artists = credits_text(credits_of(release.get("artists")))
    title = clean(release.get("title") or "")
    formats = ", ".join(clean(f.get("name", "")) for f in release.get("formats") or [])
    details = [formats, clean(release.get("year") or ""), clean(release.get("country") or "")]
    extra = ", ".join(part for part in details if part and part != "0")
    summary = Text()
    summary.append("Release: ", style="bold")
    summary.append(text(f"{artists} - {title}" if artists else title))
    if extra:
        summary.append(text(f" ({extra})"))
    return summary


def suggestions_table(suggestions: Json, chosen: Any) -> Table | Text:
    """Suggested prices per condition; the chosen condition marked."""
    if not suggestions:
        return Text(
            "No price suggestions for this release (Discogs gives them once your seller "
            "settings are filled in).",
            style="dim",
        )
    grid = Table.grid(padding=(0, 1))
    grid.add_column(no_wrap=True)
    grid.add_column(justify="right", no_wrap=True)
    grid.title = "Suggested prices"
    grid.title_style = "bold"
    for condition in MEDIA_CONDITIONS:
        if condition not in suggestions:
            continue
        style = "bold reverse" if condition == chosen else ""
        grid.add_row(
            render.text(condition_code(condition), style=style),
            render.text(price_text(suggestions[condition]), style=style),
        )
    return grid


def stats_text(stats: Any) -> Text:
    if isinstance(stats, DiscogsError):
        return text(f"Marketplace stats: {stats}", "dim")
    if not isinstance(stats, Mapping):
        return Text()
    if stats.get("blocked_from_sale"):
        return Text("Discogs blocks this release from sale.", style="bold")
    count = stats.get("num_for_sale") or 0
    if not count:
        return Text("Nobody else sells it now.")
    return render.text(f"For sale now: {count}, lowest {price_text(stats.get('lowest_price'))}")

"""The models (``api/models.py``) as the screens show them: credits, names that link, prices.

Each way of writing something is here once, so every screen writes it alike. Everything goes
through ``render``'s cleaning: Discogs' text is data, never markup. Times are ``app/times.py``'s
(the user's zone, named).

Credits follow Discogs' own pages: the name as credited (the ANV) when there is one, the
artist's name without the " (2)" Discogs adds to tell namesakes apart, and the join words
between them: ``Stock / Aitken / Waterman & Rick Astley Feat. Someone``.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Mapping, Sequence
from typing import Any

from discogs_tui.api import markup
from discogs_tui.api.models import Credit, Entity, Price, display_name
from discogs_tui.app.render import clean, flat

Span = markup.Span


def link_to(kind: str, entity_id: int | None) -> markup.Link | None:
    """A link to the artist, label, release or master ``entity_id`` (None without one)."""
    return markup.Link(kind, str(entity_id)) if entity_id is not None and entity_id > 0 else None


def name_span(kind: str, entity: Entity | Credit, *, numbered: bool = True) -> Span:
    """An artist's or label's name linking to its page; ``numbered=False`` drops the " (2)"."""
    name = flat(entity.name) if numbered else display_name(flat(entity.name))
    return Span(name or "?", link=link_to(kind, entity.id))


def credit_spans(credits: Sequence[Credit]) -> list[Span]:
    """``A & B Feat. C``: each credited name a link to its artist, the joins between them."""
    spans: list[Span] = []
    for index, credit in enumerate(credits):
        spans.append(Span(flat(credit.credited) or "?", link=link_to("artist", credit.id)))
        if index < len(credits) - 1:
            separator = credit.separator
            spans.append(Span(separator if separator == ", " else f" {flat(separator)} "))
    return spans


def credits_text(credits: Sequence[Credit]) -> str:
    """The credits on one line of plain text (for titles, cells and the status bar)."""
    return "".join(span.text for span in credit_spans(credits))


def credits_of(artists: Any) -> tuple[Credit, ...]:
    """The credits of a raw ``artists`` list (of a table's row, say)."""
    entries = artists if isinstance(artists, list) else []
    return tuple(Credit.from_json(entry) for entry in entries if isinstance(entry, Mapping))


def price_text(amount: Price | Mapping[str, Any] | None, currency: str = "") -> str:
    """``12.50 EUR`` (thousands separated); blank without an amount. ``currency`` stands in
    when the amount doesn't name its own."""
    price = amount if isinstance(amount, Price) else Price.from_json(amount)
    if price.value is None:
        return ""
    return f"{price.value:,.2f} {clean(price.currency or currency)}".strip()


def count_text(number: int | None, noun: str) -> str:
    """``1 track``, ``3 tracks``; blank for none."""
    if not number:
        return ""
    return f"{number:,} {noun}{'' if number == 1 else 's'}"


def joined(parts: Iterable[str], separator: str = ", ") -> str:
    return separator.join(clean(part) for part in parts if part)


def labelled_links(
    label: str,
    kind: str,
    entries: Sequence[Entity | Credit],
    note: Callable[[Entity | Credit], str] | None = None,
) -> list[Span]:
    """``Label: A, B, C`` as spans, a link for each entry (none without entries);
    ``note(entry)`` may add a few words after one."""
    if not entries:
        return []
    spans = [Span(f"{label}: ", frozenset({"bold"}))]
    for index, entry in enumerate(entries):
        if index:
            spans.append(Span(", "))
        spans.append(name_span(kind, entry))
        if note is not None and (words := note(entry)):
            spans.append(Span(f" ({words})"))
    return spans


def inactive_note(entry: Entity | Credit) -> str:
    """A band's former member, or a group the artist left."""
    return "" if entry.active else "inactive"


def images_note(images: Sequence[object]) -> str:
    return f"{len(images)} on discogs.com" if images else ""

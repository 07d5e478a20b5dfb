"""Checks of parameters the API document constrains, made before anything is sent, and the
parsers of what people type (prices, counts, ids, dates, text) that the app and the command
line share.

Each raises ``ValidationError`` with a message that names the parameter, what was given and
what is allowed, so the UI can show it as is. What was given is echoed shortened, so a huge
paste never makes a huge message.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Iterable
from datetime import UTC, datetime
from decimal import Decimal
from pathlib import Path
from typing import Any

from discogs_tui.api.errors import ValidationError
from discogs_tui.api.markup import strip_controls
from discogs_tui.vocabulary import CURRENCIES, MEDIA_CONDITIONS, SLEEVE_CONDITIONS

__all__ = ["CURRENCIES", "MEDIA_CONDITIONS", "SLEEVE_CONDITIONS"]

SORT_ORDERS = ("asc", "desc")


def choice(name: str, value: str | None, allowed: Iterable[str]) -> str | None:
    """``value`` if it is one of ``allowed`` (None passes: the parameter is optional)."""
    if value is None:
        return None
    allowed = tuple(allowed)
    if value not in allowed:
        raise ValidationError(
            f"Invalid {name} {shown(value)}: expected one of {', '.join(allowed)}."
        )
    return value


def sort(value: str | None, keys: Iterable[str], order: str | None) -> dict[str, str]:
    """The ``sort`` and ``sort_order`` query parameters, checked."""
    params: dict[str, str] = {}
    if value is not None:
        params["sort"] = choice("sort key", value, keys) or value
    if order is not None:
        params["sort_order"] = choice("sort order", order, SORT_ORDERS) or order
    return params


def currency(value: str | None) -> str | None:
    return choice("currency", value.upper() if value else value, CURRENCIES)


def integer(name: str, value: Any, low: int | None = None, high: int | None = None) -> int:
    if isinstance(value, bool) or not isinstance(value, int):
        raise ValidationError(f"{name} must be a whole number (got {shown(value)}).")
    if (low is not None and value < low) or (high is not None and value > high):
        span = f"from {low} to {high}" if high is not None else f"at least {low}"
        raise ValidationError(f"{name} must be {span} (got {value}).")
    return value


def positive_price(name: str, value: Any) -> float:
    try:
        price = float(value)
    except (TypeError, ValueError):
        raise ValidationError(f"{name} must be a number (got {shown(value)}).") from None
    if not price > 0 or price != price or price == float("inf"):
        raise ValidationError(f"{name} must be greater than 0 (got {shown(value)}).")
    return round(price, 2)


def not_blank(name: str, value: str) -> str:
    if not value or not value.strip():
        raise ValidationError(f"{name} must not be empty.")
    return value


# -- what people type ---------------------------------------------------------------------------
SHOWN_LENGTH = 40  # characters of a typed value echoed in a message
MAX_ID = 10**12  # Discogs ids are far below this; a longer number is a slip
MAX_PRICE = Decimal("99999999.99")  # more than any record sells for, in any currency
MAX_COUNT = 999_999  # grams of weight, items a listing counts as
MAX_LINE = 1_000  # characters of a one-line field (folder name, location, search)
MAX_TEXT = 30_000  # characters of a free text (comments, notes, a message, a profile)

# C0/C1 controls and the bidi overrides: pasted from a terminal (with escape sequences), they
# would reach Discogs and everyone who reads it.
_SPACES = re.compile(r"[\s\u00a0\u2009\u202f']+")  # spaces and apostrophes group thousands
_PLAIN_AMOUNT = re.compile(r"(\d+)(?:[.,](\d*))?|[.,](\d+)")  # 12.50, 12,50, .5
# 1,234.50 and 1.234,50; a lone 1,234 or 1.234 reads as decimals (and has too many)
_GROUPED_AMOUNTS = (
    (re.compile(r"(\d{1,3}(?:,\d{3})+)(?:\.(\d*))?"), ","),
    (re.compile(r"(\d{1,3}(?:\.\d{3})+)(?:,(\d*))?"), "."),
)
_LONGEST_NUMBER = 40  # characters; anything longer is no number a form wants
_ARABIC_SEPARATORS = str.maketrans({"\u066b": ".", "\u066c": ","})


def shown(value: Any) -> str:
    """``value`` quoted for a message (controls escaped, as ``repr`` does), shortened to
    SHOWN_LENGTH characters."""
    words = str(value)
    if len(words) > SHOWN_LENGTH:
        return repr(f"{words[:SHOWN_LENGTH]}… ({len(words):,} characters)")
    return repr(words)


def ascii_digits(typed: str) -> str:
    """Every decimal digit of any script (``٣``, ``３``) as its ASCII digit."""
    return "".join(str(unicodedata.decimal(char)) if char.isdecimal() else char for char in typed)


def _number_words(typed: str) -> str:
    """A typed number without spaces, currency signs, or digits of other scripts; ``?`` (no
    number) for a paste too long to be one, so a huge paste costs nothing."""
    if len(typed) > _LONGEST_NUMBER:
        return "?"
    words = unicodedata.normalize("NFKC", str(typed)).translate(_ARABIC_SEPARATORS)
    words = ascii_digits(words)
    words = "".join(char for char in words if unicodedata.category(char) != "Sc")
    return _SPACES.sub("", words)


def _amount_parts(words: str) -> tuple[str, str] | None:
    """(whole, fraction) digits of an amount as people write it, or None."""
    for pattern, separator in _GROUPED_AMOUNTS:
        match = pattern.fullmatch(words)
        if match and (match[2] is not None or match[1].count(separator) > 1):
            return match[1].replace(separator, ""), match[2] or ""
    if match := _PLAIN_AMOUNT.fullmatch(words):
        return match[1] or "0", match[2] or match[3] or ""
    return None


def parse_amount(typed: str, name: str = "Price", *, zero_ok: bool = False) -> float:
    """A money amount as typed: ``12.50``, ``12,50``, ``1,234.50``, ``1.234,50``, ``$ 12``.
    At most two decimals; more than 0 (or 0 too with ``zero_ok``); at most MAX_PRICE."""
    example = "like 5.00 (0 for free)" if zero_ok else "like 12.50"
    wanted = f"a number {'0 or more' if zero_ok else 'greater than 0'}, {example}"
    words = _number_words(typed)
    if not words:
        raise ValidationError(f"{name} is empty: type {wanted}.")
    if words.startswith("-") and _amount_parts(words[1:]):
        raise ValidationError(f"{name} can't be negative: type {wanted}.")
    parts = _amount_parts(words)
    if parts is None:
        raise ValidationError(f"{name} must be {wanted}, in digits (got {shown(typed)}).")
    whole, fraction = parts[0], parts[1].rstrip("0")
    if len(fraction) > 2:
        raise ValidationError(
            f"{name} has {len(fraction)} decimals: use at most 2, {example} (got {shown(typed)})."
        )
    amount = Decimal(f"{whole}.{fraction or 0}")
    if amount > MAX_PRICE:
        raise ValidationError(f"{name} is too large: at most {MAX_PRICE:,}.")
    if amount == 0 and not zero_ok:
        raise ValidationError(f"{name} must be greater than 0, {example}.")
    return float(amount)


def parse_whole(typed: str, name: str, low: int = 0, high: int = MAX_COUNT) -> int:
    """A whole number as typed (digits of any script), from ``low`` to ``high``."""
    words = _number_words(typed)
    if not words:
        raise ValidationError(f"{name} is empty: type a whole number from {low:,} to {high:,}.")
    negative = words.startswith("-") and words[1:].isdigit()
    if not (words.isascii() and words.isdigit()) and not negative:
        raise ValidationError(
            f"{name} must be a whole number from {low:,} to {high:,} (got {shown(typed)})."
        )
    if len(words) > len(str(high)) + 1 or not low <= int(words) <= high:
        raise ValidationError(f"{name} must be from {low:,} to {high:,} (got {shown(typed)}).")
    return int(words)


def parse_count_or_auto(typed: str, name: str) -> int | str | None:
    """Weight and counts-as: blank (None), ``auto``, or a whole number of 0 or more."""
    words = typed.strip()
    if not words:
        return None
    if words.casefold() == "auto":
        return "auto"
    try:
        return parse_whole(words, name)
    except ValidationError:
        raise ValidationError(
            f"{name} must be auto or a whole number from 0 to {MAX_COUNT:,} (got {shown(typed)})."
        ) from None


def parse_id(typed: str, kind: str = "release") -> int:
    """A Discogs id as typed (``249504``, digits of any script): 1 or more."""
    words = _number_words(typed)
    example = f"like 249504, as in discogs.com/{kind}/249504"
    if not words:
        raise ValidationError(f"Type a {kind} id, {example}.")
    if not (words.isascii() and words.isdigit()):
        raise ValidationError(f"A {kind} id is a whole number {example} (got {shown(typed)}).")
    if len(words) > len(str(MAX_ID)) or int(words) > MAX_ID:
        raise ValidationError(f"{shown(typed)} is too long to be a {kind} id.")
    if int(words) == 0:
        raise ValidationError(f"Discogs {kind} ids start at 1 (got {shown(typed)}).")
    return int(words)


def parse_date(typed: str, name: str) -> datetime | None:
    """A date (``2024-01-31``) or time (``2024-01-31T18:30:00Z``), in UTC unless it says
    otherwise; None when blank."""
    words = ascii_digits(typed.strip())
    if not words:
        return None
    example = "like 2024-01-31 or 2024-01-31T18:30:00Z"
    if len(words) > 40:
        raise ValidationError(f"{name} must be a date {example} (got {shown(typed)}).")
    try:
        moment = datetime.fromisoformat(words.upper().replace("Z", "+00:00"))
    except ValueError as error:
        reason = str(error)
        if "range" in reason or "must be in" in reason:  # 2026-02-30, 2024-13-01, 25:00
            raise ValidationError(
                f"{name}: {shown(typed)} isn't on the calendar ({reason}). Type a real date, "
                f"{example}."
            ) from None
        raise ValidationError(f"{name} must be a date {example} (got {shown(typed)}).") from None
    return moment if moment.tzinfo else moment.replace(tzinfo=UTC)


def plain_text(name: str, typed: str, *, lines: bool = False, max_length: int = MAX_LINE) -> str:
    """Typed or pasted text fit to send: NFC-normalised, without escape sequences or control
    characters (newlines and tabs stay when ``lines``; otherwise they become spaces); at most
    ``max_length`` characters."""
    words = str(typed).replace("\r\n", "\n").replace("\r", "\n")
    if not lines:
        words = words.replace("\n", " ").replace("\t", " ")
    words = unicodedata.normalize("NFC", strip_controls(words))
    if len(words) > max_length:
        raise ValidationError(
            f"{name} is {len(words):,} characters long; at most {max_length:,} fit. Shorten it."
        )
    return words


def search_text(typed: str, name: str = "The search") -> str:
    """A search query or field: one line, trimmed, at most MAX_LINE characters."""
    return plain_text(name, typed).strip()


def local_path(typed: str, name: str = "The path") -> Path:
    """A file path as typed (``~`` is your home), made absolute."""
    words = typed.strip()
    if not words:
        raise ValidationError(f"{name} is empty: type one, like ~/listings.csv.")
    try:
        path = Path(words).expanduser().resolve()
        path.exists()  # raises for a name too long
        return path
    except (ValueError, OSError, RuntimeError) as error:  # NUL, too long, no such ~user
        reason = getattr(error, "strerror", None) or str(error)
        raise ValidationError(f"{name} {shown(typed)} can't be used: {reason}.") from None


def credential(name: str, typed: str) -> str:
    """A pasted token, key, secret or verifier: trimmed; printable ASCII without spaces, as
    every Discogs credential is (a paste that caught more says so here, not as a 401)."""
    words = typed.strip()
    if len(words) > 256 or not (words.isascii() and words.isprintable()) or " " in words:
        raise ValidationError(
            f"{name} has characters no Discogs credential has (spaces, accents, control "
            "characters) or is too long: copy it again, alone."
        )
    return words


def search_fields(fields: dict[str, Any]) -> dict[str, str]:
    """The text parameters of a search or filter that were given, checked: text cleaned (one
    line, at most MAX_LINE characters), a year a year (digits of any script)."""
    checked: dict[str, str] = {}
    for name, value in fields.items():
        label = name.replace("_", " ").capitalize()
        words = search_text("" if value is None else str(value), label)
        if words and name == "year":
            words = str(parse_whole(words, label, 1, 9999))
        if words:
            checked[name] = words
    return checked


PROFILE_FIELDS = {"name": "Name", "home_page": "Home page", "location": "Location"}


def profile_text(changes: dict[str, Any]) -> dict[str, Any]:
    """A profile's text fields as typed, cleaned (one line each, the profile several)."""
    checked = dict(changes)
    for name, value in changes.items():
        if isinstance(value, str) and name == "profile":
            checked[name] = plain_text("Profile", value, lines=True, max_length=MAX_TEXT)
        elif isinstance(value, str) and name in PROFILE_FIELDS:
            checked[name] = plain_text(PROFILE_FIELDS[name], value).strip()
    return checked

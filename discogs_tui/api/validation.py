"""Checks of parameters the API document constrains, made before anything is sent.

Each raises ``ValidationError`` with a message that names the parameter, what was given and
what is allowed, so the UI can show it as is.
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from discogs_tui.api.errors import ValidationError
from discogs_tui.vocabulary import CURRENCIES, MEDIA_CONDITIONS, SLEEVE_CONDITIONS

__all__ = ["CURRENCIES", "MEDIA_CONDITIONS", "SLEEVE_CONDITIONS"]

SORT_ORDERS = ("asc", "desc")


def choice(name: str, value: str | None, allowed: Iterable[str]) -> str | None:
    """``value`` if it is one of ``allowed`` (None passes: the parameter is optional)."""
    if value is None:
        return None
    allowed = tuple(allowed)
    if value not in allowed:
        raise ValidationError(f"Invalid {name} {value!r}: expected one of {', '.join(allowed)}.")
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
        raise ValidationError(f"{name} must be a whole number (got {value!r}).")
    if (low is not None and value < low) or (high is not None and value > high):
        span = f"from {low} to {high}" if high is not None else f"at least {low}"
        raise ValidationError(f"{name} must be {span} (got {value}).")
    return value


def positive_price(name: str, value: Any) -> float:
    try:
        price = float(value)
    except (TypeError, ValueError):
        raise ValidationError(f"{name} must be a number (got {value!r}).") from None
    if not price > 0 or price != price or price == float("inf"):
        raise ValidationError(f"{name} must be greater than 0 (got {value!r}).")
    return round(price, 2)


def not_blank(name: str, value: str) -> str:
    if not value or not value.strip():
        raise ValidationError(f"{name} must not be empty.")
    return value

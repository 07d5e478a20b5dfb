"""Money in the sandbox: fixed exchange rates (so answers are deterministic) and the
shapes the API writes amounts in."""

from __future__ import annotations

import math
from typing import Any

from discogs_tui.sandbox.http import unprocessable

# Units of each currency per US dollar (fixed, so conversions are deterministic).
USD_RATES = {
    "USD": 1.0,
    "GBP": 0.79,
    "EUR": 0.92,
    "CAD": 1.36,
    "AUD": 1.52,
    "JPY": 157.0,
    "CHF": 0.9,
    "MXN": 17.0,
    "BRL": 5.0,
    "NZD": 1.64,
    "SEK": 10.5,
    "ZAR": 18.5,
}
CURRENCY_IDS = {currency: index for index, currency in enumerate(USD_RATES, start=1)}
CURRENCY_SYMBOLS = {
    "USD": "$",
    "GBP": "£",
    "EUR": "€",
    "CAD": "CA$",
    "AUD": "A$",
    "JPY": "¥",
    "CHF": "CHF ",
    "MXN": "MX$",
    "BRL": "R$",
    "NZD": "NZ$",
    "SEK": "SEK ",
    "ZAR": "ZAR ",
}


def money(value: float, currency: str) -> dict[str, Any]:
    return {"currency": currency, "value": value}


def formatted(value: float, currency: str) -> str:
    """``$1,234.56``; yen have no minor unit."""
    digits = 0 if currency == "JPY" else 2
    return f"{CURRENCY_SYMBOLS[currency]}{value:,.{digits}f}"


def original_money(value: float, currency: str) -> dict[str, Any]:
    """The ``original_price`` shape: the amount in the seller's own currency."""
    return {
        "curr_abbr": currency,
        "curr_id": CURRENCY_IDS[currency],
        "formatted": formatted(value, currency),
        "value": float(value),
    }


def convert(value: float, source: str, target: str) -> float:
    if source == target:
        return value
    return round(value / USD_RATES[source] * USD_RATES[target], 2)


def parse_amount(value: Any, name: str, *, minimum: float = 0.0, strict: bool = False) -> float:
    """A money amount sent as a number or a string ("10.00"); 422 below ``minimum``."""
    try:
        if isinstance(value, bool):
            raise ValueError
        amount = float(str(value).strip())
    except (TypeError, ValueError):
        amount = math.nan
    too_small = amount <= minimum if strict else amount < minimum
    if not math.isfinite(amount) or too_small:
        bound = f"greater than {minimum:g}" if strict else f"at least {minimum:g}"
        raise unprocessable(f"Invalid {name}: must be a number {bound}.")
    return amount

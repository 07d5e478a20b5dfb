"""Price rules of a bulk re-price: a new price (``12.50``) or a change by percent
(``-10%``), then optionally rounded (to .99 or to whole units) and held at a floor.

``PriceRule.parse("-10%", rounding="99", floor="3")`` checks what a person typed and
says what is wrong in words; ``rule.apply(14.00)`` gives the new price (always > 0,
two decimals; rounding never turns a cut into a rise) and ``rule.describe()`` the words of a preview ("down 10%, rounded to .99,
at least 3.00").
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from decimal import ROUND_HALF_UP, Decimal

from discogs_tui.api.errors import ValidationError

ROUNDINGS = ("99", "whole")
MAX_PRICE = Decimal("99999999.99")  # what the upload's price column takes (8 digits)
_AMOUNT = re.compile(r"[0-9]{1,8}(?:\.[0-9]{1,2})?")
_PERCENT = re.compile(r"([+-]?)([0-9]{1,3}(?:\.[0-9]{1,2})?)\s*%")
CENT = Decimal("0.01")


def parse_amount(text: str, what: str) -> Decimal:
    """A positive amount like ``12.50`` (no currency sign, no thousands separator)."""
    cleaned = text.strip()
    if not _AMOUNT.fullmatch(cleaned) or Decimal(cleaned) <= 0:
        raise ValidationError(
            f"{what} must be an amount like 12.50, greater than 0 (got {text!r})."
        )
    return Decimal(cleaned)


def parse_percent(text: str) -> Decimal:
    """``-10``, ``-10%``, ``+5.5%``: a change by percent, above -100."""
    cleaned = text.strip()
    match = _PERCENT.fullmatch(cleaned if cleaned.endswith("%") else cleaned + "%")
    if not match:
        raise ValidationError(f"A percent change must be like -10 or +5.5 (got {text!r}).")
    value = Decimal(match[2]) * (-1 if match[1] == "-" else 1)
    if value <= -100:
        raise ValidationError(f"A price can't go down by {-value}%: it must stay above 0.")
    return value


@dataclass(frozen=True)
class PriceRule:
    """Exactly one of ``price`` (the new price) and ``percent`` (a change by percent)."""

    price: Decimal | None = None
    percent: Decimal | None = None
    rounding: str = ""  # "", "99" or "whole"
    floor: Decimal | None = None

    @classmethod
    def parse(
        cls,
        change: str,
        *,
        rounding: str = "",
        floor: str | None = None,
    ) -> PriceRule:
        """``change``: ``12.50`` (a new price) or ``-10%`` (a change by percent)."""
        text = change.strip()
        if text.endswith("%"):
            return cls.of(percent=text, rounding=rounding, floor=floor)
        return cls.of(price=text, rounding=rounding, floor=floor)

    @classmethod
    def of(
        cls,
        *,
        price: str | None = None,
        percent: str | None = None,
        rounding: str = "",
        floor: str | None = None,
    ) -> PriceRule:
        if (price is None) == (percent is None):
            raise ValidationError("Give either a new price or a change by percent (not both).")
        rounding = (rounding or "").strip().lstrip(".").lower()
        if rounding not in ("", *ROUNDINGS):
            raise ValidationError(f"Rounding must be .99 or whole (got {rounding!r}).")
        return cls(
            price=None if price is None else parse_amount(price, "The new price"),
            percent=None if percent is None else parse_percent(percent),
            rounding=rounding,
            floor=None if floor in (None, "") else parse_amount(floor, "The floor"),
        )

    def apply(self, current: float | Decimal) -> float:
        """The new price of a listing priced ``current``."""
        before = Decimal(str(current))
        if self.price is not None:
            value = _rounded(self.price, self.rounding)
        else:
            assert self.percent is not None
            value = _rounded(before * (100 + self.percent) / 100, self.rounding)
            # Rounding never turns a cut into a rise (3.90 - 10% = 3.51: 2.99, not 3.99)
            step = Decimal(1) if self.rounding else CENT
            if self.percent < 0 and value > before:
                value = max(value - step, _rounded(CENT, self.rounding))
            elif self.percent > 0 and value < before:
                value += step
        if self.floor is not None:
            value = max(value, self.floor)
        return float(min(max(value, CENT), MAX_PRICE))

    def describe(self) -> str:
        """``down 10%, rounded to .99, at least 3.00`` / ``to 12.50``."""
        if self.price is not None:
            words = [f"to {self.price:.2f}"]
        else:
            assert self.percent is not None
            direction = "down" if self.percent < 0 else "up"
            words = [f"{direction} {abs(self.percent).normalize():f}%"]
        if self.rounding:
            words.append("rounded to .99" if self.rounding == "99" else "rounded to whole units")
        if self.floor is not None:
            words.append(f"at least {self.floor:.2f}")
        return ", ".join(words)


def _rounded(value: Decimal, rounding: str) -> Decimal:
    if rounding == "whole":
        return max(Decimal(1), value.quantize(Decimal(1), ROUND_HALF_UP))
    if rounding == "99":  # the nearest price ending in .99 (10.99 for 11.20, 11.99 for 11.70)
        return max(Decimal("0.99"), (value + CENT).quantize(Decimal(1), ROUND_HALF_UP) - CENT)
    return value.quantize(CENT, ROUND_HALF_UP)

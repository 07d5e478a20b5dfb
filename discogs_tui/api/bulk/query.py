"""The filter language that picks a bulk job's targets (``--filter`` of ``discogs-tui bulk``).

A bare word matches a record holding it anywhere, as the list screens' filter does (every
word must be there, case ignored). ``field:value`` looks in one field:

    label:Blue Note            the label holds "blue note" (the value runs to the next field)
    artist:"Miles Davis" live  quote a value to follow it with bare words
    year:1960-1969  year:>=1970  rating:0  rating:<3
    folder:Vinyl    genre:jazz   style:"hard bop"   format:LP   notes:shelf

Text fields hold the value (case ignored); number fields (``year``, ``rating``, ``price``)
compare: ``5``, ``>=3``, ``<3``, ``1960-1969``. Each dataset names its fields (``FIELDS``);
an unknown field is an error that lists them.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass
from typing import Any

from discogs_tui.api.errors import ValidationError

NUMBER_FIELDS = frozenset({"year", "rating", "price"})
_TERM = re.compile(r'\s*(?:(?P<field>[A-Za-z_]+):)?(?:"(?P<quoted>[^"]*)"|(?P<word>\S+))')
_RANGE = re.compile(r"(?P<low>\d+(?:\.\d+)?)-(?P<high>\d+(?:\.\d+)?)")
_COMPARE = re.compile(r"(?P<op><=|>=|<|>|=)?(?P<number>\d+(?:\.\d+)?)")


@dataclass(frozen=True)
class Term:
    field: str  # "": anywhere
    text: str  # lower-cased (text fields and bare words)
    low: float = float("-inf")  # number fields: the bounds, both included
    high: float = float("inf")

    def matches(self, record: Mapping[str, Any], haystack: str) -> bool:
        if not self.field:
            return self.text in haystack
        value = record.get(self.field)
        if self.field in NUMBER_FIELDS:
            return value is not None and self.low <= float(value) <= self.high
        if isinstance(value, str):
            return self.text in value.lower()
        return any(self.text in str(item).lower() for item in value or ())


@dataclass(frozen=True)
class Query:
    terms: tuple[Term, ...]
    source: str = ""

    def matches(self, record: Mapping[str, Any], haystack: str | None = None) -> bool:
        """Whether ``record`` (field name -> value; lists for genres and such) passes every
        term; ``haystack``: its lower-cased text for bare words (default: its values')."""
        if haystack is None:
            haystack = haystack_of(record.values())
        return all(term.matches(record, haystack) for term in self.terms)

    def select(
        self,
        items: Iterable[Any],
        record: Callable[[Any], Mapping[str, Any]],
        haystack: Callable[[Any], str] | None = None,
    ) -> list[Any]:
        """The ``items`` that pass, ``record(item)`` giving each one's fields."""
        if not self.terms:
            return list(items)
        return [
            item for item in items
            if self.matches(record(item), haystack(item) if haystack else None)
        ]  # fmt: skip


def haystack_of(values: Iterable[Any]) -> str:
    words: list[str] = []
    for value in values:
        if isinstance(value, str | int | float):
            words.append(str(value))
        elif isinstance(value, Iterable):
            words.extend(str(item) for item in value)
    return " ".join(words).lower()


def parse(text: str, fields: Sequence[str]) -> Query:
    """The query ``text`` over a dataset with ``fields``; ``ValidationError`` says what is wrong."""
    if text.count('"') % 2:
        raise ValidationError(f'The filter {text!r} has a quote (") that is never closed.')
    known = {name.lower() for name in fields}
    terms: list[Term] = []
    pieces = list(_TERM.finditer(text))
    position = 0
    while position < len(pieces):
        match = pieces[position]
        position += 1
        field = (match["field"] or "").lower()
        if match["quoted"] is not None:
            value = match["quoted"]
        else:
            value = match["word"]
            if field and field not in NUMBER_FIELDS:  # runs on to the next field:value
                while position < len(pieces) and not pieces[position]["field"]:
                    if pieces[position]["quoted"] is not None:
                        break
                    value += " " + pieces[position]["word"]
                    position += 1
        if field and field not in known:
            raise ValidationError(
                f"The filter has no field {field!r}: use one of {', '.join(sorted(known))}, "
                "or plain words."
            )
        if field in NUMBER_FIELDS:
            terms.append(_number_term(field, value))
        elif value.strip():
            terms.append(Term(field, value.strip().lower()))
    return Query(tuple(terms), text)


def _number_term(field: str, value: str) -> Term:
    text = value.strip()
    span = _RANGE.fullmatch(text)
    if span:
        low, high = float(span["low"]), float(span["high"])
        if low > high:
            raise ValidationError(
                f"{field}:{text}: the range goes from low to high, e.g. 1960-1969."
            )
        return Term(field, "", low, high)
    compare = _COMPARE.fullmatch(text)
    if not compare:
        raise ValidationError(
            f"{field}:{text} is not a number: use e.g. {field}:5, {field}:>=3 or {field}:1960-1969."
        )
    number, op = float(compare["number"]), compare["op"] or "="
    bounds = {
        "=": (number, number),
        ">=": (number, float("inf")),
        "<=": (float("-inf"), number),
        ">": (_after(number), float("inf")),
        "<": (float("-inf"), _before(number)),
    }[op]
    return Term(field, "", *bounds)


def _after(number: float) -> float:
    """Above ``number``, for values with at most two decimals (prices, years, ratings)."""
    return number + 0.001


def _before(number: float) -> float:
    return number - 0.001

"""The parsers of bulk work: price rules (``PriceRule``) and the ``--filter`` language
(``query``), by example and with Hypothesis."""

from __future__ import annotations

from decimal import Decimal

import pytest
from hypothesis import given
from hypothesis import strategies as st

from discogs_tui.api.bulk import PriceRule, query
from discogs_tui.api.errors import ValidationError

FIELDS = ("artist", "title", "label", "year", "rating", "genre", "price")
prices = st.decimals(min_value=Decimal("0.01"), max_value=Decimal("99999.99"), places=2)
percents = st.decimals(min_value=Decimal("-99.99"), max_value=Decimal("500"), places=2)


@pytest.mark.parametrize(
    ("change", "rounding", "floor", "current", "expected"),
    [
        ("-10%", "", None, 20.00, 18.00),
        ("-10%", "99", None, 13.00, 11.99),
        ("-10%", "99", None, 3.90, 2.99),  # never a rise: 3.51 is nearer 3.99
        ("-10%", "99", "3", 3.90, 3.00),
        ("+15%", "whole", None, 9.99, 11.00),
        ("12.50", "", None, 99.00, 12.50),
        ("12.50", "99", None, 99.00, 12.99),  # the nearest .99
        ("-50%", "", "4", 6.00, 4.00),
    ],
)
def test_price_rules_by_example(change, rounding, floor, current, expected):
    assert PriceRule.parse(change, rounding=rounding, floor=floor).apply(current) == expected


@pytest.mark.parametrize(
    ("change", "message"),
    [
        ("-100%", "must stay above 0"),
        ("abc", "like 12.50"),
        ("12,50", "like 12.50"),
        ("0", "greater than 0"),
        ("-5", "greater than 0"),  # a negative price, not a percent
        ("10%%", "percent change"),
    ],
)
def test_bad_price_changes_are_said_in_words(change, message):
    with pytest.raises(ValidationError, match=message):
        PriceRule.parse(change)


def test_a_rule_describes_itself():
    rule = PriceRule.of(percent="-10", rounding=".99", floor="3")
    assert rule.describe() == "down 10%, rounded to .99, at least 3.00"
    assert PriceRule.of(price="7.5").describe() == "to 7.50"


@given(prices, percents, st.sampled_from(["", "99", "whole"]), st.none() | prices)
def test_a_rule_always_gives_a_price_discogs_takes(current, percent, rounding, floor):
    rule = PriceRule.of(
        percent=f"{percent}", rounding=rounding, floor=None if floor is None else f"{floor}"
    )
    new = rule.apply(float(current))
    assert 0 < new <= 99999999.99
    assert round(new, 2) == new
    if floor is not None:
        assert new >= float(floor)
    if rounding == "99" and (floor is None or new > float(floor)):
        assert f"{new:.2f}".endswith(".99")
    if rounding == "whole" and (floor is None or new > float(floor)):
        assert new == int(new)
    if floor is None and current >= 1:  # a cut stays a cut, a rise a rise
        if percent < 0:
            assert new <= float(current)
        elif percent > 0:
            assert new >= float(current)


@given(st.text(max_size=40))
def test_any_price_text_parses_or_is_refused_in_words(text):
    try:
        rule = PriceRule.parse(text)
    except ValidationError as error:
        assert str(error)
    else:
        assert rule.apply(10.0) > 0


# -- the filter ---------------------------------------------------------------------------------
RECORD = {
    "artist": "Art Blakey & The Jazz Messengers",
    "title": "Moanin'",
    "label": "Blue Note",
    "year": 1959,
    "rating": 4,
    "genre": ("Jazz",),
    "price": 24.5,
}


@pytest.mark.parametrize(
    ("text", "matches"),
    [
        ("label:Blue Note", True),
        ("label:blue note year:1950-1959", True),
        ("label:Blue Note year:1960-1969", False),
        ('artist:"art blakey" moanin', True),
        ("label:Prestige", False),
        ("rating:>=4 genre:jazz", True),
        ("rating:<4", False),
        ("price:>24.5", False),
        ("price:<=24.5", True),
        ("messengers moanin", True),
        ("messengers coltrane", False),
        ("", True),
    ],
)
def test_filters_by_example(text, matches):
    assert query.parse(text, FIELDS).matches(RECORD) is matches


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ("colour:red", "no field 'colour'"),
        ('label:"Blue Note', "never closed"),
        ("year:1970-1960", "from low to high"),
        ("rating:lots", "not a number"),
    ],
)
def test_bad_filters_are_said_in_words(text, message):
    with pytest.raises(ValidationError, match=message):
        query.parse(text, FIELDS)


words = st.text(alphabet=st.characters(categories=("L", "N")), min_size=1, max_size=8)


@given(st.lists(words, min_size=1, max_size=4))
def test_bare_words_match_as_the_screens_filter_does(typed):
    """Every word must be in the record's text, case ignored: the list screens' rule."""
    haystack = " ".join(str(v) for v in RECORD.values() if not isinstance(v, tuple)) + " jazz"
    expected = all(word.lower() in haystack.lower() for word in typed)
    assert query.parse(" ".join(typed), FIELDS).matches(RECORD, haystack.lower()) is expected


@given(st.text(max_size=60))
def test_any_filter_text_parses_or_is_refused_in_words(text):
    try:
        parsed = query.parse(text, FIELDS)
    except ValidationError as error:
        assert str(error)
    else:
        parsed.matches(RECORD)  # never raises


@given(st.sampled_from(["artist", "title", "label"]), words)
def test_a_field_value_matches_the_record_holding_it(field, word):
    record = {**RECORD, field: f"x {word} y"}
    assert query.parse(f"{field}:{word}", FIELDS).matches(record)
    assert query.parse(f'{field}:"{word}" x', FIELDS).matches(record)

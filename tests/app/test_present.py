"""The presentation module: one way to write credits, prices and names (and no markup)."""

from __future__ import annotations

from hypothesis import given
from hypothesis import strategies as st

from discogs_tui.api.models import Credit, Entity, Price
from discogs_tui.app.present import (
    count_text,
    credit_spans,
    credits_of,
    credits_text,
    labelled_links,
    name_span,
    price_text,
)
from discogs_tui.app.times import local_date, local_time


def credits(*artists: dict) -> tuple[Credit, ...]:
    return credits_of(list(artists))


def test_a_credit_shows_the_anv_without_the_artists_own_name():
    line = credits(
        {"id": 1, "name": "Stock, Aitken & Waterman", "anv": "Stock / Aitken / Waterman"}
    )
    assert credits_text(line) == "Stock / Aitken / Waterman"


def test_the_numbering_suffix_is_dropped_but_only_at_the_end():
    assert credits_text(credits({"name": "Foo (2)"})) == "Foo"
    assert credits_text(credits({"name": "Foo (Live) Band"})) == "Foo (Live) Band"
    assert credits_text(credits({"name": "Foo (2)", "anv": "F. (3)"})) == "F. (3)"  # as credited


def test_joins_are_the_words_between_credits():
    line = credits(
        {"id": 1, "name": "Foo (2)", "join": "&"},
        {"id": 2, "name": "Bar", "anv": "B.", "join": "Feat."},
        {"id": 3, "name": "Baz", "join": ","},
        {"id": 4, "name": "Qux", "join": "&"},  # the last join joins nothing
    )
    assert credits_text(line) == "Foo & B. Feat. Baz, Qux"


def test_an_empty_or_comma_join_is_a_comma():
    assert credits_text(credits({"name": "A", "join": ""}, {"name": "B"})) == "A, B"
    assert credits_text(credits({"name": "A", "join": " , "}, {"name": "B"})) == "A, B"


def test_each_credited_name_links_to_its_artist_and_joins_do_not():
    spans = credit_spans(credits({"id": 7, "name": "A", "join": "&"}, {"name": "B"}))
    assert [(span.text, span.link and span.link.target) for span in spans] == [
        ("A", "7"),
        (" & ", None),
        ("B", None),
    ]


def test_names_from_discogs_are_cleaned_and_never_markup():
    line = credits({"name": "[b]Evil\x1b[31m\tBand[/b]", "join": "\x1b]8;;x\x07&\n"}, {"name": "Z"})
    text = credits_text(line)
    assert "\x1b" not in text and "\t" not in text and "\n" not in text
    assert text.startswith("[b]Evil") and "&" in text  # shown as it is: no markup parsed


@given(st.lists(st.dictionaries(st.sampled_from(["id", "name", "anv", "join"]), st.text())))
def test_spans_and_text_agree(artists):
    line = credits_of(artists)
    assert credits_text(line) == "".join(span.text for span in credit_spans(line))


def test_other_names_keep_their_suffix_unless_asked():
    label = Entity(id=3, name="Antidote (4)")
    assert name_span("label", label).text == "Antidote (4)"
    assert name_span("label", label, numbered=False).text == "Antidote"
    spans = labelled_links("Sublabels", "label", [label, Entity(name="X")])
    assert "".join(span.text for span in spans) == "Sublabels: Antidote (4), X"
    assert labelled_links("Sublabels", "label", []) == []


def test_prices():
    assert price_text({"value": 1234.5, "currency": "EUR"}) == "1,234.50 EUR"
    assert price_text({"value": 3, "curr_abbr": "USD"}) == "3.00 USD"  # the stats' spelling
    assert price_text(Price(2.5), "GBP") == "2.50 GBP"  # no currency of its own
    assert price_text({"value": "12.5", "currency": "JPY"}) == "12.50 JPY"
    assert price_text(None) == price_text({"currency": "EUR"}) == price_text("x") == ""
    assert price_text({"value": 1, "currency": "\x1b[31mEUR"}) == "1.00 EUR"


def test_counts():
    assert count_text(1, "track") == "1 track"
    assert count_text(1200, "video") == "1,200 videos"
    assert count_text(0, "track") == count_text(None, "track") == ""


def test_discogs_server_times_in_the_users_zone_named(in_paris):
    # Discogs answers in its own zone (US Pacific); the user reads their own, named
    assert local_time("2023-10-06T21:56:14-07:00") == "2023-10-07 06:56 CEST"
    assert local_time("2023-10-06T21:56:14-07:00", zone=False) == "2023-10-07 06:56"
    assert local_date("2023-12-31T20:00:00-08:00") == "2024-01-01"  # a date crosses over too
    assert local_time("2023-01-02T03:04:05") == "2023-01-02 04:04 CET"  # no offset: UTC


def test_what_isnt_a_time_is_shown_cleaned_and_cut(in_paris):
    assert local_time("soon\x1b[2J") == "soon"
    assert local_date(None) == ""

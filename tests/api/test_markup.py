"""The Discogs markup parser: links, styles, and literal text for everything else."""

from __future__ import annotations

from hypothesis import given
from hypothesis import strategies as st

from discogs_tui.api.markup import Link, Span, links, parse, plain_text


def test_entity_links_and_styles():
    spans = parse(
        "[b]Label owner:[/b] [a=Carl Craig], see [l123] and [r=249504].",
        {("label", 123): "Planet E"},
    )
    assert spans == [
        Span("Label owner:", frozenset({"bold"})),
        Span(" "),
        Span("Carl Craig", link=Link("artist", "Carl Craig")),
        Span(", see "),
        Span("Planet E", link=Link("label", "123")),
        Span(" and "),
        Span("release 249504", link=Link("release", "249504")),
        Span("."),
    ]
    assert [link.entity_id for link in links(spans)] == [None, 123, 249504]


def test_urls_and_dropped_tags():
    spans = parse("[url=http://x.org]site[/url] [url]http://y.org[/url][img=http://i.gif]")
    assert spans == [
        Span("site", link=Link("url", "http://x.org")),
        Span(" "),
        Span("http://y.org", link=Link("url", "http://y.org")),
    ]


def test_unknown_and_broken_tags_stay_literal():
    for text in (
        "Title [Remastered]",
        "Closing [/ tag",
        "[@click=app.quit]x[/]",
        "[a=]",
        "[[b]]",
        "a]b[c",
    ):
        assert "".join(span.text for span in parse(text)).replace("[b]", "") in (
            text,
            text.replace("[b]", ""),
        )
    assert plain_text("Title [Remastered]") == "Title [Remastered]"
    assert plain_text("[@click=app.quit]x[/]") == "[@click=app.quit]x[/]"


@given(st.text())
def test_never_fails_and_keeps_plain_text(text):
    spans = parse(text)
    joined = "".join(span.text for span in spans)
    if "[" not in text:
        assert joined == text
    assert all(span.text for span in spans)

"""Discogs text to terminal text, safely.

Everything that comes from Discogs is data: it is cleaned of control characters and escape
sequences here and turned into ``rich.text.Text`` objects built span by span, so it never
reaches a markup parser (Rich's or Textual's). Widgets show these objects, never strings.
"""

from __future__ import annotations

import re
from collections.abc import Iterable

from rich.style import Style
from rich.text import Text

from discogs_tui.api import markup


def clean(value: object) -> str:
    """``value`` as text fit for the terminal: no escape sequences, no control characters
    (newlines and tabs stay; ``\\r\\n`` becomes ``\\n``)."""
    if value is None:
        return ""
    text = str(value).replace("\r\n", "\n").replace("\r", "\n")
    return markup.strip_controls(text)


def flat(value: object) -> str:
    """``value`` cleaned onto one line: tabs and line breaks (CRs too) become one space. For
    names, titles and cells, where a break would split what belongs together."""
    return _BREAKS.sub(" ", clean(value)).strip()


_BREAKS = re.compile(r"[\t\n]+")


def text(value: object, style: str | Style = "") -> Text:
    """A Text of one cleaned string (never parsed as markup)."""
    return Text(clean(value), style=style)


def flat_text(value: object, style: str | Style = "") -> Text:
    """A Text of a name, title or cell: cleaned, on one line."""
    return Text(flat(value), style=style)


def join(parts: Iterable[Text | str], separator: str = ", ") -> Text:
    result = Text()
    for index, part in enumerate(parts):
        if index:
            result.append(separator)
        result.append(part if isinstance(part, Text) else text(part))
    return result


def line(*parts: Text | str) -> Text:
    """Parts side by side; plain strings here are our own labels, not Discogs data."""
    result = Text()
    for part in parts:
        result.append(part)
    return result


_SPAN_STYLES = {"bold": "bold", "italic": "italic", "underline": "underline", "strike": "strike"}


def markup_spans(
    value: str | None, names: dict[tuple[str, int], str] | None = None
) -> list[markup.Span]:
    """Discogs markup parsed into spans, each span's text cleaned."""
    names = {key: clean(name) for key, name in (names or {}).items()}
    spans = markup.parse(clean(value), names)
    return [markup.Span(span.text, span.styles, span.link) for span in spans if span.text]


def spans_to_text(
    spans: list[markup.Span], focused_link: int | None = None, link_style: str = "underline"
) -> Text:
    """Render spans; links are underlined, the focused one (by index among links) reversed."""
    result = Text()
    link_index = -1
    for span in spans:
        style = " ".join(_SPAN_STYLES[name] for name in sorted(span.styles))
        if span.link is not None:
            link_index += 1
            style = f"{style} {link_style}".strip()
            if link_index == focused_link:
                style += " reverse"
        result.append(span.text, style=style or None)
    return result

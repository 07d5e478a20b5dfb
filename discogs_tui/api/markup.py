"""Discogs markup (profiles, notes) parsed into neutral spans, by our own parser.

Recognised: ``[a=Name]`` ``[a123]`` ``[l=Name]`` ``[l123]`` ``[r=123]`` ``[r123]`` ``[m=123]``
``[m123]`` ``[u=user]`` (entity links), ``[url=http://…]text[/url]`` and ``[url]http://…[/url]``,
``[b]…[/b]`` ``[i]…[/i]`` ``[u]…[/u]`` ``[s]…[/s]``, ``[img=…]`` and ``[t=…]`` (dropped: nothing
to show in a terminal). Anything else, including unbalanced or unknown tags such as
``Title [Remastered]`` or ``Closing [/ tag``, stays literal text. The parser never fails.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

_TAG = re.compile(
    r"\[(?P<kind>[alrmu])=(?P<name>[^\]\[]+)\]"  # [a=Name]
    r"|\[(?P<idkind>[alrm])(?P<id>\d+)\]"  # [a123]
    r"|\[url=(?P<href>[^\]\[]+)\](?P<text>.*?)\[/url\]"  # [url=x]text[/url]
    r"|\[url\](?P<bare>[^\[\]]+?)\[/url\]"  # [url]x[/url]
    r"|\[(?:img|t)=[^\]\[]*\]"  # images and terms: dropped
    r"|\[(?P<close>/?)(?P<style>[bius])\]",  # styles
    re.IGNORECASE | re.DOTALL,
)
# Terminal escape sequences remote text may carry (CSI, OSC, DCS/SOS/PM/APC, two-byte ESC, and
# the 8-bit CSI and OSC): removed before text is shown or stored (app/render.py, the mirror).
ESCAPE_SEQUENCES = re.compile(
    r"\x1b\[[0-?]*[ -/]*[@-~]"
    r"|\x1b\][^\x07\x1b]*(?:\x07|\x1b\\)?"
    r"|\x1b[PX^_][^\x1b]*(?:\x1b\\)?"
    r"|\x1b[@-Z\\-_]?"
    r"|\x9b[0-?]*[ -/]*[@-~]"
    r"|\x9d[^\x07\x9c]*[\x07\x9c]?"
)
# What is left to remove once the sequences are gone: C0 controls but tab and newline, DEL and
# C1, the bidi overrides and isolates (they make text show in another order than it reads),
# and the non-characters (no terminal draws them, and XML, so SVG screenshots, refuses them).
CONTROLS = re.compile(
    r"[\x00-\x08\x0b-\x1f\x7f-\x9f\u202a-\u202e\u2066-\u2069\ufdd0-\ufdef\ufffe\uffff]"
)


def strip_controls(text: str) -> str:
    """``text`` without escape sequences and control characters; tabs and newlines stay."""
    return CONTROLS.sub("", ESCAPE_SEQUENCES.sub("", text))


_KINDS = {"a": "artist", "l": "label", "r": "release", "m": "master", "u": "user"}
STYLE_NAMES = {"b": "bold", "i": "italic", "u": "underline", "s": "strike"}


@dataclass(frozen=True)
class Link:
    kind: str  # artist, label, release, master, user, url
    target: str  # an id (digits), a name, or a URL

    @property
    def entity_id(self) -> int | None:
        return int(self.target) if self.target.isdigit() else None


@dataclass(frozen=True)
class Span:
    text: str
    styles: frozenset[str] = frozenset()
    link: Link | None = None


def parse(markup: str, names: dict[tuple[str, int], str] | None = None) -> list[Span]:
    """Spans of ``markup``; ``names`` gives display names for id links (``[a123]``)."""
    spans: list[Span] = []
    styles: set[str] = set()
    last = 0

    def add(text: str, link: Link | None = None) -> None:
        if text:
            spans.append(Span(text, frozenset(styles), link))

    for match in _TAG.finditer(markup):
        add(markup[last : match.start()])
        last = match.end()
        if match.group("kind"):
            kind = _KINDS[match.group("kind").lower()]
            name = match.group("name").strip()
            label = f"{kind} {name}" if name.isdigit() and kind in ("release", "master") else name
            add(label, Link(kind, name))
        elif match.group("idkind"):
            kind = _KINDS[match.group("idkind").lower()]
            entity_id = int(match.group("id"))
            label = (names or {}).get((kind, entity_id), f"{kind} {entity_id}")
            add(label, Link(kind, str(entity_id)))
        elif match.group("href") is not None:
            add(
                match.group("text") or match.group("href"), Link("url", match.group("href").strip())
            )
        elif match.group("bare") is not None:
            add(match.group("bare"), Link("url", match.group("bare").strip()))
        elif match.group("style"):
            style = STYLE_NAMES[match.group("style").lower()]
            if match.group("close"):
                styles.discard(style)
            else:
                styles.add(style)
    add(markup[last:])
    return spans


def plain_text(markup: str) -> str:
    """``markup`` without its tags, as the API's plaintext format gives it."""
    return "".join(span.text for span in parse(markup))


def links(spans: list[Span]) -> list[Link]:
    return [span.link for span in spans if span.link is not None]

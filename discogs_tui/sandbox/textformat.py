"""The three text formats of free-text fields (profiles, notes): discogs, plaintext, html.

The sandbox stores Discogs markup. ``plaintext`` strips it, ``html`` renders it, the way
``Accept: application/vnd.discogs.v2.{plaintext|html}+json`` asks the real API to.
"""

from __future__ import annotations

import html
import re
from collections.abc import Callable
from urllib.parse import quote

from discogs_tui.sandbox.catalogue import object_name
from discogs_tui.sandbox.state import WEBSITE, Catalogue

FORMATTED_KEYS = frozenset({"profile", "notes", "contact_info"})
_ACCEPT = re.compile(r"application/vnd\.discogs\.v2\.(discogs|html|plaintext)\+json")

# [a=Name] [l=Name] [r=123] [m=123] [a123] [l123] [r123] [m123] [url=..]..[/url] [b] [i] [u] [s]
_TAG = re.compile(
    r"\[(?P<kind>[alrmg])=(?P<name>[^\]]+)\]"
    r"|\[(?P<idkind>[alrm])(?P<id>\d+)\]"
    r"|\[url=(?P<href>[^\]]+)\](?P<text>.*?)\[/url\]"
    r"|\[img=(?P<img>[^\]]+)\]"
    r"|\[(?P<close>/?)(?P<style>[bius])\]",
    re.IGNORECASE | re.DOTALL,
)
_ENTITY_PATHS = {"a": "artist", "l": "label", "r": "release", "m": "master"}


def text_format(accept: str | None) -> str:
    """The format an Accept header asks for; anything unknown means ``discogs``."""
    match = _ACCEPT.search(accept or "")
    return match.group(1) if match else "discogs"


def _entity_name(catalogue: Catalogue, kind: str, entity_id: int) -> str:
    table = {
        "a": catalogue.artists,
        "l": catalogue.labels,
        "r": catalogue.releases,
        "m": catalogue.masters,
    }[kind.lower()]
    entity = table.get(entity_id)
    if entity is None:
        return f"{_ENTITY_PATHS[kind.lower()]} {entity_id}"
    return entity.get("title") or object_name(entity)


def _convert(text: str, catalogue: Catalogue, render: Callable[[re.Match, str], str]) -> str:
    def replace(match: re.Match) -> str:
        if match.group("kind"):
            return render(match, match.group("name"))
        if match.group("idkind"):
            kind, entity_id = match.group("idkind"), int(match.group("id"))
            return render(match, _entity_name(catalogue, kind, entity_id))
        if match.group("href") is not None:
            return render(match, match.group("text"))
        return render(match, "")

    return _TAG.sub(replace, text)


def to_plaintext(text: str, catalogue: Catalogue) -> str:
    return _convert(text, catalogue, lambda _match, name: name)


def to_html(text: str, catalogue: Catalogue) -> str:
    def render(match: re.Match, name: str) -> str:
        if match.group("style"):
            return f"<{match.group('close')}{match.group('style').lower()}>"
        if match.group("img"):
            return f'<img src="{html.escape(match.group("img"))}">'
        if match.group("href") is not None:
            href = html.escape(match.group("href"))
            return f'<a href="{href}">{html.escape(name)}</a>'
        kind = (match.group("kind") or match.group("idkind")).lower()
        path = _ENTITY_PATHS.get(kind, "search")
        target = match.group("id") or quote(name, safe="")
        return f'<a href="{WEBSITE}/{path}/{html.escape(target)}">{html.escape(name)}</a>'

    # Escape the text between tags, then render the tags (whose names we escape ourselves).
    parts, last = [], 0
    for match in _TAG.finditer(text):
        parts.append(html.escape(text[last : match.start()]))
        parts.append(_convert(match.group(0), catalogue, render))
        last = match.end()
    parts.append(html.escape(text[last:]))
    return "".join(parts).replace("\r\n", "\n").replace("\n", "<br />\n")


def apply_text_format(data: object, fmt: str, catalogue: Catalogue) -> object:
    """A copy of ``data`` with every free-text field converted to ``fmt``."""
    if fmt == "discogs":
        return data
    convert = to_html if fmt == "html" else to_plaintext
    return _walk(data, lambda text: convert(text, catalogue))


def _walk(data: object, convert: Callable[[str], str]) -> object:
    if isinstance(data, dict):
        return {
            key: convert(value)
            if key in FORMATTED_KEYS and isinstance(value, str)
            else _walk(value, convert)
            for key, value in data.items()
        }
    if isinstance(data, list):
        return [_walk(item, convert) for item in data]
    return data

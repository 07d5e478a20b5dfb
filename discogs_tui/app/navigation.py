"""Where the app can be: a ``Location`` names a screen and its subject, and deep links
(``discogs-tui release 249504`` or a discogs.com URL) become locations."""

from __future__ import annotations

import re
from dataclasses import dataclass
from urllib.parse import parse_qs, unquote, urlencode, urlsplit

from discogs_tui.api.errors import ValidationError
from discogs_tui.api.markup import strip_controls
from discogs_tui.api.validation import parse_id, shown
from discogs_tui.vocabulary import SEARCH_FIELDS, SEARCH_TYPES

KINDS = ("search", "release", "master", "artist", "label", "user")
_ID_KINDS = ("release", "master", "artist", "label")
# discogs.com/release/249504-Title, /master/96559, /artist/108713-Name, /label/1-Planet-E,
# the old /Artist-Title/release/249504 form, /user/name, and /search?q=…
_PATH = re.compile(
    r"/(?P<kind>release|master|artist|label)s?/(?P<id>\d+)(?:-[^/]*)?/?$", re.IGNORECASE
)
_USER = re.compile(r"^/(?:user|seller)/(?P<name>[^/]+)", re.IGNORECASE)


def _one_line(value: str) -> str:
    return re.sub(r"\s+", " ", strip_controls(value.replace("\r", " "))).strip()


class BadLocation(ValueError):
    """A deep link we can't open; the message says what we expected."""


@dataclass(frozen=True)
class Location:
    kind: str
    target: str = ""  # an id, a username or a search query

    def __post_init__(self) -> None:
        # Targets come from argv, deep-link URLs and Discogs links: clean them here, once, so
        # no screen can show (or put into a field) an escape sequence from one.
        object.__setattr__(self, "target", _one_line(self.target))

    @property
    def entity_id(self) -> int:
        return int(self.target)

    def __str__(self) -> str:
        return f"{self.kind} {self.target}".strip()


def location_from_url(url: str) -> Location:
    try:
        parts = urlsplit(url)
        host = (parts.hostname or "").lower()
    except ValueError:  # brackets that aren't an IPv6 address, a bad port
        host = ""
    if host != "discogs.com" and not host.endswith(".discogs.com"):
        raise BadLocation(f"{shown(url)} is not a discogs.com address.")
    path = unquote(parts.path)
    if match := _PATH.search(path):
        return entity_location(match["kind"].lower(), match["id"])
    if match := _USER.match(path):
        return Location("user", match["name"])
    if path.rstrip("/").endswith("/search"):
        given = {name: values[0] for name, values in parse_qs(parts.query).items()}
        return Location("search", search_target(given))
    raise BadLocation(
        f"Can't open {shown(url)}: expected a release, master, artist, label, user or search "
        "address."
    )


def search_target(given: dict[str, str]) -> str:
    """A search location's target: the words alone, or, when the search has more of the
    form's parameters (type, artist, year…), a query string holding them all."""
    params = {"q": given.get("q", "")}
    if given.get("type") in SEARCH_TYPES:
        params["type"] = given["type"]
    params |= {name: given[name] for name in SEARCH_FIELDS if given.get(name)}
    return params["q"] if len(params) == 1 else "?" + urlencode(params)


def search_params(target: str) -> dict[str, str]:
    """The parameters a search location's target holds: {"q": words, "type": …, fields…}."""
    if not target.startswith("?"):
        return {"q": target}
    given = {name: values[0] for name, values in parse_qs(target[1:]).items()}
    return {"q": given.get("q", ""), **{k: v for k, v in given.items() if k != "q"}}


def entity_location(kind: str, typed_id: str) -> Location:
    """A release, master, artist or label by its id as typed (``BadLocation`` if malformed)."""
    try:
        return Location(kind, str(parse_id(typed_id, kind)))
    except ValidationError as error:
        raise BadLocation(str(error)) from None


def location_from_args(args: list[str]) -> Location | None:
    """``["release", "249504"]``, ``["search", "Nirvana"]``, ``["https://www.discogs.com/…"]``."""
    if not args:
        return None
    first = args[0]
    if "://" in first or first.lower().startswith(("www.discogs.com", "discogs.com")):
        return location_from_url(first if "://" in first else f"https://{first}")
    kind = first.lower()
    if kind not in KINDS:
        raise BadLocation(
            f"Unknown screen {first!r}: use one of {', '.join(KINDS)} or a discogs.com URL."
        )
    target = " ".join(args[1:]).strip()
    if kind in _ID_KINDS:
        return entity_location(kind, target)
    if kind == "user" and not target:
        raise BadLocation("`user` needs a username, e.g. `discogs-tui user rodneyfool`.")
    return Location(kind, target)

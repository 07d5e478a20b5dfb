"""Typed views of the JSON the app reads: frozen, slotted dataclasses built by ``from_json``.

A model names the fields the app uses and keeps the whole answer in ``raw`` for the rest.
Discogs' answers are data we don't control (missing keys, a number where a string was
documented, a list where an object was), so ``from_json`` never raises: a field of the wrong
type gets its default (numbers that arrive as text are read as numbers; numbers where text
was expected become text). Fields are declared once, with the JSON key when it differs
(``key("type_")``); the conversion follows each field's type. Strings are kept as Discogs
sent them: cleaning control characters is the presentation's job (``app/present.py``).
"""

from __future__ import annotations

import math
import re
import types
import typing
from collections.abc import Mapping
from dataclasses import MISSING, Field, dataclass, field, fields, replace
from functools import cache
from typing import Any, Self, TypeVar

from discogs_tui.api.pagination import Page

__all__ = ["Page"]  # the pagination page is a model too; the names below are exported as well

Json = Mapping[str, Any]
_EMPTY = object()  # the default of a field that holds a JSON object: a new {}
_NUMBER_SUFFIX = re.compile(r" \(\d+\)$")


def key(name: str, default: Any = None) -> Any:
    """A field read from the JSON key ``name`` (when it isn't the field's own name)."""
    if default is None:
        return field(default=None, metadata={"key": name})
    return field(default=default, metadata={"key": name})


# -- reading one value by the type its field declares ---------------------------------------------
def _text(value: Any) -> str | None:
    if isinstance(value, str):
        return value
    if isinstance(value, int | float) and not isinstance(value, bool):
        return str(value)
    return None


def _int(value: Any) -> int | None:
    if isinstance(value, bool):
        return None
    if isinstance(value, int):
        return value
    if isinstance(value, float) and value.is_integer():
        return int(value)
    # str.strip() takes more than int() allows around a number (the control characters
    # \x1c-\x1f count as space): convert what was checked, not the original
    digits = value.strip() if isinstance(value, str) else ""
    if digits.isdecimal() and len(digits) < 20:
        return int(digits)
    return None


def _float(value: Any) -> float | None:
    if isinstance(value, bool) or not isinstance(value, int | float | str):
        return None
    try:
        number = float(value)
    except (ValueError, OverflowError):
        return None
    return number if math.isfinite(number) else None


def _convert(kind: Any, value: Any, default: Any) -> Any:
    """``value`` as ``kind`` (a field's resolved type), or ``default`` when it isn't one."""
    origin = typing.get_origin(kind)
    if origin in (types.UnionType, typing.Union):  # X | None
        inner = next(arg for arg in typing.get_args(kind) if arg is not type(None))
        return _convert(inner, value, default)
    if origin is tuple:  # a list of X: the entries that are X
        inner = typing.get_args(kind)[0]
        entries = value if isinstance(value, list | tuple) else ()
        converted = (_convert(inner, entry, None) for entry in entries)
        return tuple(entry for entry in converted if entry is not None)
    if kind is str:
        text = _text(value)
        return default if text is None else text
    if kind is bool:  # counts stand for flags too ("in_collection": 2)
        return (
            value if isinstance(value, bool) else value != 0 if isinstance(value, int) else default
        )
    if kind is int:
        number = _int(value)
        return default if number is None else number
    if kind is float:
        number = _float(value)
        return default if number is None else number
    if isinstance(value, Mapping):
        if isinstance(kind, type) and issubclass(kind, Model):
            return kind.from_json(value)
        return value  # a JSON object kept as it is
    return {} if default is _EMPTY else default


def _default(spec: Field) -> Any:
    return spec.default if spec.default_factory is MISSING else _EMPTY


@cache
def _plan(cls: type[Model]) -> tuple[tuple[str, str, Any, Any], ...]:
    """(field, JSON key, type, default) for each field of ``cls`` but ``raw``."""
    hints = typing.get_type_hints(cls)
    return tuple(
        (f.name, f.metadata.get("key", f.name), hints[f.name], _default(f))
        for f in fields(cls)
        if f.name != "raw"
    )


@dataclass(frozen=True, slots=True)
class Model:
    """A view of one JSON object; ``raw`` is the object itself."""

    raw: Json = field(default_factory=dict, repr=False, compare=False, kw_only=True)

    @classmethod
    def from_json(cls, data: Any) -> Self:
        """The model of ``data``; an empty one when ``data`` isn't a JSON object."""
        data = data if isinstance(data, Mapping) else {}
        values = {
            name: _convert(kind, data.get(json_key), default)
            for name, json_key, kind, default in _plan(cls)
        }
        return cls(raw=data, **values)


M = TypeVar("M", bound=Model)


def model(cls: type) -> Any:
    return dataclass(frozen=True, slots=True)(cls)


def typed_page(page: Page[Any], kind: type[M]) -> Page[M]:
    """``page`` with its items as ``kind``s."""
    return replace(page, items=[kind.from_json(item) for item in page.items])


def display_name(name: str) -> str:
    """Discogs tells same-named artists and labels apart with " (2)"; its site hides it."""
    return _NUMBER_SUFFIX.sub("", name)


# -- parts shared by several objects --------------------------------------------------------------
@model
class Credit(Model):
    """An artist as credited on a release, master or track (``artists``, ``extraartists``)."""

    id: int | None = None
    name: str = ""
    anv: str = ""  # the name as printed on the release, when it differs
    join: str = ""  # the word(s) before the next credit: "&", "Feat.", ","
    role: str = ""
    tracks: str = ""
    active: bool = True  # of a band's member or group

    @property
    def credited(self) -> str:
        """The name as the release shows it: its ANV, else the name without " (2)"."""
        return self.anv.strip() or display_name(self.name.strip())

    @property
    def separator(self) -> str:
        """What stands between this credit and the next: ", " or " & " (the join word)."""
        join = self.join.strip()
        return ", " if join in ("", ",") else f" {join} "


def credit_line(credits: tuple[Credit, ...]) -> str:
    """``A & B Feat. C``: credited names with their joins (plain text; links: app/present)."""
    last = len(credits) - 1
    return "".join(
        credit.credited + (credit.separator if index < last else "")
        for index, credit in enumerate(credits)
    )


@model
class Entity(Model):
    """A label, company, series, sublabel or alias: a name that may link somewhere."""

    id: int | None = None
    name: str = ""
    catno: str = ""
    entity_type_name: str = ""  # a company's role ("Pressed By")
    active: bool = True


@model
class Price(Model):
    value: float | None = None
    currency: str = ""

    @classmethod
    def from_json(cls, data: Any) -> Price:
        # super() without arguments fails in a slotted dataclass's method (it is rebuilt)
        price = super(Price, cls).from_json(data)  # noqa: UP008
        if not price.currency and isinstance(data, Mapping):  # the stats' spelling
            return cls(price.value, _text(data.get("curr_abbr")) or "", raw=price.raw)
        return price


@model
class Format(Model):
    name: str = ""
    qty: str = ""
    descriptions: tuple[str, ...] = ()
    text: str = ""


@model
class Track(Model):
    position: str = ""
    kind: str = key("type_", "track")  # track, heading or index
    title: str = ""
    duration: str = ""
    artists: tuple[Credit, ...] = ()
    extraartists: tuple[Credit, ...] = ()
    sub_tracks: tuple[Track, ...] = ()


@model
class Video(Model):
    uri: str = ""
    title: str = ""
    duration: int | None = None  # seconds


@model
class Identifier(Model):
    type: str = ""
    value: str = ""
    description: str = ""


@model
class Username(Model):
    username: str = ""


@model
class Rating(Model):
    average: float | None = None
    count: int = 0


@model
class Community(Model):
    """A release's ``community``: counts, rating and the entry's history."""

    have: int | None = None
    want: int | None = None
    rating: Rating | None = None
    status: str = ""
    data_quality: str = ""
    submitter: Username | None = None
    contributors: tuple[Username, ...] = ()


# -- the database -----------------------------------------------------------------------------------
@model
class Release(Model):
    id: int | None = None
    title: str = ""
    artists: tuple[Credit, ...] = ()
    extraartists: tuple[Credit, ...] = ()
    labels: tuple[Entity, ...] = ()
    companies: tuple[Entity, ...] = ()
    series: tuple[Entity, ...] = ()
    formats: tuple[Format, ...] = ()
    country: str = ""
    released: str = ""
    released_formatted: str = ""
    year: int | None = None
    genres: tuple[str, ...] = ()
    styles: tuple[str, ...] = ()
    master_id: int | None = None
    tracklist: tuple[Track, ...] = ()
    identifiers: tuple[Identifier, ...] = ()
    videos: tuple[Video, ...] = ()
    notes: str = ""
    community: Community | None = None
    data_quality: str = ""
    status: str = ""
    date_added: str = ""
    date_changed: str = ""
    estimated_weight: int | None = None
    uri: str = ""
    thumb: str = ""
    images: tuple[Json, ...] = ()


@model
class Master(Model):
    id: int | None = None
    title: str = ""
    artists: tuple[Credit, ...] = ()
    year: int | None = None
    genres: tuple[str, ...] = ()
    styles: tuple[str, ...] = ()
    main_release: int | None = None
    tracklist: tuple[Track, ...] = ()
    videos: tuple[Video, ...] = ()
    num_for_sale: int | None = None
    data_quality: str = ""
    images: tuple[Json, ...] = ()


@model
class Artist(Model):
    id: int | None = None
    name: str = ""
    realname: str = ""
    profile: str = ""
    namevariations: tuple[str, ...] = ()
    members: tuple[Credit, ...] = ()
    groups: tuple[Credit, ...] = ()
    aliases: tuple[Credit, ...] = ()
    urls: tuple[str, ...] = ()
    images: tuple[Json, ...] = ()
    data_quality: str = ""


@model
class Label(Model):
    id: int | None = None
    name: str = ""
    profile: str = ""
    contact_info: str = ""
    parent_label: Entity | None = None
    sublabels: tuple[Entity, ...] = ()
    urls: tuple[str, ...] = ()
    images: tuple[Json, ...] = ()
    data_quality: str = ""


@model
class BasicInformation(Model):
    """What the collection, wantlist and lists say about a release."""

    id: int | None = None
    title: str = ""
    year: int | None = None
    artists: tuple[Credit, ...] = ()
    labels: tuple[Entity, ...] = ()
    formats: tuple[Format, ...] = ()
    thumb: str = ""


@model
class ReleaseStats(Model):
    """``GET /releases/{id}/stats``: the live have/want counts."""

    num_have: int | None = None
    num_want: int | None = None


@model
class ReleaseRating(Model):
    """A user's rating of a release (0: not rated)."""

    rating: int = 0


@model
class Marks(Model):
    """Whether the user has a release (``user_data`` of search: flags; ``stats.user`` of
    versions: counts of copies)."""

    in_collection: bool = False
    in_wantlist: bool = False


@model
class SearchResult(Model):
    id: int | None = None
    type: str = ""  # release, master, artist or label
    title: str = ""
    year: str = ""
    format: tuple[str, ...] = ()
    label: tuple[str, ...] = ()
    catno: str = ""
    country: str = ""
    community: Community | None = None
    user_data: Marks | None = None


# -- the user's ------------------------------------------------------------------------------------
@model
class User(Model):
    """A profile (``GET /users/{username}``)."""

    id: int | None = None
    username: str = ""
    name: str = ""
    profile: str = ""
    location: str = ""
    home_page: str = ""
    registered: str = ""
    rank: float | None = None
    releases_rated: int | None = None
    rating_avg: float | None = None
    releases_contributed: int | None = None
    buyer_rating: float | None = None
    buyer_num_ratings: int | None = None
    seller_rating: float | None = None
    seller_num_ratings: int | None = None
    curr_abbr: str = ""
    num_collection: int | None = None
    num_wantlist: int | None = None
    num_lists: int | None = None
    num_for_sale: int | None = None
    num_pending: int | None = None


@model
class Folder(Model):
    id: int | None = None
    name: str = ""
    count: int = 0


@model
class CollectionItem(Model):
    """One copy in a collection folder (``instance_id`` tells copies of a release apart)."""

    id: int | None = None  # the release's
    instance_id: int | None = None
    folder_id: int | None = None
    rating: int = 0
    date_added: str = ""
    basic_information: BasicInformation | None = None
    notes: tuple[Json, ...] = ()  # {"field_id", "value"}


@model
class Want(Model):
    id: int | None = None  # the release's
    rating: int = 0
    notes: str = ""
    date_added: str = ""
    basic_information: BasicInformation | None = None


@model
class ListItem(Model):
    id: int | None = None
    type: str = ""  # release, master, artist or label
    display_title: str = ""
    comment: str = ""
    uri: str = ""


@model
class UserList(Model):
    """A user's list; ``items`` only when the list itself was read."""

    id: int | None = None
    name: str = ""
    description: str = ""
    public: bool = False
    date_added: str = ""  # in a user's lists
    date_changed: str = ""
    created_ts: str = ""  # of the list itself
    modified_ts: str = ""
    user: Username | None = None
    items: tuple[ListItem, ...] = ()


# -- the marketplace -------------------------------------------------------------------------------
@model
class Listing(Model):
    id: int | None = None
    status: str = ""
    condition: str = ""
    sleeve_condition: str = ""
    comments: str = ""
    location: str = ""
    posted: str = ""
    price: Price | None = None
    shipping_price: Price | None = None
    allow_offers: bool = False
    release: BasicInformation | None = None
    seller: Username | None = None
    ships_from: str = ""
    # the seller's own: where the copy is kept, a private note, grams, counts-as, copies
    external_id: str = ""
    weight: float | None = None
    format_quantity: str = ""  # a number, or "auto"
    quantity: int | None = None


@model
class MarketStats(Model):
    """``GET /marketplace/stats/{release_id}``: what is for sale, from how much."""

    num_for_sale: int | None = None
    lowest_price: Price | None = None
    blocked_from_sale: bool = False


@model
class OrderRelease(Model):
    id: int | None = None
    description: str = ""  # "Artist - Title (Format)"


@model
class OrderItem(Model):
    id: int | None = None
    price: Price | None = None
    media_condition: str = ""
    sleeve_condition: str = ""
    release: OrderRelease | None = None


@model
class Shipping(Price):
    method: str = ""  # "Standard"


@model
class Order(Model):
    id: str = ""  # "1-1"
    status: str = ""
    next_status: tuple[str, ...] = ()
    created: str = ""
    last_activity: str = ""
    buyer: Username | None = None
    seller: Username | None = None
    items: tuple[OrderItem, ...] = ()
    total: Price | None = None
    fee: Price | None = None
    shipping: Shipping | None = None
    shipping_address: str = ""
    additional_instructions: str = ""
    archived: bool = False


@model
class Refund(Model):
    amount: float | None = None  # in the order's currency


@model
class Message(Model):
    """A message of an order's conversation (or a status change, refund, shipping...)."""

    subject: str = ""
    message: str = ""
    type: str = ""
    timestamp: str = ""
    from_: Username | None = key("from")
    actor: Username | None = None  # who changed the status or the shipping
    original: float | None = None  # a shipping change: the amount before (in the order's
    new: float | None = None  # currency) and after
    refund: Refund | None = None

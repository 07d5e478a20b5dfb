"""The release: everything Discogs holds about one release, laid out to read at a glance.

A header (cover art on the left when images are on, the facts on the right), then the
tracklist, credits, companies, identifiers, notes, videos and the entry's history. The
release loads first; what is about the user and the market (their rating, their copies and
wantlist, marketplace prices, live have/want counts) loads after it, in parallel, and fills
its lines in as it arrives.

Every artist, label, company, series, master and user name is a link: ``]`` and ``[`` walk
through all of them in reading order, Enter follows the highlighted one.

Whether the release is in the user's wantlist: the API has no cheap read for one want (the
wantlist only pages), so the answer comes from the release's master: ``GET
/masters/{id}/versions`` narrowed to the release's year and country carries
``stats.user.in_wantlist`` for each version, one request. A release without a master (or
not found on that page) shows "not known" until the user adds it here.
"""

from __future__ import annotations

import asyncio
import re
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass
from typing import Any, ClassVar

from rich.cells import cell_len
from rich.text import Text
from textual.app import ComposeResult
from textual.containers import Horizontal, Vertical
from textual.geometry import Region
from textual.message import Message
from textual.widget import Widget
from textual.widgets import Static

from discogs_tui.api import markup
from discogs_tui.api.errors import DiscogsError
from discogs_tui.api.models import (
    CollectionItem,
    Community,
    Credit,
    Entity,
    Folder,
    Format,
    Identifier,
    MarketStats,
    Rating,
    Release,
    ReleaseRating,
    ReleaseStats,
    Track,
    User,
    Video,
    display_name,
)
from discogs_tui.api.scheduler import Priority
from discogs_tui.app import render
from discogs_tui.app.commands import Command, bindings
from discogs_tui.app.modals.picker import (
    Picker,
    currency_picker,
    rating_picker,
    stars,
)
from discogs_tui.app.navigation import Location
from discogs_tui.app.present import credit_spans, credits_text, link_to, name_span, price_text
from discogs_tui.app.render import clean, flat, flat_text, spans_to_text, text
from discogs_tui.app.screens.base import DiscogsScreen
from discogs_tui.app.screens.collect import AddsToFolder
from discogs_tui.app.times import local_date
from discogs_tui.app.widgets.cover import Cover, images_on, primary_image_url, toggle_images
from discogs_tui.app.widgets.linktext import LinkText

Span = markup.Span
Rows = list[list[Span]]

NARROW = 72  # below this many columns the cover goes above the facts
FACT_WIDTH = 13  # the label column of the header's facts ("Marketplace" and a gap)
LABEL_WIDTH_MAX = 26  # the role column of credits, companies and identifiers
DURATION_WIDTH = 7  # "1:02:33"
DEFAULT_CURRENCY = "USD"
VERSIONS_PAGE = 100  # master versions read to find the wantlist mark

_ROLE_SEPARATOR = re.compile(r",\s*(?![^\[]*\])")  # commas outside "Written-By [Lyrics, Music]"


# -- Discogs data to spans (text pieces, some of them links) -------------------------------------
def piece(value: object, *styles: str, link: markup.Link | None = None) -> Span:
    return Span(clean(value), frozenset(styles), link)


def pad(value: str, width: int) -> str:
    """``value`` followed by spaces up to ``width`` cells, and at least two."""
    return value + " " * max(2, width - cell_len(value))


def has_text(spans: Iterable[Span]) -> bool:
    return any(span.text.strip() for span in spans)


def lines(rows: Rows) -> list[Span]:
    spans: list[Span] = []
    for index, row in enumerate(rows):
        if index:
            spans.append(piece("\n"))
        spans.extend(row)
    return spans


def joined(entries: Sequence[list[Span]], separator: str = ", ") -> list[Span]:
    spans: list[Span] = []
    for index, entry in enumerate(entries):
        if index:
            spans.append(piece(separator))
        spans.extend(entry)
    return spans


def entity_entry(kind: str, entity: Entity) -> list[Span]:
    """A label, company or series as a link, with its catalogue number: "RCA – PB 41447"."""
    spans = [name_span(kind, entity, numbered=False)]
    if entity.catno.strip():
        spans.append(piece(f" – {entity.catno}"))
    return spans


def format_entry(fmt: Format) -> list[Span]:
    """'1 × Vinyl, LP, Album, 180g' (the free text, "180g", in italics)."""
    parts = [f"{clean(fmt.qty) or 1} × {clean(fmt.name)}"]
    parts += [clean(description) for description in fmt.descriptions]
    spans = [piece(", ".join(parts))]
    if fmt.text.strip():
        spans.append(piece(f", {fmt.text}", "italic"))
    return spans


def facts_spans(release: Release) -> list[Span]:
    """The header's facts, one labelled line each; lines with nothing to say are left out."""
    master_link = link_to("master", release.master_id)
    master = (
        [piece(f"All versions (master {release.master_id})", link=master_link)]
        if master_link
        else []
    )
    facts = [
        ("Artist", credit_spans(release.artists)),
        ("Label", joined([entity_entry("label", e) for e in release.labels])),
        ("Format", joined([format_entry(f) for f in release.formats], " + ")),
        ("Country", [piece(release.country)]),
        ("Released", [piece(release.released_formatted or release.released)]),
        ("Genre", [piece(", ".join(release.genres))]),
        ("Style", [piece(", ".join(release.styles))]),
        ("Series", joined([entity_entry("label", e) for e in release.series])),
        ("Master", master),
    ]
    return lines(
        [
            [piece(pad(label, FACT_WIDTH), "bold"), *value]
            for label, value in facts
            if has_text(value)
        ]
    )


# -- tracklist ----------------------------------------------------------------------------------
@dataclass(frozen=True)
class TrackLayout:
    """Column widths: position, then title (durations line up after it)."""

    position: int
    title: int

    @classmethod
    def fitting(cls, tracklist: Sequence[Track], width: int) -> TrackLayout:
        positions = [cell_len(clean(track.position)) for track in all_tracks(tracklist)]
        position = max([2, *positions])
        return cls(position, max(20, width - position - 2 - DURATION_WIDTH - 1))


def all_tracks(tracklist: Sequence[Track]) -> Iterable[Track]:
    for track in tracklist:
        yield track
        yield from track.sub_tracks


def tracklist_spans(tracklist: Sequence[Track], width: int) -> list[Span]:
    """Headings as section titles, index tracks with their sub-tracks indented under them,
    durations in a column, and each track's credits under it."""
    layout = TrackLayout.fitting(tracklist, width)
    rows: Rows = []
    for track in tracklist:
        if track.kind == "heading":
            rows += [[]] if rows else []  # a blank line before every heading but the first
            rows.append([piece(track.title, "bold", "underline")])
        elif track.kind == "index":
            rows += track_rows(track, layout, 0, ("bold",))
            for sub_track in track.sub_tracks:
                rows += track_rows(sub_track, layout, 1)
        else:
            rows += track_rows(track, layout, 0)
    return lines(rows)


def track_rows(track: Track, layout: TrackLayout, depth: int, styles: Sequence[str] = ()) -> Rows:
    """A track's line (position, track artists – title, duration), then its credits."""
    position = pad(clean(track.position), layout.position + 2)
    indent = "  " * depth
    title = credit_spans(track.artists)
    if title:
        title.append(piece(" – "))
    title.append(piece(track.title, *styles))
    used = cell_len(indent + "".join(span.text for span in title))
    duration = clean(track.duration).rjust(DURATION_WIDTH)
    filler = " " * max(1, layout.title - used)
    rows: Rows = [[piece(position + indent), *title, piece(filler + duration)]]
    credit_indent = " " * (layout.position + 2) + indent + "  "
    for credit in track.extraartists:
        role = clean(credit.role).strip() or "Credit"
        rows.append([piece(credit_indent), piece(f"{role} – ", "italic"), *credit_spans([credit])])
    return rows


# -- credits, companies, identifiers, videos, the entry's history --------------------------------
def grouped_rows(groups: dict[str, list[list[Span]]], one_per_line: bool = False) -> Rows:
    """A label column (role, company role, identifier type) and its entries beside it."""
    if not groups:
        return []
    width = min(max(cell_len(label) for label in groups), LABEL_WIDTH_MAX) + 2
    rows: Rows = []
    for label, entries in groups.items():
        if one_per_line:
            for index, entry in enumerate(entries):
                rows.append([piece(pad(label if index == 0 else "", width), "bold"), *entry])
        else:
            rows.append([piece(pad(label, width), "bold"), *joined(entries)])
    return rows


def credits_spans(credits: Sequence[Credit]) -> list[Span]:
    """Credits grouped by role; an artist with two roles appears under each."""
    groups: dict[str, list[list[Span]]] = {}
    for credit in credits:
        entry = credit_spans([credit])
        if credit.tracks.strip():
            entry.append(piece(f" (tracks {credit.tracks})", "italic"))
        roles = [r.strip() for r in _ROLE_SEPARATOR.split(clean(credit.role)) if r.strip()]
        for role in roles or ["Credit"]:
            groups.setdefault(role, []).append(entry)
    return lines(grouped_rows(groups))


def companies_spans(companies: Sequence[Entity]) -> list[Span]:
    groups: dict[str, list[list[Span]]] = {}
    for company in companies:
        role = clean(company.entity_type_name).strip() or "Company"
        groups.setdefault(role, []).append(entity_entry("label", company))
    return lines(grouped_rows(groups))


def identifiers_spans(identifiers: Sequence[Identifier]) -> list[Span]:
    """Barcodes, matrix / runout etchings, rights societies…, one value a line."""
    groups: dict[str, list[list[Span]]] = {}
    for identifier in identifiers:
        entry = [piece(identifier.value)]
        if identifier.description.strip():
            entry.append(piece(f" ({identifier.description})", "italic"))
        groups.setdefault(clean(identifier.type) or "Identifier", []).append(entry)
    return lines(grouped_rows(groups, one_per_line=True))


def duration_text(seconds: int | None) -> str:
    """Seconds as m:ss (h:mm:ss from an hour on); empty when not a number."""
    if seconds is None or seconds < 0:
        return ""
    hours, rest = divmod(seconds, 3600)
    minutes, secs = divmod(rest, 60)
    return f"{hours}:{minutes:02}:{secs:02}" if hours else f"{minutes}:{secs:02}"


def videos_spans(videos: Sequence[Video]) -> list[Span]:
    """Each video's title as a link (Enter copies its URL), its duration before it."""
    rows = [
        [
            piece(duration_text(video.duration).rjust(DURATION_WIDTH) + "  "),
            piece(video.title or video.uri, link=markup.Link("url", clean(video.uri))),
        ]
        for video in videos
        if clean(video.uri).strip()
    ]
    return lines(rows)


def user_link(username: str) -> list[Span]:
    name = clean(username)
    return [piece(name, link=markup.Link("user", name))] if name else []


def history_spans(release: Release) -> list[Span]:
    """Who submitted the entry and who improved it, its state and dates, as Discogs keeps them."""
    community = release.community or Community()
    submitter = community.submitter.username if community.submitter else ""
    contributors = [user_link(c.username) for c in community.contributors if clean(c.username)]
    weight = release.estimated_weight
    facts = [
        ("Data quality", [piece(community.data_quality or release.data_quality)]),
        ("Status", [piece(community.status or release.status)]),
        ("Submitted by", user_link(submitter)),
        ("Contributors", joined(contributors)),
        ("Added", [piece(local_date(release.date_added) if release.date_added else "")]),
        ("Changed", [piece(local_date(release.date_changed) if release.date_changed else "")]),
        ("Weight", [piece(f"about {weight} g")] if weight is not None and weight > 0 else []),
        ("Release id", [piece(release.id)]),
    ]
    return lines(
        [
            [piece(pad(label, FACT_WIDTH + 2), "bold"), *value]
            for label, value in facts
            if has_text(value)
        ]
    )


def known_names(release: Release) -> dict[tuple[str, int], str]:
    """Names of the artists and labels the release mentions, for notes' ``[a123]`` links."""
    names: dict[tuple[str, int], str] = {}
    people = (*release.artists, *release.extraartists)
    places = (*release.labels, *release.companies)
    for kind, entities in (("artist", people), ("label", places)):
        for entity in entities:
            if entity.id is not None:
                names[(kind, entity.id)] = display_name(clean(entity.name))
    return names


# -- the header's lines about the community, the user and the market -----------------------------
def fact_line(label: str, body: Text | str, hint: str = "") -> Text:
    """A header line: a bold label, what we know, and (dim) the key that changes it."""
    line = Text()
    line.append(pad(label, FACT_WIDTH), style="bold")
    line.append(render.text(body) if isinstance(body, str) else body)
    if hint:
        line.append(render.text(f"  {hint}", "dim"))
    return line


def community_line(release: Release, stats: ReleaseStats | None = None) -> Text:
    """Have, want and the average rating; have/want from ``/stats`` once they arrive."""
    community = release.community or Community()
    stats = stats or ReleaseStats()
    have = stats.num_have if stats.num_have is not None else community.have
    want = stats.num_want if stats.num_want is not None else community.want
    parts = [
        f"{have:,} have" if have is not None else "",
        f"{want:,} want" if want is not None else "",
    ]
    rating = community.rating or Rating()
    if rating.count:
        parts.append(f"rated {rating.average or 0:.2f} by {rating.count:,}")
    return fact_line("Community", " · ".join(part for part in parts if part) or "no data")


def rating_line(rating: int) -> Text:
    body = f"{stars(rating)} {rating} of 5" if rating else "not rated"
    return fact_line("Your rating", body, "1–5 rate, 0 clears")


def collection_line(instances: Sequence[CollectionItem], folders: Sequence[Folder]) -> Text:
    if not instances:
        return fact_line("Collection", "not in your collection", "c adds a copy")
    names = {folder.id: clean(folder.name) for folder in folders}
    counts: dict[str, int] = {}
    for instance in instances:
        name = names.get(instance.folder_id) or f"folder {instance.folder_id}"
        counts[name] = counts.get(name, 0) + 1
    where = ", ".join(f"{name} ×{count}" if count > 1 else name for name, count in counts.items())
    copies = "1 copy" if len(instances) == 1 else f"{len(instances)} copies"
    return fact_line("Collection", render.text(f"{copies} in {where}"), "c adds a copy")


def wantlist_line(wanted: bool | None) -> Text:
    if wanted is None:
        return fact_line("Wantlist", "not known", "w adds it")
    return fact_line(
        "Wantlist",
        "in your wantlist" if wanted else "not in your wantlist",
        "" if wanted else "w adds it",
    )


def market_line(stats: MarketStats, currency: str) -> Text:
    if stats.blocked_from_sale:
        body = "blocked from sale on Discogs"
    elif not stats.num_for_sale:
        body = f"none for sale ({currency})"
    else:
        lowest = price_text(stats.lowest_price, currency) or f"? {currency}"
        body = f"{stats.num_for_sale:,} for sale from {lowest}"
    return fact_line("Marketplace", body, "$ currency")


def waiting_line(label: str) -> Text:
    return fact_line(label, Text("…", style="dim"))


def failed_line(label: str, error: DiscogsError) -> Text:
    return fact_line(label, render.text(f"couldn't load: {clean(error)}", style="dim"), "r reloads")


def sign_in_line(label: str, what: str) -> Text:
    return fact_line(label, render.text(f"sign in to {what}", style="dim"))


# -- widgets ------------------------------------------------------------------------------------
class LinkLines(LinkText):
    """LinkText over spans we build (names as links), that hands on to the next one: moving
    past its last link (``]``) or before its first (``[``) says so, and the screen moves to
    the next (previous) LinkLines. It also scrolls the highlighted link into view."""

    class Exhausted(Message):
        def __init__(self, widget: LinkLines, step: int) -> None:
            super().__init__()
            self.widget = widget
            self.step = step

    def enter(self, from_end: bool = False) -> None:
        """Take the focus with the first (or last) link highlighted."""
        self.focus()
        self.focused_link = len(self.links) - 1 if from_end else 0

    def _step(self, delta: int) -> None:
        current = self.focused_link
        past_end = current is not None and current + delta >= len(self.links)
        before_start = delta < 0 and (current is None or current + delta < 0)
        if not self.links or past_end or before_start:
            self.post_message(self.Exhausted(self, delta))
            return
        super()._step(delta)

    def on_blur(self) -> None:
        self.focused_link = None

    def watch_focused_link(self) -> None:
        super().watch_focused_link()
        if self.focused_link is not None:
            self.call_after_refresh(self._reveal_focused_link)

    def _reveal_focused_link(self) -> None:
        """Scroll the body so the highlighted link's line shows (wrapping estimated)."""
        body = self.screen.query_one("#body")
        if self.focused_link is None or not self.region or not body.region:
            return
        width = max(1, self.content_region.width)
        line = line_of(text_before_link(self.spans, self.focused_link), width)
        y = self.content_region.y - body.content_region.y + body.scroll_offset.y + line
        body.scroll_to_region(Region(0, y, 1, 1), spacing=None, animate=False)


def text_before_link(spans: Sequence[Span], link_index: int) -> str:
    before: list[str] = []
    seen = -1
    for span in spans:
        if span.link is not None:
            seen += 1
            if seen == link_index:
                break
        before.append(span.text)
    return "".join(before)


def line_of(before: str, width: int) -> int:
    """The display line (of ``width`` cells, wrapping) on which text after ``before`` starts."""
    rows = before.split("\n")
    wrapped = sum(max(1, -(-cell_len(row) // width)) for row in rows[:-1])
    return wrapped + cell_len(rows[-1]) // width


# -- the screen ---------------------------------------------------------------------------------
SECTIONS = (
    ("tracklist", "Tracklist"),
    ("credits", "Credits"),
    ("companies", "Companies"),
    ("identifiers", "Barcode and other identifiers"),
    ("notes", "Notes"),
    ("videos", "Videos (Enter copies the link)"),
    ("history", "This entry"),
)
HEADER_LINES = ("community", "rating", "collection", "wantlist", "market")


class ReleaseScreen(AddsToFolder):
    HORIZONTAL_BREAKPOINTS: ClassVar[list[tuple[int, str]]] = [(0, "-narrow"), (NARROW, "-wide")]
    COMMAND_LIST: ClassVar[list[Command]] = [
        *DiscogsScreen.COMMAND_LIST,
        Command("release.artist", "a", "open_artist", "Artist", "Open the release's artist."),
        Command("release.label", "l", "open_label", "Label", "Open the release's label."),
        Command("release.master", "m", "open_master", "Master", "Open the master: every version."),
        Command(
            "release.want",
            "w",
            "add_want",
            "Want",
            "Add the release to your wantlist (notes, rating).",
        ),
        Command("release.sell", "n", "sell", "Sell", "List a copy of this release for sale."),
        Command(
            "release.collect",
            "c",
            "add_to_collection",
            "Collect",
            "Add a copy to one of your collection folders.",
        ),
        *(
            Command(
                f"release.rate_{n}",
                str(n),
                f"rate({n})",
                f"Rate {n}",
                f"Rate the release {n} of 5.",
                show=False,
            )
            for n in range(1, 6)
        ),
        Command("release.unrate", "0", "rate(0)", "Clear rating", "Clear your rating.", show=False),
        Command(
            "release.rate", "asterisk", "pick_rating", "Rate", "Choose your rating from a list."
        ),
        Command(
            "release.currency",
            "dollar_sign",
            "pick_currency",
            "Currency",
            "Show marketplace prices in another currency.",
        ),
        Command("release.images", "i", "toggle_images", "Images", "Show or hide cover art."),
        Command("release.videos", "v", "focus_videos", "Videos", "Go to the videos.", show=False),
        Command(
            "release.copy",
            "y",
            "copy_link",
            "Copy URL",
            "Copy the highlighted video's URL, or else the release's discogs.com page.",
            show=False,
        ),
        Command(
            "release.next_link",
            "right_square_bracket",
            "next_link",
            "Next link",
            "Highlight the next artist, label, company or other link.",
            show=False,
        ),
        Command(
            "release.previous_link",
            "left_square_bracket",
            "previous_link",
            "Previous link",
            "Highlight the previous link.",
            show=False,
        ),
        Command("release.down", "j", "scroll_down", "Down", "Scroll down.", show=False),
        Command("release.up", "k", "scroll_up", "Up", "Scroll up.", show=False),
        Command("release.top", "g", "scroll_top", "Top", "Go to the top.", show=False),
        Command("release.bottom", "G", "scroll_bottom", "Bottom", "Go to the end.", show=False),
    ]
    BINDINGS = bindings(COMMAND_LIST)

    def __init__(self, location: Location) -> None:
        super().__init__(location)
        self.rating = 0
        self.currency: str | None = None  # of the prices shown
        self.folders: list[dict[str, Any]] | None = None
        self.wanted: bool | None = None

    @property
    def release_id(self) -> int:
        return self.location.entity_id

    @property
    def username(self) -> str:
        return self.discogs.signed_in_as

    def where(self) -> str:
        return f"Release {self.location.target}"

    def compose_body(self) -> ComposeResult:
        with Horizontal(id="release-header"):
            yield Cover(id="cover")
            with Vertical(id="release-facts"):
                yield Static(id="release-title")
                yield LinkLines(id="facts")
                for name in HEADER_LINES:
                    yield Static(id=f"{name}-line", classes="release-line")
        for name, title in SECTIONS:
            with Vertical(id=f"{name}-section", classes="release-section"):
                yield Static(render.text(title), classes="section-title")
                yield Static(id=name) if name == "identifiers" else LinkLines(id=name)

    def on_mount(self) -> None:
        super().on_mount()
        self.query_one("#release-header").display = False
        for section in self.query(".release-section"):
            section.display = False

    # -- the release ------------------------------------------------------------------------------
    async def fetch(self) -> Release:
        return Release.from_json(await self.service.database.release(self.release_id))

    def show(self, release: Release) -> None:
        artists = credits_text(release.artists)
        title = flat(release.title)
        self.set_where(f"Release: {artists} – {title}" if artists else f"Release: {title}")
        self.query_one("#release-header").display = True
        self.query_one("#release-title", Static).update(flat_text(title, "bold"))
        self.query_one("#facts", LinkLines).set_spans(facts_spans(release))
        self.query_one(Cover).show_image(primary_image_url(list(release.images), release.thumb))
        self._fill_tracklist()
        self._fill("credits", credits_spans(release.extraartists))
        self._fill("companies", companies_spans(release.companies))
        self._fill("identifiers", identifiers_spans(release.identifiers))
        self._fill("videos", videos_spans(release.videos))
        self._fill("history", history_spans(release))
        notes = self.query_one("#notes", LinkLines)
        notes.set_markup(release.notes, known_names(release))
        self.query_one("#notes-section").display = bool(clean(release.notes).strip())
        self._set_line("community", community_line(release))
        self.load_extras()

    def _fill_tracklist(self) -> None:
        """Durations line up at the right edge: the layout follows the terminal's width
        (the body's padding and scrollbar take four columns)."""
        tracklist = self.data.tracklist
        self._fill("tracklist", tracklist_spans(tracklist, self.app.size.width - 4))

    def on_resize(self) -> None:
        if self.data is not None:
            self._fill_tracklist()

    def _fill(self, name: str, spans: list[Span]) -> None:
        widget = self.query_one(f"#{name}")
        if isinstance(widget, LinkLines):
            widget.set_spans(spans)
        else:
            widget.update(spans_to_text(spans))
        self.query_one(f"#{name}-section").display = has_text(spans)

    def _set_line(self, name: str, line: Text) -> None:
        self.query_one(f"#{name}-line", Static).update(line)

    # -- what loads after it ----------------------------------------------------------------------
    def load_extras(self) -> None:
        self.load_market()
        self.load_personal()

    def load_personal(self) -> None:
        """The live have/want counts, and the user's rating, copies and wantlist mark."""
        self.load_stats()
        if not self.username:
            self._set_line("rating", sign_in_line("Your rating", "rate it"))
            self._set_line("collection", sign_in_line("Collection", "see your copies"))
            self._set_line("wantlist", sign_in_line("Wantlist", "see your wantlist"))
            return
        self.load_rating()
        self.load_shelves()

    def _load_part(
        self,
        labels: dict[str, str],
        fetch: Callable,
        done: Callable[[Any], None],
        wait: bool = True,
    ) -> None:
        """Run ``fetch`` in a worker of its own and hand its answer to ``done``. Meanwhile the
        header lines named in ``labels`` (line -> label) show "…"; on failure, the error."""
        if wait:
            for line, label in labels.items():
                self._set_line(line, waiting_line(label))
        group = next(iter(labels))
        self.run_worker(
            self._fetch_part(labels, fetch, done), group=group, exclusive=True, exit_on_error=False
        )

    async def _fetch_part(
        self, labels: dict[str, str], fetch: Callable, done: Callable[[Any], None]
    ) -> None:
        try:
            answer = await fetch()
        except DiscogsError as error:
            for line, label in labels.items():
                self._set_line(line, failed_line(label, error))
            return
        done(answer)

    def load_stats(self) -> None:
        self._load_part(
            {"community": "Community"},
            lambda: self.service.database.release_stats(self.release_id),
            lambda stats: self._set_line(
                "community", community_line(self.data, ReleaseStats.from_json(stats))
            ),
            wait=False,  # the release's own counts show meanwhile
        )

    def load_rating(self) -> None:
        self._load_part(
            {"rating": "Your rating"},
            lambda: self.service.database.user_release_rating(self.release_id, self.username),
            self._show_rating,
        )

    def _show_rating(self, answer: dict[str, Any]) -> None:
        self.rating = ReleaseRating.from_json(answer).rating
        self._set_line("rating", rating_line(self.rating))

    def load_market(self) -> None:
        self._load_part({"market": "Marketplace"}, self._market_stats, self._show_market)

    async def _market_stats(self) -> tuple[MarketStats, str]:
        currency = await self._currency()
        stats = await self.service.marketplace.stats(
            self.release_id, currency=currency, priority=Priority.PREFETCH
        )
        return MarketStats.from_json(stats), currency

    async def _currency(self) -> str:
        """The currency chosen in this session, else the user's own, else US dollars."""
        chosen = self.discogs.session.get("currency")
        if chosen or not self.username:
            return chosen or DEFAULT_CURRENCY
        profile = await self.service.users.profile(self.username, priority=Priority.PREFETCH)
        return clean(User.from_json(profile).curr_abbr) or DEFAULT_CURRENCY

    def _show_market(self, answer: tuple[MarketStats, str]) -> None:
        stats, self.currency = answer
        self._set_line("market", market_line(stats, self.currency))

    def load_shelves(self) -> None:
        self._load_part(
            {"collection": "Collection", "wantlist": "Wantlist"}, self._shelves, self._show_shelves
        )

    async def _shelves(self) -> tuple[list[dict], list[CollectionItem], bool | None]:
        collection = self.service.collection
        folders, instances, wanted = await asyncio.gather(
            collection.folders(self.username, priority=Priority.PREFETCH),
            collection.release_instances(
                self.username, self.release_id, priority=Priority.PREFETCH
            ),
            self._wantlist_mark(),
        )
        return folders, [CollectionItem.from_json(item) for item in instances.items], wanted

    async def _wantlist_mark(self) -> bool | None:
        """Whether the release is in the user's wantlist, from its master's versions (one
        request narrowed to its year and country); None when that can't tell."""
        release: Release = self.data
        master_id = release.master_id
        if master_id is None or master_id <= 0:
            return None
        try:
            page = await self.service.database.master_versions(
                master_id,
                released=clean(release.released)[:4] or None,
                country=clean(release.country) or None,
                per_page=VERSIONS_PAGE,
                priority=Priority.PREFETCH,
            )
        except DiscogsError:
            return None  # the mark is a nicety: the collection line still shows
        version = next((v for v in page.items if v.get("id") == self.release_id), None)
        if version is None:
            return None
        return bool(((version.get("stats") or {}).get("user") or {}).get("in_wantlist"))

    def _show_shelves(self, answer: tuple[list[dict], list[CollectionItem], bool | None]) -> None:
        folders, instances, wanted = answer
        self.folders = folders
        if wanted is not None:
            self.wanted = wanted
        shelves = [Folder.from_json(folder) for folder in folders]
        self._set_line("collection", collection_line(instances, shelves))
        self._set_line("wantlist", wantlist_line(self.wanted))

    def after_write(self) -> None:
        self.load_personal()

    # -- the user's rating, wantlist and collection -------------------------------------------
    def _loaded(self) -> Release | None:
        if self.data is None:
            self.discogs.notify_text("The release hasn't loaded yet.")
        return self.data

    def _signed_in(self, what: str) -> str | None:
        """The username, or None after saying that ``what`` needs signing in."""
        if not self.username:
            self.discogs.notify_text(
                f"Sign in to {what}: run `discogs-tui login`, or try the demo with "
                "`discogs-tui --demo`.",
                severity="warning",
            )
        return self.username or None

    def action_rate(self, rating: int) -> None:
        username = self._signed_in("rate releases")
        if username is None or self._loaded() is None:
            return
        database = self.service.database
        if rating:
            self.run_write(
                lambda: database.set_user_release_rating(self.release_id, username, rating),
                f"Rated {rating} of 5.",
            )
        else:
            self.run_write(
                lambda: database.delete_user_release_rating(self.release_id, username),
                "Your rating is cleared.",
            )

    def action_pick_rating(self) -> None:
        if self._signed_in("rate releases") and self._loaded():
            self.app.push_screen(rating_picker(self.rating or None), self._rating_chosen)

    def _rating_chosen(self, rating: int | None) -> None:
        if rating is not None:
            self.action_rate(rating)

    def action_sell(self) -> None:
        from discogs_tui.app.screens.listing_form import open_new_listing

        if self._loaded() is not None:
            open_new_listing(self.discogs, self.release_id)

    def action_add_want(self) -> None:
        """w: the release into the wantlist, with notes and a rating asked for first."""
        username = self._signed_in("add releases to your wantlist")
        release = self._loaded()
        if username is None or release is None:
            return
        if self.wanted:
            self.discogs.notify_text(
                "It is in your wantlist already: change its notes and rating there (F3, e)."
            )
            return
        from discogs_tui.app.screens.wantlist import WantForm

        new_want = {"id": self.release_id, "basic_information": release.raw, "rating": 0}
        self.app.push_screen(WantForm(new_want), lambda answer: self._add_want(username, answer))

    def _add_want(self, username: str, answer: tuple[str, int] | None) -> None:
        if answer is None:
            return
        notes, stars_given = answer

        async def add() -> None:
            await self.service.stores.wantlist.add(
                username, self.release_id, notes=notes or None, rating=stars_given or None
            )
            self.wanted = True

        self.run_write(add, "Added to your wantlist.")

    def action_add_to_collection(self) -> None:
        if self._loaded():
            self.add_to_folder(self.release_id)

    # -- the market ---------------------------------------------------------------------------
    def action_pick_currency(self) -> None:
        self.app.push_screen(currency_picker(self.currency), self._currency_chosen)

    def _currency_chosen(self, currency: str | None) -> None:
        if currency is not None:
            self.discogs.session["currency"] = currency
            if self.data is not None:
                self.load_market()

    # -- going elsewhere ----------------------------------------------------------------------
    def action_open_artist(self) -> None:
        if release := self._loaded():
            self._open_one("artist", release.artists)

    def action_open_label(self) -> None:
        if release := self._loaded():
            self._open_one("label", release.labels)

    def action_open_master(self) -> None:
        release = self._loaded()
        if release is None:
            return
        if link_to("master", release.master_id) is None:
            self.discogs.notify_text("This release has no master release.")
            return
        self.discogs.open(Location("master", str(release.master_id)))

    def _open_one(self, kind: str, entities: Sequence[Entity | Credit]) -> None:
        """Open the entity, or pick one when there are several."""
        choices: dict[str, Text] = {}
        for entity in entities:
            if link_to(kind, entity.id) is not None:
                choices.setdefault(str(entity.id), text(display_name(flat(entity.name))))
        if not choices:
            self.discogs.notify_text(f"No {kind} of this release has a page on Discogs.")
        elif len(choices) == 1:
            self.discogs.open(Location(kind, next(iter(choices))))
        else:
            options = [(name, Location(kind, entity_id)) for entity_id, name in choices.items()]
            self.app.push_screen(Picker(f"Open which {kind}?", options), self._open_chosen)

    def _open_chosen(self, location: Location | None) -> None:
        if location is not None:
            self.discogs.open(location)

    # -- links, videos, images ----------------------------------------------------------------
    def _link_widgets(self) -> list[LinkLines]:
        return [w for w in self.query(LinkLines) if w.links and _shown(w)]

    def action_next_link(self) -> None:
        if widgets := self._link_widgets():
            widgets[0].enter()

    def action_previous_link(self) -> None:
        if widgets := self._link_widgets():
            widgets[-1].enter(from_end=True)

    def on_link_lines_exhausted(self, message: LinkLines.Exhausted) -> None:
        widgets = self._link_widgets()
        if message.widget not in widgets:
            return
        following = widgets[(widgets.index(message.widget) + message.step) % len(widgets)]
        following.enter(from_end=message.step < 0)

    def action_focus_videos(self) -> None:
        videos = self.query_one("#videos", LinkLines)
        if videos.links and _shown(videos):
            videos.enter()
        else:
            self.discogs.notify_text("This release has no videos.")

    def action_copy_link(self) -> None:
        focused = self.focused
        if isinstance(focused, LinkText) and focused.focused_link is not None:
            link = focused.links[focused.focused_link]
            if link.kind == "url":
                self.discogs.open_link(link)
                return
        if (release := self._loaded()) and clean(release.uri):
            self.discogs.open_link(markup.Link("url", clean(release.uri)))

    def action_toggle_images(self) -> None:
        on = toggle_images(self.app)
        cover = self.query_one(Cover)
        cover.show_image(cover.url)
        if on and not cover.url and self.data is not None:
            self.discogs.notify_text(
                "Images on; this release has no image to show (anonymous sessions get none)."
            )
        else:
            self.discogs.notify_text("Images on." if on else "Images off.")

    def on_screen_resume(self) -> None:
        """Images may have been switched on another screen."""
        cover = self.query_one(Cover)
        if cover.url and cover.display != images_on(self.app):
            cover.show_image(cover.url)

    # -- scrolling ------------------------------------------------------------------------------
    def action_scroll_down(self) -> None:
        self.query_one("#body").scroll_down(animate=False)

    def action_scroll_up(self) -> None:
        self.query_one("#body").scroll_up(animate=False)

    def action_scroll_top(self) -> None:
        self.query_one("#body").scroll_home(animate=False)

    def action_scroll_bottom(self) -> None:
        self.query_one("#body").scroll_end(animate=False)


def _shown(widget: Widget) -> bool:
    """Displayed, and so are all its ancestors."""
    node: Any = widget
    while isinstance(node, Widget):
        if not node.display:
            return False
        node = node.parent
    return True

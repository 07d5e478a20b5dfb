"""The wantlist: every want at once, sorted and filtered locally, with notes and rating to
edit, removal, and — checked in the background at low priority — how many copies of each are
for sale now and the lowest price, so the wants you can buy stand out. The answers are kept
(``AvailabilityStore``): reopening the wantlist shows them at once and asks again only about
wants not checked within the freshness period, the rows on screen first."""

from __future__ import annotations

import asyncio
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any, ClassVar

from rich.text import Text
from textual import on, work
from textual.app import ComposeResult
from textual.containers import Vertical
from textual.screen import ModalScreen
from textual.widgets import DataTable, Input, Label, Static, TextArea

from discogs_tui.api.availability import AvailabilityStore
from discogs_tui.api.bulk import actions
from discogs_tui.api.errors import DiscogsError
from discogs_tui.api.pagination import BULK_PER_PAGE, walk_items
from discogs_tui.app import render
from discogs_tui.app.bulk_jobs import BulkWork, bulk_commands
from discogs_tui.app.commands import Command, bindings
from discogs_tui.app.marks import MARKER, MarksRows, mark_commands, marker_cell
from discogs_tui.app.modals.confirm import Confirm
from discogs_tui.app.modals.export_form import ExportForm, wantlist_job
from discogs_tui.app.modals.picker import Picker, rating_picker, stars
from discogs_tui.app.navigation import Location
from discogs_tui.app.present import credits_of, credits_text, price_text
from discogs_tui.app.render import clean, join, line, text
from discogs_tui.app.screens.base import DiscogsScreen, UserDataScreen
from discogs_tui.app.screens.edits import GuardsEdits, leave_command, save_command
from discogs_tui.app.widgets.bounded import BoundedTextArea
from discogs_tui.app.widgets.paged_rows import PagedRows
from discogs_tui.app.widgets.paged_table import Column, fit_columns

Json = dict[str, Any]
SCROLLBAR = 2
BODY_PADDING = 2  # #body pads each side by one (app.tcss)
SALE_COLUMN = "For sale"


# -- a want's fields ----------------------------------------------------------------------------
def info(want: Json) -> Json:
    return want.get("basic_information") or {}


def artist_name(want: Json) -> str:
    return credits_text(credits_of(info(want).get("artists")))


def title(want: Json) -> str:
    return clean(info(want).get("title", ""))


def year(want: Json) -> int:
    value = info(want).get("year")
    return value if isinstance(value, int) else 0


def rating(want: Json) -> int:
    value = want.get("rating")
    return value if isinstance(value, int) else 0


def rating_cell(want: Json) -> Text:
    return render.text(stars(rating(want)) if rating(want) else "")


def added(want: Json) -> str:
    return str(want.get("date_added") or "")


def haystack(want: Json) -> str:
    """What the filter looks in: artists, title, year, labels, formats, notes."""
    details = info(want)
    labels = " ".join(
        f"{label.get('name', '')} {label.get('catno', '')}" for label in details.get("labels") or []
    )
    formats = " ".join(str(fmt.get("name", "")) for fmt in details.get("formats") or [])
    words = (artist_name(want), title(want), str(year(want) or ""), labels, formats)
    return " ".join((*words, clean(want.get("notes", "")))).lower()


@dataclass(frozen=True)
class SortKey:
    name: str
    key: Callable[[Json], Any]
    newest_first: bool = False  # its natural direction is descending


SORT_KEYS = (
    SortKey("added", added, newest_first=True),
    SortKey("artist", lambda want: artist_name(want).lower()),
    SortKey("title", lambda want: title(want).lower()),
    SortKey("year", year),
    SortKey("rating", rating, newest_first=True),
)


@dataclass(frozen=True)
class Availability:
    """What the marketplace stats say about one release."""

    count: int
    lowest: str  # "12.50 EUR", blank when nothing is for sale

    @classmethod
    def from_stats(cls, stats: Json) -> Availability:
        count = stats.get("num_for_sale")
        return cls(count if isinstance(count, int) else 0, price_text(stats.get("lowest_price")))

    def cell(self) -> Text:
        if not self.count:
            return Text("none", style="dim")
        price = f" from {self.lowest}" if self.lowest else ""
        return render.text(f"{self.count}{price}", style="bold")


class WantlistScreen(BulkWork, MarksRows, UserDataScreen):
    """The wantlist of ``location.target`` (a username)."""

    BODY_SCROLLS = False
    AUTO_FOCUS = "#wants"  # not the filter: while the wants load, Escape should go back
    MARKS_NOUN = "want"
    COMMAND_LIST: ClassVar[list[Command]] = [
        *DiscogsScreen.COMMAND_LIST,
        Command("wants.filter", "f", "focus_filter", "Filter", "Type to filter the wants."),
        Command("wants.sort", "s", "next_sort", "Sort", "Sort by added, artist, title, year…"),
        Command("wants.reverse", "S", "reverse", "Reverse", "Reverse the sort order.", show=False),
        Command("wants.buyable", "b", "toggle_buyable", "Buyable", "Show only wants for sale now."),
        Command(
            "wants.edit",
            "e",
            "edit",
            "Edit",
            "Edit the want's notes and rating (or rate or set the notes of every marked want).",
        ),
        Command(
            "wants.remove", "x", "remove", "Remove", "Remove the want (or every marked want)."
        ),
        Command("wants.export", "E", "export", "Export", "Write the wantlist to CSV/JSON."),
        Command("wants.alert", "a", "alert", "Alert", "Alert when a copy is under a price."),
        Command("wants.since", "n", "since", "New", "What `watch` found since you looked."),
        Command("wants.open", "enter", "open_want", "Open", "Open the release.", show=False),
        *mark_commands("wants", MARKS_NOUN),
        *bulk_commands("wants"),
    ]
    BINDINGS = bindings(COMMAND_LIST)
    WATCHES = ("wantlist",)
    YOURS, THEIRS = "Your wantlist", "Wantlist"

    def __init__(self, location: Location) -> None:
        super().__init__(location)
        self.wants: list[Json] = []
        self.shown: list[Json] = []  # the wants in the table, in its order
        self.availability: dict[int, Availability] = {}
        self.availability_note = ""
        self.sort = SORT_KEYS[0]
        self.descending = self.sort.newest_first
        self.buyable_only = False
        self._haystacks: dict[int, str] = {}
        self._fitted: list[tuple[Column, int]] = []

    # -- layout -----------------------------------------------------------------------------------
    def columns(self) -> tuple[Column, ...]:
        return (
            Column(MARKER, self.marker_cell, 1),
            Column("Artist", lambda want: render.text(artist_name(want)), 14, flexible=True),
            Column("Title", lambda want: render.text(title(want)), 16, flexible=True),
            Column("Year", lambda want: render.text(str(year(want) or "")), 4, drop=3),
            Column("Rating", rating_cell, 6, drop=2),
            Column("Added", lambda want: render.text(added(want)[:10]), 10, drop=4),
            Column(SALE_COLUMN, self.sale_cell, 16),
            Column("Notes", lambda want: text(want.get("notes", "")), 12, drop=5),
        )

    def marker_cell(self, want: Json) -> Text:
        return marker_cell(want.get("id") in self.marks)

    def sale_cell(self, want: Json) -> Text:
        known = self.availability.get(want.get("id"))
        return known.cell() if known else Text("…", style="dim")

    def compose_body(self) -> ComposeResult:
        yield Static(id="wants-summary")
        yield Input(placeholder="Filter (f): artist, title, label, notes…", id="wants-filter")
        yield PagedRows(id="wants", cursor_type="row", zebra_stripes=True)

    @property
    def table(self) -> PagedRows:
        return self.query_one("#wants", PagedRows)

    # -- loading ----------------------------------------------------------------------------------
    async def fetch(self) -> list[Json]:
        def progress(done: int, expected: int) -> None:
            self.set_where(f"{self.where()}: loading page {done} of {expected}…")

        fetch = self._fetch_page
        return [want async for want in walk_items(fetch, per_page=BULK_PER_PAGE, progress=progress)]

    async def _fetch_page(self, page: int, per_page: int) -> Any:
        return await self.service.wantlist.wants(self.username, page=page, per_page=per_page)

    def show(self, data: list[Json]) -> None:
        self.set_where(self.where())
        self.wants = data
        self.marks.keep(want.get("id") for want in data)  # wants removed meanwhile
        self._haystacks = {want.get("id"): haystack(want) for want in data}
        for want in data:  # what earlier checks learnt, fresh or not, until asked again
            known = self.store.get(want["id"])
            if known is not None:
                self.availability[want["id"]] = Availability.from_stats(known.stats())
        self.refresh_rows()
        if not self.query_one("#wants-filter", Input).value:
            self.table.focus()  # else the user is typing a filter
        self.check_availability()

    # -- rows -------------------------------------------------------------------------------------
    def refresh_rows(self) -> None:
        """Fill the table with the wants the filter lets through, sorted; the cursor stays on
        the same want when it is still shown."""
        table = self.table
        current = (self.current_want() or {}).get("id")
        words = self.query_one("#wants-filter", Input).value.lower().split()
        shown = [want for want in self.wants if self._passes(want, words)]
        shown.sort(key=self.sort.key, reverse=self.descending)
        self.shown = shown
        self._fit()
        table.clear()
        for want in shown:
            table.add_row(*(column.cell(want) for column, _ in self._fitted), key=str(want["id"]))
        ids = [want["id"] for want in shown]
        if current in ids:
            table.move_cursor(row=ids.index(current))
        self.summarise()

    def _passes(self, want: Json, words: list[str]) -> bool:
        if self.buyable_only and not self._buyable(want):
            return False
        found = self._haystacks.get(want.get("id"), "")
        return all(word in found for word in words)

    def _buyable(self, want: Json) -> bool:
        known = self.availability.get(want.get("id"))
        return bool(known and known.count)

    def _fit(self) -> None:
        width = self.app.size.width - BODY_PADDING - SCROLLBAR
        fitted = fit_columns(self.columns(), width)
        if [(c.heading, w) for c, w in fitted] == [(c.heading, w) for c, w in self._fitted]:
            return
        self._fitted = fitted
        self.table.clear(columns=True)
        for column, width in fitted:
            self.table.add_column(column.heading, width=width, key=column.heading)

    def on_resize(self) -> None:
        if self.wants:
            self.refresh_rows()  # the columns fit the new width

    def current_want(self) -> Json | None:
        row = self.table.cursor_row
        return self.shown[row] if 0 <= row < len(self.shown) else None

    def summarise(self) -> None:
        total, shown = len(self.wants), len(self.shown)
        count = f"{total:,} wants" if shown == total else f"{shown:,} of {total:,} wants"
        direction = "descending" if self.descending else "ascending"
        buyable = sum(1 for want in self.wants if self._buyable(want))
        marked = self.marked_summary()
        parts = [
            f"{marked}." if marked else "",
            f"{count}, by {self.sort.name} ({direction}).",
            f"{buyable:,} for sale now{' (shown alone: b)' if self.buyable_only else ''}.",
            self.availability_note,
        ]
        self.query_one("#wants-summary", Static).update(render.text(" ".join(p for p in parts if p)))

    def after_write(self) -> None:
        """Nothing: the store announces the change, and ``show_changes`` shows it."""

    def show_changes(self, changes: list) -> None:
        """Wants added, edited or removed (here or on a release screen): read them again."""
        if any(change.concerns("wantlist", self.username) for change in changes):
            self.load()

    # -- marks (app/marks.py) ---------------------------------------------------------------------
    def current_mark_key(self) -> int | None:
        want = self.current_want()
        return None if want is None else want.get("id")

    def shown_mark_keys(self) -> list[int]:
        return [want.get("id") for want in self.shown]

    def show_marks(self, moved: bool = False) -> None:
        table = self.table
        if MARKER in table.columns:
            for want in self.shown:
                table.update_cell(str(want["id"]), MARKER, self.marker_cell(want))
        if moved:
            table.action_cursor_down()
        self.summarise()

    # -- availability -----------------------------------------------------------------------------
    @property
    def store(self) -> AvailabilityStore:
        """The session's one record of marketplace answers for this wantlist (its store's)."""
        from discogs_tui.locations import data_dir

        directory = self.discogs.data_dir or data_dir()
        fresh_for = self.discogs.availability_fresh_minutes * 60.0
        return self.service.stores.wantlist.availability(self.username, directory, fresh_for)

    def visible_ids(self) -> list[int]:
        """The wants in the table's rows on screen now."""
        first = int(self.table.scroll_offset.y)
        return [want["id"] for want in self.shown[first : first + self.table.size.height]]

    @work(exclusive=True, group="availability", exit_on_error=False)
    async def check_availability(self) -> None:
        """Show what is known, then ask the marketplace about each want not checked lately,
        at background priority (the scheduler serves anything the user waits for first)."""
        store = self.store
        ids = [want["id"] for want in self.shown]
        due = len(store.due(ids))

        def answered(release_id: int, checked) -> None:
            nonlocal due
            due -= 1
            was_buyable = self._buyable({"id": release_id})
            self.availability[release_id] = Availability.from_stats(checked.stats())
            self.availability_note = f"Checking the marketplace: {due:,} wants to go…"
            self._show_availability(release_id, was_buyable)

        try:
            await store.check(self.service, ids, self.visible_ids, answered)
        except asyncio.CancelledError:  # left the screen, or cancelled in the jobs view
            if self.is_attached:
                self.availability_note = "Availability check stopped (r resumes it)."
                self.summarise()
            raise
        except DiscogsError as error:
            self.availability_note = f"Availability check stopped: {error} (r retries)."
            self.summarise()
            return
        self.availability_note = ""
        self.summarise()

    def _show_availability(self, release_id: int, was_buyable: bool) -> None:
        if self.buyable_only and self._buyable({"id": release_id}) != was_buyable:
            self.refresh_rows()  # a want joins or leaves the rows: the count and rows agree
            return
        key = str(release_id)
        if key in self.table.rows and SALE_COLUMN in self.table.columns:
            self.table.update_cell(key, SALE_COLUMN, self.availability[release_id].cell())
        self.summarise()

    # -- filter and sort --------------------------------------------------------------------------
    @on(Input.Changed, "#wants-filter")
    def _filter_changed(self) -> None:
        self.refresh_rows()

    @on(Input.Submitted, "#wants-filter")
    def _filter_submitted(self) -> None:
        self.table.focus()

    def action_focus_filter(self) -> None:
        self.query_one("#wants-filter", Input).focus()

    def action_next_sort(self) -> None:
        self.sort = SORT_KEYS[(SORT_KEYS.index(self.sort) + 1) % len(SORT_KEYS)]
        self.descending = self.sort.newest_first
        self.refresh_rows()

    def action_reverse(self) -> None:
        self.descending = not self.descending
        self.refresh_rows()

    def action_toggle_buyable(self) -> None:
        self.buyable_only = not self.buyable_only
        self.refresh_rows()

    def action_export(self) -> None:
        loaded = self.wants if self.data is not None else None
        self.app.push_screen(ExportForm(wantlist_job(self.service, self.username, loaded)))

    # -- one want ---------------------------------------------------------------------------------
    @on(DataTable.RowSelected, "#wants")
    def _selected(self, event: DataTable.RowSelected) -> None:
        event.stop()
        self.action_open_want()

    def action_open_want(self) -> None:
        want = self.current_want()
        if want is not None:
            self.discogs.open(Location("release", str(want["id"])))

    def _own_want(self) -> Json | None:
        """The highlighted want, if it is yours to change (says why not otherwise)."""
        want = self.current_want()
        if want is None:
            return None
        if not self.own:
            self.discogs.notify_text("Only the wantlist's owner can change it.")
            return None
        return want

    def marked_wants(self) -> list[Json]:
        by_id = {want.get("id"): want for want in self.wants}
        return [by_id[key] for key in self.marks if key in by_id]

    def action_edit(self) -> None:
        if self.marks and self._own_want() is not None:
            self.edit_marked()
            return
        want = self._own_want()
        if want is not None:
            self.app.push_screen(WantForm(want), lambda answer: self._save(want, answer))

    def _save(self, want: Json, answer: tuple[str, int] | None) -> None:
        if answer is None:
            return
        notes, stars_given = answer
        username, release_id = self.username, want["id"]

        async def write() -> None:
            await self.service.stores.wantlist.edit(
                username, release_id, notes=notes, rating=stars_given
            )

        self.run_write(write, "Saved the want's notes and rating.")

    def edit_marked(self) -> None:
        """Rate, or set the notes of, every marked want."""
        wants, username = self.marked_wants(), self.username

        def rated(stars_given: int | None) -> None:
            if stars_given is not None:
                self.run_bulk(lambda: actions.plan_wantlist_rate(username, wants, stars_given))

        def noted(notes: str | None) -> None:
            if notes is not None:
                self.run_bulk(lambda: actions.plan_wantlist_notes(username, wants, notes))

        def chosen(what: str | None) -> None:
            from discogs_tui.app.screens.collection import TextPrompt

            if what == "rate":
                self.app.push_screen(rating_picker(), rated)
            elif what == "notes":
                heading = f"Notes of the {len(wants):,} marked wants (blank clears them)"
                self.app.push_screen(TextPrompt(heading, lines=4), noted)

        choices = [(Text("Rate them"), "rate"), (Text("Set their notes"), "notes")]
        self.app.push_screen(Picker(f"Change the {len(wants):,} marked wants", choices), chosen)

    def action_remove(self) -> None:
        want = self._own_want()
        if want is None:
            return
        if self.marks:
            wants, username = self.marked_wants(), self.username
            self.run_bulk(lambda: actions.plan_wantlist_remove(username, wants))
            return
        question = line("Remove ", describe(want), " from your wantlist?")
        self.app.push_screen(Confirm(question), lambda yes: self._remove(want, yes))

    def _remove(self, want: Json, confirmed: bool | None) -> None:
        if not confirmed:
            return
        username, release_id = self.username, want["id"]

        async def write() -> None:
            await self.service.stores.wantlist.remove(username, release_id)

        self.run_write(write, "Removed it from your wantlist.")


    # -- what `discogs-tui watch` looks for (screens/since.py) -----------------------------------
    def action_alert(self) -> None:
        from discogs_tui.app.screens.since import AlertForm, history_of

        want = self._own_want()
        if want is None:
            return
        history = history_of(self, self.username)
        snapshot = history.snapshot()
        currency = snapshot.currency.get(want["id"]) or "your currency"
        form = AlertForm(describe(want), snapshot.alerts.get(want["id"]), currency)

        def answered(price: float | bool | None) -> None:
            if price is None:
                return
            history.set_alert(want["id"], None if price is False else float(price))
            self.discogs.notify_text(
                "Alert removed." if price is False
                else f"`discogs-tui watch` will tell when a copy is under {price:,.2f}."
            )

        self.app.push_screen(form, answered)

    def action_since(self) -> None:
        self.discogs.open(Location("since", self.username))


def describe(want: Json) -> Text:
    return join([render.text(artist_name(want)), render.text(title(want))], " – ")


class WantForm(GuardsEdits, ModalScreen[tuple[str, int] | None]):
    """Notes (several lines) and a rating (0–5) of one want; ctrl+s saves, Escape leaves a
    field, then asks before dropping edits, then closes."""

    COMMAND_LIST: ClassVar[list[Command]] = [
        save_command("want", help_text="Save the notes and rating."),
        leave_command("want", "Leave the field; then ask; then close."),
    ]
    BINDINGS = bindings(COMMAND_LIST)

    def __init__(self, want: Json) -> None:
        super().__init__()
        self.want = want

    def compose(self) -> ComposeResult:
        with Vertical(id="want-form"):
            yield Static(describe(self.want), id="want-form-title")
            yield Label(Text("Notes"))
            notes = clean(self.want.get("notes", ""))
            yield BoundedTextArea(notes, id="want-notes", soft_wrap=True)
            yield Label(Text("Rating (0–5, 0 for none)"))
            yield Input(str(rating(self.want)), id="want-rating", restrict=r"[0-5]?", max_length=1)
            yield Static(Text("ctrl+s saves · Escape goes back"), classes="want-form-keys")

    def on_mount(self) -> None:
        self.query_one(TextArea).focus()

    @on(Input.Submitted, "#want-rating")
    def _rating_submitted(self) -> None:
        self.action_save()

    def action_save(self) -> None:
        stars_given = self.query_one("#want-rating", Input).value or "0"
        self.dismiss((self.query_one(TextArea).text, int(stars_given)))

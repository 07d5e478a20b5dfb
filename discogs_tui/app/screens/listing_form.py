"""The listing form: list a record for sale, or change a listing of yours.

It checks what was typed before sending (each message beside its field), shows the selling
fee for the price in the seller's currency as the price changes, and beside the fields the
price suggestions per condition and what the release sells for now. Whatever goes wrong,
what was typed stays. A save whose answer never came back is not sent again: the form
re-reads the server and says whether it happened.

``open_new_listing(app, release_id)`` starts a new listing from any screen.
"""

from __future__ import annotations

import asyncio
from collections.abc import Mapping
from dataclasses import dataclass
from functools import partial
from typing import TYPE_CHECKING, Any, ClassVar

from rich.table import Table
from rich.text import Text
from textual import on, work
from textual.app import ComposeResult
from textual.containers import Horizontal, Vertical, VerticalScroll
from textual.screen import Screen
from textual.widget import Widget
from textual.widgets import Checkbox, Input, Label, Select, Static

from discogs_tui.api import validation
from discogs_tui.api.errors import DiscogsError, NotFound, OutcomeUnknown, ValidationError
from discogs_tui.app import render
from discogs_tui.app.commands import Command, bindings
from discogs_tui.app.listings import (
    listing_release_id,
    release_summary,
    stats_text,
    suggestions_table,
)
from discogs_tui.app.navigation import Location
from discogs_tui.app.present import price_text
from discogs_tui.app.render import clean, text
from discogs_tui.app.screens.edits import GuardsEdits, leave_command, save_command
from discogs_tui.app.shell import OnTheApp
from discogs_tui.app.widgets.footer import Footer
from discogs_tui.app.widgets.status import StatusBar
from discogs_tui.vocabulary import MEDIA_CONDITIONS, NEW_LISTING_STATUSES, SLEEVE_CONDITIONS

if TYPE_CHECKING:
    from discogs_tui.app.shell import Shell

Json = Mapping[str, Any]
TYPING_PAUSE = 0.3  # seconds of no typing before the fee or the release is looked up
RECHECK_LISTINGS = 25  # newest listings read back after a create whose answer was lost
SIGN_IN_NEEDED = "Listing a record for sale needs you to sign in (run `discogs-tui login`)."


# -- how listings read, shared by the inventory and listing screens ------------------------------




# -- checking what was typed ---------------------------------------------------------------------
@dataclass
class Entries:
    """The form's fields as typed."""

    release_id: str
    condition: str | None
    sleeve_condition: str | None
    price: str
    comments: str
    allow_offers: bool
    status: str | None
    external_id: str
    location: str
    weight: str
    format_quantity: str


def parse_price(typed: str) -> float | None:
    """A price as people type it (``12.50``, ``12,50``, ``1,234.50``); None if it isn't one."""
    try:
        return validation.parse_amount(typed)
    except ValidationError:
        return None


def typed_release_id(typed: str) -> int | None:
    try:
        return validation.parse_id(typed)
    except ValidationError:
        return None


def check(entries: Entries, *, editing: bool) -> tuple[dict[str, Any], dict[str, str]]:
    """The arguments for ``create_listing``/``edit_listing``, and what is wrong, by field.

    Editing sends the text fields even when blank (that clears them); a new listing leaves
    blank ones out.
    """
    errors: dict[str, str] = {}
    values: dict[str, Any] = {}
    parsers = {  # in screen order: the first field with a problem gets the focus
        "release_id": lambda: validation.parse_id(entries.release_id),
        "condition": lambda: _chosen_condition(entries.condition),
        "price": lambda: validation.parse_amount(entries.price),
        **{name: partial(_typed_text, entries, name) for name in TEXT_FIELDS},
        "weight": lambda: validation.parse_count_or_auto(entries.weight, "Weight"),
        "format_quantity": lambda: validation.parse_count_or_auto(
            entries.format_quantity, "Counts as"
        ),
    }
    for name, parse in parsers.items():
        try:
            value = parse()
        except ValidationError as error:
            errors[name] = str(error)
        else:
            if value is not None and (value != "" or editing):
                values[name] = value
    if entries.sleeve_condition in SLEEVE_CONDITIONS:
        values["sleeve_condition"] = entries.sleeve_condition
    if entries.status in NEW_LISTING_STATUSES:
        values["status"] = entries.status
    values["allow_offers"] = entries.allow_offers
    return values, errors


TEXT_FIELDS = {"comments": "Comments", "external_id": "Private note", "location": "Location"}


def _chosen_condition(condition: str | None) -> str:
    if condition not in MEDIA_CONDITIONS:
        raise ValidationError("Choose the media condition.")
    return condition


def _typed_text(entries: Entries, name: str) -> str:
    return validation.plain_text(TEXT_FIELDS[name], getattr(entries, name)).strip()


def carries(listing: Json, sent: Mapping[str, Any]) -> bool:
    """Whether ``listing`` holds everything ``sent`` asked for (so the write happened)."""
    for name, value in sent.items():
        if name == "release_id":
            held = listing_release_id(listing)
        elif name == "price":
            held = (listing.get("price") or {}).get("value")
            if not isinstance(held, (int, float)) or abs(held - value) > 0.005:
                return False
            continue
        elif value == "auto":
            continue  # the server works the number out
        else:
            held = listing.get(name, "")
        if held != value:
            return False
    return True


FIELD_WORDS = {  # words in a server message that point at a field
    "release": "release_id",
    "sleeve": "sleeve_condition",
    "condition": "condition",
    "price": "price",
    "weight": "weight",
    "format_quantity": "format_quantity",
    "location": "location",
    "external_id": "external_id",
    "status": "status",
    "comments": "comments",
}


def field_named_in(message: str) -> str | None:
    lowered = message.lower()
    return next((name for word, name in FIELD_WORDS.items() if word in lowered), None)


# -- the form ------------------------------------------------------------------------------------
def condition_choices(conditions: tuple[str, ...]) -> list[tuple[str, str]]:
    return [(condition, condition) for condition in conditions]


class ListingForm(OnTheApp, GuardsEdits, Screen[int | None]):
    """Create (``listing`` None) or edit a listing; dismissed with the listing id once saved,
    None when cancelled."""

    COMMAND_LIST: ClassVar[list[Command]] = [
        save_command("form", help_text="Check the form and save the listing."),
        leave_command(
            "form", "Leave the field; then ask before dropping your edits; then close the form."
        ),
    ]
    BINDINGS = bindings(COMMAND_LIST)
    # Under 80 columns the release, fee and suggestions go below the fields, not beside them
    HORIZONTAL_BREAKPOINTS: ClassVar[list[tuple[int, str]]] = [(0, "-narrow"), (80, "-wide")]

    def __init__(self, *, release_id: int | None = None, listing: Json | None = None) -> None:
        super().__init__()
        self.listing = listing
        self.release_id = listing_release_id(listing) if listing else release_id
        self.currency: str | None = None
        self.suggestions: Json = {}
        self.sending = False
        self.newest_before = 0  # your newest listing id before a create was sent

    @property
    def editing(self) -> bool:
        return self.listing is not None

    def where(self) -> str:
        if self.listing is not None:
            return f"Edit listing {self.listing.get('id', '')}"
        return "New listing"

    # -- layout -----------------------------------------------------------------------------------
    def compose(self) -> ComposeResult:
        yield StatusBar(self.where())
        with VerticalScroll(id="listing-form"), Horizontal(id="form-columns"):
            with Vertical(id="form-fields"):
                for label, field in self._fields():
                    yield from self._row(label, field)
                    if field.id == "price":
                        yield Static(id="fee", classes="form-note")
            with Vertical(id="form-side"):
                yield Static(id="form-message")
                yield Static(id="form-release")
                yield Static(id="form-suggestions")
                yield Static(id="form-stats")
        yield Footer()

    def _fields(self) -> list[tuple[str, Widget]]:
        """(label, field) in screen order; each field's id is the API's name for it."""
        offers = bool((self.listing or {}).get("allow_offers"))
        return [
            ("Release id", self._release_input()),
            ("Media", self._condition_select()),
            ("Sleeve", self._sleeve_select()),
            ("Price", self._input("price")),
            ("Comments", self._input("comments")),
            ("Offers", Checkbox("Accept offers", offers, id="allow_offers", compact=True)),
            ("Status", self._status_select()),
            ("Private note", self._input("external_id", "only you see it")),
            ("Location", self._input("location", "where it is kept")),
            ("Weight (g)", self._input("weight", "auto or grams")),
            ("Counts as", self._input("format_quantity", "auto or items for shipping")),
        ]

    def _row(self, label: str, field: Widget) -> ComposeResult:
        with Horizontal(classes="form-row"):
            yield Label(render.text(label), classes="form-label")
            with Vertical(classes="form-cell"):
                yield field
                yield Static(id=f"{field.id}-error", classes="form-error")

    def _input(self, name: str, placeholder: str = "") -> Input:
        value = (self.listing or {}).get(name)
        if name == "price":
            value = (value or {}).get("value") if isinstance(value, Mapping) else None
        typed = "" if value is None else clean(value)
        return Input(typed, placeholder=placeholder, id=name, compact=True)

    def _release_input(self) -> Input:
        field = Input(
            "" if self.release_id is None else str(self.release_id),
            placeholder="as in discogs.com/release/249504",
            id="release_id",
            compact=True,
        )
        field.disabled = self.editing  # a listing's release can't change
        return field

    def _condition_select(self) -> Select[str]:
        current = (self.listing or {}).get("condition")
        return Select(
            condition_choices(MEDIA_CONDITIONS),
            prompt="Choose…",
            value=current if current in MEDIA_CONDITIONS else Select.NULL,
            id="condition",
            compact=True,
        )

    def _sleeve_select(self) -> Select[str]:
        current = (self.listing or {}).get("sleeve_condition")
        return Select(
            condition_choices(SLEEVE_CONDITIONS),
            prompt="Not given",
            value=current if current in SLEEVE_CONDITIONS else Select.NULL,
            id="sleeve_condition",
            compact=True,
        )

    def _status_select(self) -> Select[str]:
        current = (self.listing or {}).get("status", NEW_LISTING_STATUSES[0])
        keeps = f"Keep ({clean(current)})"  # an Expired listing stays so unless changed
        return Select(
            [(status, status) for status in NEW_LISTING_STATUSES],
            prompt=keeps,
            allow_blank=current not in NEW_LISTING_STATUSES,
            value=current if current in NEW_LISTING_STATUSES else Select.NULL,
            id="status",
            compact=True,
        )

    def on_mount(self) -> None:
        for error in self.query(".form-error"):
            error.display = False
        self.query_one("#form-message").display = False
        first = "#condition" if self.release_id is not None else "#release_id"
        self.query_one(first).focus()
        self.load_context()

    # -- what the release sells for, and the fee ------------------------------------------------
    @work(group="context", exit_on_error=False)
    async def load_context(self) -> None:
        """The seller's currency first (fee and stats are in it), then the release."""
        try:
            profile = await self.service.users.profile(self.discogs.signed_in_as)
        except DiscogsError:
            profile = {}  # the API's default currency then
        self.currency = clean(profile.get("curr_abbr") or "") or None
        if self.release_id is not None:
            self.look_up_release(self.release_id)
        self.update_fee()

    @work(exclusive=True, group="release", exit_on_error=False)
    async def look_up_release(self, release_id: int, pause: float = 0.0) -> None:
        await asyncio.sleep(pause)
        self._side("#form-release", Text("Looking up the release…", style="dim"))
        release, suggestions, stats = await asyncio.gather(
            self.service.database.release(release_id),
            self.service.marketplace.price_suggestions(release_id),
            self.service.marketplace.stats(release_id, currency=self.currency),
            return_exceptions=True,
        )
        for answer in (release, suggestions, stats):
            if isinstance(answer, BaseException) and not isinstance(answer, DiscogsError):
                raise answer
        self._show_release(release_id, release)
        self.suggestions = suggestions if isinstance(suggestions, Mapping) else {}
        known = not isinstance(release, NotFound)  # else the release line says it all
        self.query_one("#form-suggestions").display = known
        self.query_one("#form-stats").display = known
        self._show_suggestions()
        self._side("#form-stats", stats_text(stats))

    def _side(self, selector: str, content: Text | Table) -> None:
        self.query_one(selector, Static).update(content)

    def _show_release(self, release_id: int, release: Any) -> None:
        if isinstance(release, NotFound):
            self._side("#form-release", render.text(f"There is no release {release_id} on Discogs."))
        elif isinstance(release, DiscogsError):
            self._side("#form-release", text(f"Couldn't look up release {release_id}: {release}"))
        else:
            self._side("#form-release", release_summary(release))

    def _show_suggestions(self) -> None:
        chosen = self.query_one("#condition", Select).value
        self._side("#form-suggestions", suggestions_table(self.suggestions, chosen))

    @work(exclusive=True, group="fee", exit_on_error=False)
    async def update_fee(self, pause: float = 0.0) -> None:
        await asyncio.sleep(pause)
        price = parse_price(self.query_one("#price", Input).value)
        if price is None or price <= 0:
            self._fee(Text("The selling fee shows once the price is a number.", style="dim"))
            return
        try:
            fee = await self.service.marketplace.fee(price, self.currency)
        except DiscogsError as error:
            self._fee(text(f"Couldn't work out the fee: {error}"))
            return
        self._fee(render.text(f"Selling fee for {price:,.2f}: {price_text(fee)}"))

    def _fee(self, message: Text) -> None:
        self.query_one("#fee", Static).update(message)

    @on(Input.Changed, "#price")
    def price_changed(self) -> None:
        self.update_fee(TYPING_PAUSE)

    @on(Input.Changed, "#release_id")
    def release_changed(self, event: Input.Changed) -> None:
        release_id = typed_release_id(event.value)
        if release_id is not None:
            self.release_id = release_id
            self.look_up_release(self.release_id, TYPING_PAUSE)

    @on(Select.Changed, "#condition")
    def condition_changed(self) -> None:
        self._show_suggestions()

    @on(Input.Changed)
    @on(Select.Changed)
    def forget_error(self, event: Input.Changed | Select.Changed) -> None:
        """A field's message goes once the field changes."""
        for error in self.query(f"#{event.control.id}-error"):
            error.display = False

    @on(Input.Submitted)
    def next_field(self) -> None:
        self.focus_next()

    # -- saving -----------------------------------------------------------------------------------
    def entries(self) -> Entries:
        def typed(name: str) -> str:
            return self.query_one(f"#{name}", Input).value

        def chosen(name: str) -> str | None:
            value = self.query_one(f"#{name}", Select).value
            return value if isinstance(value, str) else None

        return Entries(
            release_id=typed("release_id"),
            condition=chosen("condition"),
            sleeve_condition=chosen("sleeve_condition"),
            price=typed("price"),
            comments=typed("comments"),
            allow_offers=self.query_one("#allow_offers", Checkbox).value,
            status=chosen("status"),
            external_id=typed("external_id"),
            location=typed("location"),
            weight=typed("weight"),
            format_quantity=typed("format_quantity"),
        )

    def action_save(self) -> None:
        if self.sending:
            self.discogs.notify_text("Saving already; wait for the answer.")
            return
        values, errors = check(self.entries(), editing=self.editing)
        self.show_errors(errors)
        if errors:
            self.say("Fix the fields marked in red, then F2 saves.")
            self.query_one(f"#{next(iter(errors))}").focus()
            return
        self.say("")
        self.send(values)

    def show_errors(self, errors: Mapping[str, str]) -> None:
        for error in self.query(".form-error"):
            name = (error.id or "").removesuffix("-error")
            error.update(render.text(errors.get(name, "")))
            error.display = name in errors

    def say(self, message: str, style: str = "") -> None:
        """A message beside the fields (empty hides it); the server's words are data."""
        line = self.query_one("#form-message", Static)
        line.update(text(message, style))
        line.display = bool(message)

    @work(group="save", exit_on_error=False)
    async def send(self, values: dict[str, Any]) -> None:
        self.sending = True
        self.say("Saving…", "dim")
        try:
            listing_id = await self._write(values)
        except OutcomeUnknown:
            listing_id = await self._after_lost_answer(values)
        except ValidationError as error:
            self._refused(error)
            return
        except DiscogsError as error:
            self.say(f"Not saved: {error}")
            self.discogs.notify_error(error)
            return
        finally:
            self.sending = False
        if listing_id is not None:
            self._saved(listing_id)

    async def _write(self, values: dict[str, Any]) -> int:
        inventory = self.service.stores.inventory
        if self.listing is not None:
            await inventory.edit(self.listing["id"], **values)
            return self.listing["id"]
        self.newest_before = await self._newest_listing_id()
        return await inventory.create(**values)

    async def _newest_listing_id(self) -> int:
        """The newest listing of yours, to tell a listing this form created from older ones."""
        page = await self.service.marketplace.inventory(
            self.discogs.signed_in_as, per_page=1, sort="listed", sort_order="desc"
        )
        return max((item.get("id", 0) for item in page.items), default=0)

    async def _after_lost_answer(self, values: dict[str, Any]) -> int | None:
        """The write went out but no answer came: read the server to learn whether it was
        applied. Never sends it again. The listing id when it was, None otherwise."""
        self.say("No answer came back, so the outcome is unknown. Checking Discogs…")
        try:
            found = await self._find_written(values)
        except DiscogsError as error:
            self.say(
                f"The outcome is unknown and checking failed ({error}). Reload your inventory "
                "(F4) to see whether it was saved before saving again."
            )
            return None
        if found is None:
            self.say(
                "The outcome was unknown; Discogs doesn't hold what you sent, so it wasn't saved. "
                "Your entries are kept: F2 saves again."
            )
            return None
        self.discogs.notify_text(
            "The outcome was unknown (no answer came back), but Discogs has the listing: "
            "it was saved.",
            severity="warning",
        )
        return found

    async def _find_written(self, values: dict[str, Any]) -> int | None:
        market = self.service.marketplace
        if self.listing is not None:
            listing = await market.listing(self.listing["id"])
            return self.listing["id"] if carries(listing, values) else None
        page = await market.inventory(
            self.discogs.signed_in_as,
            per_page=RECHECK_LISTINGS,
            sort="listed",
            sort_order="desc",
        )
        created = [
            item
            for item in page.items
            if item.get("id", 0) > self.newest_before and carries(item, values)
        ]
        return created[0]["id"] if created else None

    def _refused(self, error: ValidationError) -> None:
        """A 422 (or a check the service made): the message beside its field and the form."""
        field = field_named_in(error.message)
        if field is not None and self.query(f"#{field}-error"):
            self.show_errors({field: error.message})
        self.say(f"Discogs refused it: {error}")

    def _saved(self, listing_id: int) -> None:
        self.discogs.notify_text(
            "Listing changed." if self.editing else f"Listed: listing {listing_id}."
        )
        self.dismiss(listing_id)


# -- side panel content --------------------------------------------------------------------------


# -- starting a listing from anywhere -----------------------------------------------------------
def open_new_listing(app: Shell, release_id: int | None = None) -> None:
    """Open the form for a new listing of ``release_id`` (or of a release id typed in it);
    once saved, the new listing's screen opens."""
    if not app.signed_in_as:
        app.notify_text(SIGN_IN_NEEDED, severity="warning")
        return

    def opened(listing_id: int | None) -> None:
        if listing_id is not None:
            app.open(Location("listing", str(listing_id)))

    app.push_screen(ListingForm(release_id=release_id), opened)

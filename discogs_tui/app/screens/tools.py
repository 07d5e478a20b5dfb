"""The seller's tools, as forms over the current screen: the fee calculator and the price
suggestions of a release. Also what the seller's screens share: ``FormModal`` (a small form
that Escape leaves) and ``options``."""

from __future__ import annotations

from typing import ClassVar, TypeVar

from rich.text import Text
from textual import on, work
from textual.app import ComposeResult
from textual.containers import VerticalScroll
from textual.screen import ModalScreen
from textual.widgets import Input, Select, Static

from discogs_tui.api.errors import DiscogsError, ValidationError
from discogs_tui.api.validation import parse_amount, parse_id
from discogs_tui.app import render
from discogs_tui.app.commands import Command, bindings
from discogs_tui.app.present import price_text
from discogs_tui.app.render import text
from discogs_tui.app.screens.edits import GuardsEdits
from discogs_tui.app.screens.listing_form import suggestions_table
from discogs_tui.app.widgets.footer import Footer
from discogs_tui.vocabulary import CURRENCIES

Result = TypeVar("Result")


def options(values: tuple[str, ...]) -> list[tuple[Text, str]]:
    """Select options whose labels are never read as markup."""
    return [(render.text(value), value) for value in values]


class FormModal(GuardsEdits, ModalScreen[Result]):
    """A small form over the screen. Escape leaves a text field first, then asks before
    dropping what was typed, then closes the form (answering None); ctrl+s saves, in the
    forms that save (``save_command``); ``problem`` shows what is wrong beside the fields."""

    DEFAULT_CSS = """
    FormModal { align: center middle; }
    FormModal > #modal-body {
        width: 90%; max-width: 78; height: auto; max-height: 90%;
        border: round $primary; background: $surface; padding: 0 1;
    }
    FormModal .modal-note { color: $text-muted; margin-bottom: 1; }
    FormModal .modal-label { margin-top: 1; }
    FormModal .modal-problem { color: $error; height: auto; }
    FormModal .modal-result { margin-top: 1; height: auto; }
    """
    COMMAND_LIST: ClassVar[list[Command]] = [
        Command(
            "form.close",
            "escape,backspace",  # backspace: the app's other Back key, same steps here
            "leave",
            "Back",
            "Leave the text field; then ask before dropping what you typed; then close.",
        ),
    ]
    BINDINGS = bindings(COMMAND_LIST)
    AUTO_FOCUS = "Input, TextArea, Select"  # the first field, not the scrolling frame
    HEADING: ClassVar[str] = ""

    def compose(self) -> ComposeResult:
        with VerticalScroll(id="modal-body") as form:
            form.border_title = self.HEADING
            yield from self.compose_form()
            yield Static(classes="modal-problem")
        yield Footer()

    def compose_form(self) -> ComposeResult:
        yield from ()

    def problem(self, message: str | Text = "") -> None:
        self.query_one(".modal-problem", Static).update(
            message if isinstance(message, Text) else text(message)
        )


# -- the fee calculator ------------------------------------------------------------------------
class FeeCalculator(FormModal[None]):
    """Discogs' selling fee for any price, in any of its currencies."""

    HEADING = "Fee calculator"
    ASKS_BEFORE_DISCARD = False  # nothing to lose

    def compose_form(self) -> ComposeResult:
        yield Static(
            "Discogs' selling fee for a price. Type a price and press Enter.", classes="modal-note"
        )
        yield Input(placeholder="price, e.g. 12.50", id="price")
        yield Static("Currency", classes="modal-label")
        yield Select(options(CURRENCIES), value="USD", allow_blank=False, id="currency")
        yield Static(classes="modal-result", id="fee")

    @on(Input.Submitted, "#price")
    @on(Select.Changed, "#currency")
    def calculate(self, event: Input.Submitted | Select.Changed) -> None:
        typed = self.query_one("#price", Input).value
        if not typed.strip() and isinstance(event, Select.Changed):
            return  # a currency chosen before any price
        try:
            price = parse_amount(typed)
        except ValidationError as error:
            self.problem(str(error))
            return
        self.fee(price, str(self.query_one("#currency", Select).value))

    @work(exclusive=True, group="fee", exit_on_error=False)
    async def fee(self, price: float, currency: str) -> None:
        self.problem()
        result = self.query_one("#fee", Static)
        try:
            answer = await self.app.service.marketplace.fee(price, currency)
        except DiscogsError as error:
            result.update("")
            self.problem(f"{error} Enter tries again.")
            return
        fee = price_text(answer)
        result.update(render.text(f"The fee on {price:,.2f} {currency} is {fee}.", style="bold"))


# -- price suggestions -------------------------------------------------------------------------
class PriceSuggestions(FormModal[None]):
    """Suggested prices per condition for a release, in your selling currency."""

    HEADING = "Price suggestions"
    ASKS_BEFORE_DISCARD = False  # nothing to lose

    def __init__(self, release_id: str = "") -> None:
        super().__init__()
        self.release_id = release_id

    def compose_form(self) -> ComposeResult:
        yield Static(
            "Suggested prices per condition, in your selling currency. "
            "Type a release id and press Enter.",
            classes="modal-note",
        )
        yield Input(self.release_id, placeholder="release id, e.g. 249504", id="release")
        yield Static(classes="modal-result", id="suggestions")

    def on_mount(self) -> None:
        if self.release_id:
            self.look_up()

    @on(Input.Submitted, "#release")
    def look_up(self) -> None:
        try:
            release_id = parse_id(self.query_one("#release", Input).value)
        except ValidationError as error:
            self.problem(str(error))
            return
        self.suggest(release_id)

    @work(exclusive=True, group="suggestions", exit_on_error=False)
    async def suggest(self, release_id: int) -> None:
        self.problem()
        result = self.query_one("#suggestions", Static)
        result.update(render.text(f"Asking for release {release_id}…"))
        try:
            suggestions = await self.app.service.marketplace.price_suggestions(release_id)
        except DiscogsError as error:
            result.update("")
            self.problem(f"{error} Enter tries again.")
            return
        if not suggestions:
            result.update(
                render.text(f"No suggestions for release {release_id}. Your seller settings may not be "
                "filled in on discogs.com (suggestions need them), or there is no sales data "
                "for this release.")
            )
            return
        result.update(suggestions_table(suggestions, None))

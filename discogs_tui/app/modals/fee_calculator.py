"""The fee calculator: Discogs' selling fee for any price and currency (from the palette)."""

from __future__ import annotations

from textual import on, work
from textual.app import ComposeResult
from textual.widgets import Input, Select, Static

from discogs_tui.api.errors import DiscogsError, ValidationError
from discogs_tui.api.validation import parse_amount
from discogs_tui.app import render
from discogs_tui.app.modals.form import FormModal, options
from discogs_tui.app.present import price_text
from discogs_tui.vocabulary import CURRENCIES


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

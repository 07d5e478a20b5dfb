"""Price suggestions: suggested prices per condition for a release, in your selling currency
(from the palette; for the release on screen, if there is one)."""

from __future__ import annotations

from textual import on, work
from textual.app import ComposeResult
from textual.widgets import Input, Static

from discogs_tui.api.errors import DiscogsError, ValidationError
from discogs_tui.api.validation import parse_id
from discogs_tui.app import render
from discogs_tui.app.listings import suggestions_table
from discogs_tui.app.modals.form import FormModal


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

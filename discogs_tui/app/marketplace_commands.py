"""The seller's tools in the command palette, on every screen: the fee calculator, price
suggestions (for the release on screen, if there is one), inventory exports and uploads,
and the orders needing attention."""

from __future__ import annotations

from functools import partial

from discogs_tui.app.commands import CommandsProvider
from discogs_tui.app.navigation import Location


class MarketplaceCommands(CommandsProvider):
    def _entries(self) -> list[tuple[str, str, partial]]:
        from discogs_tui.app.screens.orders import ATTENTION

        return [
            (
                "Fee calculator",
                "Discogs' selling fee for any price and currency.",
                partial(self._fee),
            ),
            (
                "Price suggestions for a release",
                "Suggested prices per condition, in your selling currency.",
                partial(self._suggestions),
            ),
            (
                "Inventory exports and uploads",
                "Export your inventory as CSV; add, change or delete listings from a CSV.",
                partial(self._open, "Inventory exports and uploads", Location("inventory-jobs")),
            ),
            (
                "Orders needing attention",
                "Your orders in New Order, Buyer Contacted or Payment Received.",
                partial(self._open, "Your orders", Location("orders", ATTENTION)),
            ),
        ]

    def _fee(self) -> None:
        from discogs_tui.app.modals.fee_calculator import FeeCalculator

        self.app.push_screen(FeeCalculator())

    def _suggestions(self) -> None:
        from discogs_tui.app.modals.price_suggestions import PriceSuggestions

        location = getattr(self.screen, "location", None)
        on_release = location is not None and location.kind == "release"
        self.app.push_screen(PriceSuggestions(location.target if on_release else ""))

    def _open(self, what: str, location: Location) -> None:
        if not getattr(self.app, "signed_in_as", ""):
            self.app.notify_text(f"{what} need you to sign in (run `discogs-tui login`).")
            return
        self.app.open(location)

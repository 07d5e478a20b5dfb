"""A marketplace listing: the release it sells, condition, price, shipping, comments, status,
the seller; for your own listings also where you keep it, your private note, weight,
counts-as and quantity. Your listings can be edited (For Sale, Draft and Expired ones)
and deleted, after a confirmation."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any, ClassVar

from rich.text import Text
from textual import work
from textual.app import ComposeResult
from textual.widgets import Static

from discogs_tui.api.errors import DiscogsError
from discogs_tui.api.models import Listing
from discogs_tui.app import render
from discogs_tui.app.commands import Command, bindings
from discogs_tui.app.listings import (
    condition_code,
    listing_release_id,
    release_line,
    release_title,
    seller_line,
    seller_name,
)
from discogs_tui.app.modals.confirm import Confirm
from discogs_tui.app.navigation import Location
from discogs_tui.app.present import price_text
from discogs_tui.app.render import clean, text
from discogs_tui.app.screens.base import DiscogsScreen
from discogs_tui.app.screens.listing_form import ListingForm, open_new_listing
from discogs_tui.app.widgets.entity import facts
from discogs_tui.vocabulary import EDITABLE_LISTING_STATUSES

Json = Mapping[str, Any]


class ListingScreen(DiscogsScreen):
    COMMAND_LIST: ClassVar[list[Command]] = [
        *DiscogsScreen.COMMAND_LIST,
        Command("listing.edit", "e", "edit", "Edit", "Change this listing (yours, if editable)."),
        Command("listing.delete", "d", "delete", "Delete", "Delete this listing, after a yes."),
        Command("listing.release", "o", "open_release", "Release", "Open the listed release."),
        Command(
            "listing.seller", "i", "open_seller", "Seller", "The seller's inventory (For Sale)."
        ),
        Command(
            "listing.again", "n", "list_again", "Sell one", "List a copy of this release yourself."
        ),
    ]
    BINDINGS = bindings(COMMAND_LIST)

    def where(self) -> str:
        return f"Listing {self.location.target}"

    def compose_body(self) -> ComposeResult:
        yield Static(classes="entity-name")
        yield Static(id="listing-release")
        yield Static(id="listing-facts")
        yield Static(
            Text("Only you see these"), id="listing-private-title", classes="section-title"
        )
        yield Static(id="listing-private")

    async def fetch(self) -> Json:
        return await self.service.marketplace.listing(self.location.entity_id)

    @property
    def own(self) -> bool:
        return self.data is not None and self.discogs.is_me(seller_name(self.data))

    def show(self, data: Json) -> None:
        listing = Listing.from_json(data)
        self.set_where(f"Listing: {release_title(data)}")
        self.query_one(".entity-name", Static).update(text(release_title(data), "bold"))
        release = listing.release.raw if listing.release else {}
        self.query_one("#listing-release", Static).update(release_line(release))
        self.query_one("#listing-facts", Static).update(facts(self._public_facts(listing)))
        self.query_one("#listing-private", Static).update(facts(self._private_facts(listing)))
        for part in ("#listing-private-title", "#listing-private"):
            self.query_one(part).display = self.own

    def _public_facts(self, listing: Listing) -> list[tuple[str, Any]]:
        return [
            ("Status", listing.status),
            ("Price", price_text(listing.price)),
            ("Shipping", price_text(listing.shipping_price)),
            ("Media", listing.condition),
            ("Sleeve", listing.sleeve_condition),
            ("Comments", listing.comments),
            ("Offers", "accepted" if listing.allow_offers else "not accepted"),
            ("Posted", clean(listing.posted)[:10]),
            ("Ships from", listing.ships_from),
            ("Seller", seller_line(listing.seller.raw if listing.seller else {})),
            ("Listing", listing.id),
        ]

    def _private_facts(self, listing: Listing) -> list[tuple[str, Any]]:
        return [
            ("Location", listing.location),
            ("Private note", listing.external_id),
            ("Weight", f"{listing.weight:g} g" if listing.weight is not None else None),
            ("Counts as", listing.format_quantity),
            ("Quantity", listing.quantity),
        ]

    # -- keys -------------------------------------------------------------------------------------
    def _loaded(self) -> Json | None:
        if self.data is None:
            self.discogs.notify_text("The listing hasn't loaded; r tries again.")
        return self.data

    def _owned(self, what: str) -> Json | None:
        """The listing, if it is yours; otherwise say who may ``what`` it."""
        data = self._loaded()
        if data is not None and not self.own:
            self.discogs.notify_text(
                f"Only its seller, {seller_name(data)}, can {what} this listing."
            )
            return None
        return data

    def action_edit(self) -> None:
        data = self._owned("edit")
        if data is None:
            return
        status = clean(Listing.from_json(data).status)
        if status not in EDITABLE_LISTING_STATUSES:
            self.discogs.notify_text(
                f"This listing is {status}. Only For Sale, Draft and Expired listings can be "
                f"edited; a {status} listing can only be deleted (d). n lists the release again.",
                severity="warning",
            )
            return
        self.app.push_screen(ListingForm(listing=data), self._edited)

    def _edited(self, listing_id: int | None) -> None:
        if listing_id is not None:
            self.load()

    def action_delete(self) -> None:
        data = self._owned("delete")
        if data is None:
            return
        listing = Listing.from_json(data)
        question = Text("Delete the listing of ")
        question.append(text(release_title(data), "bold"))
        question.append(
            render.text(f" ({condition_code(listing.condition)}, {price_text(listing.price)})?")
        )
        self.app.push_screen(Confirm(question), self._delete_confirmed)

    def _delete_confirmed(self, yes: bool | None) -> None:
        if yes:
            self.delete(Listing.from_json(self.data).id)
        else:
            self.discogs.notify_text("Kept the listing.")

    @work(group="write", exit_on_error=False)
    async def delete(self, listing_id: int) -> None:
        """Through the inventory's store: when the answer is lost, it reads the listing to
        learn whether it went (never deleting again)."""
        try:
            outcome = await self.service.stores.inventory.delete(listing_id)
        except DiscogsError as error:
            self.discogs.notify_error(error)
            return
        lost = "No answer came back, so the outcome is unknown: Discogs was asked. "
        if outcome.gone:
            self.discogs.notify_text(f"{lost if outcome.answer_lost else ''}Deleted the listing.")
            self.discogs.action_back()
            return
        self.discogs.notify_text(
            f"{lost}The listing is still there: it wasn't deleted. d tries again.",
            severity="warning",
        )
        self.load()

    def action_open_release(self) -> None:
        data = self._loaded()
        release_id = listing_release_id(data) if data is not None else None
        if release_id is not None:
            self.discogs.open(Location("release", str(release_id)))

    def action_open_seller(self) -> None:
        data = self._loaded()
        if data is not None and seller_name(data):
            self.discogs.open(Location("inventory", seller_name(data)))

    def action_list_again(self) -> None:
        data = self._loaded()
        if data is not None:
            open_new_listing(self.discogs, listing_release_id(data))

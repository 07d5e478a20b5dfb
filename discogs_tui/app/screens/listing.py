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
from textual.containers import Vertical
from textual.screen import ModalScreen
from textual.widgets import Static

from discogs_tui.api.errors import DiscogsError, NotFound, OutcomeUnknown
from discogs_tui.app import render
from discogs_tui.app.commands import Command, bindings
from discogs_tui.app.navigation import Location
from discogs_tui.app.present import price_text
from discogs_tui.app.render import clean, text
from discogs_tui.app.screens.base import DiscogsScreen
from discogs_tui.app.screens.listing_form import (
    ListingForm,
    condition_code,
    listing_release_id,
    listings_changed,
    open_new_listing,
    release_title,
    seller_name,
)
from discogs_tui.app.widgets.entity import facts
from discogs_tui.vocabulary import EDITABLE_LISTING_STATUSES

Json = Mapping[str, Any]


class Confirm(ModalScreen[bool]):
    """A yes/no question: y answers yes; n or Escape answers no."""

    DEFAULT_CSS = """
    Confirm { align: center middle; }
    Confirm > Vertical {
        width: 60; max-width: 90%; height: auto;
        border: round $warning; background: $surface; padding: 1 2;
    }
    Confirm .confirm-keys { margin-top: 1; color: $text-muted; }
    """
    COMMAND_LIST: ClassVar[list[Command]] = [
        Command("confirm.yes", "y", "answer(True)", "Yes", "Yes, do it."),
        Command("confirm.no", "n,escape", "answer(False)", "No", "No, leave it as it is."),
    ]
    BINDINGS = bindings(COMMAND_LIST)

    def __init__(self, question: Text) -> None:
        """``question`` may hold Discogs data, so it comes as Text."""
        super().__init__()
        self.question = question

    def compose(self) -> ComposeResult:
        with Vertical():
            yield Static(self.question)
            yield Static(Text("y: yes    n: no"), classes="confirm-keys")

    def action_answer(self, yes: bool) -> None:
        self.dismiss(yes)


def yes_no(value: Any) -> str:
    return "" if value is None else "yes" if value else "no"


def seller_line(seller: Json) -> Text:
    line = text(seller.get("username") or "")
    stats = seller.get("stats") or {}
    if stats.get("rating"):
        line.append(text(f"  {stats['rating']}% positive from {stats.get('total', 0)} ratings"))
    return line


def release_line(release: Json) -> Text:
    details = [release.get("format"), release.get("catalog_number"), release.get("year")]
    line = text(", ".join(clean(part).strip("()") for part in details if part))
    line.append("   o opens the release", style="dim")
    return line


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
        self.set_where(f"Listing: {release_title(data)}")
        self.query_one(".entity-name", Static).update(text(release_title(data), "bold"))
        self.query_one("#listing-release", Static).update(release_line(data.get("release") or {}))
        self.query_one("#listing-facts", Static).update(facts(self._public_facts(data)))
        self.query_one("#listing-private", Static).update(facts(self._private_facts(data)))
        for part in ("#listing-private-title", "#listing-private"):
            self.query_one(part).display = self.own

    def _public_facts(self, data: Json) -> list[tuple[str, Any]]:
        return [
            ("Status", data.get("status")),
            ("Price", price_text(data.get("price"))),
            ("Shipping", price_text(data.get("shipping_price"))),
            ("Media", data.get("condition")),
            ("Sleeve", data.get("sleeve_condition")),
            ("Comments", data.get("comments")),
            ("Offers", "accepted" if data.get("allow_offers") else "not accepted"),
            ("Posted", clean(data.get("posted") or "")[:10]),
            ("Ships from", data.get("ships_from")),
            ("Seller", seller_line(data.get("seller") or {})),
            ("Listing", data.get("id")),
        ]

    def _private_facts(self, data: Json) -> list[tuple[str, Any]]:
        return [
            ("Location", data.get("location")),
            ("Private note", data.get("external_id")),
            ("Weight", f"{data['weight']} g" if data.get("weight") not in (None, "") else None),
            ("Counts as", data.get("format_quantity")),
            ("Quantity", data.get("quantity")),
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
        status = clean(data.get("status") or "")
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
        question = Text("Delete the listing of ")
        question.append(text(release_title(data), "bold"))
        question.append(
            render.text(f" ({condition_code(data.get('condition'))}, {price_text(data.get('price'))})?")
        )
        self.app.push_screen(Confirm(question), self._delete_confirmed)

    def _delete_confirmed(self, yes: bool | None) -> None:
        if yes:
            self.delete(self.data["id"])
        else:
            self.discogs.notify_text("Kept the listing.")

    @work(group="write", exit_on_error=False)
    async def delete(self, listing_id: int) -> None:
        try:
            await self.service.marketplace.delete_listing(listing_id)
        except OutcomeUnknown:
            await self._check_deleted(listing_id)
            return
        except DiscogsError as error:
            self.discogs.notify_error(error)
            return
        self._deleted()

    async def _check_deleted(self, listing_id: int) -> None:
        """The delete went out but no answer came back: look, never send it again."""
        self.discogs.notify_text(
            "No answer came back: the outcome is unknown. Checking the listing…",
            severity="warning",
        )
        try:
            listing = await self.service.marketplace.listing(listing_id)
        except NotFound:
            self._deleted()
            return
        except DiscogsError as error:
            self.discogs.notify_error(error)
            return
        if listing.get("status") == "Deleted":
            self._deleted()
            return
        self.discogs.notify_text("The listing is still there: it wasn't deleted. d tries again.")
        self.data = listing
        self.show(listing)

    def _deleted(self) -> None:
        listings_changed(self.discogs)
        self.discogs.notify_text("Deleted the listing.")
        self.discogs.action_back()

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

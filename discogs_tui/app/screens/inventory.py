"""A seller's inventory. Your own holds every status (filter by one) and the fields only
you see (location, private note, quantity, weight, counts-as); another seller's holds
what is For Sale, and Discogs pages it no further than page 100. Sort by any of the API's
keys, either way; Enter opens a listing."""

from __future__ import annotations

import dataclasses
from collections.abc import Mapping
from typing import Any, ClassVar

from rich.text import Text
from textual import on
from textual.app import ComposeResult
from textual.widgets import Static

from discogs_tui.api.bulk import actions
from discogs_tui.api.marketplace import (
    INVENTORY_SORT_KEYS,
    INVENTORY_STATUSES,
    OWNER_INVENTORY_SORT_KEYS,
)
from discogs_tui.api.pagination import OTHERS_INVENTORY_PAGE_CAP, Page
from discogs_tui.app import render
from discogs_tui.app.bulk_jobs import BulkWork, bulk_commands
from discogs_tui.app.commands import Command, bindings
from discogs_tui.app.listings import condition_code, release_title
from discogs_tui.app.marks import MarksRows, mark_commands
from discogs_tui.app.modals.picker import Picker
from discogs_tui.app.navigation import Location
from discogs_tui.app.present import price_text
from discogs_tui.app.render import clean, text
from discogs_tui.app.screens.base import DiscogsScreen, UserDataScreen
from discogs_tui.app.screens.listing_form import open_new_listing
from discogs_tui.app.widgets.entity import SortsPages
from discogs_tui.app.widgets.paged_table import Column, PagedTable, Sorting, field

Json = Mapping[str, Any]
ALL = INVENTORY_STATUSES[0]
CAP_NOTE = f"Discogs shows other sellers' inventories up to page {OTHERS_INVENTORY_PAGE_CAP}."


def cell(make: Any) -> Any:
    """A column's cell from a function of the listing's fields (blank for anything else)."""

    def render(item: Any) -> Text:
        return text(make(item)) if isinstance(item, Mapping) else Text()

    return render


def weight(item: Json) -> str:
    return "" if item.get("weight") in (None, "") else f"{clean(item['weight'])} g"


STATUS = Column("Status", field("status"), 9)
RELEASE = Column("Release", cell(release_title), 22, flexible=True)
MEDIA = Column("Media", cell(lambda item: condition_code(item.get("condition"))), 8)
PRICE = Column("Price", cell(lambda item: price_text(item.get("price"))), 12)
SLEEVE = Column("Sleeve", cell(lambda item: condition_code(item.get("sleeve_condition"))), 10)
LISTED = Column("Listed", cell(lambda item: clean(item.get("posted") or "")[:10]), 10)
CATNO = Column("Cat#", cell(lambda item: (item.get("release") or {}).get("catalog_number")), 10)
# Narrow terminals drop the highest ``drop`` first.
OWN_COLUMNS = (
    STATUS,
    RELEASE,
    MEDIA,
    PRICE,
    Column("Location", field("location"), 10, drop=4),
    dataclasses.replace(SLEEVE, drop=5),
    Column("Private", field("external_id"), 10, drop=6),
    Column("Qty", field("quantity"), 3, drop=7),
    dataclasses.replace(LISTED, drop=8),
    Column("Weight", cell(weight), 6, drop=9),
    Column("Counts", field("format_quantity"), 6, drop=10),
    dataclasses.replace(CATNO, drop=11),
)
OTHERS_COLUMNS = (
    RELEASE,
    MEDIA,
    PRICE,
    dataclasses.replace(SLEEVE, drop=3),
    dataclasses.replace(LISTED, drop=2),
    dataclasses.replace(CATNO, drop=4),
)


def capped(page: Page[Json]) -> Page[Json]:
    """Another seller's page: Discogs answers no page past the cap, so don't ask for one."""
    return dataclasses.replace(page, pages=min(page.pages, OTHERS_INVENTORY_PAGE_CAP))


def newest_first(keys: tuple[str, ...]) -> Sorting:
    return Sorting(keys, key="listed", order="desc")


def seller_summary(profile: Json) -> Text:
    """``name  seller rating 98% from 194 ratings  410 for sale``."""
    summary = text(profile.get("username") or "", "bold")
    if profile.get("seller_num_ratings"):
        summary.append(
            text(
                f"  seller rating {profile.get('seller_rating')}% "
                f"from {profile['seller_num_ratings']:,} ratings"
            )
        )
    if profile.get("num_for_sale") is not None:
        summary.append(text(f"  {profile['num_for_sale']:,} for sale"))
    return summary


class InventoryScreen(SortsPages, BulkWork, MarksRows, UserDataScreen):
    BODY_SCROLLS = False
    MARKS_NOUN = "listing"
    COMMAND_LIST: ClassVar[list[Command]] = [
        *DiscogsScreen.COMMAND_LIST,
        Command(
            "inventory.status",
            "f",
            "filter_status",
            "Status",
            "Show only listings of one status (your own inventory).",
        ),
        Command(
            "inventory.sort",
            "s",
            "cycle_sort",
            "Sort",
            f"Sort by {', '.join(INVENTORY_SORT_KEYS)} "
            f"(and {', '.join(OWNER_INVENTORY_SORT_KEYS)} in your own).",
        ),
        Command("inventory.order", "o", "flip_order", "Order", "Flip ascending/descending."),
        Command(
            "inventory.new", "n", "new_listing", "New", "List a record for sale by release id."
        ),
        Command(
            "inventory.change",
            "e",
            "change_marked",
            "Change",
            "Change the marked listings (or the highlighted one): price, status, offers, location.",
        ),
        Command(
            "inventory.delete",
            "x",
            "delete_marked",
            "Delete",
            "Delete the marked listings (or the highlighted one; asks first).",
        ),
        *mark_commands("inventory", MARKS_NOUN),
        *bulk_commands("inventory"),
    ]
    BINDINGS = bindings(COMMAND_LIST)
    WATCHES = ("inventory",)
    YOURS, THEIRS = "Your inventory", "Inventory"

    def __init__(self, location: Location) -> None:
        super().__init__(location)
        self.sorting = newest_first(INVENTORY_SORT_KEYS)
        self.status = ALL
        self.seen: dict[int, Json] = {}  # every listing loaded, by id: what marks stand for

    def on_mount(self) -> None:
        if self.own:
            self.sorting = newest_first(INVENTORY_SORT_KEYS + OWNER_INVENTORY_SORT_KEYS)
        super().on_mount()

    def compose_body(self) -> ComposeResult:
        yield Static(id="inventory-seller")
        columns, marked = (OWN_COLUMNS, self.is_marked) if self.own else (OTHERS_COLUMNS, None)
        yield PagedTable(columns, noun="listings", marked=marked, id="inventory-table")

    async def fetch(self) -> Json:
        return await self.service.users.profile(self.location.target)

    def show(self, data: Json) -> None:
        self.query_one("#inventory-seller", Static).update(seller_summary(data))
        self.load_listings()

    def load_listings(self) -> None:
        if self.data is None:
            return  # the seller didn't load
        seller, own = self.location.target, self.own
        params: dict[str, Any] = self.sorting.params()
        if self.status != ALL:
            params["status"] = self.status

        async def fetch(page: int, per_page: int) -> Page[Json]:
            answer = await self.service.marketplace.inventory(
                seller, page=page, per_page=per_page, **params
            )
            return answer if own else capped(answer)

        table = self.query_one("#inventory-table", PagedTable)
        table.load(fetch, self._note())
        table.focus()

    def _note(self) -> str:
        if self.own:
            scope = "Every status." if self.status == ALL else f"{self.status} only."
        else:
            scope = f"For Sale only. {CAP_NOTE}"
        return f"{scope} {self.sorting.describe()}".strip()

    def show_changes(self, changes: list) -> None:
        """Listings were created, changed or deleted (they are the signed-in seller's)."""
        if self.own:
            self.load_listings()

    # -- marks (app/marks.py): your own listings, by id, across pages, statuses and sorts ------
    @property
    def table(self) -> PagedTable:
        return self.query_one("#inventory-table", PagedTable)

    def marks_refused(self) -> str:
        return "" if self.own else "Only your own listings can be marked and changed."

    def is_marked(self, item: Any) -> bool:
        return isinstance(item, Mapping) and item.get("id") in self.marks

    def current_mark_key(self) -> int | None:
        table = self.table
        row = table.rows.cursor_row
        return table.items[row].get("id") if 0 <= row < len(table.items) else None

    def shown_mark_keys(self) -> list[int]:
        return [item.get("id") for item in self.table.items]

    def action_mark_shown(self) -> None:
        super().action_mark_shown()
        page = self.table.page
        if self.own and page is not None and page.has_next:
            self.discogs.notify_text(
                f"Marked the {len(self.table.items):,} listings loaded of {page.total:,}: "
                "the rest load as you scroll down (G goes to the last loaded)."
            )

    def show_marks(self, moved: bool = False) -> None:
        self.table.refresh_marks(self.marked_summary())
        if moved:
            self.table.rows.action_cursor_down()

    # -- bulk changes of the marked listings ---------------------------------------------------
    @on(PagedTable.Loaded, "#inventory-table")
    def listings_loaded(self, event: PagedTable.Loaded) -> None:
        self.seen.update((item["id"], item) for item in event.page.items if "id" in item)

    def chosen_listings(self) -> list[Json]:
        """The marked listings, or else the highlighted one (says why there are none)."""
        if not self._may_mark():
            return []
        if self.marks:
            return [self.seen[key] for key in self.marks if key in self.seen]
        key = self.current_mark_key()
        if key is None:
            self.discogs.notify_text("No listing here: mark some with space.")
            return []
        return [self.seen[key]]

    def action_change_marked(self) -> None:
        listings = self.chosen_listings()
        if not listings:
            return
        seller = self.location.target
        plans = {
            "status:For Sale": lambda: actions.plan_inventory_status(seller, listings, "For Sale"),
            "status:Draft": lambda: actions.plan_inventory_status(seller, listings, "Draft"),
            "offers:yes": lambda: actions.plan_inventory_offers(seller, listings, True),
            "offers:no": lambda: actions.plan_inventory_offers(seller, listings, False),
        }

        def priced(rule) -> None:
            if rule is not None:
                self.run_bulk(lambda: actions.plan_inventory_price(seller, listings, rule))

        def located(location: str | None) -> None:
            if location is not None:
                self.run_bulk(lambda: actions.plan_inventory_location(seller, listings, location))

        def chosen(what: str | None) -> None:
            from discogs_tui.app.modals.bulk import PriceForm
            from discogs_tui.app.screens.collection import TextPrompt

            if what == "price":
                self.app.push_screen(PriceForm(count), priced)
            elif what == "location":
                self.app.push_screen(TextPrompt(f"Location of {count}"), located)
            elif what in plans:
                self.run_bulk(plans[what])

        count = f"{len(listings):,} listing{'s' if len(listings) != 1 else ''}"
        choices = [
            (Text("Change the price…"), "price"),
            (Text("Status: For Sale"), "status:For Sale"),
            (Text("Status: Draft"), "status:Draft"),
            (Text("Allow offers"), "offers:yes"),
            (Text("Don't allow offers"), "offers:no"),
            (Text("Set the location…"), "location"),
        ]
        self.app.push_screen(Picker(f"Change {count}", choices), chosen)

    def action_delete_marked(self) -> None:
        listings = self.chosen_listings()
        if listings:
            seller = self.location.target
            self.run_bulk(lambda: actions.plan_inventory_delete(seller, listings))

    @on(PagedTable.Opened, "#inventory-table")
    def open_listing(self, event: PagedTable.Opened) -> None:
        if isinstance(event.item.get("id"), int):
            self.discogs.open(Location("listing", str(event.item["id"])))

    # -- keys -------------------------------------------------------------------------------------
    def action_filter_status(self) -> None:
        if not self.own:
            self.discogs.notify_text("Other sellers' inventories show For Sale listings only.")
            return
        choices = [(render.text(status), status) for status in INVENTORY_STATUSES]
        self.app.push_screen(Picker("Show listings that are", choices, self.status), self._filter)

    def _filter(self, status: str | None) -> None:
        if status is not None and status != self.status:
            self.status = status
            self.load_listings()

    def show_sorted(self) -> None:
        self.load_listings()

    def action_new_listing(self) -> None:
        open_new_listing(self.discogs)

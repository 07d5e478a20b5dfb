"""Orders: the signed-in seller's orders, filtered by status, creation date and archived,
sorted by any of the API's keys, paged as the cursor nears the end; Enter opens one.

The "needs attention" view (n) shows the orders waiting for the seller: New Order, Buyer
Contacted and Payment Received. The API filters by one status at a time, so the view asks
once per status (walking each one's pages, up to a cap) and merges the answers into one
list, sorted here by the same key the server would use. Those orders are few for any
seller who keeps up, so one list beats three tabs.
"""

from __future__ import annotations

from collections.abc import Awaitable, Callable, Mapping
from dataclasses import dataclass, replace
from datetime import UTC, datetime
from functools import partial
from typing import TYPE_CHECKING, Any, ClassVar

from rich.text import Text
from textual import on
from textual.app import ComposeResult
from textual.containers import Horizontal
from textual.widgets import Input, Select, Static

from discogs_tui.api.errors import ValidationError
from discogs_tui.api.marketplace import ORDER_FILTER_STATUSES, ORDER_SORT_KEYS
from discogs_tui.api.pagination import Page, walk_items
from discogs_tui.api.validation import parse_date
from discogs_tui.app import render
from discogs_tui.app.commands import Command, bindings
from discogs_tui.app.navigation import Location
from discogs_tui.app.present import price_text
from discogs_tui.app.render import text
from discogs_tui.app.screens.base import DiscogsScreen
from discogs_tui.app.times import local_date
from discogs_tui.app.widgets.entity import SortsPages, sort_commands
from discogs_tui.app.widgets.paged_table import Column, FetchPage, PagedTable, Sorting, field

if TYPE_CHECKING:
    from discogs_tui.api.stores import Change

ATTENTION = "attention"  # the target that opens the orders screen on the needs-attention view
NEEDS_ATTENTION = ("New Order", "Buyer Contacted", "Payment Received")
ATTENTION_PAGES = 5  # pages of 100 per status: more would be a backlog, not a to-do list
ARCHIVED = {"any": None, "yes": True, "no": False}
ARCHIVED_LABELS = {"any": "Archived or not", "yes": "Archived", "no": "Not archived"}


# -- filters -----------------------------------------------------------------------------------
@dataclass(frozen=True)
class OrderFilters:
    status: str = "All"
    created_after: datetime | None = None
    created_before: datetime | None = None
    archived: bool | None = None

    def params(self) -> dict[str, Any]:
        return {
            "status": self.status,
            "created_after": self.created_after,
            "created_before": self.created_before,
            "archived": self.archived,
        }


# -- the merged needs-attention list -----------------------------------------------------------
def _moment(value: Any) -> datetime:
    try:
        moment = datetime.fromisoformat(str(value))
    except ValueError:
        return datetime.min.replace(tzinfo=UTC)
    return moment if moment.tzinfo else moment.replace(tzinfo=UTC)


def _order_number(order: Mapping[str, Any]) -> tuple[int, ...]:
    return tuple(int(part) for part in str(order.get("id", "")).split("-") if part.isdecimal())


# The API's sort keys, applied here to orders merged from several answers.
LOCAL_SORT: dict[str, Callable[[Mapping[str, Any]], Any]] = {
    "id": _order_number,
    "buyer": lambda order: str((order.get("buyer") or {}).get("username", "")).lower(),
    "created": lambda order: _moment(order.get("created")),
    "status": lambda order: str(order.get("status", "")),
    "last_activity": lambda order: _moment(order.get("last_activity")),
}


def merged_page(orders: list[Mapping[str, Any]], sorting: Sorting) -> Page[Any]:
    """One page of every order, sorted (by default the longest waiting first)."""
    key = sorting.key or "last_activity"
    descending = sorting.key is not None and sorting.order == "desc"
    ordered = sorted(orders, key=LOCAL_SORT[key], reverse=descending)
    return Page(ordered, 1, 1, max(len(ordered), 1), len(ordered))


# -- columns -----------------------------------------------------------------------------------
def status_cell(order: Mapping[str, Any]) -> Text:
    status = order.get("status", "")
    return text(status, "bold" if status in NEEDS_ATTENTION else "")


def buyer_cell(order: Mapping[str, Any]) -> Text:
    return text((order.get("buyer") or {}).get("username", ""))


def date_cell(key: str) -> Callable[[Mapping[str, Any]], Text]:
    def cell(order: Mapping[str, Any]) -> Text:
        return text(local_date(order.get(key)))

    return cell


def items_cell(order: Mapping[str, Any]) -> Text:
    items = order.get("items") or []
    if not items:
        return Text()
    first = text((items[0].get("release") or {}).get("description", ""))
    if len(items) > 1:
        first.append(render.text(f" +{len(items) - 1} more", "dim"))
    return first


def total_cell(order: Mapping[str, Any]) -> Text:
    return render.text(price_text(order.get("total")))


COLUMNS = (
    Column("Order", field("id"), 11),
    Column("Status", status_cell, 16),
    Column("Buyer", buyer_cell, 14, drop=2),
    Column("Created", date_cell("created"), 10, drop=3),
    Column("Activity", date_cell("last_activity"), 10, drop=4),
    Column("Total", total_cell, 11),
    Column("Items", items_cell, 12, flexible=True, drop=1),
)


def status_label(status: str) -> str:
    return "Any status" if status == "All" else status


class OrdersScreen(SortsPages, DiscogsScreen):
    BODY_SCROLLS = False
    COMMAND_LIST: ClassVar[list[Command]] = [
        *DiscogsScreen.COMMAND_LIST,
        Command(
            "orders.attention",
            "n",
            "toggle_attention",
            "Needs attention",
            "Only orders waiting for you (New Order, Buyer Contacted, Payment Received), "
            "or every order again.",
        ),
        Command(
            "orders.filters",
            "f",
            "focus_filters",
            "Filters",
            "Go to the filters: status, created after / before (Enter applies), archived.",
        ),
        Command("orders.clear", "x", "clear_filters", "Clear", "Clear every filter.", show=False),
        *sort_commands("orders", ORDER_SORT_KEYS),
    ]
    BINDINGS = bindings(COMMAND_LIST)
    WATCHES = ("orders",)

    def __init__(self, location: Location) -> None:
        super().__init__(location)
        self.attention = location.target == ATTENTION
        self.filters = OrderFilters()
        self.sorting = Sorting(ORDER_SORT_KEYS)

    def where(self) -> str:
        return "Orders needing attention" if self.attention else "Orders"

    def compose_body(self) -> ComposeResult:
        with Horizontal(id="order-filters"):
            yield Select(
                [(render.text(status_label(status)), status) for status in ORDER_FILTER_STATUSES],
                value="All",
                allow_blank=False,
                compact=True,
                id="order-status",
            )
            yield Input(placeholder="created after YYYY-MM-DD", compact=True, id="order-after")
            yield Input(placeholder="created before YYYY-MM-DD", compact=True, id="order-before")
            yield Select(
                [(render.text(label), value) for value, label in ARCHIVED_LABELS.items()],
                value="any",
                allow_blank=False,
                compact=True,
                id="order-archived",
            )
        yield Static(id="order-filter-problem")
        yield Static(id="order-view", classes="muted")
        yield PagedTable(COLUMNS, noun="orders", id="orders")

    def show(self, data: Any) -> None:
        self.query_one("#order-filter-problem").display = False
        self.load_orders()
        self.query_one("#orders", PagedTable).focus()

    # -- loading ----------------------------------------------------------------------------------
    def show_changes(self, changes: list[Change]) -> None:
        """Orders changed (on their screen): their rows show them as the orders store has
        them, in place (an order that no longer fits the view stays until r). Only when the
        store doesn't know how one ended (its answer was lost) are the orders read again."""
        table = self.query_one("#orders", PagedTable)
        changed = {str(order_id) for change in changes for order_id in change.ids}
        latest = {order_id: self.service.stores.orders.latest(order_id) for order_id in changed}
        if not changed or None in latest.values():
            self.load_orders()
            return
        for index, shown in enumerate(table.items):
            order = latest.get(str(shown.get("id")))
            if order is not None:
                table.replace_item(index, order.raw)

    def load_orders(self) -> None:
        self.set_where(self.where())
        self.query_one("#order-status", Select).disabled = self.attention
        self.query_one("#order-view", Static).update(self._view_text())
        table = self.query_one("#orders", PagedTable)
        table.load(self._fetcher(), self._note())

    def _fetcher(self) -> FetchPage:
        params = self.filters.params()
        if not self.attention:
            return partial(self._orders_page, {**params, **self.sorting.params()})
        sorting = replace(self.sorting)

        async def fetch_attention(page: int, per_page: int) -> Page[Any]:
            merged: list[Mapping[str, Any]] = []
            for status in NEEDS_ATTENTION:
                one_status = partial(self._orders_page, {**params, "status": status})
                pages = walk_items(one_status, per_page=100, max_pages=ATTENTION_PAGES)
                merged += [order async for order in pages]
            return merged_page(merged, sorting)

        return fetch_attention

    def _orders_page(
        self, params: dict[str, Any], page: int, per_page: int
    ) -> Awaitable[Page[Any]]:
        return self.service.marketplace.orders(page=page, per_page=per_page, **params)

    def _view_text(self) -> Text:
        if not self.attention:
            return Text("Every order you sold. n shows only those needing attention.")
        view = Text("Needing attention: ", style="bold")
        view.append(", ".join(NEEDS_ATTENTION))
        view.append(" (a request per status, merged). n shows every order.")
        return view

    def _note(self) -> str:
        return self.sorting.describe() or ("Longest waiting first." if self.attention else "")

    @on(PagedTable.Opened, "#orders")
    def open_order(self, event: PagedTable.Opened) -> None:
        order_id = event.item.get("id") if isinstance(event.item, Mapping) else None
        if order_id:
            self.discogs.open(Location("order", str(order_id)))

    # -- filters ----------------------------------------------------------------------------------
    def _typed_filters(self) -> OrderFilters:
        """The filters as the widgets hold them (``ValidationError`` for a bad date)."""
        status = self.query_one("#order-status", Select).value
        after = parse_date(self.query_one("#order-after", Input).value, "Created after")
        before = parse_date(self.query_one("#order-before", Input).value, "Created before")
        if after and before and after > before:
            raise ValidationError("Created after must be earlier than created before.")
        archived = self.query_one("#order-archived", Select).value
        return OrderFilters(str(status), after, before, ARCHIVED.get(str(archived)))

    def apply_filters(self) -> None:
        """Show the orders the filters choose, or say what is wrong with them."""
        problem = self.query_one("#order-filter-problem", Static)
        try:
            filters = self._typed_filters()
        except ValidationError as error:
            problem.update(text(f"{error} Nothing was sent."))
            problem.display = True
            return
        problem.display = False
        self.query_one("#orders", PagedTable).focus()
        if filters != self.filters:
            self.filters = filters
            self.load_orders()

    @on(Select.Changed, "#order-filters Select")
    @on(Input.Submitted, "#order-filters Input")
    def _filter_chosen(self) -> None:
        self.apply_filters()

    # -- keys -------------------------------------------------------------------------------------
    def action_toggle_attention(self) -> None:
        self.attention = not self.attention
        self.load_orders()

    def action_focus_filters(self) -> None:
        target = "#order-after" if self.attention else "#order-status"
        self.query_one(target).focus()

    def action_clear_filters(self) -> None:
        self.query_one("#order-status", Select).value = "All"
        self.query_one("#order-archived", Select).value = "any"
        for field_input in self.query("#order-filters Input").results(Input):
            field_input.value = ""
        self.apply_filters()

    def show_sorted(self) -> None:
        self.load_orders()

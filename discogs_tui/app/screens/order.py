"""One order, for its seller: items, buyer, shipping address, totals, fee, status and the
message thread (newest first). Change the status (only to one of the order's
``next_status``), set the shipping (which invoices the buyer), reply to the buyer with an
optional status change. Every write goes through the orders store, whose announcement
shows the order as the write left it (and its thread read again); a write whose answer
never came is not resent (see ``DiscogsScreen.run_write``)."""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING, Any, ClassVar

from rich.text import Text
from textual import on, work
from textual.app import ComposeResult
from textual.containers import Vertical
from textual.widgets import Button, Input, Select, Static, TextArea

from discogs_tui.api import markup
from discogs_tui.api.errors import DiscogsError, ValidationError
from discogs_tui.api.marketplace import shipping_amount
from discogs_tui.api.models import (
    Message,
    Order,
    OrderItem,
    OrderRelease,
    Price,
    Shipping,
    Username,
)
from discogs_tui.api.pagination import Page
from discogs_tui.api.validation import MAX_TEXT, plain_text
from discogs_tui.app import render
from discogs_tui.app.commands import Command, bindings
from discogs_tui.app.modals.form import FormModal, options
from discogs_tui.app.modals.picker import Picker
from discogs_tui.app.navigation import Location
from discogs_tui.app.present import link_to, price_text
from discogs_tui.app.render import clean, text
from discogs_tui.app.screens.base import DiscogsScreen
from discogs_tui.app.screens.edits import save_command
from discogs_tui.app.times import local_time
from discogs_tui.app.widgets.bounded import BoundedTextArea
from discogs_tui.app.widgets.entity import EntityLinks, facts, links_command

if TYPE_CHECKING:
    from discogs_tui.api.stores import Change

MESSAGES_PER_PAGE = 25
SHIPPING_LOCKED = ("Payment Received", "Shipped")  # and every cancelled status
# What each kind of log entry is called, and the CSS class that tells it apart.
MESSAGE_KINDS = {
    "message": ("Message", "message-text"),
    "status": ("Status", "message-status"),
    "shipping": ("Shipping", "message-shipping"),
    "refund_sent": ("Refund sent", "message-refund"),
    "refund_received": ("Refund received", "message-refund"),
}


# -- what an order allows ----------------------------------------------------------------------
def next_statuses(order: Order) -> list[str]:
    """The statuses the order can move to (its ``next_status``, without the one it has)."""
    return [status for status in order.next_status if status != order.status]


def final_note(order: Order) -> str:
    return f"This order is {clean(order.status)}: it is final, its status can't change."


def shipping_refusal(order: Order) -> str | None:
    """Why the shipping can't be set now (None when it can)."""
    status = clean(order.status)
    if status.startswith("Cancelled") or status in SHIPPING_LOCKED:
        return (
            f"The shipping of an order in {status} can't change: Discogs allows it only "
            "while an order is neither cancelled, Payment Received nor Shipped."
        )
    return None


# -- rendering ---------------------------------------------------------------------------------
def when(value: Any) -> str:
    """``2023-10-06T21:56:14-07:00`` in the user's zone, named: ``2023-10-07 05:56 CET``."""
    return local_time(value)


def number(value: float | None) -> str:
    """An amount the log gives without its currency: ``5`` as ``5.00``."""
    return "" if value is None else f"{value:.2f}"


def username(user: Username | None) -> str:
    return clean(user.username) if user is not None else ""


def currency_of(order: Order) -> str:
    return order.total.currency if order.total is not None else ""


def order_facts(order: Order) -> Any:
    prices = [item.price.value for item in order.items if item.price is not None]
    subtotal = sum(price for price in prices if price is not None)
    shipping = order.shipping or Shipping()
    method = clean(shipping.method)
    return facts(
        [
            ("Created", when(order.created)),
            ("Last activity", when(order.last_activity)),
            ("Ship to", order.shipping_address),
            ("Instructions", order.additional_instructions),
            ("Items", price_text(Price(subtotal, currency_of(order))) if order.items else ""),
            ("Shipping", f"{price_text(shipping)} ({method})" if method else price_text(shipping)),
            ("Total", text(price_text(order.total), "bold")),
            ("Fee", price_text(order.fee)),
            ("Archived", "yes" if order.archived else ""),
        ]
    )


def item_spans(number: int, item: OrderItem) -> list[markup.Span]:
    """``1. Artist - Title (Format)  35.51 USD  VG / G+``, the description a release link."""
    release = item.release or OrderRelease()
    conditions = " / ".join(
        clean(condition) for condition in (item.media_condition, item.sleeve_condition) if condition
    )
    return [
        markup.Span(f"{number}. "),
        markup.Span(
            clean(release.description or f"Release {release.id}"),
            link=link_to("release", release.id),
        ),
        markup.Span(f"  {price_text(item.price)}", frozenset({"bold"})),
        markup.Span(f"  {conditions}" if conditions else ""),
    ]


def buyer_spans(order: Order) -> list[markup.Span]:
    buyer = username(order.buyer)
    if not buyer:
        return []
    return [
        markup.Span("Buyer: ", frozenset({"bold"})),
        markup.Span(buyer, link=markup.Link("user", buyer)),
    ]


def allowed_text(order: Order) -> Text:
    """What can be done with the order now, and the keys for it."""
    statuses = next_statuses(order)
    line = Text()
    if statuses:
        line.append("t changes the status to: ", style="bold")
        line.append(", ".join(clean(status) for status in statuses))
    else:
        line.append(final_note(order))
    refusal = shipping_refusal(order)
    line.append("\n")
    line.append(refusal or "s sets the shipping, which invoices the buyer.")
    line.append("\nm replies to the buyer (with a status change if you like).")
    return line


def message_head(entry: Message, currency: str) -> Text:
    kind = clean(entry.type or "message")
    label = MESSAGE_KINDS.get(kind, (kind.replace("_", " ").capitalize(), ""))[0]
    head = render.text(label, style="bold")
    who = username(entry.from_) or username(entry.actor)
    if who:
        head.append(render.text(f" · {who}"))
    head.append(render.text(f" · {when(entry.timestamp)}", "dim"))
    if kind == "shipping" and entry.new is not None:
        change = f"{number(entry.original or 0.0)} → {number(entry.new)}"
        head.append(render.text(f" · {change} {clean(currency)}"))
    if entry.refund is not None and entry.refund.amount is not None:
        head.append(render.text(f" · {number(entry.refund.amount)} {clean(currency)}"))
    return head


def message_text(entry: Message, currency: str) -> Text:
    body = Text()
    body.append(message_head(entry, currency))
    if entry.subject:
        body.append("\n")
        body.append(text(entry.subject, "italic"))
    if entry.message:
        body.append("\n")
        body.append(text(entry.message))
    return body


def message_widget(entry: Message, currency: str) -> Static:
    css_class = MESSAGE_KINDS.get(clean(entry.type or "message"), ("", "message-other"))[1]
    return Static(message_text(entry, currency), classes=f"order-message {css_class}")


# -- forms -------------------------------------------------------------------------------------
class ShippingForm(FormModal[float]):
    """A new shipping amount; Enter (or ctrl+s) sets it."""

    HEADING = "Set the shipping"
    COMMAND_LIST: ClassVar[list[Command]] = [
        save_command("shipping", "Set", "Set the shipping (sends the buyer an invoice)."),
        *FormModal.COMMAND_LIST,
    ]
    BINDINGS = bindings(COMMAND_LIST)

    def __init__(self, order: Order) -> None:
        super().__init__()
        self.order = order

    def compose_form(self) -> ComposeResult:
        shipping = self.order.shipping or Shipping()
        yield Static(
            "Setting the shipping sends the buyer an invoice and moves the order to "
            "Invoice Sent. It can't be combined with a status change: change the status "
            "separately (t).",
            classes="modal-note",
        )
        yield Static(text(f"Shipping in {clean(shipping.currency)} (0 for free):"))
        yield Input(
            number(shipping.value),
            placeholder="e.g. 5.00",
            id="shipping",
        )

    @on(Input.Submitted, "#shipping")
    def action_save(self) -> None:
        try:
            amount = shipping_amount(self.query_one("#shipping", Input).value.strip())
        except ValidationError as error:
            self.problem(str(error))
            return
        self.dismiss(amount)


@dataclass
class Reply:
    """A reply being written; kept on the order screen until it is sent."""

    message: str = ""
    status: str | None = None


class ReplyForm(FormModal[Reply]):
    """A message to the buyer, with an optional status change; ctrl+s sends it."""

    HEADING = "Reply to the buyer"
    ASKS_BEFORE_DISCARD = False  # the draft is kept on the order screen
    COMMAND_LIST: ClassVar[list[Command]] = [
        save_command("reply", "Send", "Send the message (and the status change)."),
        *FormModal.COMMAND_LIST,
    ]
    BINDINGS = bindings(COMMAND_LIST)

    def __init__(self, order: Order, draft: Reply) -> None:
        super().__init__()
        self.order = order
        self.statuses = next_statuses(order)
        self.draft = draft
        if draft.status not in self.statuses:
            draft.status = None  # the order has moved on since the draft was written

    def compose_form(self) -> ComposeResult:
        yield Static(
            text(
                f"To {username(self.order.buyer) or 'the buyer'}. ctrl+s sends; Tab moves to "
                "the status; Escape leaves the text, again closes (what you wrote is kept)."
            ),
            classes="modal-note",
        )
        yield BoundedTextArea(self.draft.message, id="reply-text")
        if self.statuses:
            yield Static("Change the status too (optional):", classes="modal-label")
            yield Select(
                options(tuple(self.statuses)),
                prompt="Keep the status",
                value=self.draft.status or Select.NULL,
                id="reply-status",
            )
        yield Button("Send (ctrl+s)", id="reply-send")

    @on(TextArea.Changed, "#reply-text")
    def keep_text(self, event: TextArea.Changed) -> None:
        self.draft.message = event.text_area.text

    @on(Select.Changed, "#reply-status")
    def keep_status(self, event: Select.Changed) -> None:
        self.draft.status = event.value if isinstance(event.value, str) else None

    @on(Button.Pressed, "#reply-send")
    def action_save(self) -> None:
        if not self.draft.message.strip() and self.draft.status is None:
            self.problem("Write a message, choose a new status, or both.")
            return
        try:
            message = plain_text("The message", self.draft.message, lines=True, max_length=MAX_TEXT)
        except ValidationError as error:
            self.problem(str(error))
            return
        self.dismiss(Reply(message, self.draft.status))


# -- the screen --------------------------------------------------------------------------------
class OrderScreen(DiscogsScreen):
    COMMAND_LIST: ClassVar[list[Command]] = [
        *DiscogsScreen.COMMAND_LIST,
        Command("order.status", "t", "change_status", "Status", "Change the order's status."),
        Command(
            "order.shipping",
            "s",
            "set_shipping",
            "Shipping",
            "Set the shipping amount (invoices the buyer; the order goes to Invoice Sent).",
        ),
        Command(
            "order.reply", "m", "reply", "Reply", "Message the buyer, optionally changing status."
        ),
        Command("order.more", "n", "more_messages", "Older", "Load older messages of the thread."),
        links_command("order", "the items' releases and the buyer"),
        Command("order.down", "j", "scroll_down", "Down", "Scroll down.", show=False),
        Command("order.up", "k", "scroll_up", "Up", "Scroll up.", show=False),
    ]
    BINDINGS = bindings(COMMAND_LIST)
    WATCHES = ("orders",)

    def __init__(self, location: Location) -> None:
        super().__init__(location)
        self.data: Order | None = None
        self.draft = Reply()
        self.messages: Page[Any] | None = None

    def where(self) -> str:
        return f"Order {self.location.target}"

    def compose_body(self) -> ComposeResult:
        yield Static(id="order-heading", classes="entity-name")
        yield Static(id="order-facts")
        yield EntityLinks(id="order-links")
        yield Static(id="order-allowed")
        yield Static("Messages, newest first", classes="section-title")
        yield Static(id="thread-summary", classes="muted")
        yield Vertical(id="thread")

    async def fetch(self) -> Order:
        return Order.from_json(await self.service.marketplace.order(self.location.target))

    def show(self, data: Order) -> None:
        self.set_where(f"Order {clean(data.id)} · {clean(data.status)} · {username(data.buyer)}")
        self.query_one("#order-heading", Static).update(
            text(f"Order {clean(data.id)} · {clean(data.status)}")
        )
        self.query_one("#order-facts", Static).update(order_facts(data))
        lines = [item_spans(number, item) for number, item in enumerate(data.items, start=1)]
        self.query_one("#order-links", EntityLinks).show_lines([*lines, buyer_spans(data)])
        self.query_one("#order-allowed", Static).update(allowed_text(data))
        self.load_messages(1)

    def after_write(self) -> None:
        """Nothing: the orders store announces the write, and ``show_changes`` shows it."""

    def show_changes(self, changes: list[Change]) -> None:
        """This order changed (here, or on another screen): show it as the orders store has
        it, with its thread read again; read it too when the store doesn't know how it ended."""
        order_id = self.location.target
        if not any(order_id in map(str, change.ids) for change in changes):
            return
        order = self.service.stores.orders.latest(order_id)
        if order is None:
            self.load()
            return
        self.data = order
        self.show(order)

    # -- the thread -------------------------------------------------------------------------------
    @work(exclusive=True, group="messages", exit_on_error=False)
    async def load_messages(self, page: int) -> None:
        summary = self.query_one("#thread-summary", Static)
        summary.update("Loading messages…")
        try:
            messages = await self.service.marketplace.order_messages(
                self.location.target, page=page, per_page=MESSAGES_PER_PAGE
            )
        except DiscogsError as error:
            summary.update(text(f"Couldn't load the messages: {error} Press r to try again."))
            return
        thread = self.query_one("#thread", Vertical)
        if page == 1:
            await thread.remove_children()
        currency = currency_of(self.data) if self.data is not None else ""
        entries = [Message.from_json(entry) for entry in messages.items]
        await thread.mount_all(message_widget(entry, currency) for entry in entries)
        self.messages = messages
        shown = len(thread.children)
        more = "; n loads older ones" if messages.has_next else ""
        summary.update(render.text(f"{messages.total:,} messages, {shown:,} shown{more}."))

    # -- keys -------------------------------------------------------------------------------------
    def action_change_status(self) -> None:
        if self.data is None:
            return
        if not next_statuses(self.data):
            self.discogs.notify_text(final_note(self.data))
            return
        choices = [(render.text(status), status) for status in next_statuses(self.data)]
        picker = Picker("Change the status to (Discogs tells the buyer)", choices)
        self.app.push_screen(picker, self._change_status)

    def _change_status(self, status: str | None) -> None:
        if status is None:
            return
        order_id, order = self.location.target, self.data.raw

        async def change() -> None:
            await self.service.stores.orders.edit(order_id, status=status, order=order)

        self.run_write(change, f"Order {order_id} is now {status}.")

    def action_set_shipping(self) -> None:
        if self.data is None:
            return
        refusal = shipping_refusal(self.data)
        if refusal:
            self.discogs.notify_text(refusal, severity="warning")
            return
        self.app.push_screen(ShippingForm(self.data), self._set_shipping)

    def _set_shipping(self, amount: float | None) -> None:
        if amount is None:
            return
        order_id = self.location.target

        async def set_shipping() -> None:
            await self.service.stores.orders.edit(order_id, shipping=amount)

        self.run_write(
            set_shipping, f"Shipping set to {amount:.2f}: the buyer is invoiced (Invoice Sent)."
        )

    def action_reply(self) -> None:
        if self.data is not None:
            self.app.push_screen(ReplyForm(self.data, self.draft), self._send_reply)

    def _send_reply(self, reply: Reply | None) -> None:
        if reply is None:
            return
        order_id, order = self.location.target, self.data.raw

        async def send() -> None:
            await self.service.stores.orders.message(
                order_id, reply.message, status=reply.status, order=order
            )
            self.draft = Reply()  # sent: the next reply starts afresh

        said = "Message sent" if reply.message.strip() else "Sent"
        changed = f"; the order is now {reply.status}" if reply.status else ""
        self.run_write(send, f"{said}{changed}.")

    def action_more_messages(self) -> None:
        if self.messages is None or not self.messages.has_next:
            self.discogs.notify_text("No older messages.")
            return
        self.load_messages(self.messages.page + 1)

    def action_focus_links(self) -> None:
        self.query_one("#order-links", EntityLinks).focus_first_link()

    def action_scroll_down(self) -> None:
        self.query_one("#body").scroll_down()

    def action_scroll_up(self) -> None:
        self.query_one("#body").scroll_up()

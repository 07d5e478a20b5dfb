"""What ``discogs-tui watch`` found since you last looked, and the "alert when under" price
of a want (kept locally in the watcher's history: the API has no field for it).

The view lists wants newly for sale, wants whose lowest price dropped and wants at or under
their alert price, each with the release's marketplace listings address (shown, and copied
with ``c``: a headless box has no browser); Enter opens the release. Opening the view counts
as looking: the next visit shows what changed after this one.
"""

from __future__ import annotations

import time
from datetime import UTC, datetime
from pathlib import Path
from typing import ClassVar

from rich.text import Text
from textual import on
from textual.app import ComposeResult
from textual.containers import Vertical
from textual.screen import ModalScreen
from textual.widgets import Input, Label, OptionList, Static
from textual.widgets.option_list import Option

from discogs_tui.api.history import Change, WatchHistory, changes_since, now_under_alert
from discogs_tui.api.watch import listings_url, price_text
from discogs_tui.app import render
from discogs_tui.app.commands import Command, bindings
from discogs_tui.app.navigation import Location
from discogs_tui.app.screens.base import DiscogsScreen
from discogs_tui.app.screens.edits import GuardsEdits, save_command
from discogs_tui.app.times import local_time

HONEST = (
    "Discogs' API tells how many copies are for sale and the lowest price, not each "
    "listing's condition or shipping: the listings page has those."
)
KIND_NAMES = {"under alert": "Under your price", "for sale": "Newly for sale",
              "price drop": "Price drop"}


def history_of(screen: DiscogsScreen, username: str) -> WatchHistory:
    """The watcher's history of ``username`` in the app's data dir."""
    from discogs_tui.app.screens.collection import CollectionScreen

    return WatchHistory(username, CollectionScreen.mirror_directory(screen))  # type: ignore[arg-type]


def news(history: WatchHistory) -> tuple[list[Change], float | None]:
    """What changed since the last look (and every want under its alert price), and when
    that look was."""
    snapshot = history.snapshot()
    found = changes_since(snapshot, snapshot.looked_at)
    listed = {change.release_id for change in found}
    found += [c for c in now_under_alert(snapshot) if c.release_id not in listed]
    return found, snapshot.looked_at


def news_line(username: str, directory: Path | None) -> str:
    """The start screen's words, "4 new from watch: …", or "" (nothing new, or
    no watcher ever ran: then nothing is read beyond a missing file)."""
    history = WatchHistory(username, directory)
    if not username or history.path is None or not history.path.exists():
        return ""
    found, _ = news(history)
    if not found:
        return ""
    return f"{len(found)} new from watch: n on your wantlist (F3)."


def change_prompt(change: Change, title: str) -> Text:
    price = price_text(change.lowest, change.currency)
    detail = f"{change.count} for sale from {price}"
    if change.kind == "price drop" and change.before is not None:
        detail += f" (was {price_text(change.before, change.currency)})"
    if change.alert is not None:
        detail += f", your price {change.alert:,.2f}"
    return Text.assemble(
        (KIND_NAMES[change.kind], "bold"),
        " · ",
        render.flat_text(title),
        "\n  ",
        detail,
        "\n  ",
        (listings_url(change.release_id), "underline"),
    )


class SinceScreen(DiscogsScreen):
    """Since you last looked (``location.target``: the username)."""

    BODY_SCROLLS = False
    AUTO_FOCUS = "#since-list"
    COMMAND_LIST: ClassVar[list[Command]] = [
        *DiscogsScreen.COMMAND_LIST,
        Command("since.open", "enter", "open_release", "Open", "Open the release."),
        Command("since.copy", "c", "copy_url", "Copy link", "Copy the listings page's address."),
    ]
    BINDINGS = bindings(COMMAND_LIST)

    def __init__(self, location: Location) -> None:
        super().__init__(location)
        self.changes: list[Change] = []

    def where(self) -> str:
        return "Since you last looked"

    def needs_service(self) -> bool:
        return False  # it reads the watcher's history, on disk

    def compose_body(self) -> ComposeResult:
        yield Static(id="since-summary")
        yield OptionList(id="since-list")
        yield Static(render.text(HONEST, "dim"), id="since-note")

    async def fetch(self) -> tuple[list[Change], float | None, dict[int, str]]:
        history = history_of(self, self.location.target)
        found, looked_at = news(history)
        history.mark_looked(time.time())
        return found, looked_at, history.snapshot().titles

    def show(self, data: tuple[list[Change], float | None, dict[int, str]]) -> None:
        self.changes, looked_at, titles = data
        # never looked before: everything the watcher found is new
        since = "" if looked_at is None else " since " + local_time(
            datetime.fromtimestamp(looked_at, UTC).isoformat(), zone=False
        )
        if self.changes:
            summary = f"{len(self.changes)} new{since}. Enter opens, c copies the link."
        else:
            summary = (
                f"Nothing new{since or ' yet'}. `discogs-tui watch` checks your wants for "
                "copies for sale; set a price with a on the wantlist."
            )
        self.query_one("#since-summary", Static).update(render.text(summary))
        options = self.query_one("#since-list", OptionList)
        options.clear_options()
        options.add_options(
            Option(change_prompt(c, titles.get(c.release_id) or f"Release {c.release_id}"))
            for c in self.changes
        )
        options.highlighted = 0 if self.changes else None

    def current(self) -> Change | None:
        index = self.query_one("#since-list", OptionList).highlighted
        return self.changes[index] if index is not None and index < len(self.changes) else None

    @on(OptionList.OptionSelected, "#since-list")
    def _selected(self, event: OptionList.OptionSelected) -> None:
        event.stop()
        self.action_open_release()

    def action_open_release(self) -> None:
        change = self.current()
        if change is not None:
            self.discogs.open(Location("release", str(change.release_id)))

    def action_copy_url(self) -> None:
        change = self.current()
        if change is not None:
            url = listings_url(change.release_id)
            self.app.copy_to_clipboard(url)
            self.discogs.notify_text(f"Copied {url} to the clipboard.")


def parse_price(value: str) -> float | None:
    """The alert price typed, or None for an empty field (no alert); ValueError otherwise."""
    value = value.strip().replace(",", ".")
    if not value:
        return None
    price = float(value)
    if not 0 < price < 1_000_000:
        raise ValueError(value)
    return price


class AlertForm(GuardsEdits, ModalScreen[float | None | bool]):
    """The price under which the watcher reports a want; empty removes the alert. ctrl+s
    saves (the form answers the price, or False for none), Escape leaves the field, then
    asks, then closes (None)."""

    COMMAND_LIST: ClassVar[list[Command]] = [
        save_command("alert", help_text="Save the alert price."),
        Command("alert.leave", "escape", "leave", "Back", "Leave the field; then ask; then close."),
    ]
    BINDINGS = bindings(COMMAND_LIST)

    def __init__(self, title: Text, current: float | None, currency: str) -> None:
        super().__init__()
        self.heading = title
        self.current = current
        self.currency = currency

    def compose(self) -> ComposeResult:
        with Vertical(id="alert-form"):
            yield Static(self.heading, id="alert-form-title")
            yield Label(render.text(f"Alert when a copy is for sale under ({self.currency})"))
            value = "" if self.current is None else f"{self.current:.2f}"
            yield Input(value, id="alert-price", restrict=r"[0-9.,]*", max_length=10)
            yield Static(id="alert-error")
            yield Static(
                Text("Empty: no alert. `discogs-tui watch` checks the price. "
                     "ctrl+s saves · Escape goes back"),
                classes="want-form-keys",
            )

    def on_mount(self) -> None:  # GuardsEdits' on_mount runs too (Textual walks the MRO)
        self.query_one(Input).focus()

    @on(Input.Submitted, "#alert-price")
    def _submitted(self) -> None:
        self.action_save()

    def action_save(self) -> None:
        try:
            price = parse_price(self.query_one(Input).value)
        except ValueError:
            self.query_one("#alert-error", Static).update(
                Text("Type a price such as 25 or 19.50, or leave it empty for no alert.")
            )
            return
        self.dismiss(False if price is None else price)

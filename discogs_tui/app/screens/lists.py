"""Lists: a user's lists (their owner also sees the private ones), and one list's items —
releases, masters, artists and labels, each with the list owner's comment — that open their
own screens."""

from __future__ import annotations

from typing import Any, ClassVar

from rich.text import Text
from textual import on
from textual.app import ComposeResult
from textual.coordinate import Coordinate
from textual.widgets import DataTable, Static

from discogs_tui.api.models import ListItem, UserList, typed_page
from discogs_tui.api.pagination import Page
from discogs_tui.app.commands import Command, bindings
from discogs_tui.app.marks import MARKER, MarksRows, mark_commands, marker_cell
from discogs_tui.app.navigation import Location
from discogs_tui.app.render import flat, flat_text, line, text
from discogs_tui.app.screens.base import DiscogsScreen, UserDataScreen
from discogs_tui.app.times import local_date
from discogs_tui.app.widgets.paged_table import (
    Column,
    PagedRows,
    PagedTable,
    fit_columns,
)

OPENABLE = ("release", "master", "artist", "label")
SCROLLBAR = 2
BODY_PADDING = 2  # #body pads each side by one (app.tcss)


def visibility(item: UserList) -> Text:
    return Text("public") if item.public else Text("private", style="italic")


def day(stamp: Any) -> Text:
    """The local date of an ISO timestamp (``2019-03-02T11:15:00-07:00`` -> ``2019-03-02``)."""
    return text(local_date(stamp) if stamp else "")


LISTS_COLUMNS = (
    Column("Name", lambda item: flat_text(item.name), 20, flexible=True),
    Column("Description", lambda item: flat_text(item.description), 16, flexible=True, drop=2),
    Column("Shown to", visibility, 8),
    Column("Added", lambda item: day(item.date_added), 10, drop=1),
)
READ_ONLY = (
    "Lists are read-only in the Discogs API: marked items can't be changed or removed "
    "from here (edit the list on discogs.com)."
)
ITEM_COLUMNS = (
    Column("Type", lambda item: flat_text(item.type), 7),
    Column("Title", lambda item: flat_text(item.display_title), 24, flexible=True),
    Column("Comment", lambda item: flat_text(item.comment), 20, flexible=True),
)


class ListsScreen(UserDataScreen):
    """The lists of the user ``location.target``, newest first; Enter opens one."""

    BODY_SCROLLS = False
    YOURS, THEIRS = "Your lists", "Lists"

    def compose_body(self) -> ComposeResult:
        yield PagedTable(LISTS_COLUMNS, noun="lists", id="lists-table")

    def show(self, data: Any) -> None:
        username = self.username

        async def fetch(page: int, per_page: int) -> Page[UserList]:
            lists = await self.service.lists.user_lists(username, page=page, per_page=per_page)
            return typed_page(lists, UserList)

        note = "Private lists are shown to you only." if self.own else "Public lists only."
        table = self.query_one("#lists-table", PagedTable)
        table.load(fetch, note)
        table.focus()

    @on(PagedTable.Opened, "#lists-table")
    def open_list(self, event: PagedTable.Opened) -> None:
        if event.item.id is not None:
            self.discogs.open(Location("list", str(event.item.id)))


class ListScreen(MarksRows, DiscogsScreen):
    """One list (``location.target`` is its id): name, description, then its items, which
    can be marked (lists are read-only in the API, which the first mark says)."""

    BODY_SCROLLS = False
    MARKS_NOUN = "item"
    COMMAND_LIST: ClassVar[list[Command]] = [
        *DiscogsScreen.COMMAND_LIST,
        Command("list.open", "enter", "open_item", "Open", "Open the highlighted item's screen."),
        *mark_commands("list", MARKS_NOUN),
    ]
    BINDINGS = bindings(COMMAND_LIST)

    def __init__(self, location: Location) -> None:
        super().__init__(location)
        self.items: tuple[ListItem, ...] = ()
        self.told_read_only = False

    def where(self) -> str:
        return f"List {self.location.target}"

    def compose_body(self) -> ComposeResult:
        yield Static(id="list-head")
        yield PagedRows(id="list-items", cursor_type="row", zebra_stripes=True)

    async def fetch(self) -> UserList:
        return UserList.from_json(await self.service.lists.list(int(self.location.target)))

    def show(self, data: UserList) -> None:
        self.items = data.items
        self.set_where(f"List: {flat(data.name)}")
        self.show_head()
        table = self.query_one("#list-items", PagedRows)
        table.clear(columns=True)
        columns = (Column(MARKER, self.marker_cell, 1), *ITEM_COLUMNS)
        fitted = fit_columns(columns, self.app.size.width - BODY_PADDING - SCROLLBAR)
        for column, width in fitted:
            table.add_column(column.heading, width=width)
        for item in self.items:
            table.add_row(*(column.cell(item) for column, _ in fitted))
        table.focus()

    def show_head(self) -> None:
        head = list_head(self.data, len(self.items))
        if marked := self.marked_summary():
            head.append(text(f"  · {marked}", "bold"))
        self.query_one("#list-head", Static).update(head)

    # -- marks (app/marks.py): by type and id, said to be read-only the first time --------------
    @staticmethod
    def mark_key(item: ListItem) -> tuple[str, int | None]:
        return (item.type, item.id)

    def marker_cell(self, item: ListItem) -> Text:
        return marker_cell(self.mark_key(item) in self.marks)

    def current_mark_key(self) -> tuple[str, int | None] | None:
        row = self.query_one("#list-items", PagedRows).cursor_row
        return self.mark_key(self.items[row]) if 0 <= row < len(self.items) else None

    def shown_mark_keys(self) -> list[tuple[str, int | None]]:
        return [self.mark_key(item) for item in self.items]

    def show_marks(self, moved: bool = False) -> None:
        table = self.query_one("#list-items", PagedRows)
        for row, item in enumerate(self.items[: table.row_count]):
            table.update_cell_at(Coordinate(row, 0), self.marker_cell(item))
        if moved:
            table.action_cursor_down()
        self.show_head()
        if self.marks and not self.told_read_only:
            self.told_read_only = True
            self.discogs.notify_text(READ_ONLY)

    @on(DataTable.RowSelected, "#list-items")
    def _selected(self, event: DataTable.RowSelected) -> None:
        event.stop()
        self.action_open_item()

    def action_open_item(self) -> None:
        table = self.query_one("#list-items", PagedRows)
        if not 0 <= table.cursor_row < len(self.items):
            return
        item = self.items[table.cursor_row]
        if item.type in OPENABLE and item.id:
            self.discogs.open(Location(item.type, str(item.id)))
        else:
            self.discogs.notify_text("This item has no screen of its own.")


def list_head(data: UserList, count: int) -> Text:
    """The list's name, description, who sees it and when it changed."""
    head = text(data.name)
    head.stylize("bold")  # the name only, not what is appended
    description = text(data.description)
    if description:
        head.append("\n")
        head.append(description)
    shown = "public" if data.public else "private: only its owner sees it"
    noun = "item" if count == 1 else "items"
    facts = line(f"{count} {noun}, {shown}. Changed ", day(data.modified_ts), ".")
    facts.stylize("dim")
    head.append("\n")
    head.append(facts)
    return head

"""A table over a paginated Discogs endpoint.

``PagedTable`` shows one server page at a time as rows of a ``DataTable`` and asks for the
next page as the cursor nears the end; a summary line above says how many there are and how
many are shown. Its columns fit the width it has (narrow terminals drop the least useful
columns first), j/k/g/G move the cursor, Enter posts ``PagedTable.Opened`` with the row's item.
``Sorting`` keeps the server-side sort key and direction of such an endpoint.
"""

from __future__ import annotations

from collections.abc import Awaitable, Callable, Sequence
from dataclasses import dataclass
from typing import Any

from rich.text import Text
from textual import on, work
from textual.app import ComposeResult
from textual.containers import Vertical
from textual.coordinate import Coordinate
from textual.message import Message
from textual.widgets import DataTable, Static
from textual.worker import Worker

from discogs_tui.api.errors import ODD_SHAPE, UNREADABLE, DiscogsError, MalformedResponse
from discogs_tui.api.pagination import Page
from discogs_tui.app import render
from discogs_tui.app.failures import Guarded
from discogs_tui.app.marks import MARKER, marked_line, marker_cell
from discogs_tui.app.render import flat_text, text
from discogs_tui.app.widgets.paged_rows import PagedRows

PER_PAGE = 50
PREFETCH_ROWS = 10  # load the next page when the cursor is this close to the end
CELL_PADDING = 2  # DataTable pads each side of a cell by one
SCROLLBAR = 2  # the vertical scrollbar's width

FetchPage = Callable[[int, int], Awaitable[Page[Any]]]  # (page, per_page) -> the page


@dataclass(frozen=True)
class Column:
    heading: str
    cell: Callable[[Any], Text]  # the cell of one item
    width: int  # cells wide; a flexible column's least width
    flexible: bool = False  # shares the width the fixed columns leave
    drop: int = 0  # when the width is short, the highest go first; 0: always shown


def fit_columns(columns: Sequence[Column], width: int) -> list[tuple[Column, int]]:
    """The columns that fit in ``width`` cells, with their widths."""

    def spare(kept: list[Column]) -> int:
        return width - sum(column.width + CELL_PADDING for column in kept)

    kept = list(columns)
    for column in sorted((c for c in columns if c.drop), key=lambda c: c.drop, reverse=True):
        if spare(kept) >= 0:
            break
        kept.remove(column)
    flexible = [column for column in kept if column.flexible]
    share, rest = divmod(max(0, spare(kept)), len(flexible)) if flexible else (0, 0)
    fitted = []
    for column in kept:
        extra = 0
        if column.flexible:
            extra = share + (rest if column is flexible[0] else 0)
        fitted.append((column, column.width + extra))
    return fitted


def field(key: str) -> Callable[[Any], Text]:
    """A cell of an item's field (blank when missing or not a mapping)."""

    def cell(item: Any) -> Text:
        return flat_text(item.get(key) or "") if isinstance(item, dict) else Text()

    return cell


@dataclass
class Sorting:
    """A server-side sort: a key of ``keys`` (None: the server's own order) and a direction."""

    keys: tuple[str, ...]
    key: str | None = None
    order: str = "asc"

    def cycle(self) -> None:
        """Sort by the next key."""
        position = self.keys.index(self.key) + 1 if self.key in self.keys else 0
        self.key = self.keys[position % len(self.keys)]

    def flip(self) -> None:
        """Turn the direction around (sorting by the first key if there was no sort)."""
        self.key = self.key or self.keys[0]
        self.order = "desc" if self.order == "asc" else "asc"

    def params(self) -> dict[str, str]:
        return {"sort": self.key, "sort_order": self.order} if self.key else {}

    def describe(self) -> str:
        if not self.key:
            return ""
        direction = "ascending" if self.order == "asc" else "descending"
        return f"Sorted by {self.key}, {direction}."


class PagedTable(Guarded, Vertical):
    """A summary line and the rows of a paginated endpoint; ``load(fetch)`` (re)starts it."""

    DEFAULT_CSS = """
    PagedTable { height: 1fr; }
    /* auto: an error with what to do about it takes more than one line */
    PagedTable > .paged-summary { height: auto; max-height: 3; color: $text-muted; }
    PagedTable > PagedRows { height: 1fr; }
    """

    class Opened(Message):
        """Enter on a row: ``item`` is the endpoint's entry for it."""

        def __init__(self, table: PagedTable, item: Any) -> None:
            super().__init__()
            self.table = table
            self.item = item

        @property
        def control(self) -> PagedTable:
            return self.table

    class Loaded(Message):
        """A page arrived (``page.extra`` holds the body's other keys, such as filters)."""

        def __init__(self, table: PagedTable, page: Page[Any]) -> None:
            super().__init__()
            self.table = table
            self.page = page

        @property
        def control(self) -> PagedTable:
            return self.table

    def __init__(
        self,
        columns: Sequence[Column],
        *,
        noun: str,
        per_page: int | None = None,
        marked: Callable[[Any], bool] | None = None,
        **kwargs: Any,
    ) -> None:
        """``marked(item)``: whether a row is marked (``app/marks.py``), shown in a first
        column of its own (None: no such column)."""
        super().__init__(**kwargs)
        self.marked_of = marked
        self.marked_summary = ""  # "37 marked", first on the summary line
        marker = () if marked is None else (Column(MARKER, self._marker_cell, 1),)
        self.columns = (*marker, *columns)
        self.noun = noun  # plural: "versions"
        self.per_page = per_page or PER_PAGE
        self.items: list[Any] = []
        self.page: Page[Any] | None = None
        self.note: Text = Text()
        self._fetch: FetchPage | None = None
        self._fitted: list[tuple[Column, int]] = []
        self._worker: Worker | None = None

    def compose(self) -> ComposeResult:
        yield Static(classes="paged-summary")
        yield PagedRows(cursor_type="row", zebra_stripes=True)

    @property
    def rows(self) -> PagedRows:
        return self.query_one(PagedRows)

    @property
    def wanted_height(self) -> int:
        """The lines it takes to show every loaded row (with the summary and the headings)."""
        return self.rows.row_count + 2

    def focus(self, scroll_visible: bool = True) -> PagedTable:
        self.rows.focus(scroll_visible)
        return self

    # -- loading ----------------------------------------------------------------------------------
    def load(self, fetch: FetchPage, note: Text | str = "") -> None:
        """Show the pages ``fetch`` gives, from the first; ``note`` ends the summary line."""
        self._fetch = fetch
        self.note = note if isinstance(note, Text) else render.text(note)
        self._worker = self._load_page(1)

    @work(exclusive=True, group="page", exit_on_error=False)
    async def _load_page(self, number: int) -> None:
        if self._fetch is None:
            return
        self._say(render.text(f"Loading {self.noun}…" if number == 1 else f"Loading page {number}…"))
        try:
            page = await self._fetch(number, self.per_page)
            if number == 1:
                self.items = []
                self.rows.clear()
            self.page = page
            self.items.extend(page.items)
            self._add_rows(page.items)
        except ODD_SHAPE as error:
            self._say_failed(MalformedResponse(UNREADABLE.format(kind=type(error).__name__)))
            return
        except DiscogsError as error:
            self._say_failed(error)
            return
        self._summarise()
        self.post_message(self.Loaded(self, page))

    def _loading(self) -> bool:
        return self._worker is not None and self._worker.is_running

    @on(DataTable.RowHighlighted)
    def _maybe_load_more(self, event: DataTable.RowHighlighted) -> None:
        event.stop()
        page = self.page
        if page is None or not page.has_next or self._loading():
            return
        if event.cursor_row >= len(self.items) - PREFETCH_ROWS:
            self._worker = self._load_page(page.page + 1)

    @on(DataTable.RowSelected)
    def _open(self, event: DataTable.RowSelected) -> None:
        event.stop()
        if 0 <= event.cursor_row < len(self.items):
            self.post_message(self.Opened(self, self.items[event.cursor_row]))

    # -- rows and columns -------------------------------------------------------------------------
    def _say_failed(self, error: DiscogsError) -> None:
        message = render.text(f"Couldn't load the {self.noun}: ")
        message.append(text(error))
        message.append(" Press r to try again.")
        self._say(message)

    def _add_rows(self, items: Sequence[Any]) -> None:
        if not self._fitted:
            self._fit()
        rows = self.rows
        for item in items:
            rows.add_row(*(column.cell(item) for column, _ in self._fitted))

    def replace_item(self, index: int, item: Any) -> None:
        """Show ``item`` in place of the one at ``index`` (a row another screen changed)."""
        self.items[index] = item
        for column_index, (column, _) in enumerate(self._fitted):
            self.rows.update_cell_at(Coordinate(index, column_index), column.cell(item))

    def _marker_cell(self, item: Any) -> Text:
        return marker_cell(self.marked_of(item))

    def refresh_marks(self, summary: str = "") -> None:
        """Draw the markers again (the owner's marks changed); ``summary``: "37 marked"."""
        self.marked_summary = summary
        self._summarise()
        rows = self.rows
        if self.marked_of is not None and self._fitted:
            for row, item in enumerate(self.items[: rows.row_count]):
                rows.update_cell_at(Coordinate(row, 0), self._marker_cell(item))

    def _fit(self) -> bool:
        """Fit the columns to the width; True when they changed (the rows need adding again)."""
        width = (self.size.width or self.app.size.width) - SCROLLBAR
        fitted = fit_columns(self.columns, width)
        if fitted == self._fitted:
            return False
        self._fitted = fitted
        rows = self.rows
        rows.clear(columns=True)
        for column, column_width in fitted:
            rows.add_column(column.heading, width=column_width)
        return True

    def on_resize(self) -> None:
        if self._fitted and self._fit():
            cursor = self.rows.cursor_row
            self._add_rows(self.items)
            self.rows.move_cursor(row=cursor)

    def _summarise(self) -> None:
        page = self.page
        if page is None:
            return
        summary = marked_line(self.marked_summary, ". ")
        if not self.items:
            summary.append(render.text(f"No {self.noun}."))
        else:
            more = "; more load as you scroll" if page.has_next else ""
            shown = f"{page.total:,} {self.noun}, {len(self.items):,} shown{more}."
            summary.append(render.text(shown))
        if self.note:
            summary.append(" ")
            summary.append(self.note)
        if self.items:
            summary.append(" Enter opens one.")
        self._say(summary)

    def _say(self, message: Text) -> None:
        self.query_one(".paged-summary", Static).update(message)

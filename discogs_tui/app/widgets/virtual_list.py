"""A list of many rows (50,000 and more) that stays quick: it draws only the lines on screen.

Built on Textual's Line API (``ScrollView`` + ``render_line``), after toolong's ``LogLines``.
Rows are the owner's own objects; the owner says how to get a row's key, its plain cell
strings and its haystack (lower-cased text the filter looks in). Cells are made only for the
lines being drawn, and haystacks once per set of rows, after the rows show (or when the
filter first needs them): showing 50,000 rows builds nothing per row before the first frame.
Nothing is measured per cell: columns have widths, cells are cut or padded to them. The
first line is the column header.

Keys: j/k or arrows move, g/G first/last, PageUp/PageDown a page; Enter posts ``Selected``.
Every cursor move posts ``Highlighted``. Only cells with non-ASCII text are measured (wide
characters take two cells), and only on lines being drawn.
"""

from __future__ import annotations

from collections.abc import Callable, Hashable, Sequence
from dataclasses import dataclass
from typing import Any, ClassVar

from rich.cells import set_cell_size
from rich.segment import Segment
from rich.style import Style
from textual.geometry import Size
from textual.message import Message
from textual.reactive import reactive
from textual.scroll_view import ScrollView
from textual.strip import Strip

from discogs_tui.app.commands import Command, bindings
from discogs_tui.app.failures import Guarded

GAP = 1  # columns between cells
HAYSTACKS_AFTER = 0.15  # seconds after new rows until their haystacks are made


@dataclass(frozen=True)
class Column:
    title: str
    width: int  # the least it gets; flexible columns share what's left over
    flexible: bool = False
    drop: int = 0  # when the width is short, the highest go first; 0: always shown


Row = Any  # the owner's own objects


def matching(
    haystacks: Sequence[str], words: Sequence[str], among: Sequence[int] | None = None
) -> list[int]:
    """Indexes of the haystacks that hold every one of the lower-cased ``words``, looking
    only at the indexes ``among`` when given."""
    candidates = range(len(haystacks)) if among is None else among
    if len(words) == 1:
        word = words[0]
        return [i for i in candidates if word in haystacks[i]]
    return [i for i in candidates if all(word in haystacks[i] for word in words)]


def fit(cell: str, width: int) -> str:
    """``cell`` cut or padded to ``width`` terminal cells; only non-ASCII text is measured."""
    if cell.isascii():
        return cell[:width].ljust(width)
    return set_cell_size(cell, width)


def column_widths(columns: Sequence[Column], width: int) -> list[int]:
    """Each column's width in ``width`` cells: fixed ones as asked, the rest shared out;
    0 for the columns dropped (highest ``drop`` first) so the others get their least width."""
    kept = list(columns)

    def spare() -> int:
        return width - sum(column.width for column in kept) - GAP * (len(kept) - 1)

    for column in sorted((c for c in columns if c.drop), key=lambda c: c.drop, reverse=True):
        if spare() >= 0:
            break
        kept.remove(column)
    flexible = [column for column in kept if column.flexible]
    room = max(0, spare())
    widths = [column.width if column in kept else 0 for column in columns]
    for n, column in enumerate(flexible):
        share = room // len(flexible) + (1 if n < room % len(flexible) else 0)
        widths[columns.index(column)] += share
    return widths


class VirtualList(Guarded, ScrollView, can_focus=True):
    DEFAULT_CSS = """
    VirtualList { height: 1fr; scrollbar-size-vertical: 1; overflow-x: hidden; }
    VirtualList > .virtual-list--header { text-style: bold; color: $text-accent; }
    VirtualList > .virtual-list--cursor { background: $block-cursor-blurred-background; }
    VirtualList:focus > .virtual-list--cursor {
        background: $block-cursor-background; color: $block-cursor-foreground;
    }
    VirtualList > .virtual-list--empty { color: $text-muted; }
    """
    COMPONENT_CLASSES: ClassVar[set[str]] = {
        "virtual-list--header",
        "virtual-list--cursor",
        "virtual-list--empty",
    }
    COMMAND_LIST: ClassVar[list[Command]] = [
        Command("list.down", "j,down", "cursor_down", "Down", "Next row.", show=False),
        Command("list.up", "k,up", "cursor_up", "Up", "Previous row.", show=False),
        Command("list.first", "g,home", "first", "First", "First row.", show=False),
        Command("list.last", "G,end", "last", "Last", "Last row.", show=False),
        Command("list.page_down", "pagedown", "page_down", "Page down", "A page on.", show=False),
        Command("list.page_up", "pageup", "page_up", "Page up", "A page back.", show=False),
        Command("list.select", "enter", "select", "Open", "Open the row under the cursor."),
    ]
    BINDINGS = bindings(COMMAND_LIST)

    cursor: reactive[int] = reactive(0, always_update=True, repaint=False)

    class Highlighted(Message):
        def __init__(self, row: Row | None) -> None:
            super().__init__()
            self.row = row

    class Selected(Message):
        def __init__(self, row: Row) -> None:
            super().__init__()
            self.row = row

    def __init__(
        self,
        columns: Sequence[Column],
        *,
        cells: Callable[[Row], Sequence[str]],
        key: Callable[[Row], Hashable],
        haystack: Callable[[Row], str],
        empty: str = "Nothing here.",
        **kwargs,
    ) -> None:
        """``cells(row)``: a row's cell strings, one per column; ``key(row)``: what keeps the
        cursor on a row when the rows change; ``haystack(row)``: the lower-cased text the
        filter looks in."""
        super().__init__(**kwargs)
        self.columns = list(columns)
        self.cells_of = cells
        self.key_of = key
        self.haystack_of = haystack
        self.empty_text = empty
        self._rows: list[Row] = []
        self._haystacks: list[str] | None = None  # each row's, made when first needed
        self._shown: list[int] = []  # indexes into _rows that pass the filter, in order
        self._query = ""
        self._widths: list[int] = [column.width for column in self.columns]
        self._widths_for = 0  # the width _widths were shared out for

    # -- what it shows ----------------------------------------------------------------------------
    @property
    def row_count(self) -> int:
        """Rows that pass the filter."""
        return len(self._shown)

    @property
    def query(self) -> str:
        """The filter now."""
        return self._query

    @property
    def current(self) -> Row | None:
        return self._rows[self._shown[self.cursor]] if self._shown else None

    @property
    def filter_ready(self) -> bool:
        """Whether the rows' haystacks are made (else the next filter makes them first)."""
        return self._haystacks is not None

    def shown_rows(self) -> list[Row]:
        return [self._rows[i] for i in self._shown]

    def set_rows(self, rows: Sequence[Row]) -> None:
        """Show ``rows`` (filtered as before), keeping the cursor on the same key if it's there."""
        key = self._current_key()
        self._rows = list(rows)
        self._haystacks = None
        self._refilter(key)
        # Ready for the first keystroke, but made after the rows have been drawn (a frame takes
        # far less than this; ``call_after_refresh`` runs when idle, before the frame).
        self.set_timer(HAYSTACKS_AFTER, self._haystack_list)

    def set_filter(self, query: str) -> None:
        if query == self._query:
            return
        key = self._current_key()
        # Typing on: what matches now is among what matched before.
        narrowing = bool(self._query) and query.lower().startswith(self._query.lower())
        self._query = query
        self._refilter(key, self._shown if narrowing else None)

    def _current_key(self) -> Hashable | None:
        current = self.current
        return None if current is None else self.key_of(current)

    def _haystack_list(self) -> list[str]:
        if self._haystacks is None:
            self._haystacks = [self.haystack_of(row) for row in self._rows]
        return self._haystacks

    def _refilter(self, key: Hashable | None, among: Sequence[int] | None = None) -> None:
        words = self._query.lower().split()
        if words:
            self._shown = matching(self._haystack_list(), words, among)
        else:
            self._shown = list(range(len(self._rows)))
        self.virtual_size = Size(self.size.width, len(self._shown) + 1)
        position = self._position_of(key)
        self.cursor = position if position is not None else 0
        self.refresh()

    def _position_of(self, key: Hashable | None) -> int | None:
        if key is None:
            return None
        for position, index in enumerate(self._shown):
            if self.key_of(self._rows[index]) == key:
                return position
        return None

    # -- the cursor ---------------------------------------------------------------------------
    def validate_cursor(self, value: int) -> int:
        return max(0, min(value, len(self._shown) - 1))

    def watch_cursor(self, old: int, new: int) -> None:
        self._scroll_to_cursor()
        self.refresh_line(old - int(self.scroll_y) + 1)
        self.refresh_line(new - int(self.scroll_y) + 1)
        self.post_message(self.Highlighted(self.current))

    @property
    def page_rows(self) -> int:
        return max(1, self.size.height - 1)

    def _scroll_to_cursor(self) -> None:
        top = int(self.scroll_y)
        if self.cursor < top:
            self.scroll_to(y=self.cursor, animate=False, immediate=True)
        elif self.cursor >= top + self.page_rows:
            self.scroll_to(y=self.cursor - self.page_rows + 1, animate=False, immediate=True)

    def action_cursor_down(self) -> None:
        self.cursor += 1

    def action_cursor_up(self) -> None:
        self.cursor -= 1

    def action_first(self) -> None:
        self.cursor = 0

    def action_last(self) -> None:
        self.cursor = len(self._shown) - 1

    def action_page_down(self) -> None:
        self.cursor += self.page_rows

    def action_page_up(self) -> None:
        self.cursor -= self.page_rows

    def action_select(self) -> None:
        if self.current is not None:
            self.post_message(self.Selected(self.current))

    # -- drawing ------------------------------------------------------------------------------
    def on_resize(self) -> None:
        self.virtual_size = Size(self.size.width, len(self._shown) + 1)
        self._scroll_to_cursor()

    def render_line(self, y: int) -> Strip:
        width = self.scrollable_content_region.width
        if width != self._widths_for:  # resized, or the scrollbar came or went
            self._widths = column_widths(self.columns, width)
            self._widths_for = width
        if y == 0:
            titles = tuple(column.title for column in self.columns)
            return self._strip(titles, "virtual-list--header", width)
        position = int(self.scroll_y) + y - 1
        if position >= len(self._shown):
            if position == 0:
                return self._strip(
                    (self.empty_text,), "virtual-list--empty", width, in_columns=False
                )
            return Strip.blank(width, self.rich_style)
        row = self._rows[self._shown[position]]
        style = "virtual-list--cursor" if position == self.cursor else None
        return self._strip(self.cells_of(row), style, width)

    def _strip(
        self, cells: Sequence[str], component: str | None, width: int, *, in_columns: bool = True
    ) -> Strip:
        if in_columns:
            gap = " " * GAP
            line = gap.join(fit(cell, w) for cell, w in zip(cells, self._widths, strict=True) if w)
        else:
            line = cells[0]
        style: Style = self.rich_style
        if component:
            style += self.get_component_rich_style(component)
        return Strip([Segment(line, style)]).adjust_cell_length(width, style)

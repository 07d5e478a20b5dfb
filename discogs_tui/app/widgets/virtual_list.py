"""A list of many rows (50,000 and more) that stays quick: it draws only the lines on screen.

Built on Textual's Line API (``ScrollView`` + ``render_line``), after toolong's ``LogLines``
and measured against ``reference/virtual-list-floor/``, whose five choices it follows:

1. the owner filters from an Input's value watcher (``FilterInput``), so the echo of a key and
   the rows it leaves are drawn in the same frame;
2. no stock scrollbar: a one-cell thumb drawn by ``render_line`` itself;
3. rows are the owner's own objects, with one lower-cased haystack each (made after the rows
   show, or when the filter first needs them); the owner's order is a list of row indexes
   (a sort never remakes the haystacks), the view that order or the matches in it, and a
   query that extends the last one looks only among the last matches. A filter looks at
   rows for one slice of work (``slices.py``: often all of 50,000, a screenful or more
   of 200,000) and at the rest between frames (``counting``): no key freezes the screen;
4. lines are cached as strips per (row, is-cursor) and styles once per style change; nothing
   is measured per cell: columns have widths, cells are cut or padded to them, and only cells
   with non-ASCII text are measured, code point by code point as the terminal does (see
   ``char_width``), each line then told its width rather than measured again;
5. the collector pauses while the owner builds its rows (its business, see the mirror).

The first line is the column header. Keys: j/k or arrows move, g/G first/last, PageUp/PageDown
a page; Enter posts ``Selected``. Every cursor move posts ``Highlighted``.
"""

from __future__ import annotations

import asyncio
import unicodedata
from array import array
from collections.abc import Callable, Hashable, Sequence
from dataclasses import dataclass
from functools import lru_cache
from itertools import compress, repeat
from operator import contains, indexOf
from typing import Any, ClassVar

from rich.segment import Segment
from rich.style import Style
from textual.cache import LRUCache
from textual.geometry import Size
from textual.message import Message
from textual.reactive import reactive
from textual.scroll_view import ScrollView
from textual.strip import Strip

from discogs_tui.app.commands import Command, bindings
from discogs_tui.app.failures import Guarded
from discogs_tui.app.marks import MARKER
from discogs_tui.app.slices import CHUNK, Slices

GAP = 1  # columns between cells
HAYSTACKS_AFTER = 0.15  # seconds after new rows until their haystacks are made
HAYSTACK_SLICE = 20_000  # haystacks made per turn of the event loop
CACHED_LINES = 1024  # drawn lines kept (a few screens' worth, both ways)
THUMB = "▐"


@dataclass(frozen=True)
class Column:
    title: str
    width: int  # the least it gets; flexible columns share what's left over
    flexible: bool = False
    drop: int = 0  # when the width is short, the highest go first; 0: always shown


Row = Any  # the owner's own objects
View = Sequence[int]  # indexes of the rows that pass the filter: a range or a list


def matching(haystacks: Sequence[str], words: Sequence[str], among: View | None = None) -> View:
    """Indexes of the haystacks that hold every one of the lower-cased ``words``, looking
    only at the indexes ``among`` when given (a loop in C: no Python per row)."""
    view: View = range(len(haystacks)) if among is None else among
    for word in words:
        held = map(contains, map(haystacks.__getitem__, view), repeat(word))
        view = list(compress(view, held))
    return view


@lru_cache(maxsize=4096)
def char_width(char: str) -> int:
    """The cells a terminal gives one code point, as ``wcwidth`` says (tmux, xterm, the
    Linux console): none for combining and format characters, two for wide East Asian ones
    and emoji, one for the rest. Rich measures grapheme clusters instead, so it counts a
    Devanagari vowel sign or a skin-tone modifier differently: trusting it pushed columns
    out of line in tmux."""
    if unicodedata.category(char) in ("Mn", "Me", "Cf") or "\u1160" <= char <= "\u11ff":
        return 0
    return 2 if unicodedata.east_asian_width(char) in ("W", "F") else 1


def fit(cell: str, width: int) -> str:
    """``cell`` cut or padded to ``width`` terminal cells (as ``char_width`` counts them);
    only non-ASCII text is measured."""
    if cell.isascii():
        return cell[:width].ljust(width)
    used = 0
    for end, char in enumerate(cell):
        cells = char_width(char)
        if used + cells > width:
            return cell[:end] + " " * (width - used)
        used += cells
    return cell + " " * (width - used)


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
    VirtualList { height: 1fr; scrollbar-size-vertical: 0; overflow-x: hidden; overflow-y: scroll; }
    VirtualList > .virtual-list--header { text-style: bold; color: $text-accent; }
    VirtualList > .virtual-list--cursor { background: $block-cursor-blurred-background; }
    VirtualList:focus > .virtual-list--cursor {
        background: $block-cursor-background; color: $block-cursor-foreground;
    }
    VirtualList > .virtual-list--empty { color: $text-muted; }
    VirtualList > .virtual-list--thumb { color: $scrollbar; background: $scrollbar-background; }
    """
    COMPONENT_CLASSES: ClassVar[set[str]] = {
        "virtual-list--header",
        "virtual-list--cursor",
        "virtual-list--empty",
        "virtual-list--thumb",
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

    class Counted(Message):
        """A filter that took more than a slice of work has looked at every row."""

    def __init__(
        self,
        columns: Sequence[Column],
        *,
        cells: Callable[[Row], Sequence[str]],
        key: Callable[[Row], Hashable],
        haystacks: Callable[[Sequence[Row]], list[str]],
        empty: str = "Nothing here.",
        marked: Callable[[Row], bool] | None = None,
        **kwargs,
    ) -> None:
        """``cells(row)``: a row's cell strings, one per column; ``key(row)``: what keeps the
        cursor on a row when the rows change; ``haystacks(rows)``: each row's lower-cased
        text the filter looks in; ``marked(row)``: whether a row is marked (``app/marks.py``),
        shown by a marker in a gutter before it (None: no gutter)."""
        super().__init__(**kwargs)
        self.columns = list(columns)
        self.cells_of = cells
        self.key_of = key
        self.haystacks_of = haystacks
        self.empty_text = empty
        self.marked_of = marked
        self._gutter = len(MARKER) + GAP if marked is not None else 0
        self._rows: Sequence[Row] = []
        self._order: View = range(0)  # indexes into _rows in the order shown
        self._haystacks: list[str] | None = None  # each row's, once all are made
        self._made: list[str] = []  # the first rows' haystacks, while they are being made
        self._shown: View = range(0)  # the indexes in _order that pass the filter (so far)
        self._pending: View = range(0)  # indexes a filter looks at, in order
        self._looked = 0  # how many of them it has looked at
        self._counting: asyncio.Task | None = None  # the filter looking at them
        self._seeking: int | None = None  # the cursor's row, for when the filter finds it
        self._query = ""
        self._words: list[str] = []  # the query's lower-cased words
        self._widths: list[int] = [column.width for column in self.columns]
        self._widths_for = -1  # the width _widths were shared out for
        self._lines: LRUCache[tuple[int, bool], Strip] = LRUCache(CACHED_LINES)
        self._styles: tuple[Style, ...] | None = None  # base, header, cursor, empty, thumb

    # -- what it shows ----------------------------------------------------------------------------
    @property
    def row_count(self) -> int:
        """Rows that pass the filter (so far, while ``counting``)."""
        return len(self._shown)

    @property
    def counting(self) -> bool:
        """Whether a filter is still looking at rows (between frames)."""
        return self._looked < len(self._pending)

    @property
    def settled(self) -> bool:
        """Whether the lines on screen are final (the filter found them, or it is done)."""
        return not self.counting or len(self._shown) > int(self.scroll_y) + self.page_rows

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

    def set_rows(
        self,
        rows: Sequence[Row],
        haystacks: list[str] | None = None,
        order: View | None = None,
    ) -> None:
        """Show ``rows`` (filtered as before; the list is kept, not copied) in ``order`` (their
        indexes; None: as they come), keeping the cursor on the same key if it's there.
        ``haystacks``: the rows' own, when the owner has them at hand."""
        key = self._current_key()
        self._rows = rows
        self._haystacks = haystacks
        self._made = []
        self._lines.clear()
        self._order = range(len(rows)) if order is None else order
        self._refilter(self._order)
        self._place_cursor(self._position_of_key(key))
        if haystacks is None:
            # Ready for the first keystroke, but made after the rows have been drawn, a slice
            # at a time (200,000 would hold up a frame).
            self.set_timer(HAYSTACKS_AFTER, self._make_haystacks)

    def set_order(self, order: View) -> None:
        """Show the same rows in another ``order`` (their indexes), the cursor on its row."""
        index = self._current_index()
        self._order = order
        self._refilter(order)
        self._place_cursor_on(index)

    def refresh_marks(self) -> None:
        """Draw the markers again (the owner's marks changed)."""
        self._lines.clear()
        self.refresh()

    def set_filter(self, query: str) -> None:
        if query == self._query:
            return
        index = self._current_index()
        words = query.lower().split()
        # Typing on: what matches now is among what matched before (and what is unchecked).
        narrowing = bool(self._words) and query.lower().startswith(self._query.lower())
        self._query, self._words = query, words
        if not narrowing:
            self._refilter(self._order)
        elif self.counting:
            self._refilter(self._shown + array("l", self._pending[self._looked :]))
        else:
            self._refilter(self._shown)
        self._place_cursor_on(index)

    def _current_key(self) -> Hashable | None:
        current = self.current
        return None if current is None else self.key_of(current)

    def _current_index(self) -> int | None:
        return self._shown[self.cursor] if self._shown else None

    def _make_haystacks(self, rows: Sequence[Row] | None = None) -> None:
        """Make a slice of the haystacks, then the next after a frame, unless the rows
        changed meanwhile (``rows``: the ones the first slice was for)."""
        if self._haystacks is not None or (rows is not None and rows is not self._rows):
            return
        made, rows = self._made, self._rows
        made += self.haystacks_of(rows[len(made) : len(made) + HAYSTACK_SLICE])
        if len(made) == len(rows):
            self._haystacks = made
        else:
            self.set_timer(0.01, lambda: self._make_haystacks(rows))

    def _haystack_list(self) -> list[str]:
        if self._haystacks is None:
            made, rows = self._made, self._rows
            made += self.haystacks_of(rows[len(made) :])
            self._haystacks = made
        return self._haystacks

    def _refilter(self, among: View) -> None:
        """Show the indexes ``among`` (in order) that pass the filter: what a slice of work
        finds now, the rest between the next frames."""
        if self._counting is not None:
            self._counting.cancel()
            self._counting = None
        self._seeking = None
        if not self._words:
            self._shown, self._pending, self._looked = among, range(0), 0
        else:
            # Machine ints: nothing for the collector to walk through (see slices.sort_order)
            self._shown, self._pending, self._looked = array("l"), among, 0
            self._check(Slices())
            if self.counting:
                self._counting = asyncio.create_task(self._check_the_rest())
        self._fit_virtual_size()

    def _check(self, slices: Slices) -> None:
        """Look at unchecked rows (a chunk at least) until the slice's work is done (or the
        rows are)."""
        haystacks, words, shown = self._haystack_list(), self._words, self._shown
        pending, looked = self._pending, self._looked
        while looked < len(pending):
            shown.extend(matching(haystacks, words, pending[looked : looked + CHUNK]))
            looked += CHUNK
            if slices.spent:
                break
        self._looked = min(looked, len(pending))

    async def _check_the_rest(self) -> None:
        slices = Slices()
        while self.counting:
            await slices.pause()
            on_screen_before, found_before = self.settled, len(self._shown)
            self._check(slices)
            self._fit_virtual_size()
            if self._seeking is not None and self._seeking in self._shown[found_before:]:
                self._place_cursor(self._shown.index(self._seeking, found_before))
                self._seeking = None
            elif not on_screen_before or not self.counting:
                self.refresh()
        self._counting = None
        self.post_message(self.Counted())

    def on_unmount(self) -> None:
        if self._counting is not None:
            self._counting.cancel()

    def _fit_virtual_size(self) -> None:
        """The scrollable height: a line per row shown, and the header. Set without the
        layout pass the reactive would ask for (the whole screen's, on every filter key):
        with no scrollbar widget, nothing laid out depends on it."""
        self.set_reactive(VirtualList.virtual_size, Size(self.size.width, len(self._shown) + 1))

    def _position_of_index(self, index: int | None) -> int | None:
        """Where row ``index`` is shown, if it is (found so far)."""
        if index is None:
            return None
        try:
            return self._shown.index(index)  # a loop in C
        except ValueError:
            return None

    def _position_of_key(self, key: Hashable | None) -> int | None:
        if key is None:
            return None
        keys = map(self.key_of, map(self._rows.__getitem__, self._shown))
        try:
            return indexOf(keys, key)  # a loop in C
        except ValueError:
            return None

    def _place_cursor_on(self, index: int | None) -> None:
        """The cursor on row ``index``: where the filter found it, else at the top until the
        filter finds it between frames (unless the cursor moves meanwhile)."""
        position = self._position_of_index(index)
        self._place_cursor(position)
        self._seeking = index if position is None and self.counting else None

    def _place_cursor(self, position: int | None) -> None:
        self.set_reactive(VirtualList.cursor, self.validate_cursor(position or 0))
        self.scroll_to(y=self._top_for(self.cursor, 0), animate=False, immediate=True)
        self.refresh()
        self.post_message(self.Highlighted(self.current))

    # -- the cursor ---------------------------------------------------------------------------
    def validate_cursor(self, value: int) -> int:
        return max(0, min(value, len(self._shown) - 1))

    def watch_cursor(self, old: int, new: int) -> None:
        self._seeking = None  # moved by a key: it stays where it was taken
        top = int(self.scroll_y)
        wanted = self._top_for(new, top)
        if wanted != top:
            self.scroll_to(y=wanted, animate=False, immediate=True)
        else:
            self.refresh_line(old + 1)  # + 1: the header line
            self.refresh_line(new + 1)
        self.post_message(self.Highlighted(self.current))

    @property
    def page_rows(self) -> int:
        return max(1, self.size.height - 1)

    def _top_for(self, position: int, top: int) -> int:
        """The first row shown once ``position`` is in view, from ``top``."""
        if position < top:
            return position
        if position >= top + self.page_rows:
            return position - self.page_rows + 1
        return top

    def action_cursor_down(self) -> None:
        self.cursor += 1

    def action_cursor_up(self) -> None:
        self.cursor -= 1

    def action_first(self) -> None:
        self.cursor = 0

    def action_last(self) -> None:
        if self.counting:  # the last row is not found yet: look at the rest now
            self._check(Slices(float("inf")))
            self._fit_virtual_size()
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
        self._fit_virtual_size()
        top = int(self.scroll_y)
        self.scroll_to(y=self._top_for(self.cursor, top), animate=False, immediate=True)

    def notify_style_update(self) -> None:
        super().notify_style_update()
        self._styles = None
        self._lines.clear()

    def _get_styles(self) -> tuple[Style, ...]:
        # rich_style walks the ancestors for the background: once per style change, not per line
        if self._styles is None:
            base = self.rich_style
            parts = ("header", "cursor", "empty", "thumb")
            self._styles = (
                base,
                *(base + self.get_component_rich_style(f"virtual-list--{p}") for p in parts),
            )
        return self._styles

    def render_line(self, y: int) -> Strip:
        width = self.scrollable_content_region.width - 1  # the last cell: the thumb
        if width != self._widths_for:  # resized
            self._widths = column_widths(self.columns, width - self._gutter)
            self._widths_for = width
            self._lines.clear()
        base, header, cursor, empty, thumb = self._styles or self._get_styles()
        position = int(self.scroll_y) + y - 1
        if y == 0:
            titles = [column.title for column in self.columns]
            strip = self._strip(" " * self._gutter + self._line(titles), header, width)
        elif position >= len(self._shown):
            if position == 0:
                strip = self._strip(self.empty_text, empty, width)
            else:
                strip = Strip.blank(width, base)
        else:
            index = self._shown[position]
            is_cursor = position == self.cursor
            strip = self._lines.get((index, is_cursor))
            if strip is None:
                row = self._rows[index]
                line = self._line(self.cells_of(row))
                if self._gutter:
                    line = (MARKER if self.marked_of(row) else " ").ljust(self._gutter) + line
                strip = self._strip(line, cursor if is_cursor else base, width)
                self._lines[index, is_cursor] = strip
        return Strip([*strip, Segment(self._thumb(y), thumb)], width + 1)

    def _line(self, cells: Sequence[str]) -> str:
        gap = " " * GAP
        return gap.join(fit(cell, w) for cell, w in zip(cells, self._widths, strict=True) if w)

    @staticmethod
    def _strip(line: str, style: Style, width: int) -> Strip:
        return Strip([Segment(fit(line, width), style)], width)

    def _thumb(self, y: int) -> str:
        """The scrollbar's cell on line ``y``: a thumb as tall as the share of rows shown."""
        page, total = self.page_rows, len(self._shown)
        if y == 0 or total <= page:
            return " "
        size = max(1, page * page // total)
        top = int(self.scroll_y)
        start = top * (page - size) // max(1, total - page)
        return THUMB if start <= y - 1 < start + size else " "

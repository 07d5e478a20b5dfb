"""PagedRows: the rows of a ``PagedTable`` (a DataTable), with vim keys beside the arrows."""

from __future__ import annotations

from textual.binding import Binding
from textual.widgets import DataTable


class PagedRows(DataTable):
    """The rows of a ``PagedTable``, with vim keys beside the arrows."""

    BINDINGS = [
        Binding("j", "cursor_down", "Down", show=False, id="table.down"),
        Binding("k", "cursor_up", "Up", show=False, id="table.up"),
        Binding("g", "first_row", "First", show=False, id="table.first"),
        Binding("G", "last_row", "Last", show=False, id="table.last"),
    ]

    def action_first_row(self) -> None:
        self.move_cursor(row=0)

    def action_last_row(self) -> None:
        self.move_cursor(row=max(0, self.row_count - 1))

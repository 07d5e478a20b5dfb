"""EntityScreen: one artist, label, master or user: what it is above, a paged table below."""

from __future__ import annotations

from typing import ClassVar

from textual import on

from discogs_tui.app.navigation import Location
from discogs_tui.app.screens.base import DiscogsScreen
from discogs_tui.app.widgets.entity import EntityLinks
from discogs_tui.app.widgets.linktext import LinkText
from discogs_tui.app.widgets.paged_table import PagedTable, Sorting
from discogs_tui.app.widgets.url_list import UrlList

ABOUT_SHARE = 0.45  # the least share of the screen the about part may have


class EntityScreen(DiscogsScreen):
    """A screen about one artist, label, master or user: what it is above, a paged table
    below that loads once the object has shown (sorted by ``SORT_KEYS``, if any)."""

    BODY_SCROLLS = False
    SORT_KEYS: ClassVar[tuple[str, ...]] = ()

    def __init__(self, location: Location) -> None:
        super().__init__(location)
        self.sorting = Sorting(self.SORT_KEYS)

    def show_profile(self, value: str | None) -> None:
        """The profile text (Discogs markup) in the ``#profile`` LinkText, hidden when empty."""
        profile = self.query_one("#profile", LinkText)
        profile.set_markup((value or "").strip())
        profile.display = bool(profile.spans)

    def load_table(self) -> None:
        """Show the table's first page (again, after a sort or filter changed)."""

    @on(PagedTable.Loaded)
    def _table_loaded(self) -> None:
        self.call_after_refresh(self.share_height)

    def on_resize(self) -> None:
        self.call_after_refresh(self.share_height)

    def share_height(self) -> None:
        """Give the about part the lines the table showing doesn't need (a short list leaves
        it more room), but never less than ABOUT_SHARE of the body."""
        table = next((table for table in self.query(PagedTable) if table.size.height), None)
        if table is None:
            return
        about = self.query_one(".entity-about")
        body = self.query_one("#body").size.height
        spare = table.size.height - table.wanted_height
        about.styles.max_height = max(int(body * ABOUT_SHARE), about.outer_size.height + spare)

    def reload_table(self) -> None:
        if self.data is not None:  # nothing to list when the object itself didn't load
            self.load_table()

    def action_cycle_sort(self) -> None:
        self.sorting.cycle()
        self.reload_table()

    def action_flip_order(self) -> None:
        self.sorting.flip()
        self.reload_table()

    def action_focus_links(self) -> None:
        if not self.query_one(EntityLinks).focus_first_link():
            self.discogs.notify_text("Nothing here links anywhere.")

    def action_copy_url(self) -> None:
        if not self.query_one(UrlList).copy_highlighted():
            self.discogs.notify_text("No web addresses here.")

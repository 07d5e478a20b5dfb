"""EntityScreen: one artist, label, master or user: what it is above, a paged table below.

Artist, label and master screens are declared rather than written: the object's model, the
parts of the about block in order, the table's columns and what a row opens; they fill in
what differs (``facts_of``, ``links_of``, ``rows``) and this base lays it out, loads and shows it.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any, ClassVar

from rich.text import Text
from textual import on
from textual.app import ComposeResult
from textual.containers import VerticalScroll
from textual.widgets import Static

from discogs_tui.api import markup
from discogs_tui.api.models import Model
from discogs_tui.api.pagination import Page
from discogs_tui.app.navigation import Location
from discogs_tui.app.render import flat, flat_text
from discogs_tui.app.screens.base import DiscogsScreen
from discogs_tui.app.widgets.entity import EntityLinks, SortsPages, facts
from discogs_tui.app.widgets.linktext import LinkText
from discogs_tui.app.widgets.paged_table import Column, PagedTable, Sorting
from discogs_tui.app.widgets.url_list import UrlList

ABOUT_SHARE = 0.45  # the least share of the screen the about part may have
Facts = list[tuple[str, Text | str | int | float | None]]


class EntityScreen(SortsPages, DiscogsScreen):
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

    def show_sorted(self) -> None:
        self.reload_table()

    def action_focus_links(self) -> None:
        if not self.query_one(EntityLinks).focus_first_link():
            self.discogs.notify_text("Nothing here links anywhere.")

    def action_copy_url(self) -> None:
        if not self.query_one(UrlList).copy_highlighted():
            self.discogs.notify_text("No web addresses here.")


class CatalogueScreen(EntityScreen):
    """An artist, label or master of the database, declared by its subclass:

    - ``KIND``: the word for it ("Artist"); ``ABOUT``: the about block's parts, in order, of
      ``facts`` (labelled values), ``related`` (lines of links), ``profile`` (Discogs markup)
      and ``urls`` (web addresses to copy);
    - ``COLUMNS``, ``NOUN``: the table of its releases (or versions);
    - ``fetch`` (the object as its model), ``rows`` (a page of the table), ``facts_of``,
      ``links_of`` and ``name_of``; ``opens`` says which screen a row opens; ``compose_between``
      and ``table_options`` add widgets above the table and what they ask of it.
    """

    KIND: ClassVar[str]
    ABOUT: ClassVar[tuple[str, ...]] = ("facts", "related", "profile", "urls")
    COLUMNS: ClassVar[tuple[Column, ...]]
    NOUN: ClassVar[str] = "releases"
    TABLE: ClassVar[str] = "releases"  # the table's id

    def where(self) -> str:
        return f"{self.KIND} {self.location.target}"

    def compose_body(self) -> ComposeResult:
        parts = {
            "facts": lambda: Static(id="facts"),
            "related": lambda: EntityLinks(id="related"),
            "profile": lambda: LinkText(id="profile"),
            "urls": lambda: UrlList(id="urls"),
        }
        with VerticalScroll(classes="entity-about"):
            yield Static(classes="entity-name")
            for index, part in enumerate(self.ABOUT):
                widget = parts[part]()
                if index and part != "facts":  # facts sit close to what is above them
                    widget.add_class("gap")
                yield widget
        yield from self.compose_between()
        yield PagedTable(self.COLUMNS, noun=self.NOUN, id=self.TABLE, marked=self.marker())

    def compose_between(self) -> ComposeResult:
        """Widgets between the about block and the table (none by default)."""
        yield from ()

    def marker(self) -> Callable[[Any], bool] | None:
        """How the table tells a marked row (None: its rows aren't marked)."""
        return None

    # -- what the subclass declares ---------------------------------------------------------------
    def name_of(self, entity: Any) -> str:
        return entity.name

    def heading_of(self, entity: Any) -> str:
        """The status bar's words for the object once it has loaded."""
        return flat(self.name_of(entity))

    def facts_of(self, entity: Any) -> Facts:
        return []

    def links_of(self, entity: Any) -> list[list[markup.Span]]:
        return []

    def profile_of(self, entity: Any) -> str:
        return entity.profile

    def urls_of(self, entity: Any) -> tuple[str, ...]:
        return entity.urls

    async def rows(self, page: int, per_page: int, options: dict[str, str]) -> Page[Any]:
        """A page of the table, sorted (filtered) by ``options``."""
        raise NotImplementedError

    def table_options(self) -> dict[str, str]:
        """The table's sort (and filters), as they stand when it loads."""
        return self.sorting.params()

    def table_note(self) -> Text | str:
        return self.sorting.describe()

    def opens(self, item: dict[str, Any]) -> str:
        """The kind of screen a row of the table opens."""
        return "release"

    # -- the layout, filled -----------------------------------------------------------------------
    def show(self, entity: Model) -> None:
        name = self.name_of(entity) or f"{self.KIND} {self.location.target}"
        self.set_where(f"{self.KIND}: {self.heading_of(entity) or flat(name)}")
        self.query_one(".entity-name", Static).update(flat_text(name, "bold"))
        for part in self.ABOUT:
            if part == "facts":
                self.query_one("#facts", Static).update(facts(self.facts_of(entity)))
            elif part == "related":
                self.query_one("#related", EntityLinks).show_lines(self.links_of(entity))
            elif part == "profile":
                self.show_profile(self.profile_of(entity))
            else:
                self.query_one("#urls", UrlList).set_urls(self.urls_of(entity))
        self.load_table()

    def load_table(self) -> None:
        options = self.table_options()
        table = self.query_one(PagedTable)
        table.load(lambda page, per_page: self.rows(page, per_page, options), self.table_note())
        table.focus()

    @on(PagedTable.Opened)
    def open_row(self, event: PagedTable.Opened) -> None:
        item = event.item
        if isinstance(item, dict) and isinstance(item.get("id"), int):
            self.discogs.open(Location(self.opens(item), str(item["id"])))

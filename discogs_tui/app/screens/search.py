"""Search: free text and every documented field, results as a table that loads further
pages as the cursor nears the end, earlier searches recalled with ↑/↓. Each result is marked
when it is in your collection or wantlist; c adds the highlighted release to a folder."""

from __future__ import annotations

from dataclasses import replace
from typing import TYPE_CHECKING, Any, ClassVar

from rich.text import Text
from textual import events, on, work
from textual.app import ComposeResult
from textual.containers import Grid, Horizontal
from textual.coordinate import Coordinate
from textual.widgets import DataTable, Input, Label, Select, Static

from discogs_tui.api.errors import DiscogsError, ValidationError
from discogs_tui.api.pagination import Page
from discogs_tui.api.validation import search_fields, search_text
from discogs_tui.app import render
from discogs_tui.app.bulk_jobs import BulkWork, bulk_commands
from discogs_tui.app.commands import Command, bindings
from discogs_tui.app.failures import Guarded
from discogs_tui.app.marks import MARKER, MarksRows, mark_commands, marked_line, marker_cell
from discogs_tui.app.navigation import Location, search_params
from discogs_tui.app.render import flat, join, text
from discogs_tui.app.screens.collect import AddsToFolder
from discogs_tui.vocabulary import SEARCH_FIELDS, SEARCH_TYPES

if TYPE_CHECKING:  # the models are imported with the first results, after the first frame
    from discogs_tui.api.models import Marks, SearchResult

PER_PAGE = 50
EMPTY_HINT = "Type a search and press Enter."
PREFETCH_ROWS = 10  # load the next page when the cursor is this close to the end
FIELD_LABELS = {name: name.replace("_", " ").capitalize() for name in SEARCH_FIELDS}
# (heading, width), in screen order; the title takes what the others leave
COLUMNS = ((MARKER, 1), ("Type", 7), ("In", 5), ("Title", 0), ("Year", 4), ("Format", 12), ("Label", 14), ("Cat#", 10),
           ("Country", 9), ("Have", 5), ("Want", 5))  # fmt: skip
# Which columns go first when the screen is too narrow for all of them
DROP_ORDER = ("Country", "Cat#", "Want", "Have", "Label", "In")
MIN_TITLE = 28
CELL_PADDING = 2  # DataTable pads each side of a cell by one


def fitting_columns(width: int) -> list[tuple[str, int]]:
    """The columns that fit in ``width`` cells with a title of at least MIN_TITLE."""
    columns = list(COLUMNS)
    for heading in DROP_ORDER:
        fixed = sum(w + CELL_PADDING for _, w in columns if w) + CELL_PADDING
        if width - fixed >= MIN_TITLE:
            break
        columns = [column for column in columns if column[0] != heading]
    fixed = sum(w + CELL_PADDING for _, w in columns if w) + CELL_PADDING
    return [(heading, w or max(MIN_TITLE, width - fixed)) for heading, w in columns]


def marks(user: Marks | None) -> Text:
    """✓C when it is in your collection, ✓W in your wantlist."""
    from discogs_tui.api.models import Marks

    user = user or Marks()
    found = [mark for mark, has in (("✓C", user.in_collection), ("✓W", user.in_wantlist)) if has]
    return render.text(" ".join(found))


def result_cells(result: SearchResult) -> dict[str, Text]:
    from discogs_tui.api.models import Community

    community = result.community or Community()
    return {
        "Type": text(result.type),
        "In": marks(result.user_data),
        "Title": text(result.title),
        "Year": text(result.year),
        "Format": join(result.format[:3]),
        "Label": join(result.label[:1]),
        "Cat#": text(result.catno),
        "Country": text(result.country),
        "Have": text("" if community.have is None else community.have),
        "Want": text("" if community.want is None else community.want),
    }


class TypeStandIn(Static):
    """The type selector as it looks closed, for the start screen's first frame: the real
    Select (six widgets and three stylesheets, 50-80 ms of start-up here) takes its place
    right after that frame."""

    PROMPT = "All types"
    DEFAULT_CSS = """
    TypeStandIn {
        border: tall $border-blurred; background: $surface; color: $foreground 50%;
        padding: 0 2; height: 3;
    }
    """

    def render(self) -> Text:
        width = self.content_region.width
        return render.text(self.PROMPT.ljust(max(0, width - 1)) + "▼")

def mark_key(result: SearchResult) -> tuple[str, int | None]:
    """What marks a result: its type and id (a release and a master may share an id)."""
    return (result.type, result.id)


class QueryInput(Guarded, Input):
    """The search field. `/` is the key for "search" everywhere, so in the empty field it
    does nothing (we're already there) instead of starting the query with a slash; once
    something is typed it's a character like any other (AC/DC)."""

    async def _on_key(self, event: events.Key) -> None:
        if event.key == "slash" and not self.value:
            event.stop()
            event.prevent_default()
            return
        await super()._on_key(event)


class SearchScreen(BulkWork, MarksRows, AddsToFolder):
    BODY_SCROLLS = False
    MARKS_NOUN = "result"
    COMMAND_LIST: ClassVar[list[Command]] = [
        Command(
            "search.want",
            "w",
            "want_marked",
            "Want",
            "Add the marked releases (or the highlighted one) to your wantlist.",
        ),
        Command("search.focus", "i", "focus_query", "Type", "Go to the search field.", show=False),
        Command(
            "search.advanced",
            "a",
            "toggle_advanced",
            "Fields",
            "Show or hide every search field (artist, label, year, barcode…).",
        ),
        Command("search.clear", "x", "clear", "Clear", "Clear the query and every field."),
        Command(
            "search.collect",
            "c",
            "add_to_collection",
            "Collect",
            "Add the highlighted release to one of your collection folders.",
        ),
        Command("search.top", "g", "first_row", "First", "Go to the first result.", show=False),
        Command(
            "search.bottom", "G", "last_row", "Last", "Go to the last loaded result.", show=False
        ),
        Command("search.down", "j", "cursor_down", "Down", "Next result.", show=False),
        Command("search.up", "k", "cursor_up", "Up", "Previous result.", show=False),
        *mark_commands("search", MARKS_NOUN),
        *bulk_commands("search"),
    ]
    BINDINGS = bindings(COMMAND_LIST)
    STYLED_BY_APP_CSS = True  # laid out by app.tcss alone: no screens.tcss before its first frame

    def __init__(self, location: Location) -> None:
        super().__init__(location)
        self.results: list[SearchResult] = []
        self.seen: dict[tuple[str, int | None], SearchResult] = {}  # what marks stand for
        self.page: Page | None = None
        self.params: dict[str, Any] = {}
        self._recall_index: int | None = None
        self.columns: list[str] = []
        # what the location asks for: {"q": words, "type": …, and any field of the form}
        self.asked = search_params(location.target)

    def where(self) -> str:
        if not self.location.target:
            return "Search"
        return f"Search: {self.asked['q'] or 'by fields'}"

    def compose_body(self) -> ComposeResult:
        with Horizontal(id="search-bar"):
            yield QueryInput(
                self.asked["q"],
                placeholder="Search Discogs (Enter to search, a for more fields)",
                id="query",
            )
            if self.location.target:
                yield self._type_select()
            else:  # the start screen: the Select comes after the first frame
                yield TypeStandIn(id="type-stand-in")
        yield Grid(id="advanced")  # its fields are made the first time it opens
        hint = "" if self.location.target else EMPTY_HINT
        yield Static(hint, id="summary", classes="muted")
        yield DataTable(id="results", cursor_type="row", zebra_stripes=True)

    def _type_select(self) -> Select:
        asked_type = self.asked.get("type")
        return Select(
            [(kind.capitalize(), kind) for kind in SEARCH_TYPES],
            prompt=TypeStandIn.PROMPT,
            value=asked_type if asked_type in SEARCH_TYPES else Select.NULL,
            id="type",
        )

    def on_mount(self) -> None:
        super().on_mount()
        self.query_one("#advanced").display = False
        if not self.location.target:
            self.query_one("#query", Input).focus()  # in the first frame: type at once
            self.call_after_refresh(self._watch_news)
            self.app.call_after_refresh(self._mount_type_select)  # after the first frame
        table = self.query_one("#results", DataTable)
        columns = fitting_columns(self.app.size.width - 4)
        self.columns = [heading for heading, _ in columns]
        for heading, width in columns:
            table.add_column(heading, width=width)

    def needs_service(self) -> bool:
        return bool(self.location.target)

    async def fetch(self) -> Page | None:
        if not self.location.target:
            return None
        fields = {k: v for k, v in self.asked.items() if k in SEARCH_FIELDS}
        if fields:
            await self._show_fields(fields)
        kind = self.asked.get("type")
        self.params = {
            "query": self.asked["q"] or None,
            "type": kind if kind in SEARCH_TYPES else None,
            **search_fields(fields),
        }
        options = {k: v for k, v in self.params.items() if k != "query"}
        return await self.service.database.search(
            self.params["query"], per_page=PER_PAGE, **options
        )

    def show(self, data: Page | None) -> None:
        if data is None:
            self.query_one("#query", Input).focus()
            self.query_one("#summary", Static).update(EMPTY_HINT)
            return
        self._replace_results(data)
        self.query_one("#results", DataTable).focus()

    async def _mount_type_select(self) -> None:
        """The real type selector in its stand-in's place."""
        stand_in = self.query("#type-stand-in")
        if not stand_in:
            return
        await self.query_one("#search-bar").mount(self._type_select(), after=stand_in.first())
        await stand_in.remove()

    def _chosen_type(self) -> str | None:
        """The type chosen in the selector (None: all types, or not mounted yet)."""
        kind = next(iter(self.query("#type").results(Select)), None)
        return kind.value if kind is not None and isinstance(kind.value, str) else None

    def _watch_news(self) -> None:
        """The start screen's line about what `discogs-tui watch` found (screens/since.py).
        With no watch history (most starts), nothing heavier than a missing file is looked at."""
        from discogs_tui.locations import data_dir, watch_history_file

        username = self.discogs.signed_in_as
        directory = self.discogs.data_dir or data_dir()
        if not username or not watch_history_file(directory, username).exists():
            return
        from discogs_tui.app.screens.since import news_line

        line = news_line(username, directory)
        summary = self.query_one("#summary", Static)
        if line and self.data is None:
            summary.update(render.text(f"{EMPTY_HINT}  {line}"))  # one line: it fits 80 columns

    # -- searching --------------------------------------------------------------------------------
    def _form(self) -> dict[str, Any]:
        """The search as typed, checked (``ValidationError`` says what is wrong)."""
        fields = {  # the advanced fields, once they have been opened
            str(field.id).removeprefix("field-"): field.value
            for field in self.query_one("#advanced").query(Input)
        }
        return {
            "query": search_text(self.query_one("#query", Input).value) or None,
            "type": self._chosen_type(),
            **search_fields(fields),
        }

    @on(Input.Submitted)
    def submit(self) -> None:
        try:
            params = self._form()
        except ValidationError as error:  # said under the field; what was typed stays
            self.query_one("#summary", Static).update(text(str(error)))
            return
        if not any(params.values()):
            self.discogs.notify_text("Type something to search for, or fill in a field.")
            return
        if params["query"]:
            self.discogs.remember_search(params["query"])
        self._recall_index = None
        self.params = params
        self.set_where(f"Search: {params['query'] or 'by fields'}")
        self.search(params)

    @work(exclusive=True, group="search", exit_on_error=False)
    async def search(self, params: dict[str, Any], page: int = 1) -> None:
        summary = self.query_one("#summary", Static)
        summary.update("Searching…" if page == 1 else f"Loading page {page}…")
        options = {k: v for k, v in params.items() if k != "query"}
        try:
            await self.discogs.service_ready()
            result = await self.service.database.search(
                params.get("query"), page=page, per_page=PER_PAGE, **options
            )
        except DiscogsError as error:
            summary.update(text(f"Search failed: {error}"))
            return
        if page == 1:
            self._replace_results(result)
            self.query_one("#results", DataTable).focus()
        else:
            self._append_results(result)

    def _replace_results(self, page: Page) -> None:
        table = self.query_one("#results", DataTable)
        table.clear()
        self.results = []
        self._append_results(page)

    def _append_results(self, page: Page) -> None:
        self.page = page
        from discogs_tui.api.models import SearchResult

        table = self.query_one("#results", DataTable)
        results = [SearchResult.from_json(item) for item in page.items]
        for result in results:
            cells = result_cells(result)
            cells[MARKER] = self.marker_cell(result)
            table.add_row(*(cells[heading] for heading in self.columns))
            self.seen[mark_key(result)] = result
        self.results.extend(results)
        self._summarise()

    def _summarise(self) -> None:
        page = self.page
        if page is None:
            return
        if not self.results:
            message = "No results. Try fewer words, or other fields (a)."
        else:
            more = "; more load as you scroll" if page.has_next else ""
            message = f"{page.total:,} results, {len(self.results):,} shown{more}. Enter opens one."
        marked = self.marked_summary()
        summary = marked_line(marked, ". ")
        summary.append(render.text(message))
        self.query_one("#summary", Static).update(summary)

    @on(DataTable.RowHighlighted, "#results")
    def maybe_load_more(self, event: DataTable.RowHighlighted) -> None:
        page = self.page
        if page is None or not page.has_next:
            return
        if event.cursor_row >= len(self.results) - PREFETCH_ROWS and not self._loading_more():
            self.search(self.params, page.page + 1)

    def _loading_more(self) -> bool:
        return any(worker.group == "search" and worker.is_running for worker in self.workers)

    @on(DataTable.RowSelected, "#results")
    def open_result(self, event: DataTable.RowSelected) -> None:
        result = self.results[event.cursor_row]
        if result.type in ("release", "master", "artist", "label") and result.id:
            self.discogs.open(Location(result.type, str(result.id)))

    # -- the collection ---------------------------------------------------------------------------
    def action_add_to_collection(self) -> None:
        table = self.query_one("#results", DataTable)
        if not 0 <= table.cursor_row < len(self.results):
            self.discogs.notify_text("Search first, then highlight a release to add.")
            return
        result = self.results[table.cursor_row]
        if result.type == "release" and result.id is not None:
            self.add_to_folder(result.id)
        elif result.type == "master":
            self.discogs.notify_text(
                "A master isn't a copy: open it (Enter), highlight a version and press c."
            )
        else:
            self.discogs.notify_text("Only releases go into a collection.")

    def after_write(self) -> None:
        """Nothing to reload: ``collected`` marks the rows (a new search would lose the place)."""

    def collected(self, release_id: int) -> None:
        from discogs_tui.api.models import Marks

        if "In" not in self.columns:
            return
        table = self.query_one("#results", DataTable)
        column = self.columns.index("In")
        for row, result in enumerate(self.results):
            if result.type == "release" and result.id == release_id:
                user = replace(result.user_data or Marks(), in_collection=True)
                self.results[row] = replace(result, user_data=user)
                table.update_cell_at(Coordinate(row, column), marks(user))

    # -- marks (app/marks.py) and the wantlist ----------------------------------------------------
    def marker_cell(self, result: SearchResult) -> Text:
        return marker_cell(mark_key(result) in self.marks)

    def current_mark_key(self) -> tuple[str, int | None] | None:
        row = self.query_one("#results", DataTable).cursor_row
        return mark_key(self.results[row]) if 0 <= row < len(self.results) else None

    def shown_mark_keys(self) -> list[tuple[str, int | None]]:
        return [mark_key(result) for result in self.results]

    def show_marks(self, moved: bool = False) -> None:
        table = self.query_one("#results", DataTable)
        if MARKER in self.columns:
            for row, result in enumerate(self.results[: table.row_count]):
                table.update_cell_at(Coordinate(row, 0), self.marker_cell(result))
        if moved:
            table.action_cursor_down()
        self._summarise()

    def action_want_marked(self) -> None:
        keys = list(self.marks) or [self.current_mark_key()]
        chosen = [self.seen[key] for key in keys if key in self.seen]
        releases = [r for r in chosen if r.type == "release" and r.id is not None]
        if not releases:
            self.discogs.notify_text(
                "Only releases go into a wantlist: highlight or mark some (space). "
                "For a master, open it and mark its versions."
            )
            return
        if len(releases) < len(chosen):
            left_out = len(chosen) - len(releases)
            self.discogs.notify_text(
                f"{left_out:,} marked results are not releases (masters, artists, labels): "
                "left out."
            )
        wanted = [r.id for r in releases if r.user_data is not None and r.user_data.in_wantlist]
        self.add_to_wantlist([(r.id, flat(r.title)) for r in releases], wanted)

    # -- keys -------------------------------------------------------------------------------------
    def on_key(self, event) -> None:
        """↑/↓ in the search field recall earlier searches."""
        query = self.query_one("#query", Input)
        if self.focused is not query or event.key not in ("up", "down"):
            return
        history = self.discogs.search_history
        if not history:
            return
        if self._recall_index is None:
            self._recall_index = len(history)
        step = -1 if event.key == "up" else 1
        self._recall_index = max(0, min(len(history), self._recall_index + step))
        query.value = history[self._recall_index] if self._recall_index < len(history) else ""
        query.cursor_position = len(query.value)
        event.stop()

    def action_focus_query(self) -> None:
        self.query_one("#query", Input).focus()

    async def _show_fields(self, values: dict[str, str]) -> None:
        """The extra fields open, filled in with ``values`` (a search URL's parameters)."""
        await self._make_fields()
        for name, value in values.items():
            self.query_one(f"#field-{name}", Input).value = value
        self.query_one("#advanced").display = True

    async def _make_fields(self) -> None:
        advanced = self.query_one("#advanced")
        if not advanced.children:
            await advanced.mount_all(
                widget
                for name, label in FIELD_LABELS.items()
                for widget in (
                    Label(label),
                    Input(id=f"field-{name}", placeholder=label.lower(), compact=True),
                )
            )

    async def action_toggle_advanced(self) -> None:
        await self._make_fields()
        advanced = self.query_one("#advanced")
        advanced.display = not advanced.display
        if advanced.display:
            self.query_one(f"#field-{SEARCH_FIELDS[0]}", Input).focus()

    def action_clear(self) -> None:
        for field in self.query(Input):
            field.value = ""
        for kind in self.query("#type").results(Select):
            kind.clear()
        self.query_one("#query", Input).focus()

    def action_first_row(self) -> None:
        self.query_one("#results", DataTable).move_cursor(row=0)

    def action_last_row(self) -> None:
        table = self.query_one("#results", DataTable)
        table.move_cursor(row=max(0, table.row_count - 1))

    def action_cursor_down(self) -> None:
        self.query_one("#results", DataTable).action_cursor_down()

    def action_cursor_up(self) -> None:
        self.query_one("#results", DataTable).action_cursor_up()

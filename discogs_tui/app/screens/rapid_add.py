"""Rapid add: cataloguing a crate. Choose a folder, then scan or type a barcode or catalogue
number, Enter, pick the match (Enter, or 1–9) and it is in the folder; the field is ready for
the next scan at once. Each add is logged; u undoes the last one (and the one before…)."""

from __future__ import annotations

from dataclasses import dataclass
from typing import ClassVar

from rich.text import Text
from textual import events, on, work
from textual.app import ComposeResult
from textual.widgets import DataTable, Input, Static

from discogs_tui.api.errors import DiscogsError, OutcomeUnknown, ValidationError
from discogs_tui.api.models import Folder, SearchResult
from discogs_tui.api.validation import search_text
from discogs_tui.app import render
from discogs_tui.app.commands import Command, bindings
from discogs_tui.app.modals.picker import ALL_FOLDER, folder_picker
from discogs_tui.app.navigation import Location
from discogs_tui.app.render import join, text
from discogs_tui.app.screens.base import DiscogsScreen

PER_PAGE = 50
LOG_LINES = 5  # the latest adds and undos shown under the matches
# (heading, width); the title takes what the others leave
COLUMNS = (("#", 1), ("Title", 0), ("Label", 10), ("Cat#", 10), ("Format", 8),
           ("Country", 7), ("Year", 4))  # fmt: skip
MIN_TITLE = 16
CELL_PADDING = 2
MIN_BARCODE_DIGITS = 8


@dataclass(frozen=True)
class Added:
    """A copy this screen added, enough to take it out again."""

    title: str
    release_id: int
    folder_id: int
    folder_name: str
    instance_id: int


def search_fields(code: str) -> dict[str, str]:
    """A scanned or typed code: 8 or more digits (spaces and hyphens aside, as printed under
    the bars) is a barcode (EAN-8, UPC-A, EAN-13); anything else a catalogue number."""
    bare = code.replace(" ", "").replace("-", "")
    field = "barcode" if bare.isdigit() and len(bare) >= MIN_BARCODE_DIGITS else "catno"
    return {field: code}


def match_cells(number: int, match: SearchResult) -> list[Text]:
    return [
        render.text(str(number) if number <= 9 else "", style="dim"),
        text(match.title),
        join(match.label[:1]),
        text(match.catno),
        join(match.format[:3]),
        text(match.country),
        text(match.year),
    ]


class RapidAddScreen(DiscogsScreen):
    BODY_SCROLLS = False
    COMMAND_LIST: ClassVar[list[Command]] = [
        *DiscogsScreen.COMMAND_LIST,
        Command("rapid.folder", "f", "choose_folder", "Folder", "Choose the folder to add to."),
        Command("rapid.type", "i", "focus_code", "Scan", "Go to the barcode / Cat# field."),
        Command("rapid.undo", "u", "undo", "Undo", "Take out the copy added last."),
        Command(
            "rapid.undo_typing",
            "ctrl+z",  # not F2: that opens your collection everywhere
            "undo",
            "Undo",
            "Take out the copy added last, even from the barcode field.",
            show=False,
            priority=True,
        ),
        Command("rapid.down", "j", "cursor_down", "Down", "Next match.", show=False),
        Command("rapid.up", "k", "cursor_up", "Up", "Previous match.", show=False),
        *(
            Command(
                f"rapid.add_{n}",
                str(n),
                f"add_row({n - 1})",
                f"Add #{n}",
                f"Add match {n} to the folder.",
                show=False,
            )
            for n in range(1, 10)
        ),
    ]
    BINDINGS = bindings(COMMAND_LIST)

    def __init__(self, location: Location) -> None:
        super().__init__(location)
        self.folders: list[Folder] = []
        self.folder: Folder | None = None
        self.matches: list[SearchResult] = []
        self.searched = ""  # the code the matches are for
        self.added: list[Added] = []  # newest last: what u takes out
        self.log_lines: list[Text] = []

    @property
    def username(self) -> str:
        return self.location.target or self.discogs.signed_in_as

    def where(self) -> str:
        return "Rapid add"

    def compose_body(self) -> ComposeResult:
        yield Static(id="rapid-folder")
        yield Input(placeholder="Scan or type a barcode or Cat#, then Enter", id="rapid-code")
        yield Static("Choosing a folder…", id="rapid-summary", classes="muted")
        yield DataTable(id="rapid-matches", cursor_type="row", zebra_stripes=True)
        yield Static(id="rapid-log")

    def on_mount(self) -> None:
        super().on_mount()
        table = self.query_one("#rapid-matches", DataTable)
        fixed = sum(width + CELL_PADDING for _, width in COLUMNS) + CELL_PADDING
        title_width = max(MIN_TITLE, self.app.size.width - 4 - fixed)
        for heading, width in COLUMNS:
            table.add_column(heading, width=width or title_width)

    async def fetch(self) -> list[Folder]:
        folders = map(Folder.from_json, await self.service.collection.folders(self.username))
        return [folder for folder in folders if folder.id is not None and folder.id != ALL_FOLDER]

    def show(self, data: list[Folder]) -> None:
        self.folders = data
        if self.folder is None:
            self.action_choose_folder()

    # -- the folder -----------------------------------------------------------------------------
    def action_choose_folder(self) -> None:
        if self.folders:
            self.app.push_screen(folder_picker(self.folders), self._folder_chosen)

    def _folder_chosen(self, folder_id: int | None) -> None:
        chosen = next((f for f in self.folders if f.id == folder_id), None)
        if chosen is not None:
            self.folder = chosen
        self._show_folder()
        self.action_focus_code()

    def _show_folder(self) -> None:
        label = self.query_one("#rapid-folder", Static)
        summary = self.query_one("#rapid-summary", Static)
        if self.folder is None:
            label.update(Text("No folder chosen: press f to choose one.", style="bold"))
            return
        name = self.folder.name
        label.update(
            Text.assemble("Adding to ", text(name, "bold"), "  ", ("f changes the folder", "dim"))
        )
        self.set_where(f"Rapid add → {name}")
        summary.update("Scan or type a barcode or Cat#, then Enter. Esc then u (or ctrl+z) undoes.")

    def action_focus_code(self) -> None:
        self.query_one("#rapid-code", Input).focus()

    # -- finding the release --------------------------------------------------------------------
    @on(Input.Submitted, "#rapid-code")
    def submit(self, event: Input.Submitted) -> None:
        try:
            code = search_text(event.value, "The code")
        except ValidationError as error:
            self.discogs.notify_text(str(error), severity="warning")
            return
        if not code:
            return
        if self.folder is None:
            self.action_choose_folder()
            return
        if self.matches and code == self.searched:
            # Enter again on the same code adds the highlighted match: the focus never leaves
            # the field, so the next scan's digits can't pick a match by accident.
            self.action_add_row(self.query_one("#rapid-matches", DataTable).cursor_row)
            return
        self.find(code)

    @work(exclusive=True, group="rapid-find", exit_on_error=False)
    async def find(self, code: str) -> None:
        summary = self.query_one("#rapid-summary", Static)
        summary.update(text(f"Looking up {code}…"))
        try:
            await self.discogs.service_ready()
            page = await self.service.database.search(
                type="release", per_page=PER_PAGE, **search_fields(code)
            )
        except DiscogsError as error:
            summary.update(text(f"Lookup failed: {error}"))
            return
        matches = [SearchResult.from_json(match) for match in page.items]
        self._show_matches(code, [match for match in matches if match.id is not None])

    def _show_matches(self, code: str, matches: list[SearchResult]) -> None:
        self.matches = matches
        self.searched = code
        table = self.query_one("#rapid-matches", DataTable)
        table.clear()
        summary = self.query_one("#rapid-summary", Static)
        if not matches:
            summary.update(text(f"No release matches {code}. Edit it and press Enter again."))
            return  # the typed text stays, to correct
        for number, match in enumerate(matches, 1):
            table.add_row(*match_cells(number, match))
        found = f"{len(matches)} matches" if len(matches) > 1 else "1 match"
        summary.update(text(f"{found} for {code}: ↑/↓ choose, Enter adds to the folder."))
        table.move_cursor(row=0)

    def on_key(self, event: events.Key) -> None:
        """↑/↓ in the field move through the matches (the focus stays in the field)."""
        if (
            event.key not in ("up", "down")
            or not isinstance(self.focused, Input)
            or not self.matches
        ):
            return
        event.stop()
        if event.key == "down":
            self.action_cursor_down()
        else:
            self.action_cursor_up()

    def action_cursor_down(self) -> None:
        self.query_one("#rapid-matches", DataTable).action_cursor_down()

    def action_cursor_up(self) -> None:
        self.query_one("#rapid-matches", DataTable).action_cursor_up()

    # -- adding and undoing ---------------------------------------------------------------------
    @on(DataTable.RowSelected, "#rapid-matches")
    def row_selected(self, event: DataTable.RowSelected) -> None:
        self.action_add_row(event.cursor_row)

    def action_add_row(self, row: int) -> None:
        if self.folder is None or not 0 <= row < len(self.matches):
            return
        self.add(self.matches[row], self.folder)
        self._ready_for_next()

    def _ready_for_next(self) -> None:
        self.matches = []
        self.query_one("#rapid-matches", DataTable).clear()
        self.query_one("#rapid-code", Input).clear()
        self.action_focus_code()

    @work(group="rapid-write", exit_on_error=False)
    async def add(self, match: SearchResult, folder: Folder) -> None:
        # (both have ids: matches and folders without one are never offered)
        title, name, release_id, folder_id = match.title, folder.name, match.id, folder.id
        try:
            await self.discogs.service_ready()
            answer = await self.service.stores.collection.add(self.username, release_id, folder_id)
        except OutcomeUnknown:
            self.log_line(f"No answer adding {title}: it may be in {name}. Not sent again; check.")
            return
        except DiscogsError as error:
            self.log_line(f"Couldn't add {title}: {error}")
            self.discogs.notify_error(error)
            return
        self.added.append(Added(title, release_id, folder_id, name, answer["instance_id"]))
        self.log_line(f"Added {title} to {name}")

    def action_undo(self) -> None:
        if not self.added:
            self.discogs.notify_text("Nothing to undo.")
            return
        self.undo(self.added.pop())

    @work(group="rapid-write", exit_on_error=False)
    async def undo(self, added: Added) -> None:
        try:
            await self.discogs.service_ready()
            await self.service.stores.collection.remove_instance(
                self.username, added.folder_id, added.release_id, added.instance_id
            )
        except OutcomeUnknown:
            self.log_line(f"No answer taking out {added.title}: check {added.folder_name}.")
            return
        except DiscogsError as error:
            self.added.append(added)  # still there: u can try again
            self.log_line(f"Couldn't take out {added.title}: {error}")
            self.discogs.notify_error(error)
            return
        self.log_line(f"Undone: took {added.title} out of {added.folder_name}")

    def log_line(self, message: str) -> None:
        self.log_lines = [*self.log_lines[-(LOG_LINES - 1) :], text(message)]
        self.query_one("#rapid-log", Static).update(Text("\n").join(self.log_lines))

"""A user's collection from the local mirror: folders beside a virtual list of their copies.

What the mirror holds shows at once; a sync then runs in the background with a progress bar,
and the folders and copies it brings show as they arrive (the first page within a second or
two of opening a collection never synced). Sorting and filtering are local: a filter key is
answered in the frame that echoes it, and at 200,000 copies a sort is done in slices between
frames, the previous order showing until the new one is ready. Writes go to Discogs first
(``run_write``) and then into the mirror, so the list stays in step without a re-sync.
"""

from __future__ import annotations

import asyncio
import time
from collections.abc import Callable, Mapping, Sequence
from operator import attrgetter
from pathlib import Path
from typing import TYPE_CHECKING, Any, ClassVar

from rich.text import Text
from textual import events, on, work
from textual.app import ComposeResult
from textual.containers import Horizontal, Vertical
from textual.widgets import Input, OptionList, ProgressBar, Static, TextArea
from textual.widgets.option_list import Option

from discogs_tui.api.bulk import actions
from discogs_tui.api.collection import ALL_FOLDER, UNCATEGORIZED_FOLDER
from discogs_tui.api.errors import DiscogsError, ValidationError
from discogs_tui.api.mirror import CollectionMirror, MirrorItem
from discogs_tui.api.validation import MAX_LINE, MAX_TEXT, plain_text
from discogs_tui.app import render
from discogs_tui.app.bulk_jobs import BulkWork, bulk_commands
from discogs_tui.app.commands import Command, bindings
from discogs_tui.app.marks import MarksRows, mark_commands, marked_line
from discogs_tui.app.modals.confirm import Confirm
from discogs_tui.app.modals.form import FormModal
from discogs_tui.app.modals.picker import Picker, folder_picker, stars
from discogs_tui.app.navigation import Location
from discogs_tui.app.render import clean, text
from discogs_tui.app.screens.base import DiscogsScreen
from discogs_tui.app.screens.edits import save_command
from discogs_tui.app.slices import SORTED_AT_ONCE, order_at_once, sort_keys, sort_order
from discogs_tui.app.widgets.bounded import BoundedTextArea
from discogs_tui.app.widgets.filter_input import FilterInput
from discogs_tui.app.widgets.virtual_list import Column, VirtualList

if TYPE_CHECKING:
    from discogs_tui.api.stores import Change, CollectionStore

Json = Mapping[str, Any]

FOLDERS_BESIDE_WIDTH = 100  # narrower: the folders show only while you are in them (h)
# Artist and title keep 16 cells at least: narrower terminals drop the others, highest first
COLUMNS = (
    Column("Artist", 16, flexible=True),
    Column("Title", 16, flexible=True),
    Column("Label", 8, flexible=True, drop=4),
    Column("Cat#", 8, drop=3),
    Column("Format", 6, drop=2),
    Column("Year", 4),
    Column("Stars", 5, drop=5),
    Column("Added", 10, drop=6),
)
SORTS: dict[str, Callable[[MirrorItem], Any]] = {  # the API's sort keys, done locally
    "label": lambda item: item.label.lower(),
    "artist": lambda item: item.artist.lower(),
    "title": lambda item: item.title.lower(),
    "catno": lambda item: item.catno.lower(),
    "format": lambda item: item.format.lower(),
    "rating": attrgetter("rating"),
    "added": attrgetter("date_added"),
    "year": attrgetter("year"),
}
RESYNC_AFTER = 10 * 60  # seconds: reopening sooner shows the mirror without asking Discogs
REFRESH_DURING_SYNC = 2.0  # seconds between two refreshes of the list while a sync brings rows
FIXED_FOLDERS = 'Folders 0 ("All") and 1 ("Uncategorized") are fixed'
RATING_CELLS = ("", *(stars(n) for n in range(1, 6)))
INSTANCE_ID = attrgetter("instance_id")


def cells_of(item: MirrorItem) -> tuple[str, ...]:
    """A copy's cells in the list (made only for the lines being drawn)."""
    return (
        item.artist,
        item.title,
        item.label,
        item.catno,
        item.format,
        str(item.year or ""),
        RATING_CELLS[item.rating],
        item.date_added[:10],
    )


DAMAGED = "Your local copy was damaged and has been set aside; syncing again."


def mirror_problems(mirror: CollectionMirror) -> list[str]:
    """What the user should know about the mirror's store: damage found, or why it can't be
    written (a second instance, a data folder that is a file)."""
    damage = [DAMAGED] if mirror.damaged else []
    return [*damage, mirror.storage_problem] if mirror.storage_problem else damage


def is_stale(mirror: CollectionMirror, now: float) -> bool:
    """Whether showing the mirror should start a sync."""
    synced_at = mirror.synced_at
    return mirror.sync_pending or synced_at is None or now - synced_at > RESYNC_AFTER


def insertion_point(
    rows: list[MirrorItem], item: MirrorItem, key: Callable[[MirrorItem], Any], descending: bool
) -> int:
    """Where ``item`` goes among ``rows`` sorted by ``key`` (after its equals)."""
    wanted, low, high = key(item), 0, len(rows)
    while low < high:
        middle = (low + high) // 2
        there = key(rows[middle])
        if (there >= wanted) if descending else (there <= wanted):
            low = middle + 1
        else:
            high = middle
    return low


def folder_label(folder: Json) -> Text:
    label = render.text(f"{folder.get('count', 0):>5,} ", "dim")
    return label.append_text(text(folder.get("name", "")))


def time_left(pages_left: int, limit: int, remaining: int) -> float:
    """Seconds the rate limit needs for ``pages_left`` more requests (a minute's window)."""
    over = pages_left - remaining
    return 0.0 if over <= 0 or limit <= 0 else over / limit * 60


def freshness(synced_at: float | None, now: float, offline: bool = False) -> str:
    """How fresh the mirror is: "synced just now" only after a sync that reached Discogs;
    while it can't be reached, when that last happened."""
    if offline:
        if synced_at is None:
            return "offline, never synced"
        day = "" if now - synced_at < 20 * 3600 else time.strftime("%d %b ", time.localtime(synced_at))
        return f"offline, last synced {day}{time.strftime('%H:%M', time.localtime(synced_at))}"
    if synced_at is None:
        return "never synced"
    minutes = int(now - synced_at) // 60
    if minutes < 1:
        return "synced just now"
    if minutes < 120:
        return f"synced {minutes} min ago"
    return f"synced {minutes // 60} h ago"


class TextPrompt(FormModal[str]):
    """One value: a line (Enter or ctrl+s saves) or several lines (ctrl+s saves)."""

    COMMAND_LIST: ClassVar[list[Command]] = [
        save_command("prompt", help_text="Save this value."),
        *FormModal.COMMAND_LIST,
    ]
    BINDINGS = bindings(COMMAND_LIST)

    def __init__(self, heading: str, value: str = "", *, lines: int = 1) -> None:
        """``heading`` and ``value`` may be Discogs data (a field's name, a note)."""
        super().__init__()
        self.heading, self.value, self.lines = clean(heading), clean(value), lines

    def compose_form(self) -> ComposeResult:
        keys = "Enter or ctrl+s" if self.lines == 1 else "ctrl+s"
        yield Static(render.text(f"{keys} saves, Escape goes back."), classes="modal-note")
        if self.lines == 1:
            yield Input(self.value, id="prompt-value")
        else:
            area = BoundedTextArea(self.value, id="prompt-value", soft_wrap=True)
            area.styles.height = self.lines + 2
            yield area

    def on_mount(self) -> None:
        self.query_one("#modal-body").border_title = render.text(self.heading)  # a str is markup

    @on(Input.Submitted)
    def action_save(self) -> None:
        field = self.query_one("#prompt-value")
        lines = isinstance(field, TextArea)
        limit = MAX_TEXT if lines else MAX_LINE
        try:
            typed = field.text if lines else field.value
            value = plain_text(self.heading, typed, lines=lines, max_length=limit)
        except ValidationError as error:
            self.problem(str(error))
            return
        self.dismiss(value)


class FolderList(OptionList):
    """The folders, with vim keys beside the arrows."""

    COMMAND_LIST: ClassVar[list[Command]] = [
        Command("folders.down", "j", "cursor_down", "Down", "Next folder.", show=False),
        Command("folders.up", "k", "cursor_up", "Up", "Previous folder.", show=False),
        Command("folders.first", "g", "first", "First", "First folder.", show=False),
        Command("folders.last", "G", "last", "Last", "Last folder.", show=False),
    ]
    BINDINGS = bindings(COMMAND_LIST)


class CollectionScreen(BulkWork, MarksRows, DiscogsScreen):
    BODY_SCROLLS = False
    WATCHES = ("collection",)
    MARKS_NOUN = "copy"
    BULK_SHOWS_CHANGES_LIVE = True  # each copy put in place: cheap, and shows the progress
    COMMAND_LIST: ClassVar[list[Command]] = [
        *DiscogsScreen.COMMAND_LIST,
        Command("collection.filter", "f", "focus_filter", "Filter", "Type to filter the list."),
        Command("collection.sort", "s", "next_sort", "Sort", "Sort by the next key."),
        Command("collection.order", "o", "flip_order", "Order", "Flip ascending/descending."),
        Command(
            "collection.move",
            "m",
            "move",
            "Move",
            "Move the copy (or every marked copy) to another folder.",
        ),
        Command(
            "collection.remove",
            "x",
            "remove",
            "Remove",
            "Remove the copy (or every marked copy; asks first).",
        ),
        Command(
            "collection.edit",
            "e",
            "edit",
            "Edit",
            "In the folders: rename the folder. In the list: set or clear a custom field of "
            "the copy (or of every marked copy).",
        ),
        Command("collection.new", "n", "new_folder", "New folder", "Create a folder."),
        Command("collection.delete", "d", "delete_folder", "Del folder", "Delete an empty folder."),
        Command("collection.stats", "v", "stats", "Stats", "Counts, bar charts and value."),
        Command("collection.export", "E", "export", "Export", "Write the collection to CSV/JSON."),
        Command(
            "collection.rapid_add",
            "a",
            "rapid_add",
            "Rapid add",
            "Catalogue a crate: scan or type barcodes and catalogue numbers, one key to add.",
        ),
        Command(
            "collection.reconcile",
            "R",
            "reconcile",
            "Full sync",
            "Re-read every page: catches removals and edits made elsewhere.",
        ),
        *(
            Command(
                f"collection.rate{n}",
                str(n),
                f"rate({n})",
                f"Rate {n}" if n else "Clear rating",
                f"Rate the copy (or every marked copy) {n} of 5."
                if n
                else "Clear the rating of the copy (or of every marked copy).",
                show=False,
            )
            for n in range(6)
        ),
        Command(
            "collection.folders",
            "left,h",
            "focus_folders",
            "Folders",
            "Go to the folders (in a terminal under 100 columns, show them while there).",
        ),
        Command(
            "collection.items", "right,l", "focus_items", "Items", "Go to the list.", show=False
        ),
        *mark_commands("collection", MARKS_NOUN),
        *bulk_commands("collection"),
    ]
    BINDINGS = bindings(COMMAND_LIST)

    def __init__(self, location: Location) -> None:
        super().__init__(location)
        self.username = location.target
        self.mirror: CollectionMirror | None = None
        self.folder_id = ALL_FOLDER
        self.sort_key = "added"
        self.descending = True
        self.items: list[MirrorItem] = []  # the folder's copies, newest first
        self.orders: dict[tuple[str, bool], Sequence[int]] = {}  # their sorts, by key, order
        # The last sort's keys (by name) for them: flipping the order reuses them
        self.sort_keys: tuple[str, list[Any]] | None = None
        self.sorting = False  # whether a sort is being worked out (the old order shows)
        self.sync_problem = ""  # why the last sync stopped, if it did
        self.state_text = ""  # how fresh the mirror is, or how far the sync got
        self.refreshed_at = 0.0  # when a running sync last refreshed the list (monotonic)
        self.detail_lines = 0  # lines the copy's detail took when last shown

    def where(self) -> str:
        return f"Collection of {self.username}"

    def compose_body(self) -> ComposeResult:
        with Horizontal(id="collection-sync"):
            yield Static(id="collection-summary")
            progress = ProgressBar(id="collection-progress", show_eta=False)
            progress.display = False  # while a sync runs
            yield progress
        with Horizontal(id="collection-main"):
            yield FolderList(id="collection-folders")
            with Vertical(id="collection-items"):
                yield FilterInput(
                    self.filter_changed, placeholder="f: filter as you type", id="collection-filter"
                )
                yield VirtualList(
                    COLUMNS,
                    cells=cells_of,
                    key=INSTANCE_ID,
                    haystacks=self.haystacks,
                    empty="No copies here.",
                    marked=self.is_marked,
                    id="collection-list",
                )
                yield Static(id="collection-detail")

    @property
    def item_list(self) -> VirtualList:
        return self.query_one(VirtualList)

    def haystacks(self, items: list[MirrorItem]) -> list[str]:
        return self.mirror.haystacks(items)

    @property
    def store(self) -> CollectionStore:
        """The collection's owner: every write goes through it."""
        return self.service.stores.collection

    # -- loading: the mirror at once, then a sync ---------------------------------------------
    async def fetch(self) -> CollectionMirror:
        # Read on the event loop in slices (usually already, after start: see the app's
        # preload): in a thread it took 2-3x as long, sharing the interpreter.
        if self.mirror is None:
            directory = self.mirror_directory()
            self.mirror = await self.service.stores.collection.opening(self.username, directory)
        return self.mirror

    def mirror_directory(self) -> Path | None:
        """Where the mirror keeps its store (None: in memory). Tests override this."""
        from discogs_tui.locations import data_dir

        return self.discogs.data_dir or data_dir()

    def show(self, data: CollectionMirror) -> None:
        self.refresh_view()
        self.item_list.focus()
        for problem in mirror_problems(self.mirror):
            self.discogs.notify_text(problem, severity="warning")
        if is_stale(self.mirror, time.time()) or self.store.needs_sync(self.username):
            self.sync()

    def action_reload(self) -> None:
        """r: sync now, however fresh the mirror is (load again while nothing shows)."""
        if self.mirror is None or not self.drawn:
            super().action_reload()
        else:
            self.sync()

    def action_reconcile(self) -> None:
        if self.mirror is not None:
            self.sync(full=True)

    def action_stats(self) -> None:
        self.discogs.open(Location("collection-stats", self.username))

    def action_rapid_add(self) -> None:
        self.discogs.open(Location("rapid-add", self.username))

    def action_export(self) -> None:
        if self.mirror is None:
            self.discogs.notify_text("The collection is still loading.")
            return
        # Imported when asked for: the export modules cost the first open a noticeable 30 ms.
        from discogs_tui.app.modals.export_form import ExportForm, collection_job

        fresh = freshness(self.mirror.synced_at, time.time(), self.store.offline)
        self.app.push_screen(ExportForm(collection_job(self.mirror, fresh)))

    @work(exclusive=True, group="sync", exit_on_error=False)
    async def sync(self, full: bool = False) -> None:
        progress = self.query_one(ProgressBar)
        progress.display = True
        self.sync_problem = ""
        self.refreshed_at = 0.0
        try:
            await self.store.sync(self.mirror, self.show_progress, full=full)
        except DiscogsError as error:
            # Kept on the freshness line too: the notification fades, the problem doesn't.
            self.sync_problem = f"Sync stopped: {error} Press r to try again."
            self.discogs.notify_text(self.sync_problem, severity="warning")
        except asyncio.CancelledError:  # cancelled in the jobs view, or the screen closed
            self.sync_problem = "Sync stopped; r resumes it where it stopped."
            if self.is_attached:
                self.refresh_view()
            raise
        finally:
            progress.display = False
        self.refresh_view()

    def show_progress(self, done: int, total: int) -> None:
        """A page stored (or, ``total`` 0, the folders known): the bar, and what arrived."""
        mirror = self.mirror
        if not total:
            self.show_folders()
            return
        self.query_one(ProgressBar).update(total=total, progress=done)
        state = self.discogs.rate_state
        left = time_left(total - done, state.limit, state.remaining) if state else 0.0
        status = f"syncing page {done} of {total}"
        if (whole := mirror.total) and mirror.synced_at is None:
            status = f"{min(len(mirror), whole):,} of {whole:,} synced, page {done} of {total}"
        if left >= 1:
            status += f", about {left:.0f} s left (rate limit)"
        self.state_text = status
        now = time.monotonic()
        if not self.item_list.row_count or now - self.refreshed_at >= REFRESH_DURING_SYNC:
            self.refreshed_at = now
            self.show_folders()
            self.show_items()
        else:
            self.show_summary()

    # -- what shows ---------------------------------------------------------------------------
    def refresh_view(self) -> None:
        """Folders, the folder's copies (sorted, filtered) and how fresh they are."""
        self.refresh_freshness()
        self.show_folders()
        self.show_items()

    def refresh_freshness(self) -> None:
        self.state_text = f"{len(self.mirror):,} copies, "
        self.state_text += freshness(self.mirror.synced_at, time.time(), self.store.offline)
        for problem in (self.sync_problem, *mirror_problems(self.mirror)):
            if problem:
                self.state_text += f". {problem}"

    def show_folders(self) -> None:
        folders = self.mirror.folders
        ids = [folder["id"] for folder in folders]
        if self.folder_id not in ids:
            self.folder_id = ALL_FOLDER
        options = self.query_one(OptionList)
        options.set_options(Option(folder_label(folder)) for folder in folders)
        if self.folder_id in ids:
            options.highlighted = ids.index(self.folder_id)

    def show_items(self) -> None:
        """The folder's copies (the mirror's, newest first) in the chosen order."""
        self.show_in_order(self.mirror.items(self.folder_id))

    def show_in_order(self, items: list[MirrorItem]) -> None:
        """``items`` in the chosen order: at once when it is the mirror's own (by date added),
        known, or quick to make; else sorted between frames, the list as it was meanwhile."""
        wanted = (self.sort_key, self.descending)
        order = self.orders.get(wanted) if items is self.items else None
        if order is None and self.sort_key == "added":
            order = range(len(items)) if self.descending else range(len(items) - 1, -1, -1)
        elif order is None and len(items) <= SORTED_AT_ONCE:
            order = order_at_once(items, SORTS[self.sort_key], self.descending)
        if order is None:
            self.sorting = True
            self.sort_in_slices(items, wanted)
            self.show_summary()
        else:
            self.workers.cancel_group(self, "sort")
            self.show_sorted(items, wanted, order)

    # A description of its own: the default is the repr of its arguments (200,000 copies).
    @work(exclusive=True, group="sort", exit_on_error=False, description="sorting")
    async def sort_in_slices(self, items: list[MirrorItem], wanted: tuple[str, bool]) -> None:
        name, descending = wanted
        known = self.sort_keys if items is self.items else None
        keys = known[1] if known and known[0] == name else await sort_keys(items, SORTS[name])
        order = await sort_order(items, SORTS[name], descending, keys)
        self.show_sorted(items, wanted, order)
        self.sort_keys = (name, keys)

    def show_sorted(
        self, items: list[MirrorItem], wanted: tuple[str, bool], order: Sequence[int]
    ) -> None:
        self.sorting = False
        if items is self.items:
            self.item_list.set_order(order)
        else:
            self.items, self.orders, self.sort_keys = items, {}, None
            self.item_list.set_rows(items, order=order)
        self.orders[wanted] = order  # kept while the copies are the same
        self.show_summary()
        self.set_where(f"Collection of {self.username}: {self.folder_name()}")

    def show_summary(self) -> None:
        """How many rows show, in which order, and how fresh they are: one line, redrawn
        without a layout pass (it is asked for on every filter key)."""
        listing = self.item_list
        order = "↓" if self.descending else "↑"
        counting = "…" if listing.counting else ""  # a filter still looks at copies
        shown = (
            f"{listing.row_count:,}{counting} of {len(self.items):,}"
            if listing.query
            else f"{listing.row_count:,}"
        )
        sorting = " (sorting…)" if self.sorting else ""
        marked = self.marked_summary()
        summary = marked_line(marked, " · ")
        summary.append(render.text(f"{shown} · {self.sort_key} {order}{sorting} · "))
        summary.append(render.text(self.state_text, "dim"))
        self.query_one("#collection-summary", Static).update(summary, layout=False)

    def folder_name(self) -> str:
        folder = self.folder(self.folder_id)
        return str(folder.get("name", "")) if folder else ""

    def folder(self, folder_id: int) -> Json | None:
        return next((f for f in self.mirror.folders if f["id"] == folder_id), None)

    @on(OptionList.OptionHighlighted, "#collection-folders")
    def folder_highlighted(self, event: OptionList.OptionHighlighted) -> None:
        folder_id = self.mirror.folders[event.option_index]["id"]
        if folder_id != self.folder_id:
            self.folder_id = folder_id
            self.show_items()

    @on(OptionList.OptionSelected, "#collection-folders")
    def folder_chosen(self) -> None:
        self.item_list.focus()

    def filter_changed(self, value: str) -> None:
        """From the filter's value watcher: the rows change in the frame that echoes the key."""
        if self.mirror is not None:
            self.item_list.set_filter(value)
            self.show_summary()

    @on(Input.Submitted, "#collection-filter")
    def filter_done(self) -> None:
        self.item_list.focus()

    @on(VirtualList.Counted)
    def filter_counted(self) -> None:
        self.show_summary()

    @on(VirtualList.Highlighted)
    def item_highlighted(self, event: VirtualList.Highlighted) -> None:
        detail = self.query_one("#collection-detail", Static)
        fields = self.fields_text(event.row)
        # A layout pass only when the line count may change (it is one or two lines).
        width = max(1, detail.content_region.width)
        lines = 1 + fields.cell_len // width
        detail.update(fields, layout=lines != self.detail_lines)
        self.detail_lines = lines

    def fields_text(self, item: MirrorItem | None) -> Text:
        """The copy's custom fields that have a value, on a line or two."""
        if item is None or self.mirror is None:
            return Text()
        values = [
            Text.assemble((f"{field['name']}: ", "bold"), text(item.notes[field["id"]]))
            for field in self.mirror.fields
            if item.notes.get(field["id"])
        ]
        return Text(" · ").join(values) if values else Text("No custom field values (e edits).")

    @on(VirtualList.Selected)
    def item_selected(self, event: VirtualList.Selected) -> None:
        self.discogs.open(Location("release", str(event.row.release_id)))

    # -- marks (app/marks.py) -------------------------------------------------------------------
    def is_marked(self, item: MirrorItem) -> bool:
        return item.instance_id in self.marks

    def current_mark_key(self) -> int | None:
        item = self.item_list.current
        return None if item is None else item.instance_id

    def shown_mark_keys(self) -> list[int]:
        return [item.instance_id for item in self.item_list.shown_rows()]

    def show_marks(self, moved: bool = False) -> None:
        listing = self.item_list
        listing.refresh_marks()
        if moved:
            listing.action_cursor_down()
        self.show_summary()

    # -- keys: the list -------------------------------------------------------------------------
    def action_focus_filter(self) -> None:
        self.query_one("#collection-filter", Input).focus()

    def action_focus_folders(self) -> None:
        self.set_class(True, "-show-folders")  # under 100 columns the pane shows only now
        self.query_one(OptionList).focus()

    def on_resize(self, event: events.Resize) -> None:
        self.set_class(event.size.width < FOLDERS_BESIDE_WIDTH, "-narrow")

    def on_descendant_focus(self, event: events.DescendantFocus) -> None:
        self.set_class(isinstance(event.widget, FolderList), "-show-folders")

    def action_focus_items(self) -> None:
        self.item_list.focus()

    def action_next_sort(self) -> None:
        keys = list(SORTS)
        self.sort_key = keys[(keys.index(self.sort_key) + 1) % len(keys)]
        self.show_in_order(self.items)  # the same copies

    def action_flip_order(self) -> None:
        self.descending = not self.descending
        self.show_in_order(self.items)  # the same copies

    def after_write(self) -> None:
        """Nothing: the store announces the change, and ``show_changes`` shows it."""

    def show_changes(self, changes: list[Change]) -> None:
        """Writes (here or on other screens) changed the collection: the copies they named
        take their place in the rows, the rest stay as they are."""
        ours = [change for change in changes if change.concerns("collection", self.username)]
        if self.mirror is None or not ours:
            return
        self.apply_to_rows({int(instance_id) for change in ours for instance_id in change.ids})
        self.marks.keep(key for key in self.marks if self.mirror.get(key) is not None)
        self.show_folders()
        self.refresh_freshness()
        self.show_summary()

    def apply_to_rows(self, instance_ids: set[int]) -> None:
        """Put the mirror's version of these copies in the rows shown (or take them out),
        each where the order puts it, without sorting or reading the others again."""
        rows = self.items
        shown_ids = list(map(INSTANCE_ID, rows))  # looked through in C: ~1 ms at 200,000
        for instance_id in instance_ids:
            if instance_id in shown_ids:
                at = shown_ids.index(instance_id)
                del rows[at], shown_ids[at]
        key, descending = SORTS[self.sort_key], self.descending
        for instance_id in instance_ids:
            item = self.mirror.get(instance_id)
            if item is not None and self.folder_id in (ALL_FOLDER, item.folder_id):
                rows.insert(insertion_point(rows, item, key, descending), item)
        self.orders, self.sort_keys = {}, None  # indexes into the rows: they moved
        self.item_list.set_rows(rows)

    # -- keys: the copy under the cursor ------------------------------------------------------
    def current_item(self) -> MirrorItem | None:
        item = self.item_list.current
        if item is None:
            self.discogs.notify_text("No copy here to change.")
        return item

    def marked_items(self) -> list[MirrorItem]:
        """The marked copies (in the order they were marked)."""
        found = (self.mirror.get(key) for key in self.marks) if self.mirror else ()
        return [item for item in found if item is not None]

    def action_rate(self, rating: int) -> None:
        if self.marks:
            items = self.marked_items()
            self.run_bulk(lambda: actions.plan_collection_rate(self.username, items, rating))
            return
        if (item := self.current_item()) is None:
            return

        async def write() -> None:
            await self.store.rate(self.username, item, rating)

        self.run_write(write, f"Rated {rating} of 5." if rating else "Rating cleared.")

    def action_move(self) -> None:
        if self.marks:
            self.move_marked()
            return
        if (item := self.current_item()) is None:
            return

        def chosen(folder_id: int | None) -> None:
            if folder_id is not None and folder_id != item.folder_id:
                self.move(item, folder_id)

        self.app.push_screen(
            folder_picker(self.mirror.folders, "Move the copy to which folder?"), chosen
        )

    def move_marked(self) -> None:
        items, folders = self.marked_items(), self.mirror.folders

        def chosen(folder_id: int | None) -> None:
            if folder_id is not None:
                self.run_bulk(
                    lambda: actions.plan_collection_move(self.username, items, folder_id, folders)
                )

        title = f"Move the {len(items):,} marked copies to which folder?"
        self.app.push_screen(folder_picker(folders, title), chosen)

    def move(self, item: MirrorItem, folder_id: int) -> None:
        async def write() -> None:
            await self.store.move(self.username, item, folder_id)

        self.run_write(write, "Moved.")

    def action_remove(self) -> None:
        if self.marks:
            items = self.marked_items()
            self.run_bulk(lambda: actions.plan_collection_remove(self.username, items))
            return
        if (item := self.current_item()) is None:
            return

        def answered(yes: bool | None) -> None:
            if yes:
                self.remove_copy(item)

        question = Text.assemble("Remove this copy of ", text(item.title), " from the collection?")
        self.app.push_screen(Confirm(question), answered)

    # Not remove(): that is Widget's, which the app calls to unmount this screen.
    def remove_copy(self, item: MirrorItem) -> None:
        async def write() -> None:
            await self.store.remove(self.username, item)

        self.run_write(write, "Removed.")

    def action_edit(self) -> None:
        if self.query_one(OptionList).has_focus:
            self.rename_folder()
        else:
            self.edit_field()

    def edit_field(self) -> None:
        if self.marks and self.mirror.fields:
            self.edit_marked_field()
            return
        if (item := self.current_item()) is None:
            return
        if not self.mirror.fields:
            self.discogs.notify_text("This collection has no custom fields.")
            return
        choices = [
            (
                Text.assemble(
                    text(f"{field['name']}: ", "bold"), text(item.notes.get(field["id"], ""))
                ),
                field,
            )
            for field in self.mirror.fields
        ]

        def chosen(field: Json | None) -> None:
            if field is not None:
                self.edit_value(item, field)

        self.app.push_screen(Picker("Edit which field?", choices), chosen)

    def edit_value(self, item: MirrorItem, field: Json) -> None:
        current = item.notes.get(field["id"], "")

        def chosen(value: str | None) -> None:
            if value is not None and value != current:
                self.set_field(item, field, value)

        self.ask_value(field, current, chosen)

    def ask_value(self, field: Json, current: str, then: Callable[[str | None], None]) -> None:
        """A value for ``field``: from its options (a dropdown), else typed; "" clears it."""
        if field.get("type") == "dropdown":
            choices = [(text(option), option) for option in field.get("options") or ()]
            choices.append((Text("(clear)"), ""))
            self.app.push_screen(Picker(clean(field["name"]), choices, current), then)
        else:
            prompt = TextPrompt(str(field["name"]), current, lines=int(field.get("lines") or 1))
            self.app.push_screen(prompt, then)

    def edit_marked_field(self) -> None:
        """Set (or clear, with a blank value) one custom field of every marked copy."""
        items = self.marked_items()
        choices = [(text(field.get("name", ""), "bold"), field) for field in self.mirror.fields]

        def valued(field: Json, value: str | None) -> None:
            if value is not None:
                self.run_bulk(
                    lambda: actions.plan_collection_field(self.username, items, field, value)
                )

        def chosen(field: Json | None) -> None:
            if field is not None:
                self.ask_value(field, "", lambda value: valued(field, value))

        title = f"Set or clear which field of the {len(items):,} marked copies?"
        self.app.push_screen(Picker(title, choices), chosen)

    def set_field(self, item: MirrorItem, field: Json, value: str) -> None:
        async def write() -> None:
            await self.store.set_field(self.username, item, field, value)

        self.run_write(write, f"{field['name']} saved.")

    # -- keys: folders ------------------------------------------------------------------------
    def action_new_folder(self) -> None:
        def named(name: str | None) -> None:
            if name and name.strip():
                self.folder_write(
                    lambda: self.store.create_folder(self.username, name),
                    "Folder created.",
                )

        self.app.push_screen(TextPrompt("New folder"), named)

    def rename_folder(self) -> None:
        folder_id = self.folder_id
        if folder_id in (ALL_FOLDER, UNCATEGORIZED_FOLDER):
            self.discogs.notify_text(f"{FIXED_FOLDERS}: they can't be renamed.", severity="warning")
            return

        def named(name: str | None) -> None:
            if name and name.strip():
                self.folder_write(
                    lambda: self.store.rename_folder(self.username, folder_id, name),
                    "Folder renamed.",
                )

        self.app.push_screen(TextPrompt("Rename folder", self.folder_name()), named)

    def action_delete_folder(self) -> None:
        folder_id = self.folder_id
        folder = self.folder(folder_id) or {}
        if folder_id in (ALL_FOLDER, UNCATEGORIZED_FOLDER):
            self.discogs.notify_text(f"{FIXED_FOLDERS}: they can't be deleted.", severity="warning")
        elif folder.get("count", 0):
            self.discogs.notify_text(
                "Only an empty folder can be deleted: move its copies out first (m).",
                severity="warning",
            )
        else:
            self.folder_write(
                lambda: self.store.delete_folder(self.username, folder_id),
                "Folder deleted.",
            )

    def folder_write(self, call: Callable[[], Any], success: str) -> None:
        self.run_write(call, success)

"""User: the profile (name, location, home page, registered, rank, ratings, counts, profile
text), editable when it is your own; their submissions and contributions (sortable), Enter
opens one."""

from __future__ import annotations

from collections.abc import Mapping
from functools import partial
from typing import Any, ClassVar

from rich.text import Text
from textual import on
from textual.app import ComposeResult
from textual.containers import Grid, Horizontal, VerticalScroll
from textual.screen import ModalScreen
from textual.widgets import Button, Input, Label, Select, Static, TabbedContent, TabPane, TextArea

from discogs_tui.api.errors import ValidationError
from discogs_tui.api.models import User
from discogs_tui.api.users import CONTRIBUTION_SORT_KEYS, Submission
from discogs_tui.api.validation import CURRENCIES, profile_text
from discogs_tui.app import render
from discogs_tui.app.commands import Command, bindings
from discogs_tui.app.navigation import Location
from discogs_tui.app.present import credits_of, credits_text
from discogs_tui.app.render import clean, flat, flat_text, text
from discogs_tui.app.screens.base import DiscogsScreen
from discogs_tui.app.screens.edits import GuardsEdits, leave_command, save_command
from discogs_tui.app.screens.entity import EntityScreen
from discogs_tui.app.times import local_date
from discogs_tui.app.widgets.bounded import BoundedTextArea
from discogs_tui.app.widgets.entity import (
    facts,
    sort_commands,
)
from discogs_tui.app.widgets.linktext import LinkText
from discogs_tui.app.widgets.paged_table import Column, PagedTable, field

# Form fields: (edit_profile's parameter, the profile's key, label)
TEXT_FIELDS = (
    ("name", "name", "Name"),
    ("home_page", "home_page", "Home page"),
    ("location", "location", "Location"),
)
SUBMISSION_KINDS = {"artists": "artist", "labels": "label", "releases": "release"}


# -- the lists -------------------------------------------------------------------------------
def credits(item: Any) -> Text:
    artists = item.get("artists") if isinstance(item, Mapping) else None
    return flat_text(credits_text(credits_of(artists)))


def first(key: str, inner: str):
    """The ``inner`` field of the first entry of the list ``item[key]``."""

    def cell(item: Any) -> Text:
        entries = item.get(key) if isinstance(item, Mapping) else None
        entry = entries[0] if isinstance(entries, list) and entries else {}
        return text(entry.get(inner, "") if isinstance(entry, Mapping) else "")

    return cell


def of_submission(cell):
    """A submission's cell from a cell of the object submitted."""
    return lambda submission: cell(submission.data)


def submission_kind(submission: Submission) -> Text:
    return render.text(SUBMISSION_KINDS.get(submission.kind, ""))


def title_or_name(item: Any) -> Text:
    return (
        text(item.get("title") or item.get("name") or "") if isinstance(item, Mapping) else Text()
    )


SUBMISSION_COLUMNS = (
    Column("Kind", submission_kind, 7),
    Column("Title", of_submission(title_or_name), 20, flexible=True),
    Column("Artist", of_submission(credits), 18, drop=2),
    Column("Year", of_submission(field("year")), 4, drop=1),
)
CONTRIBUTION_COLUMNS = (
    Column("Artist", credits, 16, drop=1),
    Column("Title", field("title"), 18, flexible=True),
    Column("Label", first("labels", "name"), 14, drop=3),
    Column("Cat#", first("labels", "catno"), 10, drop=4),
    Column("Format", first("formats", "name"), 8, drop=2),
    Column("Year", field("year"), 4),
)


# -- the profile -----------------------------------------------------------------------------
def count(value: int | None, noun: str) -> str:
    return f"{value} {noun}" if value is not None else ""


def number(value: float | None) -> str:
    """``149`` for 149.0, ``3.47`` as it is; blank for none."""
    if value is None:
        return ""
    return str(int(value)) if value.is_integer() else str(value)


def profile_facts(user: User) -> list[tuple[str, Any]]:
    ratings = [
        f"{who} {number(rating)}% of {num}"
        for who, rating, num in (
            ("buyer", user.buyer_rating, user.buyer_num_ratings),
            ("seller", user.seller_rating, user.seller_num_ratings),
        )
        if num
    ]
    counts = [
        count(user.num_collection, "in collection"),
        count(user.num_wantlist, "wanted"),
        count(user.num_lists, "lists"),
        count(user.num_for_sale, "for sale"),
        count(user.num_pending, "pending"),
    ]
    rated = user.releases_rated
    return [
        ("Location", user.location),
        ("Home page", user.home_page),
        ("Registered", local_date(user.registered) if user.registered else ""),
        ("Rank", number(user.rank)),
        ("Rated", f"{rated}, average {number(user.rating_avg)}" if rated else ""),
        ("Contributed", user.releases_contributed),
        ("Ratings", ", ".join(ratings)),
        ("Currency", user.curr_abbr),
        ("Has", ", ".join(filter(None, counts))),
    ]


class ProfileForm(GuardsEdits, ModalScreen[dict[str, str] | None]):
    """Your name, home page, location, profile and currency; answers what changed."""

    DEFAULT_CSS = """
    ProfileForm { align: center middle; }
    ProfileForm > VerticalScroll {
        width: 90%; max-width: 90; height: auto; max-height: 100%;
        border: round $primary; background: $surface; padding: 0 1;
    }
    ProfileForm Grid { grid-size: 2; grid-columns: 11 1fr; grid-rows: auto; height: auto; }
    ProfileForm Label { padding: 1 0 0 0; }
    ProfileForm TextArea { height: 6; }
    ProfileForm Horizontal { height: auto; }
    """
    # A modal screen doesn't see the app's keys: Escape is its own here.
    COMMAND_LIST: ClassVar[list[Command]] = [
        save_command("profile", help_text="Save your profile."),
        leave_command(
            "profile", "Leave the text field; then ask before dropping your edits; then close."
        ),
    ]
    BINDINGS = bindings(COMMAND_LIST)

    def __init__(self, profile: User) -> None:
        super().__init__()
        self.original = {
            **{param: clean(getattr(profile, key)) for param, key, _ in TEXT_FIELDS},
            "profile": clean(profile.profile),
            "currency": clean(profile.curr_abbr),
        }

    def compose(self) -> ComposeResult:
        with VerticalScroll():
            yield Static(Text("Edit your profile", style="bold"))
            with Grid():
                for param, _, label in TEXT_FIELDS:
                    yield Label(label)
                    yield Input(self.original[param], id=f"edit-{param}")
                yield Label("Profile")
                yield BoundedTextArea(self.original["profile"], id="edit-profile")
                yield Label("Currency")
                yield Select(
                    [(code, code) for code in CURRENCIES],
                    value=self.original["currency"]
                    if self.original["currency"] in CURRENCIES
                    else Select.NULL,
                    id="edit-currency",
                )
            with Horizontal():
                yield Button("Save", id="save", variant="primary")
                yield Button("Cancel", id="cancel")
            yield Static(
                Text("ctrl+s (or Enter in a field) saves. Escape leaves a field, then goes back."),
                classes="muted",
            )

    def on_mount(self) -> None:
        self.query_one(f"#edit-{TEXT_FIELDS[0][0]}", Input).focus()

    def changes(self) -> dict[str, str]:
        values = {param: self.query_one(f"#edit-{param}", Input).value for param, *_ in TEXT_FIELDS}
        values["profile"] = self.query_one("#edit-profile", TextArea).text
        currency = self.query_one("#edit-currency", Select).value
        if isinstance(currency, str):
            values["currency"] = currency
        return {name: value for name, value in values.items() if value != self.original[name]}

    @on(Input.Submitted)
    @on(Button.Pressed, "#save")
    def action_save(self) -> None:
        try:
            changes = profile_text(self.changes())
        except ValidationError as error:  # the form stays open, with what was typed
            self.app.notify_text(str(error), severity="warning")  # type: ignore[attr-defined]
            return
        self.dismiss(changes)

    @on(Button.Pressed, "#cancel")
    def cancel(self) -> None:
        self.dismiss(None)


# -- the screen ------------------------------------------------------------------------------
class UserScreen(EntityScreen):
    SORT_KEYS = CONTRIBUTION_SORT_KEYS
    COMMAND_LIST: ClassVar[list[Command]] = [
        *DiscogsScreen.COMMAND_LIST,
        Command("user.edit", "e", "edit", "Edit", "Edit your profile (only your own)."),
        Command(
            "user.lists",
            "t",
            "switch_list",
            "Switch list",
            "Show the submissions or the contributions.",
        ),
        Command(
            "user.inventory", "i", "open_inventory", "Inventory", "What this user has for sale."
        ),
        Command("user.public_lists", "L", "open_lists", "Lists", "This user's lists."),
        *sort_commands("user", SORT_KEYS),
    ]
    BINDINGS = bindings(COMMAND_LIST)

    def action_open_inventory(self) -> None:
        self.discogs.open(Location("inventory", self.username))

    def action_open_lists(self) -> None:
        self.discogs.open(Location("lists", self.username))

    @property
    def username(self) -> str:
        return self.location.target

    def where(self) -> str:
        return f"User {self.username}"

    def compose_body(self) -> ComposeResult:
        with VerticalScroll(classes="entity-about"):
            yield Static(classes="entity-name")
            yield Static(id="facts")
            yield LinkText(id="profile", classes="gap")
        with TabbedContent(id="user-lists"):
            with TabPane("Submissions", id="submissions-tab"):
                yield PagedTable(SUBMISSION_COLUMNS, noun="submissions", id="submissions")
            with TabPane("Contributions", id="contributions-tab"):
                yield PagedTable(CONTRIBUTION_COLUMNS, noun="contributions", id="contributions")

    async def fetch(self) -> User:
        return User.from_json(await self.service.users.profile(self.username))

    def show(self, user: User) -> None:
        username = user.username or self.username
        heading = flat_text(user.name or username, "bold")
        if user.name:
            heading.append(" (")
            heading.append(flat_text(username))
            heading.append(")")
        self.set_where(f"User: {flat(username)}")
        self.query_one(".entity-name", Static).update(heading)
        self.query_one("#facts", Static).update(facts(profile_facts(user)))
        self.show_profile(user.profile)
        self.load_submissions()
        self.load_table()
        self.query_one("#submissions", PagedTable).focus()

    # -- the lists ------------------------------------------------------------------------------
    def load_submissions(self) -> None:
        submissions = partial(self.service.users.submissions, self.username)
        self.query_one("#submissions", PagedTable).load(
            lambda page, per_page: submissions(page=page, per_page=per_page)
        )

    def load_table(self) -> None:
        """The contributions, sorted as chosen."""
        contributions = partial(
            self.service.users.contributions, self.username, **self.sorting.params()
        )
        self.query_one("#contributions", PagedTable).load(
            lambda page, per_page: contributions(page=page, per_page=per_page),
            self.sorting.describe(),
        )

    def reload_table(self) -> None:
        super().reload_table()
        self._show_list("contributions")

    def _show_list(self, name: str) -> None:
        self.query_one("#user-lists", TabbedContent).active = f"{name}-tab"
        self.query_one(f"#{name}", PagedTable).focus()

    @on(TabbedContent.TabActivated)
    def _list_switched(self) -> None:
        self.call_after_refresh(self.share_height)

    @on(PagedTable.Opened, "#submissions")
    def open_submission(self, event: PagedTable.Opened) -> None:
        submission: Submission = event.item
        self._open(SUBMISSION_KINDS.get(submission.kind), submission.data.get("id"))

    @on(PagedTable.Opened, "#contributions")
    def open_contribution(self, event: PagedTable.Opened) -> None:
        self._open("release", event.item.get("id"))

    def _open(self, kind: str | None, entity_id: Any) -> None:
        if kind and isinstance(entity_id, int):
            self.discogs.open(Location(kind, str(entity_id)))

    # -- keys -------------------------------------------------------------------------------------
    def action_switch_list(self) -> None:
        showing = self.query_one("#user-lists", TabbedContent).active
        self._show_list("submissions" if showing == "contributions-tab" else "contributions")

    def action_edit(self) -> None:
        me = self.discogs.signed_in_as
        if not me or me.casefold() != self.username.casefold():
            who = f"you are signed in as {me}" if me else "you are not signed in"
            self.discogs.notify_text(f"Only your own profile can be edited ({who}).")
            return
        if self.data is None:
            self.discogs.notify_text("The profile hasn't loaded yet; press r to try again.")
            return
        self.app.push_screen(ProfileForm(self.data), self._save_profile)

    def _save_profile(self, changes: dict[str, str] | None) -> None:
        if changes is None:
            return  # cancelled
        if not changes:
            self.discogs.notify_text("Nothing changed.")
            return
        edit = partial(self.service.users.edit_profile, self.username, **changes)
        self.run_write(edit, "Profile saved.")

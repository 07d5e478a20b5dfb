"""The dialogs of bulk work (issue 17) that the shared ones don't cover: the re-pricing form
(a new price or a change by percent, rounding, a floor) and the report of a finished job,
with one key that undoes it where Discogs allows. What a job will do is asked with
``Confirm`` (its preview), the folder, rating and status with ``Picker``."""

from __future__ import annotations

from typing import TYPE_CHECKING, ClassVar

from rich.text import Text
from textual import on
from textual.app import ComposeResult
from textual.containers import Vertical, VerticalScroll
from textual.screen import ModalScreen
from textual.widgets import Input, Select, Static

from discogs_tui.api.bulk.pricing import PriceRule
from discogs_tui.api.errors import ValidationError
from discogs_tui.app import render
from discogs_tui.app.commands import Command, bindings
from discogs_tui.app.failures import Guarded
from discogs_tui.app.modals.form import FormModal
from discogs_tui.app.screens.edits import save_command

if TYPE_CHECKING:
    from discogs_tui.api.bulk.report import Report

ROUNDING_CHOICES = (("not rounded", ""), ("to .99", "99"), ("to whole units", "whole"))


class PriceForm(FormModal[PriceRule]):
    """How to change the marked listings' prices; answers a checked ``PriceRule``."""

    COMMAND_LIST: ClassVar[list[Command]] = [
        save_command("price", "Preview", "Check the change and preview it."),
        *FormModal.COMMAND_LIST,
    ]
    BINDINGS = bindings(COMMAND_LIST)

    def __init__(self, count: str) -> None:
        """``count``: what is marked ("37 listings")."""
        super().__init__()
        self.count = count

    def compose_form(self) -> ComposeResult:
        yield Static(
            render.text(f"Re-price {self.count}. ctrl+s (or Enter) previews; Escape goes back."),
            classes="modal-note",
        )
        yield Static(Text("New price (12.50) or change by percent (-10%)"), classes="modal-label")
        yield Input(placeholder="-10%", id="price-change")
        yield Static(Text("Rounding"), classes="modal-label")
        choices = [(render.text(label), value) for label, value in ROUNDING_CHOICES]
        yield Select(choices, value="", allow_blank=False, id="price-rounding")
        yield Static(Text("Floor: no price goes under it (blank: none)"), classes="modal-label")
        yield Input(placeholder="3.00", id="price-floor")

    def on_mount(self) -> None:
        self.query_one("#modal-body").border_title = "Change prices"

    @on(Input.Submitted)
    def action_save(self) -> None:
        try:
            rule = PriceRule.parse(
                self.query_one("#price-change", Input).value,
                rounding=str(self.query_one("#price-rounding", Select).value),
                floor=self.query_one("#price-floor", Input).value,
            )
        except ValidationError as error:
            self.problem(str(error))
            return
        self.dismiss(rule)


class BulkReport(Guarded, ModalScreen[bool]):
    """What a bulk job did (done, failed and why); u answers True: undo it (or says why it
    can't be undone); Escape, q or Enter closes."""

    DEFAULT_CSS = """
    BulkReport { align: center middle; }
    BulkReport > Vertical {
        width: 90%; max-width: 78; height: auto; max-height: 90%;
        border: round $primary; background: $surface; padding: 0 1;
    }
    BulkReport #bulk-report-lines { height: auto; max-height: 14; }
    BulkReport #bulk-report-keys { color: $text-muted; margin-top: 1; }
    """
    COMMAND_LIST: ClassVar[list[Command]] = [
        Command("report.undo", "u", "undo", "Undo", "Undo what the job did, where Discogs allows."),
        Command("report.close", "escape,q,enter", "close", "Close", "Close the report."),
    ]
    BINDINGS = bindings(COMMAND_LIST)

    def __init__(self, report: Report) -> None:
        super().__init__()
        self.report = report

    def compose(self) -> ComposeResult:
        report = self.report
        with Vertical() as box:
            box.border_title = "Bulk job"
            with VerticalScroll(id="bulk-report-lines"):
                yield Static(render.text("\n".join(report_lines(report))))
            undo = "u undoes it · " if report.undoable else ""
            yield Static(render.text(f"{undo}Escape closes"), id="bulk-report-keys")

    def action_undo(self) -> None:
        if self.report.undoable:
            self.dismiss(True)
        else:
            self.app.notify_text(self.report.no_undo or "Nothing was done, so nothing to undo.")  # type: ignore[attr-defined]

    def action_close(self) -> None:
        self.dismiss(False)


def report_lines(report: Report) -> list[str]:
    """The report's lines as the app shows them: what to type in a shell is the CLI's."""
    return [line for line in report.lines() if "discogs-tui bulk" not in line]

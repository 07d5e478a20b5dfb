"""What the entity screens (artist, label, master, user) show about an object: labelled
facts, links built from data span by span (never from markup), web addresses to copy, and
the commands they share."""

from __future__ import annotations

from collections.abc import Iterable
from typing import TYPE_CHECKING

from rich.console import Group
from rich.table import Table
from rich.text import Text

from discogs_tui.api import markup
from discogs_tui.app import render
from discogs_tui.app.commands import Command
from discogs_tui.app.render import text
from discogs_tui.app.widgets.linktext import LinkText

if TYPE_CHECKING:
    from discogs_tui.app.widgets.paged_table import Sorting

FACTS_PER_LINE = 2
SHORT_FACT = 24  # longer values get a line of their own


def facts(rows: Iterable[tuple[str, Text | str | int | float | None]]) -> Group:
    """Labelled values: long ones a line each, then the short ones two to a line. Empty
    values are left out; values are data (never markup), labels are ours."""
    shown = [
        (render.text(label), value if isinstance(value, Text) else text(value))
        for label, value in rows
        if value not in (None, "", [])
    ]
    long = [(label, value) for label, value in shown if len(value) > SHORT_FACT]
    short = [(label, value) for label, value in shown if len(value) <= SHORT_FACT]
    return Group(_fact_grid(long, 1), _fact_grid(short, FACTS_PER_LINE))


def _fact_grid(shown: list[tuple[Text, Text]], per_line: int) -> Table:
    grid = Table.grid(padding=(0, 1), expand=True)
    for _ in range(per_line):
        grid.add_column(style="bold", no_wrap=True)
        grid.add_column(ratio=1)
    for start in range(0, len(shown), per_line):
        grid.add_row(*(cell for pair in shown[start : start + per_line] for cell in pair))
    return grid


class EntityLinks(LinkText):
    """Links to artists, labels, releases and masters made from data span by span, so a
    name is never read as markup; ] and [ move between them, Enter follows one."""

    def show_lines(self, lines: Iterable[list[markup.Span]]) -> None:
        spans: list[markup.Span] = []
        for line in lines:
            if not line:
                continue
            if spans:
                spans.append(markup.Span("\n"))
            spans.extend(line)
        self.set_spans(spans)
        self.display = bool(spans)

    def focus_first_link(self) -> bool:
        """Focus this and highlight its first link; False when there is none."""
        if not self.links:
            return False
        self.focus()
        self.focused_link = 0
        return True


def links_command(prefix: str, what: str) -> Command:
    return Command(
        f"{prefix}.links", "l", "focus_links", "Links", f"Go to the links to {what}.", show=False
    )


COPY_URL = Command(
    "entity.copy_url", "c", "copy_url", "Copy URL", "Copy the highlighted web address."
)


def sort_commands(prefix: str, keys: Iterable[str]) -> list[Command]:
    """s and o, for a screen that mixes in ``SortsPages``."""
    return [
        Command(f"{prefix}.sort", "s", "cycle_sort", "Sort", f"Sort by {', '.join(keys)}."),
        Command(
            f"{prefix}.order", "o", "flip_order", "Order", "Flip ascending/descending.", show=False
        ),
    ]


class SortsPages:
    """Mix into a screen whose ``sorting`` orders the pages Discogs sends: s and o change it,
    and ``show_sorted`` reads the pages again in the new order."""

    sorting: Sorting

    def show_sorted(self) -> None:
        raise NotImplementedError

    def action_cycle_sort(self) -> None:
        self.sorting.cycle()
        self.show_sorted()

    def action_flip_order(self) -> None:
        self.sorting.flip()
        self.show_sorted()

"""Marking rows of a list, to act on many at once (bulk work): one ``Marks`` per list screen,
and ``MarksRows``, the keys every list of the collector's data shares.

space marks or unmarks the row under the cursor (and moves down), + marks every row the
filter shows, * inverts the marks among them, - clears every mark. Marks are the rows' keys
(instance ids, release ids, listing ids), so they survive sorting and filtering, and last
as long as the screen does. A marked row shows a ``MARKER`` before it (not only a colour).
A screen with marks implements three hooks: ``current_mark_key``, ``shown_mark_keys`` and
``show_marks``; the summary line says ``marks.summary(...)`` ("37 marked").
"""

from __future__ import annotations

from collections.abc import Hashable, Iterable
from typing import ClassVar

from rich.text import Text

from discogs_tui.app import render
from discogs_tui.app.commands import Command

MARKER = "✓"  # drawn before a marked row


class Marks:
    """The keys of the rows marked on one list, in the order they were marked."""

    def __init__(self) -> None:
        self._keys: dict[Hashable, None] = {}  # an ordered set

    def __len__(self) -> int:
        return len(self._keys)

    def __contains__(self, key: Hashable) -> bool:
        return key in self._keys

    def __iter__(self):
        return iter(self._keys)

    def toggle(self, key: Hashable) -> bool:
        """Mark ``key``, or unmark it when it was marked; whether it is marked now."""
        if key in self._keys:
            del self._keys[key]
            return False
        self._keys[key] = None
        return True

    def mark(self, keys: Iterable[Hashable]) -> None:
        self._keys.update(dict.fromkeys(keys))

    def invert(self, keys: Iterable[Hashable]) -> None:
        """Among ``keys`` (the rows shown): the marked ones unmarked, the others marked."""
        for key in keys:
            self.toggle(key)

    def clear(self) -> None:
        self._keys.clear()

    def keep(self, existing: Iterable[Hashable]) -> None:
        """Forget the marks of rows that are gone (removed, here or elsewhere)."""
        alive = set(existing)
        self._keys = {key: None for key in self._keys if key in alive}

    def summary(self, shown: Iterable[Hashable] | None = None) -> str:
        """``37 marked`` (and how many of them the filter hides, given the ``shown`` keys);
        "" when nothing is marked."""
        if not self._keys:
            return ""
        count = f"{len(self._keys):,} marked"
        if shown is None:
            return count
        hidden = len(self._keys) - sum(1 for key in shown if key in self._keys)
        return f"{count} ({hidden:,} hidden by the filter)" if hidden else count


def marker_cell(marked: bool) -> Text:
    """A table's marker cell."""
    return render.text(MARKER if marked else "")


def marked_line(marked: str, separator: str) -> Text:
    """The start of a summary line: ``37 marked`` in bold and ``separator`` (nothing when
    nothing is marked); the rest of the line is appended to it."""
    line = Text()
    if marked:
        line.append(marked, "bold")
        line.append(separator)
    return line


def mark_commands(prefix: str, noun: str) -> list[Command]:
    """The marking keys of a list screen; ``noun`` is its row's name ("copy")."""
    return [
        Command(f"{prefix}.mark", "space", "mark", "Mark", f"Mark or unmark the {noun}, then move down."),
        Command(
            f"{prefix}.mark_shown",
            "plus",
            "mark_shown",
            "Mark all",
            "Mark every row the filter shows.",
            show=False,
        ),
        Command(
            f"{prefix}.invert_marks",
            "asterisk",
            "invert_marks",
            "Invert marks",
            "Unmark the marked rows the filter shows, mark the others.",
            show=False,
        ),
        Command(
            f"{prefix}.clear_marks",
            "minus",
            "clear_marks",
            "Clear marks",
            "Unmark every row.",
            show=False,
        ),
    ]


class MarksRows:
    """The marking keys of a list screen (a mixin for a ``DiscogsScreen``)."""

    MARKS_NOUN: ClassVar[str] = "row"

    def __init__(self, *args, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.marks = Marks()

    # -- what the screen tells ----------------------------------------------------------------
    def current_mark_key(self) -> Hashable | None:
        """The key of the row under the cursor (None: no row)."""
        raise NotImplementedError

    def shown_mark_keys(self) -> list[Hashable]:
        """The keys of every row the filter shows."""
        raise NotImplementedError

    def show_marks(self, moved: bool = False) -> None:
        """Draw the markers and the summary again; ``moved``: move the cursor down a row."""
        raise NotImplementedError

    def marks_refused(self) -> str:
        """Why rows here can't be marked ("": they can), said when a marking key is pressed."""
        return ""

    def _may_mark(self) -> bool:
        why_not = self.marks_refused()
        if why_not:
            self.app.notify_text(why_not)  # type: ignore[attr-defined]
        return not why_not

    # -- keys -----------------------------------------------------------------------------------
    def action_mark(self) -> None:
        if not self._may_mark():
            return
        key = self.current_mark_key()
        if key is not None:
            self.marks.toggle(key)
            self.show_marks(moved=True)

    def action_mark_shown(self) -> None:
        if not self._may_mark():
            return
        self.marks.mark(self.shown_mark_keys())
        self.show_marks()

    def action_invert_marks(self) -> None:
        if not self._may_mark():
            return
        self.marks.invert(self.shown_mark_keys())
        self.show_marks()

    def action_clear_marks(self) -> None:
        self.marks.clear()
        self.show_marks()

    def marked_summary(self) -> str:
        """``37 marked`` (with how many the filter hides), or ""."""
        return self.marks.summary(self.shown_mark_keys() if self.marks else None)

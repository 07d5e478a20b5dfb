"""Messages the app sends its screens."""

from __future__ import annotations

from typing import TYPE_CHECKING

from textual.message import Message

if TYPE_CHECKING:
    from discogs_tui.api.stores import Change


class DataChanged(Message):
    """A store announced a change (``change``): sent to every screen that watches its dataset
    (a screen's ``WATCHES``), which refreshes what it shows."""

    bubble = False  # for that screen alone

    def __init__(self, change: Change) -> None:
        super().__init__()
        self.change = change

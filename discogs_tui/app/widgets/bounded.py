"""A TextArea that refuses a paste too long for what it edits.

Textual lays out every line of a paste at once: 100,000 pasted lines freeze the app for
seconds. No Discogs text is that long, so such a paste is refused at once, with a message,
and what was already typed stays as it was.
"""

from __future__ import annotations

from typing import Any

from textual import events
from textual.widgets import TextArea

from discogs_tui.api.validation import MAX_TEXT
from discogs_tui.app.failures import Guarded


class BoundedTextArea(Guarded, TextArea):
    def __init__(self, *args: Any, max_length: int = MAX_TEXT, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.max_length = max_length

    async def _on_paste(self, event: events.Paste) -> None:
        """Runs before TextArea's own paste handler, which ``prevent_default`` skips."""
        if len(self.text) + len(event.text) <= self.max_length:
            return
        event.prevent_default()
        event.stop()
        self.app.notify_text(  # type: ignore[attr-defined]
            f"Not pasted: that is {len(event.text):,} characters, and this field holds at most "
            f"{self.max_length:,}. What you typed is unchanged.",
            severity="warning",
        )

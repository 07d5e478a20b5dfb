"""FilterInput: the filter field of a ``VirtualList``, redrawing the rows in the echo's frame."""

from __future__ import annotations

from collections.abc import Callable

from textual.geometry import Size
from textual.widgets import Input

from discogs_tui.app.failures import Guarded


class FilterInput(Guarded, Input):
    """An Input that hands each new value to ``on_value`` from its value watcher: the echo
    and whatever ``on_value`` redraws are composed into the same frame. (``Input.Changed``
    is a message: it arrives after the echo was drawn, and the rows a frame or two later.)"""

    def __init__(self, on_value: Callable[[str], None], **kwargs) -> None:
        super().__init__(**kwargs)
        self._on_value = on_value

    def _watch_value(self, value: str) -> None:
        # Input's own watcher asks for a layout pass of the whole screen on every key (its
        # virtual width changed). While the text fits, nothing laid out depends on that width
        # (this field's size is fixed and it has no suggester): skip the pass.
        if self.content_width < self.content_region.width:
            self.set_reactive(Input.virtual_size, Size(self.content_width, 1))
            self.refresh()
        else:  # it scrolls: Input's way
            super()._watch_value(value)

    def watch_value(self, value: str) -> None:
        self._on_value(value)

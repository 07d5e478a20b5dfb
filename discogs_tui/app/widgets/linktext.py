"""Discogs markup on screen, with its links reachable by key: ``]`` and ``[`` move between
links, Enter follows the highlighted one (to an artist, label, release, master or user
screen; web links are copied to the clipboard)."""

from __future__ import annotations

from textual.binding import Binding
from textual.message import Message
from textual.reactive import reactive
from textual.widgets import Static

from discogs_tui.api import markup
from discogs_tui.app.failures import Guarded
from discogs_tui.app.render import markup_spans, spans_to_text


class LinkText(Guarded, Static, can_focus=True):
    DEFAULT_CSS = """
    LinkText { height: auto; }
    LinkText:focus { background: $boost; }
    """
    BINDINGS = [
        Binding("right_square_bracket", "next_link", "Next link", id="links.next"),
        Binding("left_square_bracket", "previous_link", "Previous link", id="links.previous"),
        Binding("enter", "follow", "Follow link", id="links.follow"),
    ]

    focused_link: reactive[int | None] = reactive(None)

    class Followed(Message):
        def __init__(self, link: markup.Link) -> None:
            super().__init__()
            self.link = link

    def __init__(
        self, value: str | None = "", names: dict[tuple[str, int], str] | None = None, **kwargs
    ) -> None:
        super().__init__(**kwargs)
        self.spans = markup_spans(value, names)
        self.links = markup.links(self.spans)

    def set_markup(
        self, value: str | None, names: dict[tuple[str, int], str] | None = None
    ) -> None:
        self.set_spans(markup_spans(value, names))

    def set_spans(self, spans: list[markup.Span]) -> None:
        """Show spans built by the caller (names as links, never parsed from markup)."""
        self.spans = spans
        self.links = markup.links(spans)
        self.focused_link = None
        self._show()

    def on_mount(self) -> None:
        self._show()

    def watch_focused_link(self) -> None:
        self._show()

    def on_focus(self) -> None:
        self._show(focused=True)

    def on_blur(self) -> None:
        self._show(focused=False)  # has_focus is still True while this runs

    def _show(self, focused: bool | None = None) -> None:
        """The text, its chosen link highlighted only while it has the focus: a screen with
        several (an artist's profile and members) shows one highlight at a time."""
        focused = self.has_focus if focused is None else focused
        self.update(spans_to_text(self.spans, self.focused_link if focused else None))

    def _step(self, delta: int) -> None:
        if not self.links:
            return
        current = -1 if self.focused_link is None and delta > 0 else (self.focused_link or 0)
        self.focused_link = (current + delta) % len(self.links)

    def action_next_link(self) -> None:
        self._step(1)

    def action_previous_link(self) -> None:
        self._step(-1)

    def action_follow(self) -> None:
        if self.focused_link is not None and self.links:
            self.post_message(self.Followed(self.links[self.focused_link]))

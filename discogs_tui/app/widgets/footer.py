"""The footer every screen shows: Textual's, recomposed only when its keys change."""

from __future__ import annotations

from collections.abc import Hashable

from textual.app import ComposeResult
from textual.screen import Screen
from textual.widgets import Footer as TextualFooter


class Footer(TextualFooter):
    """Textual's footer recomposes (a widget per key, some 30 ms in all) each time the screen
    says its bindings changed, and opening a screen says so half a dozen times (a spinner
    coming and going, focus moving) mostly with the same keys. This one recomposes once per
    refresh at most, and only when the keys it would show differ from those it shows."""

    _shows: Hashable = None  # the keys composed last

    def compose(self) -> ComposeResult:
        self._shows = self._keys()
        yield from super().compose()

    def bindings_changed(self, screen: Screen) -> None:
        self._bindings_ready = True
        if not (screen.app.app_focus and self.is_attached and screen is self.screen):
            return
        if self._keys() != self._shows:
            self.refresh(recompose=True)

    def _keys(self) -> Hashable:
        if not self._bindings_ready:
            return None
        return tuple(
            (binding.key, binding.action, binding.description, enabled, tooltip)
            for _, binding, enabled, tooltip in self.screen.active_bindings.values()
            if binding.show or binding.action == "command_palette"
        )

"""The footer every screen shows: the screen's keys first, only as many as fit (then "F1 More
keys" says where the rest are), recomposed only when its keys or its width change."""

from __future__ import annotations

from collections.abc import Hashable

from rich.cells import cell_len
from textual.app import ComposeResult
from textual.binding import Binding
from textual.screen import Screen
from textual.widgets import Footer as TextualFooter
from textual.widgets._footer import FooterKey

from discogs_tui.app.commands import commands_of
from discogs_tui.app.failures import Guarded

HELP_ACTION = "help"
MORE_KEYS = "More keys"
# A key's cells: " k " then "Description " (FooterKey's padding); the palette key, docked
# right, adds a border and a space.
KEY_PADDING = 3
PALETTE_EXTRA = 2


def registry_index(node: object, binding: Binding) -> int:
    """Where ``binding`` stands in its owner's command registry (unlisted ones last)."""
    ids = [command.id for command in commands_of(node)]  # type: ignore[arg-type]
    return ids.index(binding.id) if binding.id in ids else len(ids)


class Footer(Guarded, TextualFooter):
    """Textual's footer puts every key in a row and the terminal cuts off the rest, so at
    80 columns a screen's own keys (listed first in its command registry) went missing while
    the app's were shown. This one shows the screen's keys first, then the app's, as many as
    fit; when some don't, the help key says "More keys" (F1 lists them all, ctrl+p finds
    them). It recomposes once per refresh at most, and only when what it would show differs
    from what it shows (opening a screen says "bindings changed" half a dozen times)."""

    _shows: Hashable = None  # the keys and width composed last

    def compose(self) -> ComposeResult:
        self._shows = self._keys()
        if not self._bindings_ready:
            return
        keys, palette = self.fitting(self._width())
        for binding, enabled, tooltip, description in keys:
            yield FooterKey(
                binding.key,
                self.app.get_key_display(binding),
                description,
                binding.action,
                disabled=not enabled,
                tooltip=tooltip,
            ).data_bind(compact=TextualFooter.compact)
        if palette is not None:
            binding, enabled, tooltip, description = palette
            yield FooterKey(
                binding.key,
                self.app.get_key_display(binding),
                description,
                binding.action,
                classes="-command-palette",
                disabled=not enabled,
                tooltip=tooltip or description,
            )

    def _width(self) -> int:
        return self.size.width or self.app.size.width

    def _shown(self) -> tuple[list[tuple[Binding, bool, str, tuple]], tuple | None]:
        """(binding, enabled, tooltip, rank) of each key to show, one per action: the focused
        widget's and the screen's before the app's, each in its command registry's order
        (Textual lists priority keys first); and the palette key."""
        palette = None
        nodes: list = []  # in the order the binding chain meets them
        by_action: dict[str, tuple[Binding, bool, str, tuple]] = {}
        for node, binding, enabled, tooltip in self.screen.active_bindings.values():
            if binding.action == "command_palette":
                palette = (binding, enabled, tooltip or binding.tooltip, binding.description)
            elif binding.show and binding.action not in by_action:
                if node not in nodes:
                    nodes.append(node)
                rank = (node is self.app, nodes.index(node), registry_index(node, binding))
                by_action[binding.action] = (binding, enabled, tooltip, rank)
        shown = sorted(by_action.values(), key=lambda entry: entry[3])
        return shown, palette

    def fitting(self, width: int) -> tuple[list[tuple[Binding, bool, str, str]], tuple | None]:
        """The keys that fit in ``width`` cells, most important first, with the help key last
        (saying "More keys" when some were left out); and the palette key when it fits."""
        shown, palette = self._shown()
        if palette is not None:
            width -= self._cells(palette[0], palette[3]) + PALETTE_EXTRA
        help_key = next((entry for entry in shown if entry[0].action == HELP_ACTION), None)
        others = [entry for entry in shown if entry is not help_key]
        room = width
        if help_key is not None:
            room -= self._cells(help_key[0], MORE_KEYS)
        keys = []
        for binding, enabled, tooltip, _ in others:
            cells = self._cells(binding, binding.description)
            if cells <= room:
                keys.append((binding, enabled, tooltip, binding.description))
                room -= cells
        if help_key is not None:
            binding, enabled, tooltip, _ = help_key
            left_out = len(keys) < len(others)
            keys.append((binding, enabled, tooltip, MORE_KEYS if left_out else binding.description))
        return keys, palette

    def _cells(self, binding: Binding, description: str) -> int:
        return cell_len(self.app.get_key_display(binding)) + cell_len(description) + KEY_PADDING

    def on_resize(self) -> None:
        if self._bindings_ready and self._keys() != self._shows:
            self.refresh(recompose=True)

    def bindings_changed(self, screen: Screen) -> None:
        self._bindings_ready = True
        if not (screen.app.app_focus and self.is_attached and screen is self.screen):
            return
        if self._keys() != self._shows:
            self.refresh(recompose=True)

    def _keys(self) -> Hashable:
        if not self._bindings_ready:
            return None
        return self._width(), tuple(
            (binding.key, binding.action, binding.description, enabled, tooltip)
            for _, binding, enabled, tooltip in self.screen.active_bindings.values()
            if binding.show or binding.action == "command_palette"
        )

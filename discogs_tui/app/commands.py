"""One registry of commands feeds key bindings, the footer, the help screen and the palette.

A screen (or the app) lists its ``Command``s in ``COMMAND_LIST``; ``bindings()`` turns them
into ``BINDINGS`` (each with an ``id`` so users can remap keys in the config file), the help
screen lists them, and ``CommandsProvider`` offers them in the command palette for the
screen that is showing.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from functools import partial
from typing import TYPE_CHECKING

from textual.binding import Binding
from textual.command import DiscoveryHit, Hit, Hits, Provider

if TYPE_CHECKING:
    from textual.dom import DOMNode


# The keys that mean the same on every screen: the help screen's header and the README's
# "Keys" section say these words (a test holds them to it).
KEY_GRAMMAR = (
    ("ctrl+s", "saves, in every form and dialog."),
    ("Enter", "confirms a one-field prompt, opens the highlighted row, follows a link."),
    (
        "Escape",
        "leaves a text field, then asks before dropping unsaved edits "
        "(Discard changes? y/n), then goes back.",
    ),
    ("F1 / ?", "every key of the screen; ctrl+p finds any command by name."),
    ("F2–F7", "your collection, wantlist, inventory, orders, profile (Me), lists."),
    ("F8", "background jobs: progress, pause, cancel."),
    ("/ and >", "search from anywhere; forward again after going back."),
)


@dataclass(frozen=True)
class Command:
    id: str  # binding id, the name to remap it by: "release.rate"
    keys: str  # default keys, comma separated ("escape,backspace")
    action: str  # action name on the screen (or "app.…")
    title: str  # short, for the footer and the palette
    help: str  # one sentence for the help screen and the palette
    show: bool = True  # in the footer
    priority: bool = False  # works even when an input has focus


def bindings(commands: Sequence[Command]) -> list[Binding]:
    return [
        Binding(
            command.keys,
            command.action,
            command.title,
            show=command.show,
            id=command.id,
            priority=command.priority,
            tooltip=command.help,
        )
        for command in commands
    ]


def commands_of(node: DOMNode) -> list[Command]:
    return list(getattr(type(node), "COMMAND_LIST", ()))


def key_display(node: DOMNode, command: Command) -> str:
    """The keys bound to ``command`` now (after remapping), as the footer shows them."""
    app = node.app
    keys = app._keymap.get(command.id, command.keys) if hasattr(app, "_keymap") else command.keys
    return ", ".join(app.get_key_display(Binding(key.strip(), "")) for key in keys.split(","))


def visible_commands(node: DOMNode) -> Iterable[tuple[DOMNode, Command]]:
    """The screen's commands, then the app's."""
    for owner in (node.screen, node.app):
        for command in commands_of(owner):
            yield owner, command


class CommandsProvider(Provider):
    """Every command of the screen that is showing, and of the app, in the palette."""

    def _entries(self) -> list[tuple[str, str, partial]]:
        entries = []
        for owner, command in visible_commands(self.screen):
            title = f"{command.title} ({key_display(owner, command)})"
            entries.append((title, command.help, partial(owner.run_action, command.action)))
        return entries

    async def discover(self) -> Hits:
        for title, help_text, callback in self._entries():
            yield DiscoveryHit(title, callback, help=help_text)

    async def search(self, query: str) -> Hits:
        matcher = self.matcher(query)
        for title, help_text, callback in self._entries():
            score = max(matcher.match(title), matcher.match(help_text) * 0.8)
            if score > 0:
                yield Hit(score, matcher.highlight(title), callback, help=help_text)

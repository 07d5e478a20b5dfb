"""Announcements of what a write changed, and who hears them: a plain callback registry
(no Textual here; the app turns each ``Change`` into a message for the screens)."""

from __future__ import annotations

import logging
from collections.abc import Awaitable, Callable
from dataclasses import dataclass
from typing import TypeVar

from discogs_tui.api.errors import OutcomeUnknown

log = logging.getLogger(__name__)

COLLECTION, WANTLIST, INVENTORY, ORDERS = "collection", "wantlist", "inventory", "orders"


@dataclass(frozen=True)
class Change:
    """What changed: the ``dataset``, whose (a username; "" for the signed-in seller's
    orders and listings) and which of its records (instance, release, listing or order ids;
    empty: more than those, e.g. the folders)."""

    dataset: str
    owner: str = ""
    ids: tuple[int | str, ...] = ()

    def concerns(self, dataset: str, owner: str = "") -> bool:
        """Whether this is about ``dataset`` (of ``owner``, when both name one)."""
        return self.dataset == dataset and (
            not owner or not self.owner or self.owner.lower() == owner.lower()
        )


Listener = Callable[[Change], None]
T = TypeVar("T")


class Changes:
    def __init__(self) -> None:
        self._listeners: list[Listener] = []

    def subscribe(self, listener: Listener) -> Callable[[], None]:
        """Hear every change; answers the function that stops it."""
        self._listeners.append(listener)
        return lambda: self._listeners.remove(listener) if listener in self._listeners else None

    def announce(self, change: Change) -> None:
        for listener in list(self._listeners):
            try:
                listener(change)
            except Exception:  # one deaf listener must not keep the others from hearing
                log.exception("a listener failed to take %s", change)

    async def after(self, write: Awaitable[T], change: Change) -> T:
        """``write``'s answer, announcing ``change`` once it is done, or once its answer was
        lost (it may have happened: the screens read again; it is never sent again)."""
        try:
            answer = await write
        except OutcomeUnknown:
            self.announce(change)
            raise
        self.announce(change)
        return answer

"""The owners of the collector's data: one store per dataset (collection, wantlist,
inventory, orders). Every write goes through its store, which sends it once, keeps the
mirror in step, reconciles an unknown outcome by reading (never by sending again) and
announces what changed on ``Changes``, the registry screens hear it from (through the app)."""

from __future__ import annotations

from typing import TYPE_CHECKING

from discogs_tui.api.stores.changes import Change, Changes
from discogs_tui.api.stores.collection import CollectionStore
from discogs_tui.api.stores.inventory import InventoryStore
from discogs_tui.api.stores.orders import OrdersStore
from discogs_tui.api.stores.wantlist import WantlistStore

if TYPE_CHECKING:
    from discogs_tui.api.sections import Sections


class Stores:
    """A service's stores and the registry they announce changes on."""

    def __init__(self, service: Sections) -> None:
        self.changes = Changes()
        self.collection = CollectionStore(service, self.changes)
        self.wantlist = WantlistStore(service.wantlist, self.changes)
        self.inventory = InventoryStore(service.marketplace, self.changes, service.inventory)
        self.orders = OrdersStore(service.marketplace, self.changes)

    def close(self) -> None:
        """Close the mirrors (and their files' locks) and forget what the session kept."""
        self.collection.close()
        self.wantlist.close()


__all__ = [
    "Change",
    "Changes",
    "CollectionStore",
    "InventoryStore",
    "OrdersStore",
    "Stores",
    "WantlistStore",
]

"""The parts of a service that the stores, the mirror and background checks work through.

A protocol rather than ``DiscogsService`` itself: the service makes the stores, so the stores
naming the service would be an import circle."""

from __future__ import annotations

from typing import TYPE_CHECKING, Protocol

if TYPE_CHECKING:
    from discogs_tui.api.collection import Collection
    from discogs_tui.api.inventory import Inventory
    from discogs_tui.api.jobs import JobRegistry
    from discogs_tui.api.marketplace import Marketplace
    from discogs_tui.api.wantlist import Wantlist


class Sections(Protocol):
    collection: Collection
    inventory: Inventory
    wantlist: Wantlist
    marketplace: Marketplace
    jobs: JobRegistry

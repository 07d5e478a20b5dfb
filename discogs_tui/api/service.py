"""DiscogsService: one DiscogsClient and every section of the API on top of it.

The app holds one service; screens call its sections (``service.collection.folders(...)``).
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from discogs_tui.api.auth import Credentials
from discogs_tui.api.cache import ResponseCache
from discogs_tui.api.client import DEFAULT_API_URL, DiscogsClient
from discogs_tui.api.collection import Collection
from discogs_tui.api.database import Database
from discogs_tui.api.inventory import Inventory
from discogs_tui.api.jobs import JobRegistry
from discogs_tui.api.lists import Lists
from discogs_tui.api.marketplace import Marketplace
from discogs_tui.api.stores import Stores
from discogs_tui.api.users import Users
from discogs_tui.api.wantlist import Wantlist


class DiscogsService:
    def __init__(self, client: DiscogsClient) -> None:
        self.client = client
        self.jobs = JobRegistry()  # the background jobs running on this service
        self.database = Database(client)
        self.marketplace = Marketplace(client)
        self.inventory = Inventory(client)
        self.users = Users(client)
        self.collection = Collection(client)
        self.wantlist = Wantlist(client)
        self.lists = Lists(client)
        # The owners of the collector's data: every write to them goes through these
        self.stores = Stores(self)

    def __repr__(self) -> str:
        return f"DiscogsService({self.client!r})"

    @classmethod
    def connect(
        cls,
        credentials: Credentials,
        *,
        api_url: str = DEFAULT_API_URL,
        cache_dir: Path | None = None,
        cache_max_mb: int = 200,
        **client_kwargs: Any,
    ) -> DiscogsService:
        """A service on a real API (or a sandbox over HTTP) with the on-disk cache."""
        cache = ResponseCache(cache_dir, max_bytes=cache_max_mb * 1024 * 1024)
        return cls(DiscogsClient(credentials, base_url=api_url, cache=cache, **client_kwargs))

    async def sign_in_check(self) -> str:
        """The username the credentials belong to (``AuthError`` when they don't work)."""
        identity = await self.users.identity()
        return identity["username"]

    async def aclose(self) -> None:
        """Close everything this session holds open: the mirrors, the HTTP client and the
        response cache (with their locks), so that a service after it can take them."""
        self.stores.close()
        await self.client.aclose()
        self.client.cache.close()

    async def __aenter__(self) -> DiscogsService:
        return self

    async def __aexit__(self, *exc_info: object) -> None:
        await self.aclose()

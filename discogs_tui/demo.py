"""The demo's wiring: a service whose backend is an in-process sandbox (``--demo``, the tests,
the screenshots). Kept out of api/, which knows nothing of the sandbox."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from discogs_tui.api.auth import Credentials
    from discogs_tui.api.service import DiscogsService


def sandbox_service(
    app: Any = None, credentials: Credentials | None = None, **client_kwargs: Any
) -> DiscogsService:
    """A service on an in-process sandbox (a new one unless ``app`` is given), signed in as
    the sandbox's demo user unless ``credentials`` say otherwise."""
    from discogs_tui.api.auth import TokenCredentials
    from discogs_tui.api.client import DEFAULT_API_URL, DiscogsClient
    from discogs_tui.api.service import DiscogsService
    from discogs_tui.sandbox import LazySandbox
    from discogs_tui.sandbox.config import DEMO_TOKEN, DEMO_USERNAME
    from discogs_tui.sandbox.transport import SandboxTransport

    client = DiscogsClient(
        credentials or TokenCredentials(token=DEMO_TOKEN, username=DEMO_USERNAME),
        base_url=DEFAULT_API_URL,
        transport=SandboxTransport(LazySandbox() if app is None else app),
        **client_kwargs,
    )
    return DiscogsService(client)

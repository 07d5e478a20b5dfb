"""A faithful, stateful local implementation of the Discogs API v2 (no Textual here).

``create_app()`` gives an ASGI app: serve it with uvicorn (``discogs-tui sandbox serve``)
or talk to it in-process through ``httpx.ASGITransport``.
"""

from discogs_tui.sandbox.config import SandboxConfig, demo_credentials

__all__ = ["LazySandbox", "SandboxConfig", "create_app", "demo_credentials"]


def create_app(config: SandboxConfig | None = None, state=None):
    """Imported lazily so ``discogs-tui --help`` stays fast."""
    from discogs_tui.sandbox.app import create_app as _create_app

    return _create_app(config, state)


class LazySandbox:
    """An ASGI app that builds the sandbox on its first request, in a thread.

    Building the world takes most of a second (the catalogue); the demo mode hands this to
    ``httpx.ASGITransport`` so the app's first frame doesn't wait for it.
    """

    def __init__(self, config: SandboxConfig | None = None) -> None:
        self.config = config
        self._app = None
        self._lock = None

    async def __call__(self, scope, receive, send) -> None:
        if self._app is None:
            import asyncio

            if self._lock is None:
                self._lock = asyncio.Lock()
            async with self._lock:
                if self._app is None:
                    self._app = await asyncio.to_thread(create_app, self.config)
        await self._app(scope, receive, send)

"""A faithful, stateful local implementation of the Discogs API v2 (no Textual here).

``create_app()`` gives an ASGI app: serve it with uvicorn (``discogs-tui sandbox serve``)
or talk to it in-process through ``httpx.ASGITransport``.
"""

from discogs_tui.sandbox.config import SandboxConfig, demo_credentials

__all__ = ["SandboxConfig", "create_app", "demo_credentials"]


def create_app(config: SandboxConfig | None = None, state=None):
    """Imported lazily so ``discogs-tui --help`` stays fast."""
    from discogs_tui.sandbox.app import create_app as _create_app

    return _create_app(config, state)

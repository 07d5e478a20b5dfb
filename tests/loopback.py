"""A sandbox served by uvicorn on 127.0.0.1, for tests that need a real network peer."""

from __future__ import annotations

import threading
import time
from collections.abc import Iterator
from contextlib import contextmanager

from discogs_tui.sandbox import SandboxConfig, create_app
from discogs_tui.sandbox.serve import listen, make_server
from discogs_tui.sandbox.tls import TlsFiles


@contextmanager
def serve(
    config: SandboxConfig | None = None, tls: TlsFiles | None = None, *, app=None
) -> Iterator[str]:
    """Serve a fresh sandbox on a free loopback port (HTTPS with ``tls``); yields its base URL.
    ``app``: a sandbox the test made (wrapped, to watch what it does) instead of a fresh one."""
    app = app if app is not None else create_app(config)
    sock = listen("127.0.0.1", 0)
    port = sock.getsockname()[1]
    server = make_server(app, tls)
    thread = threading.Thread(target=server.run, kwargs={"sockets": [sock]}, daemon=True)
    thread.start()
    deadline = time.monotonic() + 10
    while not server.started:
        if time.monotonic() > deadline or not thread.is_alive():
            raise RuntimeError("the loopback sandbox did not start")
        time.sleep(0.01)
    try:
        yield f"{'https' if tls else 'http'}://127.0.0.1:{port}"
    finally:
        server.should_exit = True
        thread.join(timeout=10)
        sock.close()

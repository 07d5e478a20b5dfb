"""Serving the sandbox over HTTP or HTTPS with uvicorn (``discogs-tui sandbox serve`` and the tests)."""

from __future__ import annotations

import socket

import uvicorn
from starlette.types import ASGIApp, Message, Receive, Scope, Send

from discogs_tui.sandbox.faults import DROP_EXTENSION, with_drop_extension
from discogs_tui.sandbox.tls import TlsFiles


def listen(host: str, port: int) -> socket.socket:
    """A listening TCP socket. ``proto=IPPROTO_TCP`` matters: asyncio only turns Nagle off
    (TCP_NODELAY) on sockets that say they are TCP, and with Nagle on every small answer
    waits ~40 ms for the client's delayed ACK. It listens at once, so a client that reads the
    address from the banner can connect before the server has started (the kernel queues it)."""
    family = socket.AF_INET6 if ":" in host else socket.AF_INET
    sock = socket.socket(family, socket.SOCK_STREAM, socket.IPPROTO_TCP)
    sock.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
    sock.bind((host, port))
    sock.listen(128)
    return sock


def make_server(app: ASGIApp, tls: TlsFiles | None = None) -> uvicorn.Server:
    """A uvicorn server for ``app``: HTTPS with ``tls``'s certificate and key when given."""
    return uvicorn.Server(
        uvicorn.Config(
            DroppableConnections(app),
            log_level="warning",
            access_log=False,
            lifespan="off",
            ssl_certfile=tls and str(tls.cert),
            ssl_keyfile=tls and str(tls.key),
        )
    )


class DroppableConnections:
    """Lets sandbox faults hang up on a client under uvicorn: offers the drop extension and,
    on a drop message, closes the TCP connection without (the rest of) an answer.

    uvicorn keeps the connection's transport on the object whose ``send`` it hands the app;
    when that isn't there (another server), the extension is simply not offered.
    """

    def __init__(self, app: ASGIApp) -> None:
        self.app = app

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        transport = getattr(getattr(send, "__self__", None), "transport", None)
        if scope["type"] != "http" or transport is None:
            await self.app(scope, receive, send)
            return
        dropped = False

        async def send_or_drop(message: Message) -> None:
            nonlocal dropped
            if message["type"] == DROP_EXTENSION:
                dropped = True
                transport.close()
            elif not dropped:
                await send(message)

        await self.app(with_drop_extension(scope), receive, send_or_drop)
        if dropped:
            await receive()  # returns once uvicorn has seen the connection go: no 500 of its own

"""The in-process way to reach the sandbox: httpx's ASGI transport, plus what a network
connection does that it doesn't, so code under test meets the same exceptions either way:

* a sandbox fault that drops the connection (``faults.DROP_EXTENSION``) raises what httpx
  raises when a server hangs up: ``httpx.RemoteProtocolError``;
* an answer slower than the request's read timeout raises ``httpx.ReadTimeout`` (httpx's
  ASGI transport enforces no timeouts).
"""

from __future__ import annotations

import asyncio
from typing import TYPE_CHECKING

import httpx

from discogs_tui.sandbox.faults import DROP_EXTENSION, with_drop_extension

if TYPE_CHECKING:
    from starlette.types import ASGIApp, Message, Receive, Scope, Send

# httpx's words for a server that hangs up before, and in the middle of, its answer
DISCONNECTED = "Server disconnected without sending a response."
CUT_OFF = "peer closed connection without sending complete message body"


class _Dropped(Exception):
    """The sandbox hung up on this request (after starting its answer, or not)."""

    def __init__(self, answer_started: bool) -> None:
        super().__init__()
        self.answer_started = answer_started


class _DropsAsErrors:
    """An ASGI wrapper that offers the drop extension and turns a drop into ``_Dropped``."""

    def __init__(self, app: ASGIApp) -> None:
        self.app = app

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        dropped = started = False

        async def send_or_drop(message: Message) -> None:
            nonlocal dropped, started
            if message["type"] == DROP_EXTENSION:
                dropped = True
            elif not dropped:
                started = True
                await send(message)

        await self.app(with_drop_extension(scope), receive, send_or_drop)
        if dropped:
            raise _Dropped(started)


class SandboxTransport(httpx.ASGITransport):
    def __init__(self, app: ASGIApp, **options: object) -> None:
        super().__init__(app=_DropsAsErrors(app), **options)  # type: ignore[arg-type]

    async def handle_async_request(self, request: httpx.Request) -> httpx.Response:
        read_timeout = request.extensions.get("timeout", {}).get("read")
        try:
            return await asyncio.wait_for(super().handle_async_request(request), read_timeout)
        except _Dropped as drop:
            message = CUT_OFF if drop.answer_started else DISCONNECTED
            raise httpx.RemoteProtocolError(message, request=request) from None
        except TimeoutError:
            raise httpx.ReadTimeout("timed out", request=request) from None

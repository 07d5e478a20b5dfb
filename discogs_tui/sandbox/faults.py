"""Faults the sandbox can inject, so clients can be tested against a misbehaving API.

A rule matches requests by method and path (a regular expression) and misbehaves for its
next ``times`` matches:

* ``status``: answer ``status`` (e.g. 503) with a JSON message, without running the route;
* ``html``: a maintenance page (HTML, status ``status``, 200 by default) instead of JSON;
* ``garbled``: run the route, then send its body truncated in the middle;
* ``empty``: run the route, then send an empty 200;
* ``delay``: wait ``seconds`` before running the route;
* ``hang_after``: run the route (so a write is applied), then wait ``seconds`` before the
  answer — past the client's read timeout the write's outcome is unknown to it.

Rules are set in-process (``app.state.faults``) or over HTTP at ``/_sandbox/faults``.
"""

from __future__ import annotations

import asyncio
import re
from dataclasses import asdict, dataclass, field
from typing import Any

from starlette.responses import JSONResponse, Response
from starlette.types import ASGIApp, Message, Receive, Scope, Send

KINDS = ("status", "html", "garbled", "empty", "delay", "hang_after")
MAINTENANCE_PAGE = (
    b"<!doctype html><html><body><h1>Discogs is down for maintenance</h1></body></html>"
)


@dataclass
class FaultRule:
    kind: str
    path: str = ".*"
    method: str | None = None
    times: int = 1
    status: int = 503
    seconds: float = 0.0
    _pattern: re.Pattern[str] = field(init=False, repr=False)

    def __post_init__(self) -> None:
        if self.kind not in KINDS:
            raise ValueError(f"unknown fault kind {self.kind!r}: use one of {', '.join(KINDS)}")
        self._pattern = re.compile(self.path)

    def matches(self, method: str, path: str) -> bool:
        return (
            self.times > 0
            and (self.method is None or self.method.upper() == method)
            and bool(self._pattern.search(path))
        )

    def as_dict(self) -> dict[str, Any]:
        return {k: v for k, v in asdict(self).items() if not k.startswith("_")}


class FaultPlan:
    def __init__(self) -> None:
        self.rules: list[FaultRule] = []
        self.injected = 0

    def add(self, rule: FaultRule) -> FaultRule:
        self.rules.append(rule)
        return rule

    def clear(self) -> None:
        self.rules.clear()

    def take(self, method: str, path: str) -> FaultRule | None:
        """The first rule matching this request, used up by one."""
        for rule in self.rules:
            if rule.matches(method, path):
                rule.times -= 1
                self.injected += 1
                return rule
        return None


async def run_with_fault(
    rule: FaultRule, app: ASGIApp, scope: Scope, receive: Receive, send: Send
) -> None:
    """Answer the request as ``rule`` says."""
    if rule.kind == "status":
        await JSONResponse({"message": "Injected fault."}, rule.status)(scope, receive, send)
        return
    if rule.kind == "html":
        await Response(
            MAINTENANCE_PAGE, rule.status if rule.status != 503 else 200, media_type="text/html"
        )(scope, receive, send)
        return
    if rule.kind == "delay":
        await asyncio.sleep(rule.seconds)
        await app(scope, receive, send)
        return
    # The remaining kinds run the route first, then spoil or hold back its answer.
    captured: list[Message] = []

    async def capture(message: Message) -> None:
        captured.append(message)

    await app(scope, receive, capture)
    start = next(m for m in captured if m["type"] == "http.response.start")
    body = b"".join(m.get("body", b"") for m in captured if m["type"] == "http.response.body")
    if rule.kind == "hang_after":
        await asyncio.sleep(rule.seconds)
    elif rule.kind == "garbled":
        body = body[: max(1, len(body) // 2)]
    elif rule.kind == "empty":
        body = b""
    headers = [(k, v) for k, v in start.get("headers", []) if k.lower() != b"content-length"]
    headers.append((b"content-length", str(len(body)).encode()))
    status = 200 if rule.kind == "empty" else start["status"]
    await send({"type": "http.response.start", "status": status, "headers": headers})
    await send({"type": "http.response.body", "body": body})

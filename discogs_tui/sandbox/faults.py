"""Faults the sandbox can inject, so clients can be tested against a misbehaving API.

A rule matches requests by method and path (a regular expression) and misbehaves for its
next ``times`` matches (``None``: every match), each with probability ``rate`` drawn from
its own random generator (``seed``), so a run can be repeated exactly. The kinds:

* ``status``: answer ``status`` (e.g. 503) with a JSON message (``message`` when set: a
  hostile one tests how clients show error text), without running the route;
* ``rate_limited``: answer 429 ``{"message": "You are making requests too quickly."}`` with
  ``X-Discogs-Ratelimit*`` headers saying the window is full, and ``Retry-After:
  retry_after`` when set, whatever the real limiter thinks; the route does not run;
* ``html``: a maintenance page (HTML, status ``status``, 200 by default) instead of JSON;
* ``garbled``: run the route, then send its body truncated in the middle;
* ``empty``: run the route, then send an empty 200;
* ``wrong_type``: run the route, then send its body labelled ``content_type``
  (``text/html`` unless set);
* ``delay``: wait ``seconds`` before running the route;
* ``hang``: never answer: wait until the client gives up (or, with ``seconds``, drop the
  connection after that long); the route does not run;
* ``hang_after``: run the route (so a write is applied), then wait ``seconds`` before the
  answer — past the client's read timeout the write's outcome is unknown to it;
* ``drop_before``: close the connection without an answer; the route does not run;
* ``drop_after``: run the route (so a write is applied), then close the connection without
  an answer;
* ``drop_during``: run the route, send the status, headers and half the body, then close.

``content_type``, when set, labels whatever body a kind sends (e.g. an ``html`` page
labelled ``application/json``).

Rules are set in-process (``app.state.faults``, ``SandboxConfig(faults=...)``), over HTTP at
``/_sandbox/faults``, or as specs (``parse_spec``, ``discogs-tui sandbox serve --fault``).

Dropping a connection needs a server that can hang up: the server advertises the
``DROP_EXTENSION`` in ``scope["extensions"]`` and closes the connection when it receives
that message (``serve.py`` under uvicorn; ``transport.SandboxTransport`` in-process).
"""

from __future__ import annotations

import asyncio
import json
import random
import re
from collections import Counter
from collections.abc import Awaitable, Callable, Iterable
from dataclasses import asdict, dataclass, field, replace
from typing import TYPE_CHECKING, Any

from discogs_tui.sandbox.jsonbody import JSON_TYPE, message_bytes

if TYPE_CHECKING:  # starlette itself isn't needed: the in-process transport imports this early
    from starlette.types import ASGIApp, Message, Receive, Scope, Send

KINDS = (
    "status",
    "rate_limited",
    "html",
    "garbled",
    "empty",
    "wrong_type",
    "delay",
    "hang",
    "hang_after",
    "drop_before",
    "drop_after",
    "drop_during",
)
MAINTENANCE_PAGE = (
    b"<!doctype html><html><body><h1>Discogs is down for maintenance</h1></body></html>"
)
MSG_RATE_LIMITED = "You are making requests too quickly."
RATE_LIMITED = message_bytes(MSG_RATE_LIMITED)
INJECTED = message_bytes("Injected fault.")
JSON = JSON_TYPE
HTML = "text/html; charset=utf-8"
DROP_EXTENSION = "discogs_tui.drop_connection"


def with_drop_extension(scope: Scope) -> Scope:
    """``scope`` telling the sandbox that its server can drop the connection."""
    return {**scope, "extensions": {**(scope.get("extensions") or {}), DROP_EXTENSION: {}}}


@dataclass
class FaultRule:
    kind: str
    path: str = ".*"
    method: str | None = None
    times: int | None = 1  # matches left to spoil; None: no end
    status: int = 503
    seconds: float = 0.0
    rate: float = 1.0  # probability that a matching request is spoiled
    seed: int = 0
    retry_after: float | None = None  # rate_limited: the Retry-After header, when set
    content_type: str | None = None  # the label of the body sent, instead of the kind's own
    message: str | None = None  # status: the error message sent, instead of "Injected fault."
    _pattern: re.Pattern[str] = field(init=False, repr=False)
    _rng: random.Random = field(init=False, repr=False)

    def __post_init__(self) -> None:
        _check_kind(self.kind)
        _check(self.times is None or (_is_int(self.times) and self.times >= 0), "times", "N >= 0")
        _check(_is_int(self.status) and 100 <= self.status <= 599, "status", "100 to 599")
        _check(_is_number(self.seconds) and self.seconds >= 0, "seconds", "0 or more")
        _check(_is_number(self.rate) and 0 <= self.rate <= 1, "rate", "0 to 1")
        _check(_is_int(self.seed), "seed", "an integer")
        _check(
            self.retry_after is None or (_is_number(self.retry_after) and self.retry_after >= 0),
            "retry_after",
            "0 or more",
        )
        if self.method is not None:
            self.method = self.method.upper()
        try:
            self._pattern = re.compile(self.path)
        except (re.error, TypeError) as error:
            raise ValueError(f"path {self.path!r} is not a regular expression: {error}") from None
        self._rng = random.Random(self.seed)

    def matches(self, method: str, path: str) -> bool:
        return (
            (self.times is None or self.times > 0)
            and (self.method is None or self.method == method)
            and bool(self._pattern.search(path))
        )

    def strikes(self) -> bool:
        """Whether this matching request is spoiled (always, unless ``rate`` says otherwise)."""
        return self.rate >= 1 or self._rng.random() < self.rate

    def as_dict(self) -> dict[str, Any]:
        return {k: v for k, v in asdict(self).items() if not k.startswith("_")}


def _is_int(value: object) -> bool:
    return isinstance(value, int) and not isinstance(value, bool)


def _is_number(value: object) -> bool:
    return isinstance(value, int | float) and not isinstance(value, bool)


def _check_kind(kind: str) -> None:
    if kind not in KINDS:
        raise ValueError(f"unknown fault kind {kind!r}: use one of {', '.join(KINDS)}")


def _check(ok: bool, name: str, expected: str) -> None:
    if not ok:
        raise ValueError(f"{name} must be {expected}")


# -- specs: "drop_after:method=POST,path=^/users/,rate=0.2" ------------------------------------
def _times(text: str) -> int | None:
    return None if text in ("unlimited", "*") else int(text)


def _optional_float(text: str) -> float | None:
    return None if text == "none" else float(text)


_SPEC_FIELDS: dict[str, Callable[[str], Any]] = {
    "path": str,
    "method": str,
    "times": _times,
    "status": int,
    "seconds": float,
    "rate": float,
    "seed": int,
    "retry_after": _optional_float,
    "content_type": str,
    "message": str,
}
# A comma starts a new field only before "name=": regular expressions may hold commas.
_FIELD_START = re.compile(rf",(?=(?:{'|'.join(_SPEC_FIELDS)})=)")


def parse_spec(spec: str) -> FaultRule:
    """A rule from its compact form, e.g. ``drop_after:method=POST,path=^/users/,rate=0.2``.

    Unlike the constructor, a spec's rule has no end unless ``times=N`` gives one: specs
    set up a sandbox that misbehaves for as long as it runs. ``ValueError`` says what's wrong.
    """
    kind, _, rest = spec.strip().partition(":")
    _check_kind(kind)  # before the fields: the likelier mistake
    values: dict[str, Any] = {"times": None}
    for item in _FIELD_START.split(rest) if rest else []:
        name, equals, text = item.partition("=")
        name = name.strip()
        if name not in _SPEC_FIELDS or not equals:
            raise ValueError(
                f"{item!r} is not FIELD=VALUE with FIELD one of {', '.join(_SPEC_FIELDS)}"
            )
        try:
            values[name] = _SPEC_FIELDS[name](text)
        except ValueError:
            raise ValueError(f"{name}={text!r} is not a valid value") from None
    return FaultRule(kind, **values)


# -- the plan ----------------------------------------------------------------------------------
class FaultPlan:
    def __init__(self, rules: Iterable[FaultRule | str] = ()) -> None:
        self.rules: list[FaultRule] = []
        self.by_kind: Counter[str] = Counter()
        for rule in rules:
            self.add(rule)

    @property
    def injected(self) -> int:
        return sum(self.by_kind.values())

    def add(self, rule: FaultRule | str) -> FaultRule:
        """Add a rule (or a spec). A rule object is copied, so one ``SandboxConfig`` can
        start several sandboxes that each count and draw on their own."""
        self.rules.append(parse_spec(rule) if isinstance(rule, str) else replace(rule))
        return self.rules[-1]

    def clear(self) -> None:
        self.rules.clear()

    def reset_counts(self) -> None:
        self.by_kind.clear()

    def take(self, method: str, path: str) -> FaultRule | None:
        """The first rule that matches this request and strikes, used up by one."""
        for rule in self.rules:
            if rule.matches(method, path) and rule.strikes():
                if rule.times is not None:
                    rule.times -= 1
                self.by_kind[rule.kind] += 1
                return rule
        return None

    def counts(self) -> dict[str, Any]:
        return {"injected": self.injected, "by_kind": dict(sorted(self.by_kind.items()))}


# -- misbehaving ---------------------------------------------------------------------------------
@dataclass
class _Exchange:
    """One request on its way through a fault: the route behind it and the client's ends."""

    rule: FaultRule
    app: ASGIApp
    scope: Scope
    receive: Receive
    send: Send
    rate_limit: int
    answered: bool = False

    async def respond(self, status: int, body: bytes, content_type: str, **headers: str) -> None:
        """Answer without the route."""
        raw = [(name.lower().encode(), value.encode()) for name, value in headers.items()]
        await self.send_raw(status, raw, body, content_type=content_type)

    async def _send(self, message: Message) -> None:
        if message["type"] == "http.response.start":
            self.answered = True
        await self.send(message)

    async def run_route(self) -> None:
        await self.app(self.scope, self.receive, self._send)

    async def route_answer(self) -> tuple[int, list[tuple[bytes, bytes]], bytes]:
        """Run the route, keeping its answer: status, headers and body."""
        captured: list[Message] = []

        async def capture(message: Message) -> None:
            captured.append(message)

        await self.app(self.scope, self.receive, capture)
        start = next(m for m in captured if m["type"] == "http.response.start")
        body = b"".join(m.get("body", b"") for m in captured if m["type"] == "http.response.body")
        return start["status"], list(start.get("headers", [])), body

    async def send_raw(
        self,
        status: int,
        headers: list[tuple[bytes, bytes]],
        body: bytes,
        *,
        length: int | None = None,
        content_type: str | None = None,
    ) -> None:
        """Send ``body`` as it is, announcing ``length`` bytes (all of them by default),
        labelled as the rule says, else ``content_type``, else as the route did."""
        length = len(body) if length is None else length
        kept = [(k, v) for k, v in headers if k.lower() not in (b"content-length", b"content-type")]
        content_type = (
            self.rule.content_type or content_type or _header(headers, b"content-type") or JSON
        )
        kept += [
            (b"content-type", content_type.encode()),
            (b"content-length", str(length).encode()),
        ]
        await self._send({"type": "http.response.start", "status": status, "headers": kept})
        await self._send(
            {"type": "http.response.body", "body": body, "more_body": length > len(body)}
        )

    async def wait_for_client_to_leave(self) -> None:
        while (await self.receive())["type"] != "http.disconnect":
            pass

    async def drop(self) -> None:
        if DROP_EXTENSION not in (self.scope.get("extensions") or {}):
            raise RuntimeError(
                "This server cannot drop connections: serve the sandbox with "
                "discogs_tui.sandbox.serve, or reach it in-process through "
                "discogs_tui.sandbox.transport.SandboxTransport."
            )
        await self.send({"type": DROP_EXTENSION})


def _header(headers: list[tuple[bytes, bytes]], name: bytes) -> str | None:
    return next((v.decode("latin-1") for k, v in headers if k.lower() == name), None)


async def _status(x: _Exchange) -> None:
    message = x.rule.message
    body = INJECTED if message is None else json.dumps({"message": message}).encode()
    await x.respond(x.rule.status, body, JSON)


async def _rate_limited(x: _Exchange) -> None:
    headers = {
        "X-Discogs-Ratelimit": str(x.rate_limit),
        "X-Discogs-Ratelimit-Used": str(x.rate_limit),
        "X-Discogs-Ratelimit-Remaining": "0",
    }
    if x.rule.retry_after is not None:
        headers["Retry-After"] = f"{x.rule.retry_after:g}"
    await x.respond(429, RATE_LIMITED, JSON, **headers)


async def _html(x: _Exchange) -> None:
    await x.respond(x.rule.status if x.rule.status != 503 else 200, MAINTENANCE_PAGE, HTML)


async def _garbled(x: _Exchange) -> None:
    status, headers, body = await x.route_answer()
    half = body[: max(1, len(body) // 2)]
    await x.send_raw(status, headers, half)


async def _empty(x: _Exchange) -> None:
    _, headers, _ = await x.route_answer()
    await x.send_raw(200, headers, b"")


async def _wrong_type(x: _Exchange) -> None:
    status, headers, body = await x.route_answer()
    await x.send_raw(status, headers, body, content_type=HTML)


async def _delay(x: _Exchange) -> None:
    await asyncio.sleep(x.rule.seconds)
    await x.run_route()


async def _hang(x: _Exchange) -> None:
    if not x.rule.seconds:
        await x.wait_for_client_to_leave()
        return
    try:
        await asyncio.wait_for(x.wait_for_client_to_leave(), x.rule.seconds)
    except TimeoutError:
        await x.drop()


async def _hang_after(x: _Exchange) -> None:
    status, headers, body = await x.route_answer()
    await asyncio.sleep(x.rule.seconds)
    await x.send_raw(status, headers, body)


async def _drop_before(x: _Exchange) -> None:
    await x.drop()


async def _drop_after(x: _Exchange) -> None:
    await x.route_answer()
    await x.drop()


async def _drop_during(x: _Exchange) -> None:
    status, headers, body = await x.route_answer()
    await x.send_raw(status, headers, body[: len(body) // 2], length=len(body))
    await x.drop()


_BEHAVIOUR: dict[str, Callable[[_Exchange], Awaitable[None]]] = {
    "status": _status,
    "rate_limited": _rate_limited,
    "html": _html,
    "garbled": _garbled,
    "empty": _empty,
    "wrong_type": _wrong_type,
    "delay": _delay,
    "hang": _hang,
    "hang_after": _hang_after,
    "drop_before": _drop_before,
    "drop_after": _drop_after,
    "drop_during": _drop_during,
}


async def run_with_fault(
    rule: FaultRule,
    app: ASGIApp,
    scope: Scope,
    receive: Receive,
    send: Send,
    *,
    rate_limit: int = 60,
) -> bool:
    """Answer the request as ``rule`` says; False when no answer was started (the
    connection was dropped, or the client gave up waiting). ``rate_limit`` is the client's
    tier, for the headers of an injected 429."""
    exchange = _Exchange(rule, app, scope, receive, send, rate_limit)
    await _BEHAVIOUR[rule.kind](exchange)
    return exchange.answered

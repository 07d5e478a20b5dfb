"""The sandbox as an ASGI app: routes plus what the real API does around every request.

Around every API request (``SandboxMiddleware``): credentials resolved; the moving-window
rate limit (429 past it); no User-Agent, an empty answer; wrong credentials, 401; then the
route; and the ``X-Discogs-Ratelimit*`` headers on every answer, the empty one included.
``/_sandbox/…`` is the sandbox's own control surface and is neither limited nor counted.
"""

from __future__ import annotations

from collections import Counter
from typing import Any

from starlette.applications import Starlette
from starlette.datastructures import Headers
from starlette.exceptions import HTTPException
from starlette.middleware import Middleware
from starlette.requests import Request
from starlette.responses import Response
from starlette.routing import Route
from starlette.types import ASGIApp, Message, Receive, Scope, Send

from discogs_tui.sandbox import oauth
from discogs_tui.sandbox.auth import ANONYMOUS, AuthFailure, Principal, discogs_auth
from discogs_tui.sandbox.config import SandboxConfig
from discogs_tui.sandbox.faults import (
    MSG_RATE_LIMITED,
    FaultPlan,
    FaultRule,
    parse_spec,
    run_with_fault,
)
from discogs_tui.sandbox.http import (
    AUTH_REALM,
    MSG_AUTHENTICATE,
    MSG_NOT_FOUND,
    ApiError,
    JsonResponse,
    respond,
)
from discogs_tui.sandbox.images import cover_jpeg, is_signed
from discogs_tui.sandbox.ratelimit import MovingWindowLimiter
from discogs_tui.sandbox.routes import (
    collection,
    database,
    inventory,
    lists,
    marketplace,
    users,
    wantlist,
)
from discogs_tui.sandbox.state import SandboxState
from discogs_tui.sandbox.world import build_state

RATE_LIMITED = {"message": MSG_RATE_LIMITED}
MSG_IMAGE_SIGNATURE = (
    "Invalid image signature: image URLs are signed; use them exactly as the API gave them."
)
_TOKEN_PATHS = ("/oauth/request_token", "/oauth/access_token", "/oauth/authorize")


class SandboxStats:
    """Request counts a test or a person can read at ``GET /_sandbox/stats``."""

    def __init__(self) -> None:
        self.requests = 0
        self.rate_limited = 0
        self.unanswered = 0  # dropped by a fault, or the client gave up waiting
        self.by_status: Counter[int] = Counter()
        self.by_method: Counter[str] = Counter()

    def record(self, method: str, status: int | None) -> None:
        """Count a request and its answer's status (None: it got no answer)."""
        self.requests += 1
        self.by_method[method] += 1
        if status is None:
            self.unanswered += 1
            return
        self.by_status[status] += 1
        if status == 429:
            self.rate_limited += 1

    def as_dict(self) -> dict[str, Any]:
        return {
            "requests": self.requests,
            "rate_limited": self.rate_limited,
            "unanswered": self.unanswered,
            "by_status": {str(k): v for k, v in sorted(self.by_status.items())},
            "by_method": dict(sorted(self.by_method.items())),
        }


def _client_of(scope: Scope) -> str:
    client = scope.get("client")
    return client[0] if client else "unknown"


async def _read_body(receive: Receive) -> bytes:
    chunks = []
    while True:
        message = await receive()
        if message["type"] == "http.disconnect":
            break
        chunks.append(message.get("body", b""))
        if not message.get("more_body", False):
            break
    return b"".join(chunks)


def _replay(body: bytes, receive: Receive) -> Receive:
    sent = False

    async def replay() -> Message:
        nonlocal sent
        if not sent:
            sent = True
            return {"type": "http.request", "body": body, "more_body": False}
        return await receive()

    return replay


class SandboxMiddleware:
    """The real API's handling around every route; shared objects come from ``app.state``."""

    def __init__(self, app: ASGIApp) -> None:
        self.app = app

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        shared = scope["app"].state
        if scope["path"].startswith("/_sandbox"):
            scope["discogs.principal"] = ANONYMOUS
            await self.app(scope, receive, send)
            return
        stats: SandboxStats = shared.stats
        config: SandboxConfig = shared.config
        headers = Headers(scope=scope)
        body = await _read_body(receive)
        failure: AuthFailure | None = None
        try:
            who = _principal(Request(scope), body)
        except AuthFailure as error:
            who, failure = ANONYMOUS, error
        signed = who.authenticated or (scope["path"] in _TOKEN_PATHS and "authorization" in headers)
        limit = config.rate_limit_auth if signed else config.rate_limit_anon
        decision = shared.limiter.hit(_client_of(scope), limit)
        rate_headers = decision.headers()
        if not decision.allowed:
            if config.retry_after:
                rate_headers["Retry-After"] = str(max(1, round(decision.retry_after + 0.5)))
            response: Response = JsonResponse(RATE_LIMITED, 429, rate_headers)
        elif not headers.get("user-agent", "").strip():
            # The real API gives clients without a User-Agent an empty answer (which counts).
            response = Response(b"", 200, rate_headers)
        elif failure is not None:
            rate_headers["WWW-Authenticate"] = AUTH_REALM
            response = JsonResponse(
                {"message": failure.message or MSG_AUTHENTICATE}, 401, rate_headers
            )
        else:
            scope["discogs.principal"] = who
            replay, answer = _replay(body, receive), _with_headers(send, scope, stats, rate_headers)
            fault = shared.faults.take(scope["method"], scope["path"])
            if fault is None:
                await self.app(scope, replay, answer)
                return
            answered = False
            try:
                answered = await run_with_fault(
                    fault, self.app, scope, replay, answer, rate_limit=limit
                )
            finally:  # unanswered: dropped, or the client gave up (in-process: cancelled us)
                if not answered:
                    stats.record(scope["method"], None)
            return
        stats.record(scope["method"], response.status_code)
        await response(scope, receive, send)


def _principal(request: Request, body: bytes) -> Principal:
    if request.url.path in _TOKEN_PATHS:
        return ANONYMOUS  # the token endpoints check their own signatures
    signed = oauth.oauth_request(request, body)
    if signed is not None:
        return request.app.state.oauth.principal(signed)
    state = request.app.state.sandbox
    return discogs_auth(state, request.headers.get("authorization"), request.url.query) or ANONYMOUS


def _with_headers(send: Send, scope: Scope, stats: SandboxStats, extra: dict[str, str]) -> Send:
    """``send`` that records the status and adds ``extra`` headers to the answer (those
    it doesn't set itself: an injected 429 brings its own rate-limit headers)."""

    async def send_with_headers(message: Message) -> None:
        if message["type"] == "http.response.start":
            stats.record(scope["method"], message["status"])
            message = dict(message)
            headers = list(message.get("headers", []))
            present = {name.lower() for name, _ in headers}
            added = ((k.lower().encode(), v.encode()) for k, v in extra.items())
            message["headers"] = [*headers, *(h for h in added if h[0] not in present)]
        await send(message)

    return send_with_headers


# -- the sandbox's own routes ----------------------------------------------------------------
async def stats_endpoint(request: Request) -> Response:
    stats: SandboxStats = request.app.state.stats
    if request.method == "DELETE":
        request.app.state.stats = SandboxStats()
        request.app.state.limiter.reset()
        request.app.state.faults.reset_counts()
        return Response(status_code=204)
    return JsonResponse({**stats.as_dict(), "faults": request.app.state.faults.counts()})


async def faults_endpoint(request: Request) -> Response:
    """GET lists the fault rules, POST adds one (JSON: the fields of ``FaultRule``, or
    ``{"spec": "kind:field=value,..."}``), DELETE removes them all."""
    plan: FaultPlan = request.app.state.faults
    if request.method == "POST":
        try:
            fields = await request.json()
            rule = plan.add(parse_spec(fields["spec"]) if "spec" in fields else FaultRule(**fields))
        except (TypeError, ValueError) as error:
            return JsonResponse({"message": f"Invalid fault rule: {error}"}, 422)
        return JsonResponse(rule.as_dict(), 201)
    if request.method == "DELETE":
        plan.clear()
        return Response(status_code=204)
    return JsonResponse({"rules": [rule.as_dict() for rule in plan.rules], **plan.counts()})


async def image_endpoint(request: Request) -> Response:
    """The JPEG behind an image URL the sandbox gave out; an altered URL is refused."""
    path = request.path_params["path"]
    if not is_signed(path):
        raise ApiError(403, MSG_IMAGE_SIGNATURE)
    return Response(
        cover_jpeg(path),
        media_type="image/jpeg",
        headers={"Cache-Control": "public, max-age=31536000, immutable"},
    )


# -- errors as the API words them -------------------------------------------------------------
async def api_error(request: Request, error: ApiError) -> Response:
    return respond(request, {"message": error.message}, error.status, error.headers)


async def http_error(request: Request, error: HTTPException) -> Response:
    messages = {
        404: MSG_NOT_FOUND,
        405: "Method not allowed: this resource does not support that HTTP verb.",
    }
    message = messages.get(error.status_code, error.detail)
    return JsonResponse({"message": message}, error.status_code, headers=error.headers)


async def server_error(request: Request, error: Exception) -> Response:
    code = f"sandbox-{type(error).__name__}"
    return JsonResponse(
        {"message": f"An internal server error occurred. (Error code: {code})"}, 500
    )


def api_routes() -> list[Route]:
    return [
        Route("/oauth/request_token", oauth.request_token, methods=["GET", "POST"]),
        Route("/oauth/authorize", oauth.authorize, methods=["GET"]),
        Route("/oauth/access_token", oauth.access_token, methods=["GET", "POST"]),
        *database.routes,
        *marketplace.routes,
        *inventory.routes,
        *users.routes,
        *collection.routes,
        *wantlist.routes,
        *lists.routes,
        Route("/images/{path:path}", image_endpoint, methods=["GET"]),
        Route("/_sandbox/stats", stats_endpoint, methods=["GET", "DELETE"]),
        Route("/_sandbox/faults", faults_endpoint, methods=["GET", "POST", "DELETE"]),
    ]


def create_app(config: SandboxConfig | None = None, state: SandboxState | None = None) -> Starlette:
    """A sandbox with its own state (built from the deterministic demo world unless given)."""
    config = config or SandboxConfig()
    state = state or build_state(config)
    app = Starlette(
        routes=api_routes(),
        middleware=[Middleware(SandboxMiddleware)],
        exception_handlers={ApiError: api_error, HTTPException: http_error, 500: server_error},
    )
    app.state.sandbox = state
    app.state.config = config
    app.state.stats = SandboxStats()
    app.state.limiter = MovingWindowLimiter(config.rate_window, config.monotonic)
    app.state.oauth = oauth.OAuthVerifier(state, config)
    app.state.faults = FaultPlan(config.faults)
    return app

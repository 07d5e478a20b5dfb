"""DiscogsClient: one HTTP client for the whole app, and the rules every request follows.

Reads: served from the cache while fresh; when stale, the cached answer comes back at once
and a background refresh stores the server's (stale-while-revalidate).
Otherwise they go through the scheduler, and connect errors, timeouts, 5xx and garbled
bodies are retried with exponential backoff and full jitter, bounded in attempts and time;
a 429 pauses the queue and the read goes again.

Writes: sent once. They are retried only when nothing reached the server (the connection
could not be made); if the request went out and no answer came back, or one that can't be
read (a maintenance page, a cut-off body), the caller gets ``OutcomeUnknown`` and must re-read. A successful write makes the cached answers it affects
stale.
"""

from __future__ import annotations

import asyncio
import ipaddress
import json
import logging
import random
import time
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from typing import Any
from urllib.parse import urlencode, urlsplit

import httpx

from discogs_tui import PROJECT_URL, __version__
from discogs_tui.api import cachepolicy
from discogs_tui.api.auth import ANONYMOUS, Credentials
from discogs_tui.api.cache import ResponseCache
from discogs_tui.api.errors import (
    AuthError,
    DiscogsError,
    MalformedResponse,
    NetworkError,
    OutcomeUnknown,
    RateLimited,
    ServerError,
    error_for_status,
)
from discogs_tui.api.ratelimit import ANONYMOUS_LIMIT, AUTHENTICATED_LIMIT, RateLimiter
from discogs_tui.api.scheduler import Priority, Scheduler

log = logging.getLogger(__name__)

DEFAULT_API_URL = "https://api.discogs.com"
USER_AGENT = f"discogs-tui/{__version__} +{PROJECT_URL}"
ACCEPT = "application/vnd.discogs.v2.discogs+json"
TIMEOUT = httpx.Timeout(connect=10.0, read=30.0, write=30.0, pool=30.0)
_AUTH_PARAMS = frozenset({"token", "key", "secret"})
IMAGE_TTL = 7 * 24 * 3600.0

# Nothing reached the server when these happen, so even a write may go again.
_NOT_SENT = (httpx.ConnectError, httpx.ConnectTimeout, httpx.PoolTimeout, httpx.UnsupportedProtocol)


@dataclass(frozen=True)
class RetryPolicy:
    attempts: int = 5  # tries of one read, 429s not counted
    base_delay: float = 0.5
    max_delay: float = 8.0
    deadline: float = 60.0  # give up retrying a read after this many seconds
    max_rate_limited: int = 20  # 429s one read may meet before failing

    def backoff(self, attempt: int) -> float:
        """Full jitter: a random wait up to the exponential bound."""
        return random.uniform(0.0, min(self.max_delay, self.base_delay * (2**attempt)))


@dataclass
class ApiResponse:
    status: int
    data: Any  # parsed JSON, or None (204, CSV downloads keep the text in `text`)
    headers: Mapping[str, str] = field(default_factory=dict)
    text: str = ""
    from_cache: bool = False
    stale: bool = False


def is_loopback(host: str) -> bool:
    if host == "localhost":
        return True
    try:
        return ipaddress.ip_address(host.strip("[]")).is_loopback
    except ValueError:
        return False


def same_origin(url: httpx.URL, other: httpx.URL) -> bool:
    """Whether two URLs share scheme, host and port (a missing port is the scheme's own)."""
    return (
        url.scheme == other.scheme
        and url.host.lower() == other.host.lower()
        and _port(url) == _port(other)
    )


def _port(url: httpx.URL) -> int | None:
    return url.port or {"http": 80, "https": 443}.get(url.scheme)


def normalised_query(params: Mapping[str, Any] | None) -> str:
    """Sorted, without credentials, None values dropped: one cache key per distinct request."""
    if not params:
        return ""
    items = sorted(
        (str(k), _param_text(v))
        for k, v in params.items()
        if v is not None and k not in _AUTH_PARAMS
    )
    return urlencode(items)


def _param_text(value: Any) -> str:
    if isinstance(value, bool):
        return "true" if value else "false"
    return str(value)


class DiscogsClient:
    def __init__(
        self,
        credentials: Credentials = ANONYMOUS,
        *,
        base_url: str = DEFAULT_API_URL,
        transport: httpx.AsyncBaseTransport | None = None,
        cache: ResponseCache | None = None,
        limiter: RateLimiter | None = None,
        retry: RetryPolicy | None = None,
        timeout: httpx.Timeout = TIMEOUT,
        user_agent: str = USER_AGENT,
        sleep: Callable[[float], Any] = asyncio.sleep,
    ) -> None:
        self.base_url = base_url.rstrip("/")
        _refuse_plain_http(self.base_url, credentials)
        self.credentials = credentials
        self.cache = cache if cache is not None else ResponseCache(None)
        self.retry = retry or RetryPolicy()
        self._sleep = sleep
        self._http = httpx.AsyncClient(
            base_url=self.base_url,
            transport=transport,
            timeout=timeout,
            headers={"User-Agent": user_agent, "Accept": ACCEPT, "Accept-Encoding": "gzip"},
            auth=credentials.auth(),
        )
        tier = AUTHENTICATED_LIMIT if credentials.authenticated else ANONYMOUS_LIMIT
        self.limiter = limiter or RateLimiter(tier)
        self.scheduler = Scheduler(self._send, self.limiter)
        self._refreshes: set[asyncio.Task] = set()

    def __repr__(self) -> str:
        return f"DiscogsClient(base_url={self.base_url!r}, credentials={self.credentials!r})"

    @property
    def username(self) -> str | None:
        return getattr(self.credentials, "username", None)

    async def aclose(self) -> None:
        for task in self._refreshes:
            task.cancel()
        await asyncio.gather(*self._refreshes, return_exceptions=True)
        await self.scheduler.aclose()
        await self._http.aclose()

    async def _send(self, request: httpx.Request) -> httpx.Response:
        """Send with our credentials only to the API's own origin (scheme, host and port):
        image URLs live elsewhere, are signed already, and must never receive a token; nor
        may the API's host over plain HTTP or on another port."""
        ours = same_origin(request.url, self._http.base_url)
        return await self._http.send(request, auth=httpx.USE_CLIENT_DEFAULT if ours else None)

    async def get_bytes(self, url: str, *, priority: Priority = Priority.PREFETCH) -> bytes:
        """The bytes at ``url`` (cover images), cached like catalogue data, fetched as they
        are (signed URLs are never rewritten) through the scheduler: Discogs counts image
        requests against the rate limit."""
        key = "|".join((self.credentials.cache_identity(), "BYTES", url))
        cached = self.cache.get(key)
        if cached is not None:
            return cached.body
        request = self._http.build_request("GET", url, headers={"Accept": "image/*"})
        try:
            response = await self.scheduler.submit(request, priority, coalesce_key=key)
        except httpx.TransportError as error:
            raise _as_discogs_error(error, "Downloading an image") from None
        if response.status_code != 200:
            raise error_for_status(response.status_code, _message_of(response))
        self.cache.put(key, response.content, IMAGE_TTL)
        return response.content

    # -- reads ----------------------------------------------------------------------------------
    def cache_key(
        self, path: str, params: Mapping[str, Any] | None, policy: cachepolicy.Policy
    ) -> str:
        generation = self.cache.generation(policy.scope)
        return "|".join(
            (
                self.credentials.cache_identity(),
                "GET",
                path,
                normalised_query(params),
                ACCEPT,
                f"{policy.scope}#{generation}",
            )
        )

    async def get(
        self,
        path: str,
        params: Mapping[str, Any] | None = None,
        *,
        priority: Priority = Priority.INTERACTIVE,
        use_cache: bool = True,
    ) -> Any:
        """The JSON of ``GET path``: cached when fresh, else fetched (with retries)."""
        return (
            await self.get_response(
                path, params, priority=priority, use_cache=use_cache
            )
        ).data

    async def get_response(
        self,
        path: str,
        params: Mapping[str, Any] | None = None,
        *,
        priority: Priority = Priority.INTERACTIVE,
        use_cache: bool = True,
        headers: Mapping[str, str] | None = None,
    ) -> ApiResponse:
        policy = cachepolicy.read_policy(path)
        key = self.cache_key(path, params, policy)
        storable = use_cache and policy.ttl > 0 and not headers
        if storable:
            cached = self.cache.get(key)
            if cached is not None:
                data = json.loads(cached.body)
                stale = not cached.fresh(self.cache.now())
                if stale:
                    self._revalidate(path, params, key, policy)
                return ApiResponse(200, data, from_cache=True, stale=stale)
        response = await self._read(path, params, priority, key, headers)
        if storable and response.status == 200:
            self.cache.put(key, json.dumps(response.data).encode(), policy.ttl)
        return response

    def _revalidate(
        self,
        path: str,
        params: Mapping[str, Any] | None,
        key: str,
        policy: cachepolicy.Policy,
    ) -> None:
        async def refresh() -> None:
            try:
                response = await self._read(path, params, Priority.PREFETCH, key, None)
            except DiscogsError as error:
                log.info("background refresh of %s failed: %s", path, error.message)
                return
            self.cache.put(key, json.dumps(response.data).encode(), policy.ttl)

        task = asyncio.get_running_loop().create_task(refresh())
        self._refreshes.add(task)
        task.add_done_callback(self._refreshes.discard)

    async def _read(
        self,
        path: str,
        params: Mapping[str, Any] | None,
        priority: Priority,
        key: str,
        headers: Mapping[str, str] | None,
    ) -> ApiResponse:
        started = time.monotonic()
        attempt = rate_limited = 0
        while True:
            request = self._http.build_request("GET", path, params=_clean(params), headers=headers)
            try:
                response = await self.scheduler.submit(
                    request, priority, coalesce_key=None if headers else key
                )
                if response.status_code == 429:
                    rate_limited += 1
                    if rate_limited > self.retry.max_rate_limited:
                        raise RateLimited(_message_of(response) or "Too many requests.")
                    continue  # the scheduler paused the queue; go again when it lets us
                return _interpret(response, write=False)
            except (httpx.TransportError, ServerError, MalformedResponse) as error:
                attempt += 1
                elapsed = time.monotonic() - started
                if attempt >= self.retry.attempts or elapsed >= self.retry.deadline:
                    raise _as_discogs_error(error, f"GET {path}") from None
                delay = self.retry.backoff(attempt)
                log.info(
                    "GET %s failed (%s); retry %d in %.1fs",
                    path,
                    type(error).__name__,
                    attempt,
                    delay,
                )
                await self._sleep(delay)

    # -- writes ---------------------------------------------------------------------------------
    async def write(
        self,
        method: str,
        path: str,
        *,
        json_body: Mapping[str, Any] | None = None,
        params: Mapping[str, Any] | None = None,
        files: Mapping[str, Any] | None = None,
        priority: Priority = Priority.INTERACTIVE,
    ) -> ApiResponse:
        """Send a write once; resend only if it never left this machine."""
        attempt = 0
        while True:
            request = self._http.build_request(
                method, path, params=_clean(params), json=json_body, files=files
            )
            try:
                response = await self.scheduler.submit(request, priority)
            except _NOT_SENT as error:
                attempt += 1
                if attempt >= self.retry.attempts:
                    raise NetworkError(
                        f"Could not reach Discogs to {method} {path}: nothing was sent."
                    ) from None
                log.info(
                    "%s %s could not connect (%s); nothing was sent, trying again",
                    method,
                    path,
                    type(error).__name__,
                )
                await self._sleep(self.retry.backoff(attempt))
                continue
            except httpx.TransportError as error:
                self._written(path)  # it may have been applied
                raise OutcomeUnknown(
                    f"{method} {path} was sent but no answer came back: {_in_words(error)}."
                ) from None
            if response.status_code == 429:
                raise RateLimited(
                    "Discogs refused the request: too many requests. Nothing was changed."
                )
            try:
                result = _interpret(response, write=True)
            except OutcomeUnknown:
                self._written(path)
                raise
            self._written(path)
            return result

    def _written(self, path: str) -> None:
        """What a write to ``path`` changed (or may have changed) is stale now."""
        self.cache.bump(*cachepolicy.scopes_written(path, self.username))


def _clean(params: Mapping[str, Any] | None) -> dict[str, str] | None:
    if not params:
        return None
    return {str(k): _param_text(v) for k, v in params.items() if v is not None}


def _refuse_plain_http(base_url: str, credentials: Credentials) -> None:
    parts = urlsplit(base_url)
    if (
        credentials.authenticated
        and parts.scheme != "https"
        and not is_loopback(parts.hostname or "")
    ):
        raise DiscogsError(
            f"Refusing to send credentials over plain HTTP to {parts.hostname}.",
            hint="Use an https:// API URL (plain http is allowed only for a loopback sandbox).",
        )


def _message_of(response: httpx.Response) -> str | None:
    try:
        body = response.json()
    except ValueError:
        return None
    message = body.get("message") if isinstance(body, dict) else None
    return message if isinstance(message, str) else None


def _interpret(response: httpx.Response, *, write: bool) -> ApiResponse:
    """Turn an HTTP answer into data, or into the right DiscogsError."""
    status = response.status_code
    headers = response.headers
    if status >= 400:
        message = _message_of(response)
        if status >= 500 and message is None:
            raise ServerError(
                f"Discogs answered HTTP {status} without an explanation.", status=status
            )
        error = error_for_status(status, message)
        if (
            isinstance(error, AuthError)
            and message
            and ("clock" in message or "timestamp" in message)
        ):
            error.hint = "Your computer's clock is off: OAuth needs it right to the minute. Fix the time, then retry."
        raise error
    if status in (204, 304) or not response.content:
        if not write and status == 200:
            raise MalformedResponse("Discogs sent an empty answer.", status=status)
        return ApiResponse(status, None, headers)
    content_type = headers.get("content-type", "")
    if "text/csv" in content_type:
        return ApiResponse(status, None, headers, text=response.text)
    if "json" not in content_type:
        raise _unreadable(
            f"Discogs sent {content_type or 'an unknown type'} instead of JSON.", status, write
        )
    try:
        data = response.json()
    except ValueError:
        raise _unreadable("Discogs sent a garbled answer.", status, write) from None
    return ApiResponse(status, data, headers)


def _unreadable(message: str, status: int, write: bool) -> DiscogsError:
    """A read can simply go again. A write's 2xx answer that can't be read proves nothing:
    a maintenance page means it wasn't applied, a cut-off body that it was."""
    if write:
        return OutcomeUnknown(message, status=status)
    return MalformedResponse(message, status=status)


def _as_discogs_error(error: Exception, what: str) -> DiscogsError:
    if isinstance(error, DiscogsError):
        return error
    if isinstance(error, httpx.TransportError):
        return NetworkError(f"{what} failed: {_in_words(error)}.")
    return NetworkError(f"{what} failed: {type(error).__name__}.")


def _in_words(error: httpx.TransportError) -> str:
    """What a transport error means, for the person reading the message."""
    if isinstance(error, httpx.ConnectTimeout):
        return "timed out connecting to Discogs"
    if isinstance(error, httpx.TimeoutException):
        return "timed out waiting for the answer"
    if isinstance(error, httpx.ConnectError):
        return "could not connect to Discogs (check the network)"
    if isinstance(error, httpx.RemoteProtocolError | httpx.ReadError):
        return "the connection was dropped before the answer arrived"
    if isinstance(error, httpx.WriteError):
        return "the connection broke while sending"
    return f"the network failed ({type(error).__name__})"

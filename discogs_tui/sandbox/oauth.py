"""OAuth 1.0a, verified for real: PLAINTEXT and HMAC-SHA1 signatures, request tokens that
expire after 15 minutes, an authorize page that shows the verifier (the out-of-band flow),
and access tokens that sign later requests.
"""

from __future__ import annotations

import hmac
import html
import secrets
from collections import OrderedDict
from dataclasses import dataclass
from urllib.parse import parse_qsl, quote, unquote, urlencode

from starlette.requests import Request
from starlette.responses import HTMLResponse, RedirectResponse, Response

from discogs_tui.sandbox.auth import AuthFailure, Principal
from discogs_tui.sandbox.config import DEMO_USERNAME, SandboxConfig
from discogs_tui.sandbox.http import ApiError, JsonResponse, sandbox
from discogs_tui.sandbox.state import AccessToken, RequestToken, SandboxState

_NONCE_MEMORY = 10_000
FORM_TYPE = "application/x-www-form-urlencoded"


@dataclass(frozen=True)
class OAuthRequest:
    """What a signature covers: method, URL without query, and every parameter."""

    method: str
    url: str  # scheme://host[:port]/path, as the client addressed it
    query: list[tuple[str, str]]
    oauth: dict[str, str]  # the oauth_* parameters, wherever they came from
    body_params: list[tuple[str, str]]  # form-encoded body parameters (signed too)
    header: dict[str, str]  # the oauth_* parameters of the Authorization header (signed too)


def parse_oauth_header(value: str) -> dict[str, str]:
    """``OAuth realm="x", oauth_consumer_key="k", …`` -> {name: unquoted value}."""
    params: dict[str, str] = {}
    for part in value.strip()[len("OAuth") :].split(","):
        name, sep, raw = part.strip().partition("=")
        if sep and name:
            params[name.strip()] = unquote(raw.strip().strip('"'))
    params.pop("realm", None)
    return params


def oauth_request(request: Request, body: bytes) -> OAuthRequest | None:
    """The OAuth parameters of ``request``, or None when it carries no OAuth credentials."""
    header = request.headers.get("authorization", "")
    query = parse_qsl(request.url.query, keep_blank_values=True)
    body_params: list[tuple[str, str]] = []
    if FORM_TYPE in request.headers.get("content-type", ""):
        body_params = parse_qsl(body.decode("utf-8", "replace"), keep_blank_values=True)
    in_header = header.strip().lower().startswith("oauth ")
    signed = parse_oauth_header(header) if in_header else {}
    # Clients may send some oauth_* parameters in the query (disconnect: oauth_verifier).
    oauth = {k: v for k, v in [*query, *body_params] if k.startswith("oauth_")} | signed
    if not in_header and "oauth_consumer_key" not in oauth:
        return None
    url = f"{request.url.scheme}://{request.url.netloc}{request.url.path}"
    return OAuthRequest(request.method, url, query, oauth, body_params, signed)


class OAuthVerifier:
    """Checks signatures, timestamps and nonces against the sandbox's consumers and tokens."""

    def __init__(self, state: SandboxState, config: SandboxConfig) -> None:
        self.state = state
        self.config = config
        self._nonces: OrderedDict[tuple[str, str, str], float] = OrderedDict()

    def verify(self, req: OAuthRequest, token_secret: str) -> None:
        """Raise AuthFailure unless ``req`` is signed by its consumer (and token) secret."""
        oauth = req.oauth
        consumer = self.state.consumers.get(oauth.get("oauth_consumer_key", ""))
        if consumer is None:
            raise AuthFailure("Invalid consumer key.")
        method = oauth.get("oauth_signature_method", "")
        signature = oauth.get("oauth_signature", "")
        if method == "PLAINTEXT":
            # RFC 5849 lets PLAINTEXT omit the timestamp and nonce; when sent they count.
            if "oauth_timestamp" in oauth:
                self._check_timestamp(oauth)
            if oauth.get("oauth_nonce"):
                self._check_nonce(oauth)
            expected = f"{quote(consumer.secret, safe='')}&{quote(token_secret, safe='')}"
            # Some clients percent-encode the PLAINTEXT signature once more.
            if not (_same(signature, expected) or _same(unquote(signature), expected)):
                raise AuthFailure(
                    "Invalid signature: PLAINTEXT must be 'consumer_secret&token_secret'."
                )
            return
        if method != "HMAC-SHA1":
            raise AuthFailure(
                f"Unsupported oauth_signature_method {method!r}: use PLAINTEXT or HMAC-SHA1."
            )
        self._check_timestamp(oauth)
        self._check_nonce(oauth)
        from authlib.oauth1.rfc5849.signature import construct_base_string, hmac_sha1_signature

        params = [*req.query, *req.body_params, *req.header.items()]
        params = [(k, v) for k, v in params if k != "oauth_signature"]
        base_string = construct_base_string(req.method, req.url, params)
        expected = hmac_sha1_signature(base_string, consumer.secret, token_secret)
        if not _same(signature, expected):
            raise AuthFailure(
                "Invalid signature: the HMAC-SHA1 signature does not match this request."
            )

    def _check_timestamp(self, oauth: dict[str, str]) -> None:
        try:
            stamp = int(oauth.get("oauth_timestamp", ""))
        except ValueError:
            raise AuthFailure("Missing or malformed oauth_timestamp.") from None
        skew = stamp - self.config.clock()
        if abs(skew) > self.config.oauth_clock_skew:
            raise AuthFailure(
                f"Invalid oauth_timestamp: it is {abs(skew):.0f} seconds "
                f"{'ahead of' if skew > 0 else 'behind'} the server's clock. Check the system clock."
            )

    def _check_nonce(self, oauth: dict[str, str]) -> None:
        key = (
            oauth.get("oauth_consumer_key", ""),
            oauth.get("oauth_token", ""),
            oauth.get("oauth_nonce", ""),
        )
        if not key[2]:
            raise AuthFailure("Missing oauth_nonce.")
        if key in self._nonces:
            raise AuthFailure("This oauth_nonce was already used: the request looks replayed.")
        self._nonces[key] = self.config.clock()
        while len(self._nonces) > _NONCE_MEMORY:
            self._nonces.popitem(last=False)

    def principal(self, req: OAuthRequest) -> Principal:
        """The user an access-token-signed request acts for."""
        access = self.state.access_tokens.get(req.oauth.get("oauth_token", ""))
        if access is None or access.consumer_key != req.oauth.get("oauth_consumer_key"):
            raise AuthFailure("Invalid OAuth access token.")
        self.verify(req, access.secret)
        user = self.state.user(access.username)
        if user is None:
            raise AuthFailure("The user of this OAuth token no longer exists.")
        return Principal("oauth", user=user, consumer=self.state.consumers[access.consumer_key])


def _same(given: str, expected: str) -> bool:
    return hmac.compare_digest(given.encode(), expected.encode())


def _form(data: dict[str, str]) -> Response:
    return Response(urlencode(data), 200, media_type=FORM_TYPE)


def _verifier(request: Request) -> OAuthVerifier:
    return request.app.state.oauth


async def _signed(request: Request) -> OAuthRequest:
    req = oauth_request(request, await request.body())
    if req is None:
        raise ApiError(400, "Missing OAuth parameters: send an 'Authorization: OAuth …' header.")
    return req


async def request_token(request: Request) -> Response:
    """GET or POST /oauth/request_token."""
    req = await _signed(request)
    try:
        _verifier(request).verify(req, token_secret="")
    except AuthFailure as failure:
        raise ApiError(400, failure.message) from None
    state = sandbox(request)
    token = RequestToken(
        token=secrets.token_hex(16),
        secret=secrets.token_hex(16),
        consumer_key=req.oauth["oauth_consumer_key"],
        callback=req.oauth.get("oauth_callback", "oob") or "oob",
        created=request.app.state.config.clock(),
    )
    state.request_tokens[token.token] = token
    return _form(
        {
            "oauth_token": token.token,
            "oauth_token_secret": token.secret,
            "oauth_callback_confirmed": "true",
        }
    )


def _live_request_token(request: Request, token_value: str) -> RequestToken:
    token = sandbox(request).request_tokens.get(token_value)
    config: SandboxConfig = request.app.state.config
    if token is None:
        raise ApiError(400, "Invalid or unknown OAuth request token.")
    if config.clock() - token.created > config.request_token_ttl:
        raise ApiError(400, "The OAuth request token has expired (after 15 minutes). Start again.")
    return token


async def authorize(request: Request) -> Response:
    """The page a user opens to approve an app; it shows the verifier (out of band)."""
    token = _live_request_token(request, request.query_params.get("oauth_token", ""))
    state = sandbox(request)
    username = request.query_params.get("username", DEMO_USERNAME)
    user = state.user(username)
    if user is None:
        raise ApiError(404, f"No sandbox user named {username!r}.")
    token.username = user.username
    token.verifier = token.verifier or secrets.token_hex(5)
    if token.callback != "oob":
        sep = "&" if "?" in token.callback else "?"
        query = urlencode({"oauth_token": token.token, "oauth_verifier": token.verifier})
        return RedirectResponse(f"{token.callback}{sep}{query}", status_code=302)
    if "application/json" in request.headers.get("accept", ""):
        return JsonResponse(
            {
                "oauth_token": token.token,
                "oauth_verifier": token.verifier,
                "username": user.username,
            }
        )
    app_name = html.escape(state.consumers[token.consumer_key].name)
    page = (
        "<!doctype html><html><head><title>Authorize application</title></head><body>"
        f"<h1>Authorize {app_name}</h1>"
        f"<p>{app_name} may now use the Discogs sandbox account "
        f"<strong>{html.escape(user.username)}</strong>.</p>"
        "<p>Paste this verifier into the application:</p>"
        f'<p>Verifier: <code id="oauth_verifier">{token.verifier}</code></p>'
        "</body></html>"
    )
    return HTMLResponse(page)


async def access_token(request: Request) -> Response:
    """GET or POST /oauth/access_token: exchange an authorized request token and its verifier
    (OAuth 1.0a clients use either method, like on the request token endpoint)."""
    req = await _signed(request)
    token = _live_request_token(request, req.oauth.get("oauth_token", ""))
    if token.consumer_key != req.oauth.get("oauth_consumer_key"):
        raise ApiError(400, "This request token belongs to another consumer.")
    try:
        _verifier(request).verify(req, token_secret=token.secret)
    except AuthFailure as failure:
        raise ApiError(400, failure.message) from None
    if token.verifier is None or token.username is None:
        raise ApiError(400, "The request token has not been authorized yet.")
    if not _same(req.oauth.get("oauth_verifier", ""), token.verifier):
        raise ApiError(400, "Invalid OAuth verifier.")
    state = sandbox(request)
    del state.request_tokens[token.token]
    access = AccessToken(
        secrets.token_hex(20), secrets.token_hex(20), token.consumer_key, token.username
    )
    state.access_tokens[access.token] = access
    return _form({"oauth_token": access.token, "oauth_token_secret": access.secret})

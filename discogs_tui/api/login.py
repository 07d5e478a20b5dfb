"""Signing in without a browser: check a personal token, or run OAuth 1.0a out of band
(request token with callback ``oob`` -> the user opens the authorize URL and pastes the
verifier -> access token). Nothing here prints or stores; callers do."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

import httpx

from discogs_tui.api import validation
from discogs_tui.api.auth import (
    AUTHORIZE_URL,
    ConsumerCredentials,
    Credentials,
    OAuth1Signer,
    OAuthCredentials,
    TokenCredentials,
    parse_token_answer,
    with_username,
)
from discogs_tui.api.client import DEFAULT_API_URL, USER_AGENT, DiscogsClient
from discogs_tui.api.errors import AuthError, DiscogsError, NetworkError

CLOCK_HINT = "If this keeps happening, check your computer's clock: OAuth needs it right."


@dataclass(frozen=True, repr=False)
class PendingAuthorization:
    """A request token waiting for the user's verifier (valid for 15 minutes)."""

    consumer: ConsumerCredentials
    token: str
    secret: str
    authorize_url: str

    def __repr__(self) -> str:
        return f"PendingAuthorization(authorize_url={self.authorize_url!r})"


def authorize_url_for(base_url: str, request_token: str) -> str:
    """The page where the user approves: discogs.com for the real API, else the sandbox's."""
    page = (
        AUTHORIZE_URL
        if base_url.rstrip("/") == DEFAULT_API_URL
        else f"{base_url.rstrip('/')}/oauth/authorize"
    )
    return f"{page}?oauth_token={request_token}"


async def identify(credentials: Credentials, base_url: str, transport: Any = None) -> Credentials:
    """``credentials`` with their username, checked against ``/oauth/identity``."""
    client = DiscogsClient(credentials, base_url=base_url, transport=transport)
    try:
        identity = await client.get("/oauth/identity", use_cache=False)
    finally:
        await client.aclose()
    return with_username(credentials, identity["username"])


async def check_token(
    token: str, base_url: str = DEFAULT_API_URL, transport: Any = None
) -> TokenCredentials:
    token = token.strip()
    if not token:
        raise AuthError(
            "No token given.", hint="Generate one at discogs.com → Settings → Developers."
        )
    token = validation.credential("The token", token)
    credentials = await identify(TokenCredentials(token=token), base_url, transport)
    assert isinstance(credentials, TokenCredentials)
    return credentials


async def _token_request(
    base_url: str, path: str, auth: OAuth1Signer, transport: Any
) -> dict[str, str]:
    async with httpx.AsyncClient(
        base_url=base_url, transport=transport, headers={"User-Agent": USER_AGENT}, timeout=30.0
    ) as http:
        try:
            response = await http.post(path, auth=auth)
        except httpx.TransportError as error:
            raise NetworkError(f"Could not reach {base_url} ({type(error).__name__}).") from None
    if response.status_code != 200:
        try:
            message = response.json().get("message", "")
        except ValueError:
            message = ""
        raise AuthError(
            message or f"OAuth step failed with HTTP {response.status_code}.",
            status=response.status_code,
            hint=CLOCK_HINT,
        )
    answer = parse_token_answer(response.text)
    if not answer.get("oauth_token") or not answer.get("oauth_token_secret"):
        raise DiscogsError("Discogs sent an OAuth answer without a token.")
    return answer


async def start_oauth(
    consumer: ConsumerCredentials, base_url: str = DEFAULT_API_URL, transport: Any = None
) -> PendingAuthorization:
    key = validation.credential("The consumer key", consumer.key)
    secret = validation.credential("The consumer secret", consumer.secret)
    signer = OAuth1Signer(key, secret, None, None, redirect_uri="oob")
    answer = await _token_request(base_url, "/oauth/request_token", signer, transport)
    token = answer["oauth_token"]
    return PendingAuthorization(
        consumer, token, answer["oauth_token_secret"], authorize_url_for(base_url, token)
    )


async def finish_oauth(
    pending: PendingAuthorization,
    verifier: str,
    base_url: str = DEFAULT_API_URL,
    transport: Any = None,
) -> OAuthCredentials:
    """Exchange the pasted verifier for an access token, and learn whose it is."""
    verifier = verifier.strip()
    if not verifier:
        raise AuthError("No verifier given.", hint="Paste the code the authorize page shows.")
    verifier = validation.credential("The verifier", verifier)
    signer = OAuth1Signer(
        pending.consumer.key,
        pending.consumer.secret,
        pending.token,
        pending.secret,
        verifier=verifier,
    )
    try:
        answer = await _token_request(base_url, "/oauth/access_token", signer, transport)
    except AuthError as error:
        if "expired" in error.message:
            error.hint = "The request is more than 15 minutes old: start signing in again."
        elif "verifier" in error.message.lower():
            error.hint = "Check the code you pasted, or start again for a new one."
        raise
    credentials = OAuthCredentials(
        consumer_key=pending.consumer.key,
        consumer_secret=pending.consumer.secret,
        token=answer["oauth_token"],
        token_secret=answer["oauth_token_secret"],
    )
    identified = await identify(credentials, base_url, transport)
    assert isinstance(identified, OAuthCredentials)
    return identified

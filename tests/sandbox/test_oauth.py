"""OAuth 1.0a against the sandbox with authlib, signatures verified for real."""

from __future__ import annotations

import re
import time
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager

import httpx
import pytest
from authlib.integrations.httpx_client import AsyncOAuth1Client
from authlib.integrations.httpx_client.oauth1_client import OAuthError

from discogs_tui.sandbox import SandboxConfig, create_app
from discogs_tui.sandbox.config import DEMO_CONSUMER_KEY, DEMO_CONSUMER_SECRET, DEMO_USERNAME
from tests.conftest import BASE_URL, USER_AGENT, make_client, roomy_config

REQUEST_TOKEN_URL = f"{BASE_URL}/oauth/request_token"
ACCESS_TOKEN_URL = f"{BASE_URL}/oauth/access_token"


class FakeClock:
    def __init__(self) -> None:
        self.now = time.time()

    def __call__(self) -> float:
        return self.now


def oauth_client(app, method: str = "HMAC-SHA1", **tokens) -> AsyncOAuth1Client:
    return AsyncOAuth1Client(
        DEMO_CONSUMER_KEY,
        DEMO_CONSUMER_SECRET,
        redirect_uri="oob",
        signature_method=method,
        force_include_body=True,
        transport=httpx.ASGITransport(app=app),
        base_url=BASE_URL,
        headers={"User-Agent": USER_AGENT},
        **tokens,
    )


async def authorize(app, request_token: str, **params) -> str:
    """Open the authorize page as the user would and read the verifier it shows."""
    async with make_client(app) as browser:
        page = await browser.get(
            "/oauth/authorize", params={"oauth_token": request_token, **params}
        )
    assert page.status_code == 200, page.text
    return re.search(r'id="oauth_verifier">([^<]+)<', page.text).group(1)


@asynccontextmanager
async def sign_in(app, method: str) -> AsyncIterator[AsyncOAuth1Client]:
    """An authlib client that went through the whole out-of-band flow."""
    client = oauth_client(app, method)
    try:
        request_token = await client.fetch_request_token(REQUEST_TOKEN_URL)
        assert request_token["oauth_callback_confirmed"] == "true"
        verifier = await authorize(app, request_token["oauth_token"])
        access = await client.fetch_access_token(ACCESS_TOKEN_URL, verifier)
        assert set(access) >= {"oauth_token", "oauth_token_secret"}
        yield client
    finally:
        await client.aclose()


@pytest.mark.parametrize("method", ["PLAINTEXT", "HMAC-SHA1"])
async def test_out_of_band_flow_signs_later_requests(sandbox_app, method):
    async with sign_in(sandbox_app, method) as client:
        identity = await client.get("/oauth/identity")
    assert identity.status_code == 200
    assert identity.json()["username"] == DEMO_USERNAME
    assert identity.json()["consumer_name"]
    assert identity.headers["X-Discogs-Ratelimit"] == "100000"


async def test_signed_write_keeps_its_json_body(sandbox_app):
    async with sign_in(sandbox_app, "HMAC-SHA1") as client:
        edit = await client.post(f"/users/{DEMO_USERNAME}", json={"location": "Under the stairs"})
        profile = await client.get(f"/users/{DEMO_USERNAME}")
    assert edit.status_code == 200
    assert profile.json()["location"] == "Under the stairs"


async def test_signed_form_body_is_part_of_the_signature(sandbox_app):
    async with sign_in(sandbox_app, "HMAC-SHA1") as client:
        edit = await client.post(f"/users/{DEMO_USERNAME}", data={"location": "Shelf B"})
    assert edit.status_code == 200
    assert edit.json()["location"] == "Shelf B"


async def test_tampered_signature_is_refused(sandbox_app):
    async with sign_in(sandbox_app, "HMAC-SHA1") as client:
        token, secret = client.token["oauth_token"], client.token["oauth_token_secret"]
    forged = oauth_client(sandbox_app, token=token, token_secret=secret + "x")
    answer = await forged.get("/oauth/identity")
    await forged.aclose()
    assert answer.status_code == 401
    assert "signature" in answer.json()["message"]


async def test_clock_skew_is_named_in_the_error():
    clock = FakeClock()
    app = create_app(roomy_config(clock=clock))
    async with sign_in(app, "HMAC-SHA1") as client:
        clock.now += 3600  # the server's clock runs an hour ahead of the client's
        answer = await client.get("/oauth/identity")
    assert answer.status_code == 401
    assert "clock" in answer.json()["message"]


async def test_bad_verifier_is_a_400(sandbox_app):
    client = oauth_client(sandbox_app)
    request_token = await client.fetch_request_token(REQUEST_TOKEN_URL)
    await authorize(sandbox_app, request_token["oauth_token"])
    with pytest.raises(OAuthError):
        await client.fetch_access_token(ACCESS_TOKEN_URL, "wrong-verifier")
    raw = await _raw_access_token_request(sandbox_app, request_token, "wrong-verifier")
    assert raw.status_code == 400
    assert raw.json() == {"message": "Invalid OAuth verifier."}


async def test_request_token_expires_after_15_minutes():
    clock = FakeClock()
    app = create_app(roomy_config(clock=clock))
    client = oauth_client(app, "PLAINTEXT")
    request_token = await client.fetch_request_token(REQUEST_TOKEN_URL)
    verifier = await authorize(app, request_token["oauth_token"])
    clock.now += 15 * 60 + 1
    answer = await _raw_access_token_request(app, request_token, verifier)
    assert answer.status_code == 400
    assert "expired" in answer.json()["message"]


async def test_unapproved_request_token_cannot_be_exchanged(sandbox_app):
    client = oauth_client(sandbox_app, "PLAINTEXT")
    request_token = await client.fetch_request_token(REQUEST_TOKEN_URL)
    answer = await _raw_access_token_request(sandbox_app, request_token, "anything")
    assert answer.status_code == 400


async def test_wrong_consumer_secret_cannot_get_a_request_token(sandbox_app):
    client = AsyncOAuth1Client(
        DEMO_CONSUMER_KEY,
        "not-the-secret",
        redirect_uri="oob",
        transport=httpx.ASGITransport(app=sandbox_app),
        headers={"User-Agent": USER_AGENT},
    )
    with pytest.raises(OAuthError):
        await client.fetch_request_token(REQUEST_TOKEN_URL)


async def test_replayed_nonce_is_refused(sandbox_app):
    async with sign_in(sandbox_app, "HMAC-SHA1") as client:
        request = client.build_request("GET", "/oauth/identity")
        signed = next(client.auth.auth_flow(request))
        first = await client.send(signed, auth=None)
        second = await client.send(signed, auth=None)
    assert first.status_code == 200
    assert second.status_code == 401


async def test_authorize_redirects_to_a_callback(sandbox_app):
    client = AsyncOAuth1Client(
        DEMO_CONSUMER_KEY,
        DEMO_CONSUMER_SECRET,
        redirect_uri="http://localhost:9/callback",
        transport=httpx.ASGITransport(app=sandbox_app),
        headers={"User-Agent": USER_AGENT},
    )
    request_token = await client.fetch_request_token(REQUEST_TOKEN_URL)
    async with make_client(sandbox_app) as browser:
        page = await browser.get(
            "/oauth/authorize", params={"oauth_token": request_token["oauth_token"]}
        )
    assert page.status_code == 302
    assert page.headers["location"].startswith("http://localhost:9/callback?oauth_token=")
    assert "oauth_verifier=" in page.headers["location"]


async def _raw_access_token_request(app, request_token: dict, verifier: str) -> httpx.Response:
    """POST /oauth/access_token signed with PLAINTEXT by hand, to read the raw answer."""
    header = (
        f'OAuth oauth_consumer_key="{DEMO_CONSUMER_KEY}", oauth_nonce="n{time.time_ns()}", '
        f'oauth_token="{request_token["oauth_token"]}", '
        f'oauth_signature="{DEMO_CONSUMER_SECRET}&{request_token["oauth_token_secret"]}", '
        f'oauth_signature_method="PLAINTEXT", oauth_timestamp="{int(time.time())}", '
        f'oauth_verifier="{verifier}"'
    )
    async with make_client(app, {"Authorization": header}) as c:
        return await c.post("/oauth/access_token")


def test_config_defaults_match_the_document():
    config = SandboxConfig()
    assert (config.rate_window, config.rate_limit_auth, config.rate_limit_anon) == (60.0, 60, 25)
    assert config.request_token_ttl == 900
    assert config.retry_after is False

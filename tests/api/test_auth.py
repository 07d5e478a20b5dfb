"""Credentials, the credential store and the sign-in flows, against the in-process sandbox."""

from __future__ import annotations

import re
import time

import httpx
import pytest

from discogs_tui.api.auth import (
    ANONYMOUS,
    ConsumerCredentials,
    CredentialStore,
    OAuthCredentials,
    TokenCredentials,
    resolve,
)
from discogs_tui.api.client import DiscogsClient
from discogs_tui.api.errors import AuthError, SecretStoreError
from discogs_tui.api.login import authorize_url_for, check_token, finish_oauth, start_oauth
from discogs_tui.sandbox import create_app
from discogs_tui.sandbox.config import (
    DEMO_CONSUMER_KEY,
    DEMO_CONSUMER_SECRET,
    DEMO_TOKEN,
    DEMO_USERNAME,
)
from tests.conftest import BASE_URL, make_client, roomy_config

CONSUMER = ConsumerCredentials(key=DEMO_CONSUMER_KEY, secret=DEMO_CONSUMER_SECRET)


class FakeClock:
    def __init__(self) -> None:
        self.now = time.time()

    def __call__(self) -> float:
        return self.now


async def approve(app, authorize_url: str) -> str:
    async with make_client(app) as browser:
        page = await browser.get(authorize_url)
    return re.search(r'id="oauth_verifier">([^<]+)<', page.text).group(1)


async def oauth_sign_in(app) -> OAuthCredentials:
    transport = httpx.ASGITransport(app=app)
    pending = await start_oauth(CONSUMER, BASE_URL, transport)
    verifier = await approve(app, pending.authorize_url)
    return await finish_oauth(pending, verifier, BASE_URL, transport)


async def test_token_check_learns_the_username():
    credentials = await check_token(
        DEMO_TOKEN, BASE_URL, httpx.ASGITransport(app=create_app(roomy_config()))
    )
    assert credentials.username == DEMO_USERNAME


async def test_oauth_round_trip_and_signed_writes_keep_their_json_body():
    app = create_app(roomy_config())
    credentials = await oauth_sign_in(app)
    assert credentials.username == DEMO_USERNAME
    client = DiscogsClient(credentials, transport=httpx.ASGITransport(app=app))
    answer = await client.write(
        "PUT", f"/releases/249504/rating/{DEMO_USERNAME}", json_body={"rating": 4}
    )
    edit = await client.write("POST", f"/users/{DEMO_USERNAME}", json_body={"location": "Attic"})
    await client.aclose()
    assert answer.data["rating"] == 4
    assert edit.data["location"] == "Attic"
    assert app.state.sandbox.ratings[(249504, DEMO_USERNAME)] == 4


async def test_a_bad_verifier_says_so():
    app = create_app(roomy_config())
    transport = httpx.ASGITransport(app=app)
    pending = await start_oauth(CONSUMER, BASE_URL, transport)
    await approve(app, pending.authorize_url)
    with pytest.raises(AuthError) as failed:
        await finish_oauth(pending, "not-the-verifier", BASE_URL, transport)
    assert "verifier" in str(failed.value).lower()


async def test_an_expired_request_token_says_start_again():
    clock = FakeClock()
    app = create_app(roomy_config(clock=clock))
    transport = httpx.ASGITransport(app=app)
    pending = await start_oauth(CONSUMER, BASE_URL, transport)
    verifier = await approve(app, pending.authorize_url)
    clock.now += 16 * 60
    with pytest.raises(AuthError) as failed:
        await finish_oauth(pending, verifier, BASE_URL, transport)
    assert "start signing in again" in str(failed.value)


async def test_clock_skew_is_explained():
    clock = FakeClock()
    app = create_app(roomy_config(clock=clock))
    credentials = await oauth_sign_in(app)
    clock.now += 3600
    client = DiscogsClient(credentials, transport=httpx.ASGITransport(app=app))
    with pytest.raises(AuthError) as failed:
        await client.get("/oauth/identity")
    await client.aclose()
    assert "clock" in str(failed.value)


def test_authorize_url_is_discogs_for_the_real_api():
    assert (
        authorize_url_for("https://api.discogs.com", "abc")
        == "https://www.discogs.com/oauth/authorize?oauth_token=abc"
    )
    assert (
        authorize_url_for("http://127.0.0.1:8765", "abc")
        == "http://127.0.0.1:8765/oauth/authorize?oauth_token=abc"
    )


# -- the store and the order credentials are taken in ------------------------------------------
def test_store_round_trip_with_safe_modes(tmp_path):
    store = CredentialStore(tmp_path / "config" / "credentials.json")
    saved = OAuthCredentials(
        consumer_key="ck", consumer_secret="cs", token="t", token_secret="ts", username="me"
    )
    store.save(saved)
    assert store.load() == saved
    assert oct(store.path.stat().st_mode & 0o777) == "0o600"
    assert oct(store.path.parent.stat().st_mode & 0o777) == "0o700"
    assert store.delete() and store.load() is None


def test_store_readable_by_others_is_refused(tmp_path):
    store = CredentialStore(tmp_path / "credentials.json")
    store.save(TokenCredentials(token="secret-token-value"))
    store.path.chmod(0o640)
    with pytest.raises(SecretStoreError) as refused:
        store.load()
    assert "chmod 600" in str(refused.value)
    assert "secret-token-value" not in str(refused.value)


def test_resolution_order(tmp_path):
    store = CredentialStore(tmp_path / "credentials.json")
    store.save(TokenCredentials(token="from-store"))
    env = {"DISCOGS_TOKEN": "from-env"}
    config = {"token": "from-config"}
    assert resolve(store, config, env)[1] == "environment"
    assert resolve(store, config, {})[0] == TokenCredentials(token="from-config")
    assert resolve(store, {}, {})[1] == "credential store"
    consumer = resolve(store, {}, {"DISCOGS_CONSUMER_KEY": "k", "DISCOGS_CONSUMER_SECRET": "s"})[0]
    assert consumer == ConsumerCredentials(key="k", secret="s")
    store.delete()
    assert resolve(store, {}, {}) == (ANONYMOUS, "none")


@pytest.mark.parametrize(
    "credentials",
    [
        TokenCredentials(token="tok-SECRET-123456"),
        ConsumerCredentials(key="key-SECRET-123456", secret="sec-SECRET-123456"),
        OAuthCredentials(
            consumer_key="ck-SECRET-1234",
            consumer_secret="cs-SECRET",
            token="t-SECRET",
            token_secret="ts-SECRET",
        ),
    ],
)
def test_reprs_never_show_secrets(credentials):
    text = (
        repr(credentials)
        + str(credentials)
        + repr(credentials.auth())
        + repr(DiscogsClient(credentials))
    )
    assert "SECRET" not in text

"""The sandbox's behaviour around every request: User-Agent, credentials, rate limits,
errors, JSONP, text formats, URL rewriting, images and stats."""

from __future__ import annotations

import io
import json

import pytest

from discogs_tui.sandbox import SandboxConfig, create_app
from discogs_tui.sandbox.config import DEMO_CONSUMER_KEY, DEMO_CONSUMER_SECRET, DEMO_TOKEN
from tests.conftest import USER_AGENT, make_client, roomy_config

RATE_HEADERS = ("X-Discogs-Ratelimit", "X-Discogs-Ratelimit-Used", "X-Discogs-Ratelimit-Remaining")


class FakeClock:
    def __init__(self, start: float = 1_000.0) -> None:
        self.now = start

    def __call__(self) -> float:
        return self.now


# -- User-Agent --------------------------------------------------------------------------------
async def test_request_without_user_agent_gets_an_empty_answer(sandbox_app):
    async with make_client(sandbox_app) as c:
        c.headers.pop("User-Agent")
        answer = await c.get("/releases/249504")
    assert answer.status_code == 200
    assert answer.content == b""


# -- credentials -------------------------------------------------------------------------------
@pytest.mark.parametrize(
    ("headers", "query"),
    [
        ({"Authorization": f"Discogs token={DEMO_TOKEN}"}, {}),
        ({}, {"token": DEMO_TOKEN}),
    ],
)
async def test_personal_token_identifies_the_user(sandbox_app, headers, query, demo_username):
    async with make_client(sandbox_app, headers) as c:
        answer = await c.get("/oauth/identity", params=query)
    assert answer.status_code == 200
    assert answer.json()["username"] == demo_username
    assert answer.headers["X-Discogs-Ratelimit"] == "100000"


@pytest.mark.parametrize(
    ("headers", "query"),
    [
        ({"Authorization": f"Discogs key={DEMO_CONSUMER_KEY}, secret={DEMO_CONSUMER_SECRET}"}, {}),
        ({}, {"key": DEMO_CONSUMER_KEY, "secret": DEMO_CONSUMER_SECRET}),
    ],
)
async def test_consumer_key_secret_raises_the_tier_but_identifies_no_user(headers, query):
    app = create_app(SandboxConfig())
    async with make_client(app, headers) as c:
        release = await c.get("/releases/249504", params=query)
        identity = await c.get("/oauth/identity", params=query)
    assert release.status_code == 200
    assert release.headers["X-Discogs-Ratelimit"] == "60"
    assert release.json()["images"], "key/secret requests get image URLs"
    assert identity.status_code == 401
    assert identity.headers["WWW-Authenticate"].startswith("OAuth realm=")


@pytest.mark.parametrize(
    "headers",
    [
        {"Authorization": "Discogs token=not-a-token"},
        {"Authorization": f"Discogs key={DEMO_CONSUMER_KEY}, secret=wrong"},
        {"Authorization": "Discogs key=unknown, secret=whatever"},
    ],
)
async def test_wrong_credentials_answer_401_with_a_message(sandbox_app, headers):
    async with make_client(sandbox_app, headers) as c:
        answer = await c.get("/releases/249504")
    assert answer.status_code == 401
    assert "message" in answer.json()
    assert all(name in answer.headers for name in RATE_HEADERS)


async def test_anonymous_tier_and_no_image_urls():
    app = create_app(SandboxConfig())
    async with make_client(app) as c:
        answer = await c.get("/releases/249504")
    body = answer.json()
    assert answer.headers["X-Discogs-Ratelimit"] == "25"
    assert "images" not in body
    assert body["thumb"] == ""


async def test_missing_auth_answers_401_with_oauth_realm(anon):
    answer = await anon.get("/oauth/identity")
    assert answer.status_code == 401
    assert answer.json() == {"message": "You must authenticate to access this resource."}
    assert answer.headers["WWW-Authenticate"] == 'OAuth realm="https://api.discogs.com"'


# -- rate limits -------------------------------------------------------------------------------
async def test_moving_window_limits_and_headers():
    clock = FakeClock()
    app = create_app(
        SandboxConfig(rate_window=10, rate_limit_anon=3, rate_limit_auth=5, monotonic=clock)
    )
    async with make_client(app) as c:
        used = []
        for _ in range(3):
            answer = await c.get("/releases/249504")
            used.append(
                (
                    answer.headers["X-Discogs-Ratelimit-Used"],
                    answer.headers["X-Discogs-Ratelimit-Remaining"],
                )
            )
            clock.now += 1
        assert used == [("1", "2"), ("2", "1"), ("3", "0")]
        limited = await c.get("/releases/249504")
        assert limited.status_code == 429
        assert limited.json() == {"message": "You are making requests too quickly."}
        assert "Retry-After" not in limited.headers
        assert limited.headers["X-Discogs-Ratelimit-Remaining"] == "0"
        clock.now = 1_000.0 + 10.0  # the first request leaves the window
        assert (await c.get("/releases/249504")).status_code == 200
        # An authenticated request from the same client gets the higher limit.
        authed = await c.get(
            "/releases/249504", headers={"Authorization": f"Discogs token={DEMO_TOKEN}"}
        )
        assert authed.status_code == 200
        assert authed.headers["X-Discogs-Ratelimit"] == "5"
        stats = (await c.get("/_sandbox/stats")).json()
    assert stats["rate_limited"] == 1
    assert stats["by_status"]["429"] == 1


async def test_retry_after_is_optional():
    clock = FakeClock()
    config = SandboxConfig(rate_window=30, rate_limit_anon=1, retry_after=True, monotonic=clock)
    async with make_client(create_app(config)) as c:
        await c.get("/releases/249504")
        clock.now += 10
        limited = await c.get("/releases/249504")
    assert limited.status_code == 429
    assert limited.headers["Retry-After"] == "20"


async def test_window_resets_after_a_quiet_minute():
    clock = FakeClock()
    app = create_app(SandboxConfig(rate_limit_anon=2, monotonic=clock))
    async with make_client(app) as c:
        await c.get("/releases/249504")
        await c.get("/releases/249504")
        assert (await c.get("/releases/249504")).status_code == 429
        clock.now += 60
        answer = await c.get("/releases/249504")
    assert answer.status_code == 200
    assert answer.headers["X-Discogs-Ratelimit-Used"] == "1"


async def test_stats_can_be_reset(anon):
    await anon.get("/releases/249504")
    assert (await anon.delete("/_sandbox/stats")).status_code == 204
    assert (await anon.get("/_sandbox/stats")).json()["requests"] == 0


# -- errors ------------------------------------------------------------------------------------
async def test_unknown_path_is_a_json_404(client):
    answer = await client.get("/no/such/resource")
    assert answer.status_code == 404
    assert answer.json() == {"message": "The requested resource was not found."}


async def test_wrong_verb_is_a_json_405(client):
    answer = await client.put("/artists/1", json={"name": "x"})
    assert answer.status_code == 405
    assert "message" in answer.json()


# -- JSONP, formats, URLs ----------------------------------------------------------------------
async def test_jsonp_wraps_status_and_data(client):
    answer = await client.get("/artists/108713", params={"callback": "handle"})
    assert answer.status_code == 200
    assert answer.headers["content-type"].startswith("text/javascript")
    assert answer.text.startswith("handle(") and answer.text.endswith(")")
    payload = json.loads(answer.text[len("handle(") : -1])
    assert payload["meta"]["status"] == 200
    assert payload["data"]["id"] == 108713


async def test_jsonp_carries_error_status(client):
    answer = await client.get("/artists/999999999", params={"callback": "cb"})
    payload = json.loads(answer.text[len("cb(") : -1])
    assert answer.status_code == 200
    assert payload["meta"]["status"] == 404


async def test_jsonp_rejects_script_in_callback(client):
    answer = await client.get("/artists/108713", params={"callback": "alert(1);x"})
    assert answer.status_code == 400


@pytest.mark.parametrize(
    ("accept", "expected"),
    [
        (
            None,
            "Classic Techno label from Detroit, USA.\r\n[b]Label owner:[/b] [a=Carl Craig].\r\n",
        ),
        ("application/vnd.discogs.v2.discogs+json", "[b]Label owner:[/b] [a=Carl Craig]"),
        ("application/vnd.discogs.v2.plaintext+json", "Label owner: Carl Craig."),
        (
            "application/vnd.discogs.v2.html+json",
            '<b>Label owner:</b> <a href="https://www.discogs.com/artist/Carl%20Craig">Carl Craig</a>',
        ),
        ("application/json", "[a=Carl Craig]"),
    ],
)
async def test_text_formats_follow_accept(client, accept, expected):
    headers = {"Accept": accept} if accept else {}
    profile = (await client.get("/labels/1", headers=headers)).json()["profile"]
    assert expected in profile


async def test_urls_point_at_the_base_the_client_used(sandbox_app):
    base = "http://127.0.0.1:8765"
    async with make_client(
        sandbox_app, {"Authorization": f"Discogs token={DEMO_TOKEN}"}, base_url=base
    ) as c:
        answer = await c.get("/releases/249504")
        text = answer.text
        image = answer.json()["images"][0]["uri"]
        jpeg = await c.get(image)
    assert "api.discogs.com" not in text
    assert answer.json()["resource_url"] == f"{base}/releases/249504"
    assert image.startswith(f"{base}/images/")
    assert jpeg.status_code == 200
    assert jpeg.headers["content-type"] == "image/jpeg"
    assert jpeg.content.startswith(b"\xff\xd8\xff")


@pytest.mark.parametrize("release_id", [249504, 10000137])  # the document's; a generated one
async def test_images_are_jpeg_behind_signed_urls(client, release_id):
    from PIL import Image

    release = (await client.get(f"/releases/{release_id}")).json()
    for image in release["images"]:
        for url in (image["uri"], image["uri150"]):
            answer = await client.get(url)
            assert answer.status_code == 200, url
            assert answer.headers["content-type"] == "image/jpeg"
            picture = Image.open(io.BytesIO(answer.content))
            assert picture.format == "JPEG" and picture.width == picture.height >= 16
    uri = release["images"][0]["uri"]
    altered = [
        uri.replace("600", "601", 1),  # another size
        uri.replace(str(release_id), str(release_id + 1)),  # another image
        uri.replace("/images/", "/images/x", 1),  # another signature
        uri + "x",
    ]
    for url in altered:
        answer = await client.get(url)
        assert answer.status_code == 403, url
        assert answer.content == (
            b'{"message": "Invalid image signature: image URLs are signed; '
            b'use them exactly as the API gave them."}'
        )


def test_user_agent_constant_is_unique():
    assert USER_AGENT.startswith("discogs-tui-tests/")
    assert roomy_config().rate_limit_auth > 1000


async def test_jsonp_wraps_errors_too(anon):
    answer = await anon.get("/oauth/identity", params={"callback": "cb"})
    payload = json.loads(answer.text[len("cb(") : -1])
    assert answer.status_code == 200
    assert payload["meta"]["status"] == 401
    assert payload["data"] == {"message": "You must authenticate to access this resource."}

"""DiscogsClient against the sandbox: caching, coalescing, retries, writes, errors, secrets."""

from __future__ import annotations

import asyncio

import httpx
import pytest

from discogs_tui.api.auth import ANONYMOUS, ConsumerCredentials, TokenCredentials
from discogs_tui.api.cache import ResponseCache
from discogs_tui.api.client import DiscogsClient, RetryPolicy
from discogs_tui.api.errors import (
    AuthError,
    DiscogsError,
    MalformedResponse,
    NetworkError,
    NotFound,
    OutcomeUnknown,
    ServerError,
)
from discogs_tui.api.ratelimit import RateLimiter
from discogs_tui.sandbox import SandboxConfig, create_app
from discogs_tui.sandbox.catalogue import image_url
from discogs_tui.sandbox.config import (
    DEMO_CONSUMER_KEY,
    DEMO_CONSUMER_SECRET,
    DEMO_TOKEN,
    DEMO_USERNAME,
)
from discogs_tui.sandbox.faults import FaultRule
from tests.conftest import make_client, roomy_config
from tests.loopback import serve

DEMO = TokenCredentials(token=DEMO_TOKEN, username=DEMO_USERNAME)
FAST_RETRY = RetryPolicy(attempts=4, base_delay=0.0, max_delay=0.0)


async def no_sleep(_seconds: float) -> None:
    await asyncio.sleep(0)


class FakeClock:
    def __init__(self, now: float = 1_700_000_000.0) -> None:
        self.now = now

    def __call__(self) -> float:
        return self.now


def client_for(app, credentials=DEMO, **options) -> DiscogsClient:
    options.setdefault("retry", FAST_RETRY)
    options.setdefault("sleep", no_sleep)
    return DiscogsClient(credentials, transport=httpx.ASGITransport(app=app), **options)


def sent(app) -> int:
    return app.state.stats.requests


@pytest.fixture
def app():
    return create_app(roomy_config())


# -- caching -------------------------------------------------------------------------------------
async def test_second_read_comes_from_the_cache(app):
    client = client_for(app)
    first = await client.get_response("/releases/249504")
    second = await client.get_response("/releases/249504")
    await client.aclose()
    assert first.data == second.data
    assert (first.from_cache, second.from_cache) == (False, True)
    assert sent(app) == 1


async def test_identical_reads_in_flight_are_one_request(app):
    app.state.faults.add(FaultRule("delay", path="^/artists/", seconds=0.05))
    client = client_for(app)
    answers = await asyncio.gather(*(client.get("/artists/108713") for _ in range(5)))
    await client.aclose()
    assert all(answer == answers[0] for answer in answers)
    assert sent(app) == 1


@pytest.mark.parametrize(
    "other", [ANONYMOUS, ConsumerCredentials(key=DEMO_CONSUMER_KEY, secret=DEMO_CONSUMER_SECRET)]
)
async def test_one_identity_never_gets_anothers_cached_answers(app, tmp_path, other):
    cache = ResponseCache(tmp_path)
    mine = client_for(app, cache=cache)
    theirs = client_for(app, other, cache=cache)
    await mine.get("/users/" + DEMO_USERNAME)
    profile = await theirs.get("/users/" + DEMO_USERNAME)
    await mine.aclose()
    await theirs.aclose()
    cache.close()
    assert "email" not in profile  # only the owner sees it: this came from the server
    assert sent(app) == 2


async def test_a_write_makes_what_it_changed_stale(app):
    client = client_for(app)
    path = f"/users/{DEMO_USERNAME}/wants"
    before = await client.get(path, {"per_page": 100})
    await client.write("PUT", f"{path}/249504", json_body={"notes": "want it"})
    after = await client.get(path, {"per_page": 100})
    profile = await client.get(f"/users/{DEMO_USERNAME}")
    await client.aclose()
    assert after["pagination"]["items"] == before["pagination"]["items"] + 1
    assert profile["num_wantlist"] == after["pagination"]["items"]


async def test_stale_answer_now_fresh_one_in_the_background(app):
    clock = FakeClock()
    client = client_for(app, cache=ResponseCache(None, clock=clock))
    first = await client.get(f"/users/{DEMO_USERNAME}")
    app.state.sandbox.user(DEMO_USERNAME).profile["location"] = "Moved house"
    clock.now += 6 * 60  # past the 5-minute freshness of the user's own data
    stale = await client.get_response(f"/users/{DEMO_USERNAME}")
    for _ in range(500):  # the refresh stores the newer answer: the next read gets it, fresh
        newer = await client.get_response(f"/users/{DEMO_USERNAME}")
        if not newer.stale:
            break
        await asyncio.sleep(0.01)
    await client.aclose()
    assert stale.stale and stale.data == first
    assert not newer.stale and newer.data["location"] == "Moved house"


async def test_orders_are_never_stored(app, tmp_path):
    cache = ResponseCache(tmp_path)
    client = client_for(app, cache=cache)
    await client.get("/marketplace/orders")
    await client.get("/marketplace/orders")
    await client.aclose()
    cache.close()
    assert sent(app) == 2
    assert len(cache) == 0 and not list(tmp_path.rglob("shard-*"))


# -- retries ---------------------------------------------------------------------------------------
@pytest.mark.parametrize("kind", ["status", "html", "garbled", "empty"])
async def test_reads_retry_transient_faults(app, kind):
    app.state.faults.add(FaultRule(kind, path="^/labels/1$", times=2))
    client = client_for(app)
    label = await client.get("/labels/1")
    await client.aclose()
    assert label["name"] == "Planet E"
    assert sent(app) == 3


async def test_read_retries_are_bounded(app):
    app.state.faults.add(FaultRule("garbled", path="^/labels/1$", times=50))
    client = client_for(app)
    with pytest.raises(MalformedResponse):
        await client.get("/labels/1")
    await client.aclose()
    assert sent(app) == FAST_RETRY.attempts


async def test_a_failed_write_is_not_resent(app):
    app.state.faults.add(FaultRule("status", path="/wants/", method="PUT", times=5, status=502))
    client = client_for(app)
    with pytest.raises(ServerError):
        await client.write("PUT", f"/users/{DEMO_USERNAME}/wants/249504")
    await client.aclose()
    assert sent(app) == 1


async def test_429_pauses_and_the_read_goes_again():
    """Another program on the same address used up the window: our read meets a 429, the
    queue pauses briefly and probes (one request, after a pause that grows with each 429
    and is capped at the window) until the read goes through. Since issue 11 a 429 no
    longer books the whole window, so a probe may meet a second 429 before it frees."""
    app = create_app(SandboxConfig(rate_limit_anon=2, rate_window=0.5))
    client = client_for(app, ANONYMOUS, limiter=RateLimiter(25, window=0.5))
    async with make_client(app) as other_program:
        await other_program.get("/labels/86537")
        await other_program.get("/labels/41841")
    label = await client.get("/labels/1")
    await client.aclose()
    assert label["id"] == 1
    assert 1 <= app.state.stats.rate_limited <= 3
    assert client.limiter.limit == 2  # learnt from the headers


# -- errors --------------------------------------------------------------------------------------
async def test_errors_carry_the_servers_message(app):
    client = client_for(app)
    with pytest.raises(NotFound) as missing:
        await client.get("/releases/1234567890")
    await client.aclose()
    assert missing.value.message == "Release not found."
    assert missing.value.status == 404


async def test_a_wrong_token_is_an_auth_error_without_the_token(app):
    client = client_for(app, TokenCredentials(token="wrong-token-123456"))
    with pytest.raises(AuthError) as denied:
        await client.get("/oauth/identity")
    await client.aclose()
    assert "wrong-token" not in str(denied.value) + repr(denied.value)
    assert "login" in str(denied.value)


def test_credentials_are_never_sent_over_plain_http_to_remote_hosts():
    with pytest.raises(DiscogsError, match="plain HTTP"):
        DiscogsClient(DEMO, base_url="http://api.example.com")
    DiscogsClient(DEMO, base_url="http://127.0.0.1:8765")  # loopback sandbox is fine
    DiscogsClient(ANONYMOUS, base_url="http://api.example.com")  # nothing secret to send


async def test_token_travels_in_the_header_never_the_url(app):
    seen: list[httpx.Request] = []

    class Recording(httpx.ASGITransport):
        async def handle_async_request(self, request: httpx.Request) -> httpx.Response:
            seen.append(request)
            return await super().handle_async_request(request)

    client = DiscogsClient(DEMO, transport=Recording(app=app))
    await client.get("/oauth/identity")
    await client.aclose()
    assert DEMO_TOKEN not in str(seen[0].url)
    assert seen[0].headers["Authorization"] == f"Discogs token={DEMO_TOKEN}"
    assert seen[0].headers["User-Agent"].startswith("discogs-tui/")
    assert seen[0].headers["Accept"] == "application/vnd.discogs.v2.discogs+json"
    assert DEMO_TOKEN not in repr(client) + repr(DEMO)


# -- over loopback: timeouts and unreachable servers -------------------------------------------
@pytest.mark.loopback
async def test_a_write_with_no_answer_is_outcome_unknown_and_applied_once():
    with serve(roomy_config()) as base:
        client = DiscogsClient(
            DEMO, base_url=base, timeout=httpx.Timeout(0.5), retry=FAST_RETRY, sleep=no_sleep
        )
        async with httpx.AsyncClient(base_url=base, headers={"User-Agent": "t/1"}) as control:
            await control.post(
                "/_sandbox/faults",
                json={
                    "kind": "hang_after",
                    "path": "/folders/1/releases/249504$",
                    "method": "POST",
                    "seconds": 1.5,
                },
            )
            copies_path = f"/users/{DEMO_USERNAME}/collection/releases/249504"
            before = await client.get(copies_path)  # now cached
            with pytest.raises(OutcomeUnknown):
                await client.write(
                    "POST", f"/users/{DEMO_USERNAME}/collection/folders/1/releases/249504"
                )
            await asyncio.sleep(1.2)
            copies = await client.get(copies_path)  # the cache must not hide what may have changed
            stats = (await control.get("/_sandbox/stats")).json()
        await client.aclose()
    assert stats["by_method"]["POST"] == 1
    assert len(copies["releases"]) == len(before["releases"]) + 1


@pytest.mark.loopback
async def test_an_unreachable_server_is_a_network_error():
    with serve() as base:
        pass  # the server is gone: its port refuses connections now
    client = DiscogsClient(ANONYMOUS, base_url=base, retry=FAST_RETRY, sleep=no_sleep)
    with pytest.raises(NetworkError) as failed:
        await client.write("PUT", "/users/x/wants/1")
    with pytest.raises(NetworkError):
        await client.get("/releases/249504")
    await client.aclose()
    assert "nothing was sent" in str(failed.value)


@pytest.mark.loopback
async def test_slow_reads_time_out_and_retry():
    with serve(roomy_config()) as base:
        async with httpx.AsyncClient(base_url=base, headers={"User-Agent": "t/1"}) as control:
            await control.post(
                "/_sandbox/faults", json={"kind": "delay", "path": "^/labels/1$", "seconds": 1.0}
            )
            client = DiscogsClient(
                DEMO, base_url=base, timeout=httpx.Timeout(0.3), retry=FAST_RETRY, sleep=no_sleep
            )
            label = await client.get("/labels/1")
            await client.aclose()
    assert label["id"] == 1


async def test_images_are_cached_and_never_get_the_token(app):
    seen: list[httpx.Request] = []

    class Recording(httpx.ASGITransport):
        async def handle_async_request(self, request: httpx.Request) -> httpx.Response:
            seen.append(request)
            return await super().handle_async_request(request)

    client = DiscogsClient(DEMO, transport=Recording(app=app))
    signed = image_url("R", 249504, 1, 150, 150).removeprefix("https://i.discogs.com/")
    url = f"https://i.discogs.example/images/{signed}"
    first = await client.get_bytes(url)
    second = await client.get_bytes(url)
    await client.aclose()
    assert first == second and first.startswith(b"\xff\xd8\xff")  # a JPEG
    assert len(seen) == 1
    assert "Authorization" not in seen[0].headers


class _ImageListener:
    """A plain HTTP server on its own loopback port that answers every GET with a PNG and
    records the headers it was sent: a stand-in for a host that must never see the token."""

    def __init__(self) -> None:
        import http.server
        import threading

        headers_seen = self.headers_seen = []

        class Handler(http.server.BaseHTTPRequestHandler):
            def do_GET(self) -> None:
                headers_seen.append(dict(self.headers))
                body = b"\x89PNG\r\n\x1a\nimage"
                self.send_response(200)
                self.send_header("Content-Type", "image/png")
                self.send_header("Content-Length", str(len(body)))
                self.end_headers()
                self.wfile.write(body)

            def log_message(self, *args: object) -> None:
                pass

        self.server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self.port = self.server.server_address[1]
        self.thread = threading.Thread(target=self.server.serve_forever, daemon=True)

    def __enter__(self) -> _ImageListener:
        self.thread.start()
        return self

    def __exit__(self, *exc: object) -> None:
        self.server.shutdown()
        self.server.server_close()


@pytest.mark.loopback
async def test_another_port_on_the_api_host_never_gets_the_token():
    """The API is the sandbox on one loopback port; an image on the same host but another port
    is fetched without credentials (the listener sees no Authorization header)."""
    with serve(roomy_config()) as base, _ImageListener() as listener:
        client = DiscogsClient(DEMO, base_url=base)
        assert (await client.get("/oauth/identity"))["username"] == DEMO_USERNAME
        image = await client.get_bytes(f"http://127.0.0.1:{listener.port}/images/R-1.png")
        await client.aclose()
    assert image.startswith(b"\x89PNG")
    assert len(listener.headers_seen) == 1
    assert not any(name.lower() == "authorization" for name in listener.headers_seen[0])
    assert DEMO_TOKEN not in repr(listener.headers_seen)


@pytest.mark.parametrize(
    "url",
    [
        "http://api.discogs.example/images/R-1.png",  # the API's host over plain HTTP
        "https://api.discogs.example:8443/images/R-1.png",  # the API's host, another port
        "https://API.discogs.example.evil.example/images/R-1.png",
        "https://i.discogs.example/images/R-1.png",
    ],
)
async def test_credentials_go_only_to_the_exact_origin_of_the_api(url):
    seen: list[httpx.Request] = []

    class Recording(httpx.AsyncBaseTransport):
        async def handle_async_request(self, request: httpx.Request) -> httpx.Response:
            seen.append(request)
            return httpx.Response(200, content=b"\x89PNG", headers={"Content-Type": "image/png"})

    client = DiscogsClient(DEMO, base_url="https://api.discogs.example", transport=Recording())
    await client.get_bytes(url)
    await client.get_bytes("https://api.discogs.example:443/images/own.png")
    await client.aclose()
    assert "Authorization" not in seen[0].headers
    assert seen[1].headers["Authorization"] == f"Discogs token={DEMO_TOKEN}"

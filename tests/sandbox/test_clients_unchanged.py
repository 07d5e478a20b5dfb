"""What clients written for the real API need to work against the sandbox unchanged: HTTPS
with a certificate they can be told to trust, OAuth token endpoints by GET or POST, error
bodies in the document's exact bytes, and the document's answers where it gives them."""

from __future__ import annotations

import json
import os
import ssl
import stat
import subprocess
import sys
import time
from urllib.parse import parse_qsl

import httpx
import pytest
from authlib.integrations.httpx_client import AsyncOAuth1Client
from cryptography import x509

from discogs_tui.sandbox import SandboxConfig, create_app, examples
from discogs_tui.sandbox.config import DEMO_CONSUMER_KEY, DEMO_CONSUMER_SECRET, DEMO_TOKEN
from discogs_tui.sandbox.tls import sandbox_tls_files
from tests.conftest import BASE_URL, USER_AGENT, make_client, roomy_config
from tests.loopback import serve
from tests.sandbox.test_oauth import authorize

SELLER = {"Authorization": "Discogs token=sandbox-token-example_seller"}


def document_body(message: str) -> bytes:
    """An error body as the document writes it: ``{"message": "…"}``."""
    return b'{"message": "' + message.encode() + b'"}'


# -- HTTPS ----------------------------------------------------------------------------------------
def test_certificate_is_made_once_for_loopback_names(tmp_path):
    files = sandbox_tls_files(tmp_path)
    made = files.cert.read_bytes()
    assert sandbox_tls_files(tmp_path).cert.read_bytes() == made  # kept, not remade
    assert stat.S_IMODE(os.stat(files.key).st_mode) == 0o600
    server = x509.load_pem_x509_certificate(made)
    names = server.extensions.get_extension_for_class(x509.SubjectAlternativeName).value
    assert set(names.get_values_for_type(x509.DNSName)) == {"localhost"}
    assert {str(a) for a in names.get_values_for_type(x509.IPAddress)} == {"127.0.0.1", "::1"}


@pytest.mark.loopback
def test_https_with_the_certificate_trusted(tmp_path):
    tls = sandbox_tls_files(tmp_path)
    strict = ssl.create_default_context(cafile=str(tls.trust))
    strict.verify_flags |= ssl.VERIFY_X509_STRICT  # the default from Python 3.13 on
    with serve(roomy_config(), tls=tls) as base:
        assert base.startswith("https://127.0.0.1:")
        headers = {"User-Agent": USER_AGENT}
        answer = httpx.get(f"{base}/releases/249504", headers=headers, verify=strict)
        by_name = httpx.get(
            base.replace("127.0.0.1", "localhost") + "/labels/1", headers=headers, verify=strict
        )
        with pytest.raises(httpx.ConnectError, match="CERTIFICATE_VERIFY_FAILED"):
            httpx.get(f"{base}/labels/1", headers=headers)  # not trusted: refused
    assert answer.status_code == 200
    assert answer.json()["resource_url"] == f"{base}/releases/249504"
    assert by_name.status_code == 200


@pytest.mark.loopback
def test_serve_tls_prints_where_the_certificate_is_and_how_to_trust_it(tmp_path):
    env = {**os.environ, "DISCOGS_TUI_DATA_DIR": str(tmp_path)}
    command = [sys.executable, "-m", "discogs_tui", "sandbox", "serve", "--tls", "--port", "0"]
    server = subprocess.Popen(command, stdout=subprocess.PIPE, text=True, env=env)
    try:
        banner = [server.stdout.readline() for _ in range(5)]
        base = banner[0].split(" on ")[1].split()[0]
        trust = banner[1].split(": ", 1)[1].strip()
        answer = httpx.get(f"{base}/oauth/identity", headers={"User-Agent": USER_AGENT,
                           "Authorization": f"Discogs token={DEMO_TOKEN}"}, verify=trust)  # fmt: skip
    finally:
        server.terminate()
        server.wait(timeout=10)
    assert base.startswith("https://")
    assert trust == str(tmp_path / "sandbox-tls" / "ca.pem")
    text = "".join(banner)
    for variable in ("NODE_EXTRA_CA_CERTS", "REQUESTS_CA_BUNDLE", "SSL_CERT_FILE"):
        assert f"{variable}={trust}" in text
    assert answer.status_code == 200


def test_own_certificate_needs_its_key(tmp_path):
    command = [sys.executable, "-m", "discogs_tui", "sandbox", "serve", "--port", "0"]
    cert = tmp_path / "cert.pem"
    cert.write_text("x")
    result = subprocess.run(
        [*command, "--tls-cert", str(cert)], capture_output=True, text=True, timeout=30
    )
    assert result.returncode == 2
    assert "--tls-cert and --tls-key go together" in result.stderr
    result = subprocess.run(
        [*command, "--tls-cert", str(cert), "--tls-key", str(tmp_path / "missing.pem")],
        capture_output=True, text=True, timeout=30,
    )  # fmt: skip
    assert result.returncode == 2
    assert "no such file" in result.stderr


# -- error bodies, byte for byte ------------------------------------------------------------------
async def test_error_bodies_are_the_documents_bytes(sandbox_app):
    bad_token = {"Authorization": "Discogs token=not-a-token"}
    async with (
        make_client(sandbox_app) as anon,
        make_client(sandbox_app, bad_token) as wrong,
        make_client(sandbox_app, {"Authorization": f"Discogs token={DEMO_TOKEN}"}) as demo,
    ):
        answers = {
            "Release not found.": await anon.get("/releases/999999999"),
            "The requested resource was not found.": await anon.get("/no/such/route"),
            "The request resource was not found.": await anon.get(
                "/marketplace/listings/999999999"
            ),
            "You must authenticate to access this resource.": await anon.get("/oauth/identity"),
            "You don't have permission to access this resource.": await demo.get(
                "/marketplace/orders/1-1"
            ),
            "Method not allowed: this resource does not support that HTTP verb.": (
                await anon.delete("/releases/249504")
            ),
        }
        wrong_token = await wrong.get("/releases/249504")
        oauth_error = await anon.post(
            "/oauth/request_token", headers={"Authorization": 'OAuth oauth_consumer_key="nope"'}
        )
    for message, answer in answers.items():
        assert answer.content == document_body(message), answer.content
    assert wrong_token.status_code == 401
    assert wrong_token.content == json.dumps(wrong_token.json()).encode()
    assert oauth_error.content == document_body("Invalid consumer key.")
    document = set(examples.ERROR_MESSAGES.values())
    assert {m for m in answers if m in document} >= {
        "Release not found.",
        "The request resource was not found.",
        "You must authenticate to access this resource.",
        "You don't have permission to access this resource.",
    }


async def test_rate_limited_body_is_the_documents_bytes():
    app = create_app(SandboxConfig(rate_limit_anon=1))
    async with make_client(app) as anon:
        await anon.get("/labels/1")
        limited = await anon.get("/labels/1")
    assert limited.status_code == 429
    assert limited.content == document_body("You are making requests too quickly.")


async def test_unknown_users_inventory_is_worded_as_the_document(anon):
    answer = await anon.get("/users/no-such-user-here/inventory")
    assert answer.status_code == 404
    assert answer.content == document_body(examples.ERROR_MESSAGES["RESOURCE_NOT_FOUND"])


# -- around every request ---------------------------------------------------------------------------
async def test_no_user_agent_answer_carries_the_rate_limit_and_counts(sandbox_app):
    async with make_client(sandbox_app) as c:
        first = await c.get("/labels/1")
        c.headers.pop("User-Agent")
        empty = await c.get("/labels/1")
    assert empty.content == b""
    used = int(first.headers["X-Discogs-Ratelimit-Used"])
    assert int(empty.headers["X-Discogs-Ratelimit-Used"]) == used + 1
    assert empty.headers["X-Discogs-Ratelimit"] == first.headers["X-Discogs-Ratelimit"]


# -- OAuth as clients send it ----------------------------------------------------------------------
@pytest.mark.parametrize("method", ["GET", "POST"])
async def test_access_token_by_get_or_post(sandbox_app, method):
    client = AsyncOAuth1Client(
        DEMO_CONSUMER_KEY,
        DEMO_CONSUMER_SECRET,
        redirect_uri="oob",
        transport=httpx.ASGITransport(app=sandbox_app),
        base_url=BASE_URL,
        headers={"User-Agent": USER_AGENT},
    )
    try:
        token = await client.fetch_request_token(f"{BASE_URL}/oauth/request_token")
        client.auth.verifier = await authorize(sandbox_app, token["oauth_token"])
        answer = await client.request(method, f"{BASE_URL}/oauth/access_token")
        assert answer.status_code == 200, answer.text
        client.token = dict(parse_qsl(answer.text))
        client.auth.verifier = None
        identity = await client.get("/oauth/identity")
    finally:
        await client.aclose()
    assert identity.status_code == 200


def plaintext_header(token: str = "", secret: str = "", stamp: float | None = None) -> str:
    stamp = int(time.time() if stamp is None else stamp)
    return (
        f'OAuth oauth_consumer_key="{DEMO_CONSUMER_KEY}", oauth_nonce="n{time.monotonic_ns()}", '
        f'oauth_token="{token}", oauth_signature="{DEMO_CONSUMER_SECRET}&{secret}", '
        f'oauth_signature_method="PLAINTEXT", oauth_timestamp="{stamp}", oauth_version="1.0"'
    )


async def test_access_token_as_disconnect_asks_for_it(sandbox_app):
    """disconnect signs PLAINTEXT and sends the verifier in the query of a GET."""
    async with make_client(sandbox_app) as c:
        callback = {"oauth_callback": "oob"}
        requested = await c.get(
            "/oauth/request_token", params=callback, headers={"Authorization": plaintext_header()}
        )
        token = dict(parse_qsl(requested.text))
        verifier = await authorize(sandbox_app, token["oauth_token"])
        signed = plaintext_header(token["oauth_token"], token["oauth_token_secret"])
        answer = await c.get(
            "/oauth/access_token",
            params={"oauth_verifier": verifier},
            headers={"Authorization": signed},
        )
    assert answer.status_code == 200, answer.text
    assert set(dict(parse_qsl(answer.text))) == {"oauth_token", "oauth_token_secret"}


async def test_plaintext_checks_a_timestamp_it_is_given(sandbox_app):
    async with make_client(sandbox_app) as c:
        now = await c.get("/oauth/request_token", headers={"Authorization": plaintext_header()})
        old = await c.get(
            "/oauth/request_token", headers={"Authorization": plaintext_header(stamp=1_000_000)}
        )
    assert now.status_code == 200
    assert old.status_code == 400
    assert "oauth_timestamp" in old.json()["message"]


# -- the document's answers --------------------------------------------------------------------------
async def test_order_1_1_has_the_documents_thread(sandbox_app):
    async with make_client(sandbox_app, SELLER) as seller:
        answer = await seller.get("/marketplace/orders/1-1/messages")
    body = json.loads(
        answer.text.replace("https://api.discogs.com/images/", "https://img.discogs.com/")
    )
    assert body["messages"] == examples.ORDER_845236_9_MESSAGES
    assert body["pagination"] == examples.ORDER_845236_9_MESSAGES_PAGINATION


async def test_message_with_the_current_status_changes_nothing(sandbox_app):
    async with make_client(sandbox_app, SELLER) as seller:
        sent = {"message": "Still packing.", "status": "New Order"}
        answer = await seller.post("/marketplace/orders/1-1/messages", json=sent)
        silent = await seller.post("/marketplace/orders/1-1/messages", json={"status": "New Order"})
    assert answer.status_code == 201
    assert answer.json()["message"] == "Still packing."
    assert silent.status_code == 422

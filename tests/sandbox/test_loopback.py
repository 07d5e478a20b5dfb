"""The sandbox over real HTTP on loopback: what curl and other clients see."""

from __future__ import annotations

import json
import signal
import subprocess
import sys

import httpx
import pytest

from discogs_tui.sandbox import SandboxConfig
from discogs_tui.sandbox.examples import RELEASE_249504
from tests.loopback import serve

pytestmark = pytest.mark.loopback


def test_document_example_release_over_http():
    with serve() as base:
        answer = httpx.get(f"{base}/releases/249504", headers={"User-Agent": "probe/1.0"})
    assert answer.status_code == 200
    body = answer.json()
    assert body["title"] == RELEASE_249504["title"]
    assert body["resource_url"] == f"{base}/releases/249504"
    assert answer.headers["X-Discogs-Ratelimit"] == "25"


def test_without_user_agent_the_answer_is_empty():
    with serve() as base:
        answer = httpx.get(f"{base}/releases/249504", headers={"User-Agent": ""})
    assert answer.status_code == 200
    assert answer.content == b""


def test_a_short_window_limits_then_frees():
    config = SandboxConfig(rate_window=1.0, rate_limit_anon=3)
    with (
        serve(config) as base,
        httpx.Client(base_url=base, headers={"User-Agent": "probe/1.0"}) as c,
    ):
        statuses = [c.get("/artists/108713").status_code for _ in range(4)]
        stats = c.get("/_sandbox/stats").json()
    assert statuses == [200, 200, 200, 429]
    assert stats["rate_limited"] == 1


def test_credentials_command_prints_json():
    result = subprocess.run(
        [sys.executable, "-m", "discogs_tui", "sandbox", "credentials", "--json"],
        capture_output=True,
        text=True,
        check=True,
    )
    creds = json.loads(result.stdout)
    assert set(creds) >= {"username", "token", "consumer_key", "consumer_secret"}


def test_serve_command_prints_credentials_and_answers():
    command = [
        sys.executable,
        "-m",
        "discogs_tui",
        "sandbox",
        "serve",
        "--port",
        "0",
        "--rate-auth",
        "7",
    ]
    server = subprocess.Popen(command, stdout=subprocess.PIPE, text=True)
    try:
        banner = [server.stdout.readline() for _ in range(4)]
        base = banner[0].split(" on ")[1].split()[0]
        token = next(
            line.split()[-1] for line in iter(server.stdout.readline, "") if "token" in line
        )
        answer = httpx.get(
            f"{base}/oauth/identity",
            headers={"User-Agent": "probe/1.0", "Authorization": f"Discogs token={token}"},
        )
    finally:
        server.terminate()
        server.wait(timeout=10)
    assert "Demo credentials" in "".join(banner)
    assert answer.status_code == 200
    assert answer.headers["X-Discogs-Ratelimit"] == "7"


def test_serve_command_stops_quietly_on_ctrl_c():
    command = [sys.executable, "-m", "discogs_tui", "sandbox", "serve", "--port", "0"]
    server = subprocess.Popen(command, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
    try:
        base = server.stdout.readline().split(" on ")[1].split()[0]
        httpx.get(f"{base}/releases/249504")  # answered: serving, with its signal handlers
        server.send_signal(signal.SIGINT)
        # No short deadline: after it stops, the interpreter frees the sandbox's world (about
        # 1 s of CPU here), which took over 10 s with the machine busy; the test's own timeout
        # still catches a server that doesn't stop.
        _, errors = server.communicate()
    finally:
        server.kill()
    assert "Traceback" not in errors
    assert errors.strip() == "Sandbox stopped."
    assert server.returncode in (0, 130)

"""``discogs-tui login / whoami / logout`` against a sandbox on loopback, as a user runs them."""

from __future__ import annotations

import os
import re
import stat
import subprocess
import sys

import httpx
import pytest

from discogs_tui.sandbox.config import (
    DEMO_CONSUMER_KEY,
    DEMO_CONSUMER_SECRET,
    DEMO_TOKEN,
    DEMO_USERNAME,
)
from tests.conftest import roomy_config
from tests.loopback import serve

pytestmark = pytest.mark.loopback


@pytest.fixture(scope="module")
def base():
    with serve(roomy_config()) as url:
        yield url


@pytest.fixture
def env(tmp_path, base):
    clean = {k: v for k, v in os.environ.items() if not k.startswith("DISCOGS_")}
    return {
        **clean,
        "DISCOGS_TUI_CONFIG_DIR": str(tmp_path / "config"),
        "DISCOGS_TUI_CACHE_DIR": str(tmp_path / "cache"),
        "DISCOGS_API_URL": base,
    }


def run(env, *args, stdin: str = "") -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "discogs_tui", *args],
        input=stdin,
        capture_output=True,
        text=True,
        env=env,
        timeout=60,
    )


def test_token_login_whoami_logout(env, tmp_path):
    login = run(env, "login", "--token", stdin=DEMO_TOKEN + "\n")
    assert login.returncode == 0, login.stderr
    assert f"Signed in as {DEMO_USERNAME}" in login.stdout
    stored = tmp_path / "config" / "credentials.json"
    assert stat.S_IMODE(stored.stat().st_mode) == 0o600
    assert stat.S_IMODE(stored.parent.stat().st_mode) == 0o700
    assert DEMO_TOKEN not in login.stdout + login.stderr

    whoami = run(env, "whoami")
    assert whoami.returncode == 0
    assert whoami.stdout.startswith(f"{DEMO_USERNAME} (token, from credential store)")

    logout = run(env, "logout")
    assert "Signed out" in logout.stdout
    assert not stored.exists()
    after = run(env, "whoami")
    assert after.returncode == 1
    assert "Not signed in" in after.stdout


def test_a_wrong_token_is_refused_without_echoing_it(env, tmp_path):
    login = run(env, "login", "--token", stdin="not-my-token-123\n")
    assert login.returncode == 1
    assert "sign-in failed" in login.stderr
    assert "not-my-token" not in login.stdout + login.stderr
    assert not (tmp_path / "config" / "credentials.json").exists()


def test_environment_token_wins(env):
    whoami = run({**env, "DISCOGS_TOKEN": DEMO_TOKEN}, "whoami")
    assert whoami.returncode == 0
    assert "from environment" in whoami.stdout


def test_a_store_others_can_read_is_refused(env, tmp_path):
    assert run(env, "login", "--token", stdin=DEMO_TOKEN + "\n").returncode == 0
    stored = tmp_path / "config" / "credentials.json"
    stored.chmod(0o644)
    whoami = run(env, "whoami")
    assert whoami.returncode == 1
    assert f"chmod 600 {stored}" in whoami.stderr


def test_oauth_login_out_of_band(env, base):
    env = {
        **env,
        "DISCOGS_CONSUMER_KEY": DEMO_CONSUMER_KEY,
        "DISCOGS_CONSUMER_SECRET": DEMO_CONSUMER_SECRET,
    }
    process = subprocess.Popen(
        [sys.executable, "-m", "discogs_tui", "login", "--oauth"],
        stdin=subprocess.PIPE,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
        env=env,
    )
    url = ""
    while "oauth_token=" not in url:
        url = process.stdout.readline().strip()
    page = httpx.get(url, headers={"User-Agent": "browser/1.0"})
    verifier = re.search(r'id="oauth_verifier">([^<]+)<', page.text).group(1)
    out, err = process.communicate(verifier + "\n", timeout=60)
    assert process.returncode == 0, err
    assert f"Signed in as {DEMO_USERNAME}" in out
    whoami = run({k: v for k, v in env.items() if not k.startswith("DISCOGS_CONSUMER")}, "whoami")
    assert "(oauth, from credential store)" in whoami.stdout


def test_bad_config_file_is_explained(env, tmp_path):
    (tmp_path / "config").mkdir()
    (tmp_path / "config" / "config.toml").write_text("api_url = [unclosed")
    whoami = run(env, "whoami")
    assert whoami.returncode == 2
    assert "not valid TOML" in whoami.stderr

"""Starting discogs-tui: deep links as the command line gives them, and clear one-line
errors (exit 2) for the ones we can't open."""

from __future__ import annotations

import os
import subprocess
import sys

import pytest

from discogs_tui.api.auth import CredentialStore, TokenCredentials
from discogs_tui.app.navigation import BadLocation, Location
from discogs_tui.cli import _with_open, build_parser
from discogs_tui.launch import start_location


def start(*argv: str) -> Location | None:
    """Where ``discogs-tui ARGV`` starts, parsed the way the command does."""
    return start_location(build_parser().parse_args(_with_open(list(argv))))


@pytest.mark.parametrize(
    ("argv", "expected"),
    [
        ((), None),
        (("--demo",), None),
        (("release", "249504"), Location("release", "249504")),
        (("master", "1000"), Location("master", "1000")),
        (("artist", "108713"), Location("artist", "108713")),
        (("label", "1"), Location("label", "1")),
        (("user", "rodneyfool"), Location("user", "rodneyfool")),
        (("search", "Never Gonna"), Location("search", "Never Gonna")),
        (("search", "never", "gonna"), Location("search", "never gonna")),
        (("--demo", "release", "249504"), Location("release", "249504")),
        (
            ("https://www.discogs.com/release/249504-Rick-Astley-Never-Gonna-Give-You-Up",),
            Location("release", "249504"),
        ),
        (
            ("https://www.discogs.com/master/1000-Electric-Universe-Stardiver",),
            Location("master", "1000"),
        ),
        (("https://www.discogs.com/artist/108713-Rick-Astley",), Location("artist", "108713")),
        (("https://www.discogs.com/label/1-Planet-E",), Location("label", "1")),
        (("https://www.discogs.com/user/rodneyfool",), Location("user", "rodneyfool")),
        (("https://www.discogs.com/search/?q=nirvana&type=all",), Location("search", "nirvana")),
        (
            ("https://www.discogs.com/Rick-Astley-Never-Gonna-Give-You-Up/release/249504",),
            Location("release", "249504"),
        ),
        (("www.discogs.com/release/249504",), Location("release", "249504")),
        (("--demo", "https://www.discogs.com/label/1"), Location("label", "1")),
        (("open", "https://discogs.com/master/1000"), Location("master", "1000")),
    ],
)
def test_deep_links(argv, expected):
    assert start(*argv) == expected


@pytest.mark.parametrize(
    ("argv", "says"),
    [
        (("release", "abc"), "A release id is a whole number"),
        (("https://example.com/release/249504",), "not a discogs.com address"),
        (("https://www.discogs.com/sell/list",), "expected a release, master"),
    ],
)
def test_deep_links_we_cannot_open_say_why(argv, says):
    with pytest.raises(BadLocation, match=says):
        start(*argv)


@pytest.fixture
def env(tmp_path):
    clean = {k: v for k, v in os.environ.items() if not k.startswith("DISCOGS_")}
    dirs = {f"DISCOGS_TUI_{kind}_DIR": str(tmp_path / kind) for kind in ("CONFIG", "DATA", "CACHE")}
    return {**clean, **dirs}


def run(env, *args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "discogs_tui", *args],
        capture_output=True,
        text=True,
        env=env,
        timeout=60,
        stdin=subprocess.DEVNULL,
    )


@pytest.mark.parametrize(
    ("args", "says"),
    [
        (("--demo-user", "nobody"), "The sandbox has no user 'nobody'"),
        (("--demo", "release", "abc"), "A release id is a whole number like 249504"),
        (("https://example.com/release/1",), "is not a discogs.com address"),
    ],
)
def test_bad_starts_exit_2_with_one_line(env, args, says):
    result = run(env, *args)
    assert result.returncode == 2
    assert says in result.stderr
    assert len(result.stderr.strip().splitlines()) == 1
    assert "Traceback" not in result.stderr


def test_a_credential_store_others_can_read_says_how_to_fix_it(env, tmp_path):
    stored = CredentialStore(tmp_path / "CONFIG" / "credentials.json")
    stored.save(TokenCredentials(token="secret-token-value"))
    stored.path.chmod(0o644)
    result = run(env)
    assert result.returncode == 2
    assert f"chmod 600 {stored.path}" in result.stderr
    assert "secret-token-value" not in result.stderr


def test_a_config_with_secrets_others_can_read_says_how_to_fix_it(env, tmp_path):
    config = tmp_path / "CONFIG" / "config.toml"
    config.parent.mkdir()
    config.write_text('[auth]\ntoken = "secret-token-value"\n')
    config.chmod(0o644)
    result = run(env)
    assert result.returncode == 2
    assert f"chmod 600 {config}" in result.stderr
    assert len(result.stderr.strip().splitlines()) == 1
    assert "secret-token-value" not in result.stderr

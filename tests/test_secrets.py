"""No secret leaks: sessions of the real ``discogs-tui`` in a terminal (tmux) against
``discogs-tui sandbox serve`` on loopback, signed in with a personal token, with a consumer
key/secret and with OAuth, meeting a wrong token (401), a deep link to nothing (404), a
server error (500), a stopped server and a crash; the CLI commands beside them. Then every
byte they wrote — terminal output, stderr, Textual's log file, the cache, the mirror, the
state file, the config dir but for the credential file, the screenshots, the exports — is
searched for every secret, plain and encoded: zero hits.

Every session shares one home, as one person's machine would."""

from __future__ import annotations

import base64
import json
import os
import re
import shlex
import shutil
import stat
import subprocess
import sys
import time
import zlib
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path
from urllib.parse import quote, quote_plus

import httpx
import pytest

from discogs_tui.api.cache import _RECORD_HEAD, _parse_index, _shard_bytes
from discogs_tui.sandbox.config import DEMO_CONSUMER_KEY, DEMO_CONSUMER_SECRET, DEMO_TOKEN

pytestmark = [
    pytest.mark.loopback,
    pytest.mark.skipif(shutil.which("tmux") is None, reason="tmux is not installed"),
]

WRONG_TOKEN = "wrong-token-5f0c2a9d7e3b41c6"
TIMEOUT = 30.0
ROOMY = ["--rate-auth", "100000", "--rate-anon", "100000"]
EXITED = "[discogs-tui exited with status "
CRASH_HOOK = '''
import os
if os.environ.get("SECRETS_TEST_CRASH"):
    from discogs_tui.app.app import DiscogsApp

    def action_help(self):
        """A bug in a key handler, with the service and its credentials in its locals."""
        service = self.service
        credentials = service.client.credentials
        auth = credentials.auth()
        raise RuntimeError(f"simulated crash with {credentials!r} and {auth!r}")

    DiscogsApp.action_help = action_help
'''


# -- the sandbox, a process of its own --------------------------------------------------------
class Sandbox:
    def __init__(self) -> None:
        self.process = subprocess.Popen(
            [sys.executable, "-m", "discogs_tui", "sandbox", "serve", "--port", "0", *ROOMY],
            stdout=subprocess.PIPE,
            text=True,
        )
        self.url = self.process.stdout.readline().split()[4]  # "… sandbox on http://…"

    def fault(self, **rule: object) -> None:
        answer = httpx.post(f"{self.url}/_sandbox/faults", json=rule)
        assert answer.status_code == 201, answer.text

    def stop(self) -> None:
        if self.process.poll() is None:
            self.process.terminate()
            self.process.wait(timeout=10)
        self.process.stdout.close()


# -- one person's machine ---------------------------------------------------------------------
@dataclass
class Home:
    root: Path
    url: str
    outputs: dict[str, str] = field(default_factory=dict)  # what each run printed
    terminals: list[Terminal] = field(default_factory=list)

    @property
    def config(self) -> Path:
        return self.root / "config"

    @property
    def credential_file(self) -> Path:
        return self.config / "credentials.json"

    def env(self, **extra: str) -> dict[str, str]:
        env = {k: v for k, v in os.environ.items() if not k.startswith(("DISCOGS", "TMUX"))}
        env.update(
            HOME=str(self.root / "home"),
            XDG_DOWNLOAD_DIR=str(self.root / "screenshots"),  # the palette's Screenshot
            DISCOGS_TUI_CONFIG_DIR=str(self.config),
            DISCOGS_TUI_DATA_DIR=str(self.root / "data"),
            DISCOGS_TUI_CACHE_DIR=str(self.root / "cache"),
            DISCOGS_API_URL=self.url,
            TERM="xterm-256color",
            PYTHONPATH=f"{self.root / 'hook'}{os.pathsep}{os.environ.get('PYTHONPATH', '')}",
        )
        env.update(extra)
        return env

    def cli(self, name: str, *args: str, stdin: str = "", **env: str) -> int:
        """Run a ``discogs-tui`` command; keep what it printed."""
        done = subprocess.run(
            [sys.executable, "-m", "discogs_tui", *args],
            input=stdin,
            capture_output=True,
            text=True,
            env=self.env(**env),
            timeout=60,
        )
        self.outputs[f"{name} stdout"] = done.stdout
        self.outputs[f"{name} stderr"] = done.stderr
        return done.returncode

    def terminal(self, name: str, *args: str, **env: str) -> Terminal:
        logs = self.root / "logs"
        logs.mkdir(exist_ok=True)
        env["TEXTUAL_LOG"] = str(logs / f"{name}.textual.log")  # Textual's debug log
        terminal = Terminal(self, name, args, env)
        self.terminals.append(terminal)
        return terminal


class Terminal:
    """The app in tmux at 100×30. Everything it writes to the terminal (Textual draws on
    stderr, and prints a crash's traceback there too) is recorded raw, from the start."""

    def __init__(self, home: Home, name: str, args: tuple[str, ...], env: dict[str, str]) -> None:
        self.home, self.name = home, name
        logs = home.root / "logs"
        self.socket = logs / f"{name}.tmux"
        self.raw = logs / f"{name}.terminal"
        go = logs / f"{name}.go"
        command = shlex.join([sys.executable, "-m", "discogs_tui", *args])
        # Start the app only once its output is being recorded.
        shell = (
            f"while [ ! -e {shlex.quote(str(go))} ]; do sleep 0.01; done; "
            f"{command}; echo '{EXITED}'$?']'; sleep 600"
        )
        self._env = home.env(**env)
        self.tmux("new-session", "-d", "-s", "s", "-x", "100", "-y", "30", shell)
        self.tmux("pipe-pane", "-t", "s", "-o", f"cat >> {shlex.quote(str(self.raw))}")
        go.touch()

    def tmux(self, *args: str) -> str:
        return subprocess.run(
            ["tmux", "-S", str(self.socket), "-f", "/dev/null", *args],
            capture_output=True,
            text=True,
            env=self._env,
            check=True,
        ).stdout

    def keys(self, *keys: str) -> None:
        self.tmux("send-keys", "-t", "s", *keys)

    def type(self, text: str) -> None:
        self.tmux("send-keys", "-t", "s", "-l", text)

    def wait_for(self, *texts: str) -> str:
        """The screen once one of ``texts`` is on it."""
        deadline = time.monotonic() + TIMEOUT
        while True:
            screen = self.tmux("capture-pane", "-p", "-t", "s")
            if any(text in screen for text in texts):
                return screen
            if time.monotonic() > deadline:
                pytest.fail(f"{self.name}: waited {TIMEOUT:g} s for {texts!r}:\n{screen}")
            time.sleep(0.05)

    def close(self) -> None:
        subprocess.run(["tmux", "-S", str(self.socket), "kill-server"], capture_output=True)

    def paste(self, text: str) -> None:
        """As a terminal pastes (bracketed paste): how a token usually arrives."""
        self.tmux("set-buffer", "--", text)
        self.tmux("paste-buffer", "-p", "-t", "s")

    def screenshot(self) -> None:
        """Save an SVG of the screen as a user does: the command palette's Screenshot."""
        self.keys("C-p")
        self.wait_for("Search for commands")
        self.type("screenshot")
        self.wait_for("Save an SVG")
        time.sleep(0.5)  # the palette ranks its matches as they come: let it settle first
        self.keys("Enter")
        self.wait_for("Saved screenshot", "saved")

    def quit(self, key: str | None = "C-q") -> str:
        """Leave (or let it end), record what it wrote; the screen at the end."""
        if key:
            self.keys(key)
        screen = self.wait_for(EXITED)
        self.close()
        self.home.outputs[f"{self.name} terminal"] = self.raw.read_text(errors="replace")
        return screen


# -- the sessions -----------------------------------------------------------------------------
@pytest.fixture(scope="module")
def home(tmp_path_factory) -> Iterator[Home]:
    root = tmp_path_factory.mktemp("secrets")
    (root / "hook").mkdir()
    (root / "hook" / "sitecustomize.py").write_text(CRASH_HOOK)
    (root / "screenshots").mkdir()
    sandbox = Sandbox()
    home = Home(root, sandbox.url)
    try:
        run_sessions(home, sandbox)
    finally:
        sandbox.stop()
        for terminal in home.terminals:  # those a failed wait left running
            terminal.close()
    yield home


def run_sessions(home: Home, sandbox: Sandbox) -> None:
    token = {"DISCOGS_TOKEN": DEMO_TOKEN}
    consumer = {"DISCOGS_CONSUMER_KEY": DEMO_CONSUMER_KEY}
    consumer["DISCOGS_CONSUMER_SECRET"] = DEMO_CONSUMER_SECRET

    # A first start offers sign-in: the token pasted in; then the collection (the mirror
    # syncs) and a screenshot.
    app = home.terminal("signin-token", "release", "249504")
    app.wait_for("Sign in to Discogs")
    app.keys("t")
    app.wait_for("paste the token")
    app.paste(DEMO_TOKEN)
    app.keys("Enter")
    app.wait_for("Never Gonna Give You Up")
    app.keys("F2")
    app.wait_for("synced just now")
    app.screenshot()
    app.quit()
    # The CLI: whoami, export; a wrong token to log in with.
    assert home.cli("whoami", "whoami") == 0
    assert home.cli("export", "export", "wantlist", "--format", "json") == 0
    assert home.cli("whoami-env", "whoami", **token) == 0
    assert home.cli("login-wrong", "login", "--token", stdin=WRONG_TOKEN + "\n") == 1

    # From the environment: a wrong token (401) and a deep link to nothing (404).
    app = home.terminal("wrong-token", "release", "249504", DISCOGS_TOKEN=WRONG_TOKEN)
    app.wait_for("Invalid consumer token", "401", "Sign in again")
    app.quit()
    app = home.terminal("not-found", "release", "999999999", **token)
    app.wait_for("not found", "Not Found")
    app.quit()

    # Consumer key and secret: a search, a screenshot; a server error (500) on a master.
    app = home.terminal("consumer", "search", **consumer)
    app.wait_for("Type a search")
    app.type("never gonna")  # remembered in the state file
    app.keys("Enter")
    app.wait_for("results,")
    app.screenshot()
    app.quit()
    assert home.cli("whoami-consumer", "whoami", **consumer) == 1
    sandbox.fault(kind="status", status=500, path="^/masters/", times=20)
    app = home.terminal("server-error", "master", "1000", **consumer)
    app.wait_for("had a problem")
    app.quit()

    # OAuth, signed in inside the app (out of band), then the wantlist and a screenshot.
    assert home.cli("logout", "logout") == 0
    app = home.terminal("signin-oauth", "artist", "108713")
    app.wait_for("Sign in to Discogs")
    app.keys("o")
    app.wait_for("consumer secret")
    app.type(DEMO_CONSUMER_KEY)
    app.keys("Enter")
    time.sleep(0.5)  # Enter moves to the secret field: nothing on screen says it did
    app.type(DEMO_CONSUMER_SECRET)
    app.keys("Enter")
    url = re.search(r"http\S+oauth_token=\S+", app.wait_for("oauth_token=")).group()
    app.type(approve(url))
    app.keys("Enter")
    app.wait_for("Nickelback")
    app.keys("F3")
    app.wait_for("Wantlist", "wantlist")
    app.screenshot()
    app.quit()
    assert home.cli("whoami-oauth", "whoami") == 0
    assert home.cli("export-oauth", "export", "collection", "-o", str(home.root / "c.csv")) == 0

    # A bug in a key handler, with the credentials at hand: the app's one handler writes the
    # traceback to its log file (which the file search below reads) and the app goes on.
    app = home.terminal("crash", "label", "1", SECRETS_TEST_CRASH="1")
    app.wait_for("Label")
    app.keys("F1")
    app.wait_for("unexpected error")
    app.quit()

    # The server gone: network errors.
    sandbox.stop()
    app = home.terminal("offline", "master", "1000")
    app.wait_for("Could not reach", "failed", "timed out")
    app.quit()
    assert home.cli("whoami-offline", "whoami") == 1


def approve(authorize_url: str) -> str:
    """Approve in a "browser": the verifier the authorize page shows."""
    page = httpx.get(authorize_url, headers={"User-Agent": "browser/1.0"})
    return re.search(r'id="oauth_verifier">([^<]+)<', page.text).group(1)


# -- looking for secrets ----------------------------------------------------------------------
@pytest.fixture(scope="module")
def secrets(home) -> dict[str, str]:
    stored = json.loads(home.credential_file.read_text())
    assert stored["kind"] == "oauth"
    return {
        "token": DEMO_TOKEN,
        "wrong token": WRONG_TOKEN,
        "consumer key": DEMO_CONSUMER_KEY,
        "consumer secret": DEMO_CONSUMER_SECRET,
        "oauth token": stored["token"],
        "oauth token secret": stored["token_secret"],
    }


def encodings(secret: str) -> dict[str, bytes]:
    """``secret`` as it could appear: plain, URL-encoded, and in base64 at each of the
    three alignments it can have inside a longer encoded text (the part only it decides)."""
    forms = {"plain": secret, "url": quote(secret, safe=""), "url+": quote_plus(secret)}
    raw = secret.encode()
    for offset in range(3):
        for name, encode in (("base64", base64.b64encode), ("base64url", base64.urlsafe_b64encode)):
            encoded = encode(b"\0" * offset + raw).decode()
            forms[f"{name}@{offset}"] = encoded[
                (8 * offset + 5) // 6 : 8 * (offset + len(raw)) // 6
            ]
    return {name: form.encode() for name, form in forms.items()}


def hits(data: bytes, secrets: dict[str, str]) -> list[str]:
    lowered = data.lower()
    return [
        f"{name} ({form})"
        for name, secret in secrets.items()
        for form, needle in encodings(secret).items()
        if needle.lower() in lowered
    ]


def readable_forms(path: Path) -> bytes:
    return readable_forms_of(path.name, path.read_bytes())


def readable_forms_of(name: str, data: bytes) -> bytes:
    """A file's bytes, and for the cache's shards also the bodies they keep compressed."""
    if name.startswith("shard-") and name.endswith(".dat"):
        for offset, length, _seq in _parse_index(data, len(data)).values():
            record = data[offset : offset + length]
            data += b"\n" + zlib.decompress(record[_RECORD_HEAD.size :])
    return data


def searched_files(home: Home) -> list[Path]:
    return [
        path
        for path in sorted(home.root.rglob("*"))
        if path.is_file() and path != home.credential_file and path.parent.name != "hook"
    ]


@pytest.mark.parametrize("prefix", [b"", b"a", b"ab", b"Authorization: "])
def test_the_search_finds_a_secret_in_each_form(prefix):
    """No sessions: the needles themselves, inside longer texts."""
    secret = {"token": DEMO_TOKEN}
    raw = prefix + DEMO_TOKEN.encode() + b"&more"
    for wrapped in (raw, quote(raw).encode(), base64.b64encode(raw), base64.urlsafe_b64encode(raw)):
        assert hits(wrapped, secret), wrapped
    # The cache keeps bodies compressed: the search opens them.
    record = _RECORD_HEAD.pack(b"\0" * 16, 0.0, 0.0) + zlib.compress(raw)
    shard, _index = _shard_bytes([("00" * 16, record, 0)])
    assert hits(readable_forms_of("shard-001.dat", shard), secret)


def test_no_secret_in_anything_printed(home, secrets):
    found = {name: hits(text.encode(), secrets) for name, text in home.outputs.items()}
    assert not {name: h for name, h in found.items() if h}


def test_no_secret_in_any_file(home, secrets):
    found = {str(path): hits(readable_forms(path), secrets) for path in searched_files(home)}
    assert not {name: h for name, h in found.items() if h}


def test_the_sessions_left_what_is_searched(home):
    """Guards the two tests above against passing on nothing."""
    names = {path.relative_to(home.root).parts[0] for path in searched_files(home)}
    assert {"logs", "cache", "data", "screenshots"} <= names
    assert len(list((home.root / "screenshots").glob("*.svg"))) == 3
    assert list((home.root / "data").rglob("sandbox_demo.jsonl"))  # the mirror
    assert list((home.root / "cache").rglob("shard-*.dat"))
    assert (home.root / "data" / "state.json").exists()
    assert home.outputs["export stdout"].startswith(("[", "{"))
    logged = "".join(path.read_text() for path in (home.root / "data").rglob("discogs-tui.log*"))
    assert "Traceback" in logged and "simulated crash" in logged


def test_credential_files_are_private(home):
    assert stat.S_IMODE(home.credential_file.stat().st_mode) == 0o600
    assert stat.S_IMODE(home.config.stat().st_mode) == 0o700


@pytest.mark.parametrize("mode", [0o644, 0o640, 0o604])
def test_a_credential_file_others_can_read_is_refused(home, mode):
    """By the app, by whoami and by export alike, with how to fix it."""
    home.credential_file.chmod(mode)
    try:
        for name, args in {
            "app": ["release", "249504"],
            "whoami": ["whoami"],
            "export": ["export", "collection"],
        }.items():
            code = home.cli(f"refused {name}", *args)
            said = home.outputs[f"refused {name} stderr"]
            assert code != 0, name
            assert "can be read by other users" in said, (name, said)
            assert f"chmod 600 {home.credential_file}" in said, (name, said)
    finally:
        home.credential_file.chmod(0o600)

"""A new user in a real terminal: ``discogs-tui --demo`` in tmux at 80×24, keys only, in
256 colours, in 16 colours (``TERM=linux``) and with ``NO_COLOR``. Every step waits for what
should be on screen (polling, never sleeping a fixed time) and the app must exit with 0."""

from __future__ import annotations

import os
import shlex
import shutil
import subprocess
import sys
import time
from collections.abc import Iterator
from pathlib import Path

import pytest

pytestmark = pytest.mark.skipif(
    shutil.which("tmux") is None, reason="tmux is not installed (CI's .ci/run installs it)"
)

TIMEOUT = 30.0  # generous: CI machines are slow, and the first search builds the sandbox
EXITED = "[discogs-tui exited with status "


class Terminal:
    """One tmux session on its own server socket, running a command at 80×24."""

    def __init__(self, socket: Path, env: dict[str, str]) -> None:
        self.socket = socket
        self.env = env

    def tmux(self, *args: str) -> str:
        result = subprocess.run(
            ["tmux", "-S", str(self.socket), "-f", "/dev/null", *args],
            capture_output=True,
            text=True,
            env=self.env,
            check=True,
        )
        return result.stdout

    def start(self, command: str) -> None:
        shell = f"{command}; echo '{EXITED}'$?']'; sleep 600"
        self.tmux("new-session", "-d", "-s", "smoke", "-x", "80", "-y", "24", shell)

    def keys(self, *keys: str) -> None:
        self.tmux("send-keys", "-t", "smoke", *keys)

    def type(self, text: str) -> None:
        self.tmux("send-keys", "-t", "smoke", "-l", text)

    def screen(self) -> str:
        return self.tmux("capture-pane", "-p", "-t", "smoke", "-S", "-100")

    def wait_for(self, what: str, *, gone: bool = False) -> str:
        """The screen once ``what`` is on it (or, with ``gone``, once it isn't)."""
        deadline = time.monotonic() + TIMEOUT
        while True:
            screen = self.screen()
            if (what in screen) != gone:
                return screen
            if time.monotonic() > deadline:
                pytest.fail(
                    f"waited {TIMEOUT:g} s for {what!r} {'to go' if gone else ''}:\n{screen}"
                )
            time.sleep(0.05)

    def close(self) -> None:
        subprocess.run(
            ["tmux", "-S", str(self.socket), "kill-server"], env=self.env, capture_output=True
        )


@pytest.fixture
def terminal(tmp_path) -> Iterator[Terminal]:
    env = {k: v for k, v in os.environ.items() if not k.startswith(("DISCOGS_", "TMUX"))}
    for kind in ("CONFIG", "DATA", "CACHE"):
        env[f"DISCOGS_TUI_{kind}_DIR"] = str(tmp_path / kind.lower())
    term = Terminal(tmp_path / "tmux.sock", env)
    yield term
    term.close()


@pytest.mark.parametrize(
    "terminal_env",
    ["TERM=xterm-256color", "TERM=linux", "TERM=xterm-256color NO_COLOR=1"],
    ids=["256-colours", "16-colours", "no-colour"],
)
def test_a_new_user_searches_opens_a_release_gets_help_and_quits(terminal, terminal_env):
    python = shlex.quote(sys.executable)
    terminal.start(f"env -u COLORTERM {terminal_env} {python} -m discogs_tui --demo")

    terminal.wait_for("Type a search")
    terminal.wait_for("sandbox_demo")  # the status bar: signed in as the demo user

    terminal.keys("/")
    terminal.type("never gonna")
    terminal.keys("Enter")
    screen = terminal.wait_for("results,")
    assert "Rick Astley" in screen

    terminal.keys("j", "Enter")
    terminal.wait_for("Release:")

    terminal.keys("Escape")
    terminal.wait_for("Release:", gone=True)
    terminal.wait_for("results,")  # back on the results (the redraw may take a moment)

    terminal.keys("?")
    terminal.wait_for("The same on every screen")  # the help opens on the key grammar
    terminal.keys("Escape")
    terminal.wait_for("The same on every screen", gone=True)

    terminal.keys("C-q")
    screen = terminal.wait_for(EXITED)
    assert f"{EXITED}0]" in screen
    assert "Traceback" not in screen

"""Record ``assets/demo.cast`` (asciinema v2): the real app on the demo sandbox in a real
pseudo-terminal at 80×24, driven through ``WALK`` of ``screenshots/tour.py`` (the tour the
screenshots come from), every byte it writes kept with its time.

    python screenshots/cast.py
"""

from __future__ import annotations

import fcntl
import json
import os
import pty
import select
import struct
import sys
import tempfile
import termios
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent
ROOT = HERE.parent
sys.path.insert(0, str(ROOT))

from screenshots.tour import WALK  # noqa: E402

SIZE = (80, 24)
START_WAIT = 4.0  # the first frame, and the demo sandbox built behind it
KEY_GAP = 0.12  # between keys: a person typing
ESCAPE_GAP = 0.3  # after Escape, so it isn't read as the start of a sequence
STEP_TIMEOUT = 8.0  # the longest a step may take to load
LINGER = 1.5  # seconds a loaded step stays on screen
# Textual key names -> what a terminal (xterm) sends
KEY_BYTES = {
    "enter": b"\r",
    "escape": b"\x1b",
    "tab": b"\t",
    "space": b" ",
    "down": b"\x1b[B",
    "up": b"\x1b[A",
    "f1": b"\x1bOP",
    "f2": b"\x1bOQ",
    "f3": b"\x1bOR",
    "f4": b"\x1bOS",
    "f5": b"\x1b[15~",
    "ctrl+q": b"\x11",
}


def key_bytes(key: str) -> bytes:
    return KEY_BYTES.get(key, key.encode("utf-8"))


class Recorder:
    """The app in a pseudo-terminal; ``events`` holds (seconds, text) of all it wrote."""

    def __init__(self, argv: list[str], env: dict[str, str]) -> None:
        self.pid, self.fd = pty.fork()
        if self.pid == 0:  # the child: the app
            os.execvpe(argv[0], argv, env)
        columns, rows = SIZE
        fcntl.ioctl(self.fd, termios.TIOCSWINSZ, struct.pack("HHHH", rows, columns, 0, 0))
        self.started = time.monotonic()
        self.events: list[tuple[float, str]] = []
        self.decoder = __import__("codecs").getincrementaldecoder("utf-8")("replace")

    def read_until(self, words: str, timeout: float = STEP_TIMEOUT) -> None:
        """Read until ``words`` have been written (the step has loaded), then a moment more
        for the eye; at most ``timeout`` seconds."""
        first = len(self.events)
        until = time.monotonic() + timeout
        while time.monotonic() < until:
            self.read_for(0.2)
            if words in "".join(text for _, text in self.events[first:]):
                break
        self.read_for(LINGER)

    def read_for(self, seconds: float) -> None:
        until = time.monotonic() + seconds
        while (left := until - time.monotonic()) > 0:
            ready, _, _ = select.select([self.fd], [], [], left)
            if not ready:
                continue
            try:
                data = os.read(self.fd, 65536)
            except OSError:  # the app has ended
                return
            if not data:
                return
            self.events.append((time.monotonic() - self.started, self.decoder.decode(data)))

    def press(self, key: str) -> None:
        os.write(self.fd, key_bytes(key))
        self.read_for(ESCAPE_GAP if key == "escape" else KEY_GAP)

    def finish(self) -> None:
        self.press("ctrl+q")
        self.read_for(2.0)
        os.waitpid(self.pid, 0)


def record(out: Path) -> None:
    with tempfile.TemporaryDirectory() as home:
        env = {
            **{k: v for k, v in os.environ.items() if not k.startswith("DISCOGS_")},
            "TERM": "xterm-256color",
            "COLORTERM": "truecolor",
            "DISCOGS_TUI_CONFIG_DIR": f"{home}/config",
            "DISCOGS_TUI_DATA_DIR": f"{home}/data",
            "DISCOGS_TUI_CACHE_DIR": f"{home}/cache",
        }
        env.pop("NO_COLOR", None)
        recorder = Recorder([sys.executable, "-m", "discogs_tui", "--demo"], env)
        recorder.read_for(START_WAIT)
        for keys, loaded in WALK:
            for key in keys:
                recorder.press(key)
            recorder.read_until(loaded)
        recorder.finish()
    columns, rows = SIZE
    header = {
        "version": 2,
        "width": columns,
        "height": rows,
        "title": "discogs-tui --demo: search, a release, the collection, the wantlist, an order",
        "env": {"TERM": "xterm-256color", "SHELL": "/bin/sh"},
    }
    lines = [json.dumps(header)]
    lines += [json.dumps([round(t, 3), "o", text]) for t, text in recorder.events if text]
    out.write_text("\n".join(lines) + "\n", encoding="utf-8")
    print(f"{out}: {len(lines) - 1} events, {recorder.events[-1][0]:.1f} s")


if __name__ == "__main__":
    record(ROOT / "assets" / "demo.cast")

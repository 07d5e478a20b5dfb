"""The rate limit shared between processes: the app and ``discogs-tui watch`` on one box.

Discogs counts requests per source address in a moving 60-second window, so two programs on
one box spend one budget. Each keeps a record of what it sent in
``<data dir>/budget-v1/sent.log`` (0600): one line per request, ``<wall time> <process
token>``, appended under an exclusive ``fcntl.flock``. A process' rate limiter reads the
lines of the others (``others``) and counts them as slots taken until they age out of the
window, so neither overruns the server's window for the other.

The file stays small: when it outgrows ``COMPACT_AT`` bytes, the writer rewrites it
atomically with only the lines still in the window (at most ``KEEP`` of them). A line cut short by a crash is skipped;
an unreadable file counts as empty (the server's headers still correct the limiter).
"""

from __future__ import annotations

import contextlib
import fcntl
import logging
import os
import secrets
import time
from collections.abc import Callable, Iterator
from pathlib import Path

from discogs_tui import atomic

log = logging.getLogger(__name__)

FORMAT_VERSION = 1
COMPACT_AT = 16 * 1024  # bytes: several windows' worth at 60 a minute
KEEP = 200  # lines kept at most when compacting (the window holds 60 at the real limit)
REREAD_EVERY = 0.25  # seconds a reading is reused (the limiter asks often while waiting)


def budget_file(directory: Path) -> Path:
    return directory / f"budget-v{FORMAT_VERSION}" / "sent.log"


class SharedBudget:
    def __init__(
        self,
        directory: Path,
        window: float = 60.0,
        clock: Callable[[], float] = time.time,
        token: str | None = None,
    ) -> None:
        self.path = budget_file(directory)
        self.window = window
        self._clock = clock
        self.token = token or f"{os.getpid()}-{secrets.token_hex(4)}"
        self._read_at = float("-inf")
        self._others: list[float] = []
        self.usable = True  # False after the file could not be written (said once in the log)

    # -- the file -------------------------------------------------------------------------------
    @contextlib.contextmanager
    def _locked(self, exclusive: bool) -> Iterator[int]:
        self.path.parent.mkdir(parents=True, exist_ok=True, mode=0o700)
        while True:
            fd = os.open(self.path, os.O_RDWR | os.O_APPEND | os.O_CREAT, 0o600)
            fcntl.flock(fd, fcntl.LOCK_EX if exclusive else fcntl.LOCK_SH)
            with contextlib.suppress(FileNotFoundError):
                if os.fstat(fd).st_ino == os.stat(self.path).st_ino:
                    break
            os.close(fd)  # compacted (replaced) while we waited for the lock: open the new one
        try:
            yield fd
        finally:
            os.close(fd)  # closing releases the lock

    def _lines(self) -> list[tuple[float, str]]:
        try:
            text = self.path.read_bytes().decode("utf-8", "replace")
        except FileNotFoundError:
            return []
        entries = []
        for line in text.splitlines():
            parts = line.split()
            if len(parts) != 2:
                continue  # a line cut short
            try:
                entries.append((float(parts[0]), parts[1]))
            except ValueError:
                continue
        return entries

    def _failed(self, error: OSError) -> None:
        if self.usable:
            log.warning(
                "cannot share the rate budget through %s (%s); going by the server's headers",
                self.path,
                error.strerror,
            )
        self.usable = False

    # -- the limiter's side -----------------------------------------------------------------------
    def record(self) -> None:
        """One request of ours is being sent now."""
        if not self.usable:
            return
        try:
            with self._locked(exclusive=True) as fd:
                os.write(fd, f"{self._clock():.3f} {self.token}\n".encode())
                if os.fstat(fd).st_size > COMPACT_AT:
                    self._compact()
        except OSError as error:
            self._failed(error)

    def _compact(self) -> None:
        """Keep only the lines still in the window (called under the exclusive lock)."""
        since = self._clock() - self.window
        kept = [f"{at:.3f} {token}\n" for at, token in self._lines() if at > since]
        kept = kept[-KEEP:]
        atomic.write(self.path, "".join(kept), mode=atomic.PRIVATE)

    def others(self) -> list[float]:
        """The wall times, oldest first, at which other processes sent requests in the
        window (a reading at most ``REREAD_EVERY`` seconds old)."""
        now = self._clock()
        if now - self._read_at >= REREAD_EVERY and self.usable:
            self._read_at = now
            try:
                with self._locked(exclusive=False):
                    lines = self._lines()
            except OSError as error:
                self._failed(error)
                lines = []
            self._others = sorted(at for at, token in lines if token != self.token)
        since = now - self.window
        return [at for at in self._others if at > since]

    def seconds_until_oldest_expires(self) -> float | None:
        """How long until the oldest of the others' requests leaves the window."""
        others = self.others()
        if not others:
            return None
        return max(0.0, others[0] + self.window - self._clock())

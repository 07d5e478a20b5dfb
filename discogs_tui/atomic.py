"""Replacing a file whole or not at all: write a temporary file in the same directory, fsync
it, then ``os.replace`` it over the target. A kill at any moment leaves the previous file or
the new one, never a part; an exception (Ctrl-C included) removes the temporary file.
Also: setting a damaged file aside, and sweeping the temporary files a crash left."""

from __future__ import annotations

import contextlib
import logging
import os
import tempfile
import time
from collections.abc import Iterator
from pathlib import Path
from typing import IO, Any

log = logging.getLogger(__name__)

PRIVATE = 0o600


@contextlib.contextmanager
def replacing(
    path: str | os.PathLike[str],
    *,
    mode: int | None = None,
    binary: bool = False,
    sync_directory: bool = True,
) -> Iterator[IO[Any]]:
    """A file (text, or bytes when ``binary``) to write ``path``'s new content into; it
    becomes ``path`` on leaving the block without an exception. ``mode``: the permissions
    (default: those of the file it replaces, or what the umask gives a new file).
    ``sync_directory=False`` leaves the rename to the file system's own pace: after a power
    cut the previous file may come back, but never a part (the response cache's choice, whose
    puts would otherwise each cost a directory fsync)."""
    target = Path(path)
    fd, temp = tempfile.mkstemp(dir=target.parent, prefix=f".{target.name}.", suffix=".tmp")
    text = {} if binary else {"encoding": "utf-8", "newline": ""}
    try:
        with os.fdopen(fd, "wb" if binary else "w", **text) as handle:
            yield handle
            handle.flush()
            os.fsync(handle.fileno())
        os.chmod(temp, mode if mode is not None else _mode_for(target))
        os.replace(temp, target)
    except BaseException:
        with contextlib.suppress(FileNotFoundError):
            os.unlink(temp)
        raise
    if sync_directory:
        _sync_directory(target.parent)


def write(
    path: str | os.PathLike[str],
    content: str | bytes,
    *,
    mode: int | None = None,
    sync_directory: bool = True,
) -> None:
    """``path`` replaced whole by ``content`` (see ``replacing`` for the options)."""
    binary = isinstance(content, bytes)
    with replacing(path, mode=mode, binary=binary, sync_directory=sync_directory) as handle:
        handle.write(content)


def move_aside(path: Path, why: str) -> None:
    """Rename a damaged file to ``<name>.corrupt-<time>`` (kept for a bug report), so that
    its owner starts afresh."""
    aside = path.with_name(f"{path.name}.corrupt-{int(time.time())}")
    with contextlib.suppress(OSError):
        os.replace(path, aside)
    log.warning(
        "%s was unreadable (%s); moved to %s and starting it empty", path.name, why, aside.name
    )


def remove_stale_temps(directory: Path, pattern: str = ".*.tmp") -> None:
    """Delete the temporary files of writes a crash cut off. Call it holding the lock: only
    the owner writes, so no other process has one of them open."""
    for temp in directory.glob(pattern):
        with contextlib.suppress(OSError):
            temp.unlink()


def _mode_for(target: Path) -> int:
    try:
        return target.stat().st_mode & 0o777
    except FileNotFoundError:
        return 0o666 & ~_umask()


def _umask() -> int:
    """The process' umask, read without changing it (``os.umask`` sets it while reading,
    which a thread creating a file meanwhile would see)."""
    try:
        for line in Path("/proc/self/status").read_text().splitlines():
            if line.startswith("Umask:"):
                return int(line.split()[1], 8)
    except (OSError, ValueError, IndexError):
        pass
    return 0o022


def _sync_directory(directory: Path) -> None:
    """Make the rename itself durable (a no-op where directories can't be opened)."""
    with contextlib.suppress(OSError):
        fd = os.open(directory, os.O_RDONLY)
        try:
            os.fsync(fd)
        finally:
            os.close(fd)

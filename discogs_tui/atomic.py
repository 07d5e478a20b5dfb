"""Replacing a file whole or not at all: write a temporary file in the same directory, fsync
it, then ``os.replace`` it over the target. A kill at any moment leaves the previous file or
the new one, never a part; an exception (Ctrl-C included) removes the temporary file."""

from __future__ import annotations

import contextlib
import os
import tempfile
from collections.abc import Iterator
from pathlib import Path
from typing import IO, Any

PRIVATE = 0o600


@contextlib.contextmanager
def replacing(
    path: str | os.PathLike[str], *, mode: int | None = None, binary: bool = False
) -> Iterator[IO[Any]]:
    """A file (text, or bytes when ``binary``) to write ``path``'s new content into; it
    becomes ``path`` on leaving the block without an exception. ``mode``: the permissions
    (default: those of the file it replaces, or what the umask gives a new file)."""
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
    _sync_directory(target.parent)


def write(path: str | os.PathLike[str], content: str | bytes, *, mode: int | None = None) -> None:
    """``path`` replaced whole by ``content``."""
    with replacing(path, mode=mode, binary=isinstance(content, bytes)) as handle:
        handle.write(content)


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

"""Log lines are cleaned of escape sequences and control characters, whatever their message
and arguments hold (error messages from Discogs, paths, names): a log read in a terminal must
not be able to drive it. Installed once, for every logger, by ``install()``. ``log_to`` writes
the log to a private file, tracebacks cleaned too and the credentials in use (``hide``) never
written."""

from __future__ import annotations

import logging
import os
from logging.handlers import RotatingFileHandler
from pathlib import Path
from typing import Any

from discogs_tui.api.markup import strip_controls

_installed = False
_hidden: set[str] = set()  # secrets no log line may hold
LOG_BYTES = 1_000_000  # the log file is kept to this, with one older file beside it
NOT_SECRET = ("kind", "username")  # the fields of stored credentials that may be logged


def _clean(value: Any) -> Any:
    if isinstance(value, str):
        return strip_controls(value)
    if isinstance(value, int | float | bool) or value is None:
        return value
    return strip_controls(str(value))  # exceptions, paths: as the message would show them


def install() -> None:
    """Make every log record clean its message and arguments as it is made."""
    global _installed
    if _installed:
        return
    _installed = True
    make_record = logging.getLogRecordFactory()

    def clean_record(*args: Any, **kwargs: Any) -> logging.LogRecord:
        record = make_record(*args, **kwargs)
        record.msg = _clean(record.msg)
        if isinstance(record.args, tuple):
            record.args = tuple(_clean(arg) for arg in record.args)
        elif isinstance(record.args, dict):
            record.args = {key: _clean(arg) for key, arg in record.args.items()}
        return record

    logging.setLogRecordFactory(clean_record)


def hide(credentials: Any) -> None:
    """Never write the secrets of ``credentials`` (what its ``to_store()`` holds beside its
    kind and username) to the log file, whatever carries them: "…" stands in their place."""
    stored = credentials.to_store()
    _hidden.update(
        value
        for key, value in stored.items()
        if key not in NOT_SECRET and isinstance(value, str) and len(value) >= 4
    )


def _redact(line: str) -> str:
    for secret in sorted(_hidden, key=len, reverse=True):
        line = line.replace(secret, "…")
    return line


class CleanFormatter(logging.Formatter):
    """logging's own format, then the whole record cleaned, traceback included (an exception's
    message can come from anywhere), and the hidden secrets taken out."""

    def format(self, record: logging.LogRecord) -> str:
        return _redact(strip_controls(super().format(record)))


def _private_open(path: str, flags: int) -> int:
    return os.open(path, flags, 0o600)


class _PrivateFileHandler(RotatingFileHandler):
    """Rotating, and every file it opens (the first, and after each rotation) is 0600."""

    def _open(self):  # logging's own hook
        return open(self.baseFilename, self.mode, encoding=self.encoding, opener=_private_open)


def log_to(path: Path, level: int = logging.WARNING) -> logging.Handler:
    """Write log records of ``level`` and worse, from every logger, to ``path`` (made 0600
    in a 0700 directory when new), kept to ``LOG_BYTES`` and one older file."""
    path.parent.mkdir(parents=True, exist_ok=True, mode=0o700)
    handler = _PrivateFileHandler(path, maxBytes=LOG_BYTES, backupCount=1, encoding="utf-8")
    handler.setFormatter(CleanFormatter("%(asctime)s %(levelname)s %(name)s: %(message)s"))
    handler.setLevel(level)
    root = logging.getLogger()
    root.addHandler(handler)
    if root.level > level or root.level == logging.NOTSET:
        root.setLevel(level)
    return handler

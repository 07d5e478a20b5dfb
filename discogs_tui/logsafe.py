"""Log lines are cleaned of escape sequences and control characters, whatever their message
and arguments hold (error messages from Discogs, paths, names): a log read in a terminal must
not be able to drive it. Installed once, for every logger, by ``install()``."""

from __future__ import annotations

import logging
from typing import Any

from discogs_tui.api.markup import strip_controls

_installed = False


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

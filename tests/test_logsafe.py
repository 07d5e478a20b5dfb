"""The log file: private, kept small, cleaned of escape sequences, and free of the
credentials in use, tracebacks included."""

from __future__ import annotations

import logging
import stat
from collections.abc import Iterator
from pathlib import Path

import pytest

from discogs_tui import logsafe
from discogs_tui.api.auth import ConsumerCredentials, TokenCredentials

TOKEN = "a-personal-token-4f2b9c"
SECRET = "a-consumer-secret-77d1e0"


@pytest.fixture
def log_file(tmp_path: Path) -> Iterator[tuple[Path, logging.Handler]]:
    path = tmp_path / "state" / "discogs-tui.log"
    handler = logsafe.log_to(path)
    try:
        yield path, handler
    finally:
        logging.getLogger().removeHandler(handler)
        handler.close()


def mode(path: Path) -> int:
    return stat.S_IMODE(path.stat().st_mode)


def test_the_log_is_private_after_rotating_too(log_file):
    path, handler = log_file
    handler.maxBytes = 200  # type: ignore[attr-defined]
    log = logging.getLogger("discogs_tui.test")
    for number in range(20):
        log.warning("line %d of a log that outgrows its file", number)
    handler.flush()
    assert mode(path.parent) == 0o700
    assert mode(path) == 0o600
    older = path.with_name(path.name + ".1")
    assert older.exists() and mode(older) == 0o600
    assert not path.with_name(path.name + ".2").exists()  # one older file, no more


def test_tracebacks_are_cleaned_and_hold_no_credentials(log_file):
    path, handler = log_file
    logsafe.hide(TokenCredentials(token=TOKEN, username="someone"))
    logsafe.hide(ConsumerCredentials(key="a-key-123", secret=SECRET))
    try:
        raise RuntimeError(f"refused \x1b]52;c;QUJD\x07 token={TOKEN} secret={SECRET}")
    except RuntimeError:
        logging.getLogger("discogs_tui.test").exception("it failed for %s", "someone")
    handler.flush()
    logged = path.read_text()
    assert "Traceback (most recent call last)" in logged
    assert "it failed for someone" in logged  # a username is not a secret
    assert TOKEN not in logged and SECRET not in logged
    assert "token=…" in logged and "secret=…" in logged
    assert "\x1b" not in logged and "\x07" not in logged

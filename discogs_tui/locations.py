"""Every path the app uses, from platformdirs, in one place (``discogs-tui locate``)."""

from __future__ import annotations

import os
import re
from pathlib import Path

APP_NAME = "discogs-tui"


def _dirs():
    from platformdirs import PlatformDirs

    return PlatformDirs(APP_NAME, appauthor=False)


def config_dir() -> Path:
    override = os.environ.get("DISCOGS_TUI_CONFIG_DIR")
    return Path(override) if override else Path(_dirs().user_config_dir)


def data_dir() -> Path:
    override = os.environ.get("DISCOGS_TUI_DATA_DIR")
    return Path(override) if override else Path(_dirs().user_data_dir)


def cache_dir() -> Path:
    override = os.environ.get("DISCOGS_TUI_CACHE_DIR")
    return Path(override) if override else Path(_dirs().user_cache_dir)


def config_file() -> Path:
    return config_dir() / "config.toml"


def credentials_file() -> Path:
    return config_dir() / "credentials.json"


def log_file() -> Path:
    """Warnings and unexpected errors, with their tracebacks (cleaned, no secrets)."""
    return data_dir() / "discogs-tui.log"


def all_locations() -> dict[str, Path]:
    """Name -> path, for ``discogs-tui locate`` and the README."""
    return {
        "config dir": config_dir(),
        "config file": config_file(),
        "credentials": credentials_file(),
        "data dir": data_dir(),
        "cache dir": cache_dir(),
        "log file": log_file(),
    }


def user_file_name(username: str) -> str:
    """A username as a file name (usernames may hold dots and other characters)."""
    return re.sub(r"[^a-z0-9_.-]", "_", username.lower()).lstrip(".") or "_"


WATCH_HISTORY_VERSION = 1  # the format of the watch history files (api/history.py)


def watch_history_file(directory: Path, username: str) -> Path:
    """A user's watch history under ``directory``: known without importing the history
    module, so the start screen can see that there is none at no cost."""
    return directory / f"history-v{WATCH_HISTORY_VERSION}" / f"{user_file_name(username)}.json"

"""Typed settings from ``config.toml`` (see ``discogs-tui locate``) with environment overrides.

```toml
api_url = "https://api.discogs.com"   # or DISCOGS_API_URL, or --api-url
cache_max_mb = 200

[auth]                                  # optional; the credential store is the usual place
token = "…"                             # or consumer_key / consumer_secret
```
"""

from __future__ import annotations

import os
import tomllib
from collections.abc import Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from discogs_tui import locations

ENV_API_URL = "DISCOGS_API_URL"
DEFAULT_API_URL = "https://api.discogs.com"


class ConfigError(Exception):
    """The config file can't be read; the message says where and why."""


@dataclass(frozen=True)
class Settings:
    api_url: str = DEFAULT_API_URL
    cache_max_mb: int = 200
    auth: Mapping[str, str] = field(default_factory=dict, repr=False)
    theme: str | None = None
    keys: Mapping[str, str] = field(default_factory=dict)  # binding id -> keys (issue: app shell)


def _read_file(path: Path) -> dict[str, Any]:
    try:
        with path.open("rb") as handle:
            return tomllib.load(handle)
    except FileNotFoundError:
        return {}
    except tomllib.TOMLDecodeError as error:
        raise ConfigError(f"{path} is not valid TOML: {error}. Fix or remove it.") from None
    except OSError as error:
        raise ConfigError(f"{path} can't be read: {error.strerror}.") from None


def load_settings(
    path: Path | None = None,
    environ: Mapping[str, str] = os.environ,
    api_url: str | None = None,
) -> Settings:
    """Settings from the file, then the environment, then the command line (``api_url``)."""
    path = path or locations.config_file()
    data = _read_file(path)
    auth = data.get("auth", {})
    try:
        cache_max_mb = int(data.get("cache_max_mb", Settings.cache_max_mb))
    except (TypeError, ValueError):
        raise ConfigError(f"{path}: cache_max_mb must be a whole number of megabytes.") from None
    return Settings(
        api_url=(
            api_url or environ.get(ENV_API_URL) or data.get("api_url") or DEFAULT_API_URL
        ).rstrip("/"),
        cache_max_mb=cache_max_mb,
        auth={str(k): str(v) for k, v in auth.items()} if isinstance(auth, dict) else {},
        theme=data.get("theme"),
        keys={str(k): str(v) for k, v in data.get("keys", {}).items()},
    )

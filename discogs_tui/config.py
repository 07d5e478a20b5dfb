"""Typed settings from ``config.toml`` (see ``discogs-tui locate``) with environment overrides.

```toml
api_url = "https://api.discogs.com"   # or DISCOGS_API_URL, or --api-url
cache_max_mb = 200

[auth]                                  # optional; the credential store is the usual place
#                                         with secrets, the file must be private (chmod 600)
token = "…"                             # or consumer_key / consumer_secret
```
"""

from __future__ import annotations

import os
import re
import stat
import tomllib
from collections.abc import Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

from discogs_tui import locations

ENV_API_URL = "DISCOGS_API_URL"
KEY_NAME = re.compile(r"[^\s,]+")  # one key: "j", "ctrl+r", "f5", "question_mark"
DEFAULT_API_URL = "https://api.discogs.com"
SECRET_FIELDS = ("token", "secret", "consumer_secret", "token_secret")  # in [auth]


class ConfigError(Exception):
    """The config file can't be read; the message says where and why."""


@dataclass(frozen=True)
class Settings:
    api_url: str = DEFAULT_API_URL
    cache_max_mb: int = 200
    auth: Mapping[str, str] = field(default_factory=dict, repr=False)
    theme: str | None = None
    keys: Mapping[str, str] = field(default_factory=dict)  # binding id -> keys (issue: app shell)
    # how long the wantlist's marketplace answers count as fresh (not asked again)
    availability_fresh_minutes: int = 60


def _read_file(path: Path) -> dict[str, Any]:
    try:
        with path.open("rb") as handle:
            return tomllib.load(handle)
    except FileNotFoundError:
        return {}
    except (tomllib.TOMLDecodeError, UnicodeDecodeError) as error:
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
    _check_secrets_are_private(auth, path)
    cache_max_mb = data.get("cache_max_mb", Settings.cache_max_mb)
    if isinstance(cache_max_mb, bool) or not isinstance(cache_max_mb, int) or cache_max_mb < 0:
        raise ConfigError(f"{path}: cache_max_mb must be a whole number of megabytes, 0 or more.")
    theme = data.get("theme")
    if theme is not None and not isinstance(theme, str):
        raise ConfigError(f'{path}: theme must be a theme\'s name in quotes, like "nord".')
    fresh = data.get("availability_fresh_minutes", Settings.availability_fresh_minutes)
    if isinstance(fresh, bool) or not isinstance(fresh, int) or fresh < 0:
        raise ConfigError(
            f"{path}: availability_fresh_minutes must be a whole number of minutes, 0 or more."
        )
    url = api_url or environ.get(ENV_API_URL) or data.get("api_url") or DEFAULT_API_URL
    return Settings(
        api_url=_checked_api_url(url, path),
        cache_max_mb=cache_max_mb,
        auth={str(k): str(v) for k, v in auth.items()} if isinstance(auth, dict) else {},
        theme=theme,
        keys=_checked_keys(data.get("keys", {}), path),
        availability_fresh_minutes=fresh,
    )


def _check_secrets_are_private(auth: object, path: Path) -> None:
    """Like the credential store, refuse secrets in a file other users can read."""
    holds_secrets = isinstance(auth, dict) and any(auth.get(name) for name in SECRET_FIELDS)
    if holds_secrets and path.stat().st_mode & (stat.S_IRWXG | stat.S_IRWXO):
        raise ConfigError(
            f"{path} holds secrets in [auth] and can be read by other users, so it is not "
            f"used. Fix it with: chmod 600 {path}"
        )


def _checked_api_url(url: object, path: Path) -> str:
    """An http(s) base URL with a host, without a trailing slash."""
    try:
        parts = urlsplit(url.strip()) if isinstance(url, str) else None
        port_ok = parts is not None and (parts.port or 1) > 0  # .port raises when it's no number
    except ValueError:
        parts, port_ok = None, False
    if parts is not None and port_ok and parts.scheme in ("http", "https") and parts.hostname:
        return parts.geturl().rstrip("/")
    raise ConfigError(
        f"The API URL {url!r} (from --api-url, {ENV_API_URL} or {path}) must be an http(s) "
        f"address like {DEFAULT_API_URL}."
    )


def _checked_keys(keys: object, path: Path) -> dict[str, str]:
    """The ``[keys]`` table: command id = "keys, comma-separated" (ids as the help lists)."""
    if not isinstance(keys, dict):
        raise ConfigError(
            f'{path}: [keys] must be a table of command id = "key", like "search.focus" = "i".'
        )
    bad = [
        str(name)
        for name, value in keys.items()
        if not isinstance(value, str)
        or not all(KEY_NAME.fullmatch(k.strip()) for k in value.split(","))
    ]
    if bad:
        raise ConfigError(
            f"{path}: [keys] {', '.join(bad)} must be key names in quotes, separated by commas, "
            'like "j,down" or "ctrl+r".'
        )
    return {str(name): value for name, value in keys.items()}

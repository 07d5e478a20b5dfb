"""Credentials: a personal token, a consumer key/secret, or OAuth 1.0a; where they come from
(environment, config file, credential store); and how they sign a request.

Secrets never leave this module in a printable form: ``repr()`` of every credential masks
them, the token travels in the ``Authorization`` header (never in a URL), and errors say
which credential failed, not what it was.
"""

from __future__ import annotations

import json
import os
import stat
from collections.abc import Generator, Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, ClassVar
from urllib.parse import parse_qsl

import httpx

from discogs_tui.api.errors import SecretStoreError

ENV_TOKEN = "DISCOGS_TOKEN"
ENV_CONSUMER_KEY = "DISCOGS_CONSUMER_KEY"
ENV_CONSUMER_SECRET = "DISCOGS_CONSUMER_SECRET"
AUTHORIZE_URL = "https://www.discogs.com/oauth/authorize"


def _mask(secret: str) -> str:
    return f"…{secret[-2:]}" if len(secret) > 8 else "…"


@dataclass(frozen=True, repr=False)
class Credentials:
    """Base: anonymous. Subclasses sign requests."""

    kind: str = "anonymous"

    # Any credentials raise the rate tier (25 -> 60 a minute) and unlock image URLs;
    # only a token or OAuth says which user is asking.
    authenticated: ClassVar[bool] = False
    identifies_user: ClassVar[bool] = False

    def auth(self) -> httpx.Auth | None:
        return None

    def cache_identity(self) -> str:
        """A name for the cache that separates identities without containing a secret."""
        return "anonymous"

    def to_store(self) -> dict[str, str]:
        return {"kind": self.kind}

    def __repr__(self) -> str:
        return f"{type(self).__name__}()"


ANONYMOUS = Credentials()


class _HeaderAuth(httpx.Auth):
    def __init__(self, value: str) -> None:
        self._value = value

    def auth_flow(self, request: httpx.Request) -> Generator[httpx.Request, httpx.Response, None]:
        request.headers["Authorization"] = self._value
        yield request

    def __repr__(self) -> str:
        return f"{type(self).__name__}(…)"


@dataclass(frozen=True, repr=False)
class TokenCredentials(Credentials):
    token: str = ""
    username: str | None = None  # learnt from /oauth/identity, for the cache and the header
    kind: str = "token"

    authenticated: ClassVar[bool] = True
    identifies_user: ClassVar[bool] = True

    def auth(self) -> httpx.Auth:
        return _HeaderAuth(f"Discogs token={self.token}")

    def cache_identity(self) -> str:
        # A token without a known username still gets its own cache space: a hash of it.
        return f"user:{self.username.lower()}" if self.username else f"token:{_digest(self.token)}"

    def to_store(self) -> dict[str, str]:
        return {"kind": self.kind, "token": self.token, "username": self.username or ""}

    def __repr__(self) -> str:
        return f"TokenCredentials(token={_mask(self.token)}, username={self.username!r})"


@dataclass(frozen=True, repr=False)
class ConsumerCredentials(Credentials):
    """Consumer key and secret alone: the high rate tier and images, but no user."""

    key: str = ""
    secret: str = ""
    kind: str = "consumer"

    authenticated: ClassVar[bool] = True

    def auth(self) -> httpx.Auth:
        return _HeaderAuth(f"Discogs key={self.key}, secret={self.secret}")

    def cache_identity(self) -> str:
        return f"consumer:{_digest(self.key)}"

    def to_store(self) -> dict[str, str]:
        return {"kind": self.kind, "key": self.key, "secret": self.secret}

    def __repr__(self) -> str:
        return f"ConsumerCredentials(key={_mask(self.key)}, secret=…)"


class OAuth1Signer(httpx.Auth):
    """Signs each request with OAuth 1.0a (HMAC-SHA1) using authlib's ClientAuth.

    ``force_include_body=True``: authlib otherwise drops a JSON body from the signed request.
    """

    requires_request_body = True

    def __init__(
        self,
        consumer_key: str,
        consumer_secret: str,
        token: str | None,
        token_secret: str | None,
        **extra: Any,
    ) -> None:
        from authlib.oauth1 import ClientAuth

        self._client = ClientAuth(
            consumer_key,
            client_secret=consumer_secret,
            token=token,
            token_secret=token_secret,
            force_include_body=True,
            **extra,
        )

    def auth_flow(self, request: httpx.Request) -> Generator[httpx.Request, httpx.Response, None]:
        url, headers, body = self._client.prepare(
            request.method, str(request.url), dict(request.headers), request.content
        )
        signed = httpx.Request(
            request.method, url, headers=headers, content=body, extensions=request.extensions
        )
        signed.headers["Content-Length"] = str(len(body or b""))
        yield signed

    def __repr__(self) -> str:
        return "OAuth1Signer(…)"


@dataclass(frozen=True, repr=False)
class OAuthCredentials(Credentials):
    consumer_key: str = ""
    consumer_secret: str = ""
    token: str = ""
    token_secret: str = ""
    username: str | None = None
    kind: str = "oauth"

    authenticated: ClassVar[bool] = True
    identifies_user: ClassVar[bool] = True

    def auth(self) -> httpx.Auth:
        return OAuth1Signer(self.consumer_key, self.consumer_secret, self.token, self.token_secret)

    def cache_identity(self) -> str:
        return f"user:{self.username.lower()}" if self.username else f"oauth:{_digest(self.token)}"

    def to_store(self) -> dict[str, str]:
        return {
            "kind": self.kind,
            "consumer_key": self.consumer_key,
            "consumer_secret": self.consumer_secret,
            "token": self.token,
            "token_secret": self.token_secret,
            "username": self.username or "",
        }

    def __repr__(self) -> str:
        return f"OAuthCredentials(consumer_key={_mask(self.consumer_key)}, token=…, username={self.username!r})"


def with_username(credentials: Credentials, username: str) -> Credentials:
    """The same credentials, now knowing whose they are."""
    if isinstance(credentials, (TokenCredentials, OAuthCredentials)):
        from dataclasses import replace

        return replace(credentials, username=username)
    return credentials


def _digest(secret: str) -> str:
    import hashlib

    return hashlib.sha256(secret.encode()).hexdigest()[:16]


def from_mapping(data: Mapping[str, str]) -> Credentials:
    """Credentials from a stored or configured mapping (``kind`` plus its fields)."""
    kind = data.get("kind")
    if kind == "token" and data.get("token"):
        return TokenCredentials(token=data["token"], username=data.get("username") or None)
    if kind == "consumer" and data.get("key") and data.get("secret"):
        return ConsumerCredentials(key=data["key"], secret=data["secret"])
    if kind == "oauth" and all(
        data.get(k) for k in ("consumer_key", "consumer_secret", "token", "token_secret")
    ):
        return OAuthCredentials(
            consumer_key=data["consumer_key"],
            consumer_secret=data["consumer_secret"],
            token=data["token"],
            token_secret=data["token_secret"],
            username=data.get("username") or None,
        )
    return ANONYMOUS


def from_environment(environ: Mapping[str, str] = os.environ) -> Credentials | None:
    if environ.get(ENV_TOKEN):
        return TokenCredentials(token=environ[ENV_TOKEN])
    if environ.get(ENV_CONSUMER_KEY) and environ.get(ENV_CONSUMER_SECRET):
        return ConsumerCredentials(
            key=environ[ENV_CONSUMER_KEY], secret=environ[ENV_CONSUMER_SECRET]
        )
    return None


# -- the credential store ---------------------------------------------------------------------
@dataclass
class CredentialStore:
    """One JSON file, mode 0600, in a 0700 directory. Refuses files others can read."""

    path: Path
    _cached: Credentials | None = field(default=None, repr=False)

    def load(self) -> Credentials | None:
        try:
            mode = self.path.stat().st_mode
        except FileNotFoundError:
            return None
        if mode & (stat.S_IRWXG | stat.S_IRWXO):
            raise SecretStoreError(
                f"{self.path} can be read by other users, so it is not used. "
                f"Fix it with: chmod 600 {self.path}"
            )
        try:
            data = json.loads(self.path.read_text(encoding="utf-8"))
        except (ValueError, OSError) as error:
            raise SecretStoreError(
                f"{self.path} is unreadable ({type(error).__name__}); run `discogs-tui login` again."
            ) from None
        credentials = from_mapping(data) if isinstance(data, dict) else ANONYMOUS
        return None if credentials is ANONYMOUS else credentials

    def save(self, credentials: Credentials) -> None:
        directory = self.path.parent
        directory.mkdir(parents=True, exist_ok=True, mode=0o700)
        os.chmod(directory, 0o700)
        temp = self.path.with_name(f".{self.path.name}.tmp")
        fd = os.open(temp, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600)
        with os.fdopen(fd, "w", encoding="utf-8") as handle:
            json.dump(credentials.to_store(), handle)
            handle.flush()
            os.fsync(handle.fileno())
        os.replace(temp, self.path)

    def delete(self) -> bool:
        try:
            self.path.unlink()
        except FileNotFoundError:
            return False
        return True


# -- OAuth 1.0a out-of-band flow --------------------------------------------------------------
def parse_token_answer(text: str) -> dict[str, str]:
    """``oauth_token=…&oauth_token_secret=…`` -> dict."""
    return dict(parse_qsl(text))


def resolve(
    store: CredentialStore,
    configured: Mapping[str, str] | None = None,
    environ: Mapping[str, str] = os.environ,
) -> tuple[Credentials, str]:
    """The credentials to use and where they came from: the environment, then the config
    file's ``[auth]`` table, then the credential store; anonymous when there are none."""
    from_env = from_environment(environ)
    if from_env is not None:
        return from_env, "environment"
    if configured:
        kind = "token" if configured.get("token") else "consumer"
        mapped = {"kind": kind, "key": configured.get("consumer_key", ""), **configured}
        mapped.setdefault("secret", configured.get("consumer_secret", ""))
        from_config = from_mapping(mapped)
        if from_config is not ANONYMOUS:
            return from_config, "config file"
    stored = store.load()
    if stored is not None:
        return stored, "credential store"
    return ANONYMOUS, "none"

"""Who is asking: credentials from the Authorization header or the query string.

Four ways in, as the document lists them: none; ``Discogs token=…`` (or ``?token=``);
``Discogs key=…, secret=…`` (or ``?key=&secret=``), which raises the rate tier and shows
images but identifies no user; and OAuth 1.0a access tokens (``oauth.py`` verifies those).
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from urllib.parse import parse_qsl

from discogs_tui.sandbox.state import Consumer, SandboxState, User

_DISCOGS_PARAM = re.compile(r"(\w+)\s*=\s*\"?([^\",]*)\"?")


class AuthFailure(Exception):
    """Credentials were sent but are not valid: the request is answered with 401."""

    def __init__(self, message: str) -> None:
        super().__init__(message)
        self.message = message


@dataclass(frozen=True)
class Principal:
    kind: str  # "anonymous", "consumer", "token" or "oauth"
    user: User | None = None
    consumer: Consumer | None = None

    @property
    def authenticated(self) -> bool:
        """Any valid credentials: the high rate tier and image URLs."""
        return self.kind != "anonymous"

    @property
    def username_key(self) -> str | None:
        return self.user.key if self.user else None


ANONYMOUS = Principal("anonymous")


def parse_discogs_header(value: str) -> dict[str, str]:
    """``Discogs token=abc`` / ``Discogs key=k, secret=s`` -> their parameters."""
    return {name.lower(): val.strip() for name, val in _DISCOGS_PARAM.findall(value)}


def consumer_principal(state: SandboxState, key: str, secret: str) -> Principal:
    consumer = state.consumers.get(key)
    if consumer is None or consumer.secret != secret:
        raise AuthFailure(
            "Invalid consumer key/secret. Please register an app before making API calls."
        )
    return Principal("consumer", consumer=consumer)


def token_principal(state: SandboxState, token: str) -> Principal:
    user = state.user_by_token(token)
    if user is None:
        raise AuthFailure("Invalid consumer token. Please register an app before making API calls.")
    return Principal("token", user=user)


def discogs_auth(state: SandboxState, header: str | None, query_string: str) -> Principal | None:
    """The principal of Discogs Auth (header or query), or None when neither is present."""
    if header and header.strip().lower().startswith("discogs "):
        params = parse_discogs_header(header.strip()[len("discogs ") :])
    else:
        params = dict(parse_qsl(query_string))
    if params.get("token"):
        return token_principal(state, params["token"])
    if params.get("key") or params.get("secret"):
        return consumer_principal(state, params.get("key", ""), params.get("secret", ""))
    if header and header.strip().lower().startswith("discogs"):
        raise AuthFailure("Malformed Discogs Authorization header.")
    return None

"""What can go wrong talking to Discogs, as exceptions that say what happened and what to do.

Every error carries the server's ``message`` (when there was one) and HTTP ``status``.
Nothing here ever holds a credential: messages are built from the server's words, the
method and the path, never from headers or full URLs with their query strings.
"""

from __future__ import annotations


class DiscogsError(Exception):
    """Base of every service-layer error. ``str(error)`` is fit to show a user."""

    status: int | None = None
    hint: str = ""

    def __init__(self, message: str, *, status: int | None = None, hint: str | None = None) -> None:
        super().__init__(message)
        self.message = message
        if status is not None:
            self.status = status
        if hint is not None:
            self.hint = hint

    def __str__(self) -> str:
        return f"{self.message} {self.hint}".strip()

    def __repr__(self) -> str:
        return f"{type(self).__name__}(status={self.status!r}, message={self.message!r})"


class AuthError(DiscogsError):
    status = 401
    hint = "Sign in again: check your token, or run `discogs-tui login`."


class PermissionDenied(DiscogsError):
    status = 403
    hint = "Only the owner can do this."


class NotFound(DiscogsError):
    status = 404


class MethodNotAllowed(DiscogsError):
    status = 405


class Conflict(DiscogsError):
    status = 409
    hint = "Wait for the running job to finish, then try again."


class UnsupportedMedia(DiscogsError):
    status = 415
    hint = "Upload a comma-separated CSV file."


class ValidationError(DiscogsError):
    """A 422 from the server, or a parameter the document constrains, checked before sending."""

    status = 422


class RateLimited(DiscogsError):
    status = 429
    hint = "Requests wait for the rate limit to free up."


class ServerError(DiscogsError):
    hint = "Discogs had a problem; try again in a moment."


class NetworkError(DiscogsError):
    """The request never got an answer: connect error, timeout, dropped connection."""

    hint = "Check the network connection; reads retry by themselves."


# What code reading JSON of an unexpected shape raises (a string where an object was, ...):
# the app's handlers catch these and say so rather than end.
ODD_SHAPE = (AttributeError, TypeError, KeyError, ValueError, IndexError)
UNREADABLE = "Discogs sent this in a shape the app can't read ({kind})."


class MalformedResponse(DiscogsError):
    """An answer that isn't the JSON it should be (maintenance pages, truncated bodies)."""

    hint = "Discogs sent something unexpected; try again in a moment."


class OutcomeUnknown(DiscogsError):
    """A write was sent but no answer came back: it may or may not have happened.

    Writes are never resent automatically; re-read the state before trying again.
    """

    hint = "It may or may not have been saved: reload to check before trying again."


class SecretStoreError(DiscogsError):
    """The credential store can't be used safely (e.g. readable by other users)."""


_BY_STATUS: dict[int, type[DiscogsError]] = {
    401: AuthError,
    403: PermissionDenied,
    404: NotFound,
    405: MethodNotAllowed,
    409: Conflict,
    415: UnsupportedMedia,
    422: ValidationError,
    429: RateLimited,
}


def error_for_status(status: int, message: str | None) -> DiscogsError:
    """The error kind of an HTTP error status, with the server's message."""
    kind = _BY_STATUS.get(status)
    if kind is None:
        kind = ServerError if status >= 500 else DiscogsError
    text = message or f"Discogs answered HTTP {status}."
    return kind(text, status=status)

"""The server side of the rate limit: a moving window per client, as the real API keeps."""

from __future__ import annotations

from collections import deque
from collections.abc import Callable
from dataclasses import dataclass


@dataclass(frozen=True)
class RateDecision:
    allowed: bool
    limit: int
    used: int
    remaining: int
    retry_after: float  # seconds until the oldest counted request leaves the window

    def headers(self) -> dict[str, str]:
        return {
            "X-Discogs-Ratelimit": str(self.limit),
            "X-Discogs-Ratelimit-Used": str(self.used),
            "X-Discogs-Ratelimit-Remaining": str(self.remaining),
        }


class MovingWindowLimiter:
    """Counts each client's requests of the last ``window`` seconds.

    Requests answered with 429 are not counted, so a client that backs off recovers as soon
    as its oldest request leaves the window.
    """

    def __init__(self, window: float, clock: Callable[[], float]) -> None:
        self.window = window
        self.clock = clock
        self._sent: dict[str, deque[float]] = {}

    def _prune(self, client: str, now: float) -> deque[float]:
        sent = self._sent.setdefault(client, deque())
        while sent and sent[0] <= now - self.window:
            sent.popleft()
        return sent

    def hit(self, client: str, limit: int) -> RateDecision:
        now = self.clock()
        sent = self._prune(client, now)
        if len(sent) >= limit:
            wait = sent[0] + self.window - now if sent else self.window
            return RateDecision(False, limit, len(sent), 0, min(max(wait, 0.0), self.window))
        sent.append(now)
        return RateDecision(True, limit, len(sent), limit - len(sent), 0.0)

    def reset(self) -> None:
        self._sent.clear()

"""The sandbox's moving-window limiter, checked against its definition with Hypothesis."""

from __future__ import annotations

from hypothesis import given
from hypothesis import strategies as st

from discogs_tui.sandbox.ratelimit import MovingWindowLimiter

WINDOW = 60.0


@given(
    limit=st.integers(min_value=1, max_value=10),
    gaps=st.lists(st.floats(min_value=0, max_value=30, allow_nan=False), min_size=1, max_size=80),
)
def test_no_window_ever_admits_more_than_the_limit(limit, gaps):
    now = [0.0]
    limiter = MovingWindowLimiter(WINDOW, lambda: now[0])
    admitted: list[float] = []
    for gap in gaps:
        now[0] += gap
        decision = limiter.hit("client", limit)
        recent = [t for t in admitted if t > now[0] - WINDOW]
        # Admitted exactly when fewer than `limit` requests were admitted in the last window.
        assert decision.allowed == (len(recent) < limit)
        if decision.allowed:
            admitted.append(now[0])
            assert decision.used == len(recent) + 1
            assert decision.remaining == limit - decision.used
        else:
            assert decision.remaining == 0
            assert 0 <= decision.retry_after <= WINDOW


def test_clients_have_separate_windows():
    limiter = MovingWindowLimiter(WINDOW, lambda: 0.0)
    assert limiter.hit("a", 1).allowed
    assert not limiter.hit("a", 1).allowed
    assert limiter.hit("b", 1).allowed

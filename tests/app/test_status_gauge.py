"""The rate-limit gauge on the top line."""

from hypothesis import given
from hypothesis import strategies as st

from discogs_tui.api.ratelimit import RateState
from discogs_tui.app.widgets.status import gauge_text


@given(st.integers(1, 100_000), st.data())
def test_the_gauge_keeps_its_width_as_the_count_grows(limit, data):
    """A screen under a dialog is not laid out again, so a gauge that grew a digit there
    would be cut off: its width depends on the limit only."""
    used = data.draw(st.integers(0, limit))
    state = RateState(
        limit=limit, used=used, remaining=limit - used, waiting_until=None, paused=False
    )
    empty = RateState(limit=limit, used=0, remaining=limit, waiting_until=None, paused=False)
    assert gauge_text(state, 0.0).cell_len == gauge_text(empty, 0.0).cell_len
    assert gauge_text(state, 0.0).plain.endswith(f"{used}/{limit}")

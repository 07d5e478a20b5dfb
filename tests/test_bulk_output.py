"""What `discogs-tui bulk` prints of a plan: names and values from Discogs never carry
control characters or escape sequences to the terminal."""

import io

from discogs_tui.api.bulk import actions, preview
from discogs_tui.api.mirror import MirrorItem
from discogs_tui.bulk_command import show_preview

HOSTILE = "Shelf\x1b]0;pwned\x07\x1b[2J\x00"


def test_a_preview_prints_no_escape_sequence_from_discogs():
    copy = MirrorItem.make(instance_id=1, release_id=2, folder_id=1, rating=0, date_added="",
                           artist="A", title="T", label="", catno="", format="", year=0,
                           genres=(), styles=(), notes={})  # fmt: skip
    folders = [{"id": 1, "name": "Vinyl"}, {"id": 5, "name": HOSTILE}]  # named on Discogs
    plan = actions.plan_collection_move("someone", [copy], 5, folders)
    assert "\x1b" in preview(plan)  # the engine keeps the data as it came
    out = io.StringIO()
    show_preview(plan, preview(plan), out)
    printed = out.getvalue()
    assert "Shelf" in printed
    assert not any(ord(c) < 32 and c != "\n" for c in printed)

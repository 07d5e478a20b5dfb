"""The virtual list: columns stay in line whatever the script, and filtering answers in step."""

from __future__ import annotations

import pytest
from textual.app import App, ComposeResult

from discogs_tui.app import slices
from discogs_tui.app.widgets.filter_input import FilterInput
from discogs_tui.app.widgets.virtual_list import (
    Column,
    VirtualList,
    char_width,
    fit,
    matching,
)

COLUMNS = (
    Column("Artist", 6, flexible=True),
    Column("Title", 8, flexible=True),
    Column("Label", 5, flexible=True),
    Column("Year", 4),
    Column("Added", 10),
)
ADDED = "2024-04-25"
ROWS = [  # one script (or trap) per row; the last column is always ADDED
    ("Clara Holloway", "Paper Rivers", "Crimson Records", "1999"),
    ("坂本龍一", "音楽図鑑 プラスティック・ラブ", "東芝EMI", "1984"),  # CJK: two cells each
    ("산울림", "푸른 밤 사랑", "Sony Music Korea", "1977"),  # Hangul
    ("राग रिकॉर्ड्स", "हिंदी क्षत्रिय गीत", "राग रिकॉर्ड्स", "1975"),  # Devanagari vowel signs
    ("🌊 Waves", "Fire 🔥 Night ✨", "💿 Records", "2020"),  # emoji, wide
    ("❤️ Heart", "👍🏽 Thumbs", "🇯🇵 Nippon", "2001"),  # VS16, skin tone, flag
    ("Ōkami Sø", "Déjà Vu Café", "Motörhead", "1980"),  # accents
    ("Ｆｕｌｌ", "ｗｉｄｔｈ", "Ｌａｂｅｌ", "1990"),  # fullwidth Latin
    ("e\u0301\u0301\u0301", "zero\u200bwidth", "a\u0300b", "2000"),  # combining, ZWSP
]


def terminal_cells(text: str) -> int:
    return sum(char_width(char) for char in text)


class ListApp(App):
    def __init__(self, rows=ROWS) -> None:
        super().__init__()
        self.rows = rows

    def compose(self) -> ComposeResult:
        yield FilterInput(lambda value: self.query_one(VirtualList).set_filter(value))
        yield VirtualList(
            COLUMNS,
            cells=lambda row: (*row, ADDED),
            key=lambda row: row,
            haystacks=lambda rows: [" ".join(row).lower() for row in rows],
        )

    def on_mount(self) -> None:
        self.query_one(VirtualList).set_rows(self.rows)


@pytest.mark.parametrize("width", [80, 61, 100])
async def test_every_line_keeps_its_width_and_its_columns(width):
    app = ListApp()
    async with app.run_test(size=(width, 20)) as pilot:
        await pilot.pause()
        listing = app.query_one(VirtualList)
        lines = [
            "".join(segment.text for segment in listing.render_line(y))
            for y in range(len(ROWS) + 1)
        ]
        screen = ["".join(s.text for s in strip) for strip in app.screen._compositor.render_strips()]
    for line in lines + screen:
        assert terminal_cells(line) == width, line
    # The Added column starts at the same cell on every row, whatever came before it.
    starts = {terminal_cells(line[: line.index(ADDED)]) for line in lines[1:]}
    assert len(starts) == 1
    header = lines[0]
    assert terminal_cells(header[: header.index("Added")]) in starts


def test_fit_cuts_and_pads_by_terminal_cells():
    assert fit("坂本龍一", 5) == "坂本 "  # a wide character never split in half
    assert terminal_cells(fit("राग रिकॉर्ड्स", 6)) == 6
    assert fit("abc", 2) == "ab" and fit("abc", 5) == "abc  "
    assert char_width("\u0301") == 0 and char_width("坂") == 2 and char_width("ि") == 1


def test_matching_narrows_by_every_word():
    haystacks = ["blue note jazz", "jazz funk", "blue funk", "note"]
    assert matching(haystacks, ["jazz"]) == [0, 1]
    assert matching(haystacks, ["blue", "funk"]) == [2]
    assert matching(haystacks, ["funk"], among=[0, 1]) == [1]


async def test_filter_answers_in_the_frame_of_the_key():
    """The filter runs in the value watcher: when the key's handling is done, the rows are
    already filtered (no message still to come)."""
    app = ListApp()
    async with app.run_test(size=(80, 20)) as pilot:
        listing = app.query_one(VirtualList)
        app.query_one(FilterInput).focus()
        await pilot.press("p", "a", "p")
        assert listing.query == "pap" and listing.row_count == 1
        assert listing.current == ROWS[0]
        await pilot.press("ctrl+u")
        assert listing.row_count == len(ROWS)


async def test_a_filter_longer_than_its_field_scrolls_to_the_cursor():
    """The filter field skips Input's layout pass on each key; it still scrolls."""
    app = ListApp()
    async with app.run_test(size=(30, 10)) as pilot:
        field = app.query_one(FilterInput)
        field.focus()
        await pilot.press(*"abcdefghijklmnopqrstuvwxyz0123456789")
        await pilot.pause()
        assert field.value.endswith("789") and field.scroll_x > 0
        assert field.cursor_screen_offset.x < 30


# -- big lists: filters and sorts done between frames -------------------------------------------
WORDS = ("blue", "note", "jazz", "funk", "soul", "rock", "dub", "acid")


def big_rows(count: int) -> list[tuple[str, str, str, str]]:
    """Rows whose text varies (so filters match some of them), deterministic."""
    return [
        (f"{WORDS[n % 8]} {WORDS[n * 7 % 5]}", f"t{n % 97}", WORDS[n * 3 % 8], str(1950 + n % 70))
        for n in range(count)
    ]


def haystacks_of(rows) -> list[str]:
    return [" ".join(row).lower() for row in rows]


async def settle(pilot, listing: VirtualList) -> None:
    while listing.counting:
        await pilot.pause()


async def test_a_filter_too_long_for_a_frame_ends_between_frames(monkeypatch):
    """With a slice of work too short for all rows, a filter shows what it found and finds
    the rest between frames, ending where one filter in one go would; typing on meanwhile
    narrows what was found and what was not looked at yet."""
    monkeypatch.setattr(slices, "SLICE_SECONDS", 0.0)  # a chunk of rows per turn
    rows = big_rows(5 * slices.CHUNK)
    everything = haystacks_of(rows)
    app = ListApp(rows)
    async with app.run_test(size=(80, 20)) as pilot:
        listing = app.query_one(VirtualList)
        listing.set_filter("jazz")
        assert listing.counting and 0 < listing.row_count < len(matching(everything, ["jazz"]))
        listing.set_filter("jazz so")  # narrowing while counting
        await settle(pilot, listing)
        assert listing.shown_rows() == [rows[i] for i in matching(everything, ["jazz", "so"])]
        listing.set_filter("dub")  # not narrowing: all rows again
        listing.action_last()  # the last row, found at once
        assert not listing.counting
        assert listing.current == rows[matching(everything, ["dub"])[-1]]


async def test_a_new_order_keeps_the_filter_and_the_cursor_on_its_row(monkeypatch):
    monkeypatch.setattr(slices, "SLICE_SECONDS", 0.0)
    rows = big_rows(3 * slices.CHUNK)
    everything = haystacks_of(rows)
    app = ListApp(rows)
    async with app.run_test(size=(80, 20)) as pilot:
        listing = app.query_one(VirtualList)
        listing.set_filter("rock")
        await settle(pilot, listing)
        listing.action_cursor_down()
        row = listing.current
        backwards = range(len(rows) - 1, -1, -1)
        listing.set_order(backwards)
        await settle(pilot, listing)
        expected = [rows[i] for i in backwards if "rock" in everything[i]]
        assert listing.shown_rows() == expected
        assert listing.current == row


@pytest.mark.parametrize("descending", [False, True])
async def test_sort_order_in_slices_is_sorted_s_order(monkeypatch, descending):
    """Bucketed and sorted between frames, the order is the one ``sorted`` gives, ties
    (equal keys) kept in the rows' order either way."""
    monkeypatch.setattr(slices, "SLICE_SECONDS", 0.0)
    rows = big_rows(slices.SORTED_AT_ONCE + 2_345)
    for key in (lambda row: row[0], lambda row: row[1], lambda row: int(row[3])):
        expected = sorted(range(len(rows)), key=lambda i, k=key: k(rows[i]), reverse=descending)
        assert list(await slices.sort_order(rows, key, descending)) == expected

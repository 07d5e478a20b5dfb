"""Hostile text (issue 7): every screen on a sandbox whose every text field carries markup,
escape sequences and odd unicode (``SandboxConfig(hostile=True)``, sandbox/hostile.py).

Three layers of checks:

* in process, every screen and the forms that show Discogs text in fields: the frame Textual
  would send (its segments) holds no control character or escape from the data, no link or
  click action, and shows the markup literally; the app keeps running, the clipboard empty;
* in a real terminal (a pty), ``discogs-tui --hostile`` walked by keys: every byte it writes
  is checked — only the CSI/OSC sequences Textual itself emits, no C1, NUL or bidi override,
  none of the corpus' escape sequences;
* properties of ``render`` and the mirror's ``clean_line`` over arbitrary text.
"""

from __future__ import annotations

import io
import os
import re
import struct
import subprocess
import sys
import threading
import time

import pytest
from hypothesis import given
from hypothesis import strategies as st
from rich.console import Console

from discogs_tui.api.mirror import clean_line
from discogs_tui.app import render
from discogs_tui.app.app import SCREENS, DiscogsApp
from discogs_tui.app.navigation import Location
from discogs_tui.app.screens.collection import CollectionScreen
from discogs_tui.app.screens.collection_stats import CollectionStatsScreen
from discogs_tui.demo import sandbox_service
from discogs_tui.export import WRITERS, export_collection, export_wantlist
from discogs_tui.sandbox import create_app, hostile
from discogs_tui.sandbox.config import DEMO_TOKEN, DEMO_USERNAME
from tests.conftest import make_client, roomy_config

# Characters no text from Discogs may bring to the terminal: C0 (but newline, which never
# reaches a segment either) and C1 controls, DEL, bidi overrides and isolates.
FORBIDDEN = re.compile(r"[\x00-\x1f\x7f-\x9f\u202a-\u202e\u2066-\u2069]")
# Markup of Rich and Textual from the corpus; a screen showing data shows some literally.
PROBES = (
    "[bold red]x[/]",
    "[@click=app.quit]q[/]",
    "[link=file:///etc/passwd]",
    "[/]",
    "[/bold]",
    "[$accent]v[/]",
    "$accent $text-muted",
    "[on $error]bg",
    ":skull: :warning:",
    "\\[escaped\\]",
    "%s %d {0} {name}",
    "<script>alert(1)</script>",
)
BACKGROUND_WORKERS = {"availability"}  # the wantlist's 300 marketplace look-ups
FOR_SALE_LISTING = "200000004"  # the demo's first listing it can edit

# (name, where it starts, keys pressed after loading (the frame is checked after each key),
# the screen it ends on)
STOPS = (
    ("search", Location("search", "never gonna"), (), "SearchScreen"),
    ("release", Location("release", "249504"), (), "ReleaseScreen"),
    ("master", Location("master", "1000"), (), "MasterScreen"),
    ("artist", Location("artist", "108713"), (), "ArtistScreen"),
    ("label", Location("label", "1"), (), "LabelScreen"),
    ("user", Location("user", "rodneyfool"), (), "UserScreen"),
    ("profile-form", Location("user", DEMO_USERNAME), ("e",), "ProfileForm"),
    # the custom fields (a picker, then the Notes prompt), then the stats
    ("collection", Location("collection", DEMO_USERNAME),
     ("e", "j", "j", "enter", "escape", "escape", "v"), "CollectionStatsScreen"),
    ("wantlist", Location("wantlist", DEMO_USERNAME), ("e",), "WantForm"),
    ("lists", Location("lists", DEMO_USERNAME), (), "ListsScreen"),
    ("list", Location("list", "5"), (), "ListScreen"),
    ("rapid-add", Location("rapid-add", DEMO_USERNAME), (), "Picker"),  # of the folder
    ("inventory", Location("inventory", DEMO_USERNAME), (), "InventoryScreen"),
    ("listing-form", Location("listing", FOR_SALE_LISTING), ("e",), "ListingForm"),
    ("orders", Location("orders"), (), "OrdersScreen"),
    ("order", Location("order", "9000001-3"), (), "OrderScreen"),
    ("inventory-jobs", Location("inventory-jobs"), (), "InventoryJobsScreen"),
)  # fmt: skip
REACHED_BY_KEYS = {"collection-stats"}
# Shows only what `discogs-tui watch` recorded, and this walk has no watch history: its titles go
# through render.text like the rest (tests/app/test_outside_text.py) and tests/app/test_since.py.
WITHOUT_DISCOGS_TEXT_HERE = {"since"}


@pytest.fixture(scope="module")
def hostile_sandbox():
    return create_app(roomy_config(hostile=True))


@pytest.fixture(autouse=True)
def quick_collection(monkeypatch):
    """The mirror in memory; the stats look up few countries."""
    monkeypatch.setattr(CollectionScreen, "mirror_directory", lambda self: None)
    monkeypatch.setattr(CollectionStatsScreen, "COUNTRY_LOOKUPS", 3)


def test_the_walk_covers_every_screen():
    walked = {location.kind for _, location, _, _ in STOPS} | REACHED_BY_KEYS
    assert walked | WITHOUT_DISCOGS_TEXT_HERE == set(SCREENS)


async def loaded(pilot) -> None:
    """Wait until the workers that fill the screen have finished (not the background ones)."""
    deadline = time.monotonic() + 30
    quiet = 0
    while quiet < 2 and time.monotonic() < deadline:
        await pilot.pause(0.02)
        busy = [w for w in pilot.app.workers if w.is_running and w.group not in BACKGROUND_WORKERS]
        quiet = 0 if busy else quiet + 1


def frame_segments(app: DiscogsApp):
    """The segments of the frame Textual would write to the terminal now."""
    update = app.screen._compositor.render_full_update()
    return [segment for line in update.strips for strip in line for segment in strip]


def assert_safe_and_literal(app: DiscogsApp, where: str) -> None:
    segments = frame_segments(app)
    leaks = [segment.text for segment in segments if FORBIDDEN.search(segment.text)]
    assert not leaks, f"{where}: control characters reach the terminal: {leaks[:3]!r}"
    actions = [s.style for s in segments if s.style and (s.style.link or "@click" in s.style.meta)]
    assert not actions, f"{where}: links or click actions in the frame: {actions[:3]!r}"
    assert app.is_running and app.return_code is None, f"{where}: the app stopped"
    assert app.clipboard == "", f"{where}: something was copied"
    screen_text = "".join(segment.text for segment in segments)
    assert any(probe in screen_text for probe in PROBES), f"{where}: no literal markup shown"


@pytest.mark.parametrize(("name", "location", "keys", "ends_on"), STOPS, ids=[s[0] for s in STOPS])
async def test_every_screen_shows_hostile_text_literally(
    hostile_sandbox, name, location, keys, ends_on
):
    service = sandbox_service(hostile_sandbox)
    app = DiscogsApp(service, start=location, signed_in_as=DEMO_USERNAME)
    async with app.run_test(size=(100, 30)) as pilot:
        await loaded(pilot)
        assert_safe_and_literal(app, name)
        for key in keys:
            await pilot.press(key)
            await loaded(pilot)
            assert_safe_and_literal(app, f"{name} after {key}")
        assert type(app.screen).__name__ == ends_on  # where the keys lead, and nothing else


async def test_the_release_title_is_shown_as_written(hostile_sandbox):
    title = render.clean(hostile.hostile_text("Never Gonna Give You Up"))
    service = sandbox_service(hostile_sandbox)
    app = DiscogsApp(service, start=Location("release", "249504"), signed_in_as=DEMO_USERNAME)
    async with app.run_test(size=(100, 30)) as pilot:
        await loaded(pilot)
        shown = "".join(segment.text for segment in frame_segments(app))
    assert title.split("Never")[0] + "Never" in shown  # the title wraps after "Never"


# -- the sandbox's side ----------------------------------------------------------------------------
SERVED = (
    "/releases/249504", "/masters/1000", "/masters/1000/versions", "/artists/108713",
    "/artists/108713/releases", "/labels/1", "/labels/1/releases", "/database/search?q=never",
    "/users/rodneyfool", "/users/rodneyfool/submissions", "/users/sandbox_demo/collection/folders",
    "/users/sandbox_demo/collection/folders/0/releases", "/users/sandbox_demo/collection/fields",
    "/users/sandbox_demo/wants", "/users/sandbox_demo/lists", "/lists/5",
    "/users/sandbox_demo/inventory", "/marketplace/orders", "/marketplace/orders/9000001-3/messages",
    "/inventory/upload",
)  # fmt: skip
# The API's own words under text keys: folder names, roles, entity types, version facets.
API_WORDS = {"All", "Uncategorized", "Main", "Label"}


def text_fields(value, key=None):
    """(key, string) of every string under ``TEXT_KEYS`` (facets excluded: the API's own)."""
    if isinstance(value, dict):
        for name, item in value.items():
            if name != "filter_facets":
                yield from text_fields(item, name)
    elif isinstance(value, list):
        for item in value:
            yield from text_fields(item, key)
    elif isinstance(value, str) and key in hostile.TEXT_KEYS:
        yield key, value


def is_hostile(value: str) -> bool:
    """Empty strings stay empty: on Discogs they mean none (no ANV, no join, no role)."""
    return value in API_WORDS or not value or any(piece in value for piece in hostile.MARKUP)


async def test_the_sandbox_serves_hostile_text_in_every_text_field(hostile_sandbox):
    credentials = {"Authorization": f"Discogs token={DEMO_TOKEN}"}
    async with make_client(hostile_sandbox, credentials) as client:
        for path in SERVED:
            answer = await client.get(path)
            assert answer.status_code == 200, path
            plain = [field for field in text_fields(answer.json()) if not is_hostile(field[1])]
            assert plain[:3] == [], path


async def test_exports_carry_no_control_characters(hostile_sandbox):
    """``discogs-tui export`` writes to stdout, often a terminal."""
    async with sandbox_service(hostile_sandbox) as service:
        exports = (
            await export_collection(service, DEMO_USERNAME, None, None),
            await export_wantlist(service, DEMO_USERNAME, None),
        )
    for columns, rows in exports:
        for write in WRITERS.values():
            out = io.StringIO()
            write(out, columns, rows)
            assert not FORBIDDEN.search(out.getvalue().replace("\n", ""))


# -- the bytes a real terminal receives -----------------------------------------------------------
# What Textual itself writes: SGR, cursor positions, private modes and their queries, the
# kitty keyboard protocol, and OSC 22 (pointer shape). Anything else came from the data.
TEXTUAL_SEQUENCES = re.compile(
    r"\x1b\[[0-9;]*m|\x1b\[\d+;\d+H|\x1b\[\?\d+[hl]|\x1b\[\?\d+\$p|\x1b\[>\d+u|\x1b\[<u"
    r"|\x1b\]22;[a-z-]+\x07"
)
# The corpus' escape sequences (but those cut short: "\x1b[" starts every CSI)
CORPUS_SEQUENCES = [
    piece for piece in hostile.ESCAPES if len(piece) > 2 and FORBIDDEN.search(piece)
]
# (keys, a word of ours that shows once the screen has loaded)
WALK = (
    ("", "Release: "),
    ("\x1bOS", "listings,"),  # F4: the inventory
    ("\r", "Posted"),  # a listing
    ("\x1b[15~", "orders,"),  # F5: the orders
    ("\r", "Ship to"),  # an order
    ("/", "Type a search"),  # the search screen
    ("gonna\r", "results,"),
)


class Pty:
    """``discogs-tui`` in a pseudo-terminal of 100×30; every byte it writes is kept."""

    def __init__(self, args: list[str], env: dict[str, str]) -> None:
        import fcntl
        import termios

        self.master, slave = os.openpty()
        fcntl.ioctl(slave, termios.TIOCSWINSZ, struct.pack("HHHH", 30, 100, 0, 0))
        self.process = subprocess.Popen(
            args, stdin=slave, stdout=slave, stderr=slave, env=env, start_new_session=True
        )
        os.close(slave)
        self.output = bytearray()
        self.reader = threading.Thread(target=self._read, daemon=True)
        self.reader.start()

    def _read(self) -> None:
        while True:
            try:
                chunk = os.read(self.master, 65536)
            except OSError:  # EIO: the process is gone
                return
            if not chunk:
                return
            self.output.extend(chunk)

    def text(self) -> str:
        return TEXTUAL_SEQUENCES.sub("", bytes(self.output).decode("utf-8", "replace"))

    def press(self, keys: str, then_shows: str, timeout: float = 40.0) -> None:
        seen = len(self.text())
        os.write(self.master, keys.encode())
        deadline = time.monotonic() + timeout
        while then_shows not in self.text()[seen:]:
            assert self.process.poll() is None, f"the app exited after {keys!r}"
            assert time.monotonic() < deadline, f"{then_shows!r} never showed after {keys!r}"
            time.sleep(0.05)
        self.wait_quiet()

    def wait_quiet(self, quiet: float = 0.3) -> None:
        size, since = len(self.output), time.monotonic()
        while time.monotonic() - since < quiet:
            time.sleep(0.05)
            if len(self.output) != size:
                size, since = len(self.output), time.monotonic()

    def close(self) -> int:
        os.write(self.master, b"\x11")  # ctrl+q
        try:
            return self.process.wait(timeout=20)
        finally:
            if self.process.poll() is None:
                self.process.kill()
            self.reader.join(timeout=5)
            os.close(self.master)


def test_no_escape_from_the_data_reaches_a_real_terminal(tmp_path):
    env = {k: v for k, v in os.environ.items() if not k.startswith(("DISCOGS_", "TMUX"))}
    env |= {f"DISCOGS_TUI_{kind}_DIR": str(tmp_path / kind) for kind in ("CONFIG", "DATA", "CACHE")}
    env |= {"TERM": "xterm-256color", "COLORTERM": "truecolor"}
    terminal = Pty([sys.executable, "-m", "discogs_tui", "--hostile", "release", "249504"], env)
    try:
        for keys, shows in WALK:
            terminal.press(keys, shows)
    finally:
        status = terminal.close()
    assert status == 0
    written = bytes(terminal.output).decode("utf-8")  # strict: no stray C1 bytes either
    for piece in CORPUS_SEQUENCES:
        assert piece not in written, f"{piece!r} from the data reached the terminal"
    rest = TEXTUAL_SEQUENCES.sub("", written).replace("\r\n", "")
    assert not FORBIDDEN.search(rest), f"not Textual's: {FORBIDDEN.findall(rest)[:5]!r}"
    assert any(probe in rest for probe in PROBES)  # and the markup was shown, literally


# -- properties -------------------------------------------------------------------------------------
hostile_strings = st.lists(
    st.one_of(st.sampled_from(hostile.CORPUS), st.text(max_size=20)), max_size=6
).map("".join)
LITERAL = st.characters(
    blacklist_categories=("Cc", "Cs"),
    blacklist_characters="\u202a\u202b\u202c\u202d\u202e\u2066\u2067\u2068\u2069",
)


def terminal_output(renderable) -> str:
    """What Rich writes for ``renderable`` to a truecolour terminal, its SGR codes removed."""
    console = Console(file=io.StringIO(), force_terminal=True, color_system="truecolor", width=60)
    console.print(renderable)
    return re.sub(r"\x1b\[[0-9;]*m", "", console.file.getvalue())


@given(hostile_strings)
def test_rendered_text_carries_no_control_characters(value):
    spans = render.markup_spans(value)
    for shown in (render.text(value), render.spans_to_text(spans, focused_link=0)):
        assert not FORBIDDEN.search(terminal_output(shown).replace("\n", ""))
    targets = [span.link.target for span in spans if span.link is not None]
    assert not any(FORBIDDEN.search(target) for target in targets)
    assert not FORBIDDEN.search(clean_line(value))


@given(st.text(alphabet=LITERAL))
def test_printable_text_stays_as_it_is(value):
    assert render.clean(value) == value
    assert render.text(value).plain == value


# -- outside text that isn't data: error messages, argv, deep links ------------------------------
HOSTILE_MESSAGE = "boom \x1b]52;c;aGVsbG8=\x07 \x1b[2J \x9b31m \u202eevil [bold red]x[/] \x1b"
# (where, what fails with the hostile message, keys after loading)
FAILING = (
    (Location("collection", DEMO_USERNAME), "/collection/folders/0/releases", ()),
    (Location("collection-stats", DEMO_USERNAME), "/collection/value", ()),
    (Location("search", "never gonna"), "^/database/search", ()),
    (Location("release", "249504"), "^/releases/249504$", ()),
    (Location("label", "1"), "^/labels/1/releases", ()),
    (Location("user", "rodneyfool"), "^/users/rodneyfool$", ()),
)


def assert_nothing_escapes(app: DiscogsApp, where: str) -> None:
    segments = frame_segments(app)
    leaks = [segment.text for segment in segments if FORBIDDEN.search(segment.text)]
    assert not leaks, f"{where}: control characters reach the terminal: {leaks[:3]!r}"
    assert app.is_running and app.return_code is None, f"{where}: the app stopped"
    assert app.clipboard == "", f"{where}: something was copied"


@pytest.mark.parametrize(("location", "path", "keys"), FAILING, ids=[f[0].kind for f in FAILING])
async def test_hostile_error_messages_are_cleaned(location, path, keys):
    from discogs_tui.sandbox.faults import FaultRule

    sandbox = create_app(roomy_config())
    sandbox.state.faults.add(
        FaultRule("status", path=path, status=422, times=None, message=HOSTILE_MESSAGE)
    )
    said: list[str] = []
    app = DiscogsApp(
        sandbox_service(sandbox), start=location, signed_in_as=DEMO_USERNAME
    )
    notify = app.notify
    app.notify = lambda message, **kw: (said.append(str(message)), notify(message, **kw))
    async with app.run_test(size=(100, 30)) as pilot:
        await loaded(pilot)
        await pilot.press(*keys)
        await loaded(pilot)
        assert sandbox.state.faults.injected, "the fault never struck"
        assert_nothing_escapes(app, location.kind)
        screen_text = "".join(segment.text for segment in frame_segments(app))
        assert "boom" in screen_text + " ".join(said), "the message isn't shown"
    assert not [m for m in said if FORBIDDEN.search(m)], said


@pytest.mark.parametrize(
    "args",
    [
        ["search", HOSTILE_MESSAGE],
        ["https://www.discogs.com/search/?q=boom%1B%5D52;c;aGVsbG8=%07%1B[2J%C2%9B31m%E2%80%AE"],
    ],
    ids=["argv", "deep-link"],
)
async def test_a_hostile_query_from_argv_or_a_link_is_cleaned(args):
    from textual.widgets import Input

    from discogs_tui.app.navigation import location_from_args

    sandbox = create_app(roomy_config())
    app = DiscogsApp(
        sandbox_service(sandbox),
        start=location_from_args(args),
        signed_in_as=DEMO_USERNAME,
    )
    async with app.run_test(size=(100, 30)) as pilot:
        await loaded(pilot)
        query = app.screen.query_one("#query", Input).value
        assert query.startswith("boom") and not FORBIDDEN.search(query)
        assert_nothing_escapes(app, "search")

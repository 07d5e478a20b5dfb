"""Hostile text: a sandbox whose every free-text field tries to break the terminal.

``SandboxConfig(hostile=True)`` (``discogs-tui sandbox serve --hostile``, ``discogs-tui
--hostile``) rewrites, after the normal seed, every string a person could have typed into
Discogs: titles, names, profiles, notes, tracklists, credits, identifiers, comments,
messages, addresses, folder and field names. Each becomes

    <markup piece><escape piece><the original text><tail piece>

with the pieces picked from the corpus below by a hash of the original text, so the same
text always becomes the same hostile text (a dropdown option and the values that use it
still match; artist names still match their credits) and the original stays findable by
search. Empty strings stay empty: on Discogs they mean "none" (no ANV, no join, no role).

The corpus holds only what JSON carries as valid UTF-8 (no lone surrogates).
"""

from __future__ import annotations

import functools
import zlib
from typing import Any

from discogs_tui.sandbox.catalogue import build_indexes, load_catalogue
from discogs_tui.sandbox.columnar import ColumnarInstances
from discogs_tui.sandbox.market import export_rows
from discogs_tui.sandbox.state import Catalogue, SandboxState, User

# Markup of every parser the text might meet; all of it must show literally.
MARKUP = (
    "[bold red]x[/]",  # Rich
    "[@click=app.quit]q[/]",  # Rich/Textual action
    "[link=file:///etc/passwd]pw[/link]",
    "[/]",  # closing nothing: Rich raises MarkupError
    "[/bold]",
    "[$accent]v[/]",  # Textual content markup and variables
    "$accent $text-muted $error ",
    "[on $error]bg",
    "[a=",  # Discogs markup edge cases
    "[url=javascript:alert(1)]click",
    "[url=https://a.example][url=https://b.example]nest[/url][/url]",
    "[r0]",
    "[m-1]",
    "[l=]",
    "[a=[a=x]]",
    "[b][i]unclosed",
    "[u=]",
    "[r=abc]",
    ":skull: :warning: ",  # Rich emoji codes
    "\\[escaped\\] \\\\ ",
    "%s %d {0} {name} ",  # format strings
    "<script>alert(1)</script>&amp;",
)

# Escape sequences and control characters; none of them may reach the terminal.
ESCAPES = (
    "\x1b[2J\x1b[H",  # clear screen, cursor home
    "\x1b[31mred\x1b[0m",  # SGR
    "\x1b[10;10H\x1b[1A\x1b[2K",  # cursor moves, erase line
    "\x1b[?1049l\x1b[?25l",  # leave the alternate screen, hide the cursor
    "\x1b[6n\x1b[>c",  # terminal queries: their answers arrive as input
    "\x1b]0;pwned title\x07",  # OSC window title
    "\x1b]52;c;ZXZpbA==\x07",  # OSC 52 clipboard write
    "\x1b]8;;https://evil.example\x1b\\link\x1b]8;;\x1b\\",  # OSC 8 hyperlink
    "\x1b]11;?\x07",  # OSC query
    "\x1b]0;unterminated",
    "\x9b31m\x9b2J",  # 8-bit CSI
    "\x9d0;c1 title\x9c",  # 8-bit OSC
    "\x90dcs\x9c\x9fapc\x9c\x9epm\x9c\x98sos\x9c",  # 8-bit DCS, APC, PM, SOS
    "\x1bPq#0;2;0;0;0\x1b\\",  # DCS (sixel)
    "\x1b_Ga=T;AAAA\x1b\\",  # APC (kitty graphics)
    "\x1b^pm\x1b\\\x1bXsos\x1b\\",  # PM, SOS
    "\x1bc\x1b7\x1b8\x1b=",  # reset, save/restore cursor, keypad mode
    "\u202eevil\u202c",  # bidi override
    "\u2066isolate\u2069\u202dlro\u202c",  # bidi isolate, left-to-right override
    "\x00nul\x01\x07bel\x08bs\x7fdel",  # C0 and DEL
    "tab\there cr\rreturn line\nbreak\r\n",
    "\x0b\x0c\x85nel",  # VT, FF, NEL (C1)
    "\x1b[",  # an escape cut short
    "\x1b",
)

# What the text may keep but the layout must survive.
ZALGO = "Z" + "\u0336\u0337\u0338\u0315\u031b\u0360" * 12 + "algo" + "\u0301" * 40
LONG_WORD = "A" * 2_000  # no spaces to wrap at
LONG_TEXT = "very long text " * 700  # 10,500 characters
TAILS = (
    "",
    "",
    "",
    f" {ZALGO}",
    " zw\u200bj\u200dn\u200cj\ufeffw\u2060j",  # zero-width space, joiners, BOM, word joiner
    " 日本語のタイトル 東京 한국어 全角ＡＢＣ",  # wide CJK
    " 👨\u200d👩\u200d👧\u200d👦 👍🏽 🏳️\u200d🌈 ❤️ 🇯🇵",  # ZWJ sequences, skin tone, flags
    " مرحبا עברית",  # right-to-left scripts
    " soft\u00adhyphen line\u2028separator para\u2029graph",
    " \ue000\ufffd\uffff\U0001d11e",  # private use, replacement, non-character, astral
    "\u0301\u0308 leading combining",
)
LONG_TAILS = (f" {LONG_WORD}", f" {LONG_TEXT}")  # on one text in LONG_ONE_IN
LONG_ONE_IN = 40

CORPUS = (*MARKUP, *ESCAPES, *(tail for tail in TAILS if tail), *LONG_TAILS)

# Keys whose string values (or lists of strings) people type into Discogs.
TEXT_KEYS = frozenset(
    {
        # the database: releases, masters, artists, labels, tracklists, credits
        "title", "name", "anv", "join", "role", "tracks", "position", "realname",
        "namevariations", "profile", "contact_info", "notes", "description", "descriptions",
        "text", "value", "catno", "entity_type_name", "genres", "styles", "country",
        "released_formatted", "data_quality", "urls",
        # users, collections, lists
        "location", "home_page", "options", "comment", "display_title",
        # the marketplace
        "comments", "external_id", "artist", "format", "catalog_number", "shipping", "payment",
        "ships_from", "shipping_address", "additional_instructions", "method", "message",
        "subject", "filename", "results",
    }
)  # fmt: skip


def hostile_text(original: str) -> str:
    """``original`` wrapped in hostile pieces; the same text always gives the same result."""
    if not original:
        return original
    digest = zlib.crc32(original.encode("utf-8"))
    markup = MARKUP[digest % len(MARKUP)]
    escape = ESCAPES[(digest >> 8) % len(ESCAPES)]
    tail = TAILS[(digest >> 16) % len(TAILS)]
    if (digest >> 20) % LONG_ONE_IN == 0:
        tail = LONG_TAILS[(digest >> 26) % len(LONG_TAILS)]
    return f"{markup}{escape}{original}{tail}"


def rewritten(value: Any, key: str | None = None) -> Any:
    """A copy of JSON data with the strings under ``TEXT_KEYS`` made hostile."""
    if isinstance(value, dict):
        return {name: rewritten(item, name) for name, item in value.items()}
    if isinstance(value, list):
        return [rewritten(item, key) for item in value]
    if isinstance(value, str) and key in TEXT_KEYS:
        return hostile_text(value)
    return value


@functools.cache
def hostile_catalogue() -> Catalogue:
    """The shared catalogue made hostile, indexes rebuilt (shared too: never mutate it)."""
    plain = load_catalogue()
    catalogue = Catalogue(
        releases={key: rewritten(obj) for key, obj in plain.releases.items()},
        masters={key: rewritten(obj) for key, obj in plain.masters.items()},
        artists={key: rewritten(obj) for key, obj in plain.artists.items()},
        labels={key: rewritten(obj) for key, obj in plain.labels.items()},
    )
    build_indexes(catalogue)
    return catalogue


def make_hostile(state: SandboxState) -> None:
    """Rewrite a freshly seeded world's every free-text field (see the module docstring)."""
    state.catalogue = hostile_catalogue()
    for user in state.users.values():
        _rewrite_user(user)
    state.listings = {key: rewritten(listing) for key, listing in state.listings.items()}
    state.orders = {key: rewritten(order) for key, order in state.orders.items()}
    state.order_messages = {key: rewritten(log) for key, log in state.order_messages.items()}
    state.lists = {key: rewritten(item) for key, item in state.lists.items()}
    for jobs in (state.exports, state.uploads):
        for key, job in jobs.items():
            jobs[key] = rewritten(job)
    for job in state.exports.values():
        job["_rows"] = export_rows(state, job["_owner"])


def _rewrite_user(user: User) -> None:
    user.profile = rewritten(user.profile)
    user.fields = rewritten(user.fields)
    # folder 1 "Uncategorized" is the API's own name, like the implicit 0 "All"
    user.folders = {
        key: name if key <= 1 else hostile_text(name) for key, name in user.folders.items()
    }
    for want in user.wants.values():
        want.notes = hostile_text(want.notes)
    if isinstance(user.instances, ColumnarInstances):
        user.instances.note_filter = hostile_text  # its notes are made when read
        return
    for instance in user.instances.values():
        instance.notes = {key: hostile_text(value) for key, value in instance.notes.items()}

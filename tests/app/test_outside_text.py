"""Outside text (API bodies, error messages, argv, deep-link URLs, config, files) is cleaned
before any widget, log line or notification, by construction: the app builds what it shows
with ``render``'s cleaning builders, and this test scans ``app/`` for any other path.

The rules, on the syntax tree of every module under ``discogs_tui/app/``:

* ``Text(...)`` takes only a literal: a string with anything interpolated goes through
  ``render.text``/``render.flat_text``, which clean it whole;
* nothing is shown from an f-string, ``str(...)`` or ``+`` directly (``Static``, ``Label``,
  ``.update``, ``Text.assemble``);
* notifications go through ``DiscogsApp.notify_text`` (which cleans), never ``.notify``.
"""

from __future__ import annotations

import ast
import logging
from pathlib import Path

import pytest

import discogs_tui.app
from discogs_tui.app.navigation import Location, location_from_args

APP = Path(discogs_tui.app.__file__).parent
SHOWN_BY = {"Static", "Label", "update", "assemble"}  # (append: lists have one too)
ESCAPES = "\x1b]52;c;aGk=\x07\x1b[2J\x9b31m\u202e"


def _name(call: ast.Call) -> str:
    func = call.func
    return func.attr if isinstance(func, ast.Attribute) else getattr(func, "id", "")


def _built_from_parts(node: ast.AST) -> bool:
    """An f-string, a ``+`` of strings, ``str(...)`` or ``"...".format(...)``."""
    if isinstance(node, ast.JoinedStr | ast.BinOp):
        return True
    return isinstance(node, ast.Call) and _name(node) in ("str", "format")


def unclean_paths(source: str) -> list[tuple[int, str]]:
    problems = []
    tree = ast.parse(source)
    for function in ast.walk(tree):
        if not isinstance(function, ast.FunctionDef | ast.AsyncFunctionDef):
            continue
        for node in ast.walk(function):
            if not isinstance(node, ast.Call):
                continue
            name = _name(node)
            if name == "Text" and isinstance(node.func, ast.Name) and node.args:
                first = node.args[0]
                if not (isinstance(first, ast.Constant) and isinstance(first.value, str)):
                    problems.append((node.lineno, "Text() of something else than a literal"))
            elif name in SHOWN_BY and any(_built_from_parts(arg) for arg in node.args):
                problems.append((node.lineno, f"{name}() of a string built in place"))
            elif name == "notify" and getattr(function, "name", "") != "notify_text":
                problems.append((node.lineno, "notify() instead of notify_text()"))
    return sorted(set(problems))


def test_the_scan_finds_each_unclean_path():
    source = """
def f(error, self):
    Text(f"Value: unavailable ({error})")
    Text(str(error))
    Static(f"{error}")
    self.update("Sync stopped: " + str(error))
    self.app.notify(str(error))
    Text("literal"), text(f"{error}"), Static(Text("ok")), self.update(text(error))
"""
    assert [line for line, _ in unclean_paths(source)] == [3, 4, 5, 6, 7]


def test_app_shows_outside_text_only_through_the_cleaning_builders():
    found = [
        f"{path.relative_to(APP.parent)}:{line}: {what}"
        for path in sorted(APP.rglob("*.py"))
        if path.name != "render.py"  # the cleaning builders themselves
        for line, what in unclean_paths(path.read_text(encoding="utf-8"))
    ]
    assert found == []


@pytest.mark.parametrize(
    "args",
    [
        ["search", f"never{ESCAPES}gonna"],
        ["https://www.discogs.com/search/?q=never%1B%5D52;c;aGk=%07%1B[2Jgonna%C2%9B"],
        ["user", f"rodney{ESCAPES}"],
    ],
)
def test_argv_and_deep_links_are_cleaned_into_the_location(args):
    location = location_from_args(args)
    assert location is not None
    assert not any(ch in location.target for ch in "\x1b\x07\x9b\u202e\t\n\r")


def test_every_location_is_clean_however_it_was_made():
    assert Location("search", f"a{ESCAPES}\tb\r\nc").target == "a b c"


def test_log_lines_are_cleaned(caplog):
    from discogs_tui.app import app as app_module

    with caplog.at_level(logging.WARNING):
        logging.getLogger("discogs_tui.api.client").warning("failed: %s", f"x{ESCAPES}y")
        app_module.log.warning(f"sync stopped: {ESCAPES}")
    for record in caplog.records:
        assert not any(ch in record.getMessage() for ch in "\x1b\x07\x9b\u202e")

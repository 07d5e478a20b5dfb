"""What the command line does with malformed input: deep links with ids that can't be ids,
URLs that aren't Discogs', bad ``export -o`` paths and a bad API URL all exit 2 with a message
saying what was expected, before any screen or request. Well-formed unknown ids open the app
(tests/app/test_user_input.py shows them "not found")."""

from __future__ import annotations

import pytest

from discogs_tui import cli
from discogs_tui.app.navigation import BadLocation, Location, location_from_args


def run(capsys, *argv: str) -> tuple[int, str]:
    """Exit code and stderr of ``discogs-tui ARGV`` (argparse's own errors included)."""
    try:
        code = cli.main(["--demo", *argv])
    except SystemExit as stop:
        code = stop.code
    return code, capsys.readouterr().err


@pytest.mark.parametrize(
    ("argv", "says"),
    [
        (["release", "abc"], "A release id is a whole number like 249504"),
        (["release", "0"], "Discogs release ids start at 1"),
        (["master", "12.5"], "A master id is a whole number"),
        (["artist", "9" * 40], "is too long to be a artist id"),
        (["label", "²x"], "A label id is a whole number"),
        (["https://www.discogs.com/release/0"], "Discogs release ids start at 1"),
        (["https://www.discogs.com/release/0-Title"], "Discogs release ids start at 1"),
        (["https://evil.example/release/1"], "is not a discogs.com address"),
        (["https://www.discogs.com/sell/list"], "expected a release, master, artist"),
        (["open", "https://discogs.com\x1b[31m/release/1"], "is not a discogs.com address"),
        (["user"], "the following arguments are required"),
        (["export", "collection", "-o", "/no/such/folder/x.csv"], "doesn't exist"),
        (["export", "collection", "-o", "/tmp"], "is a folder"),
        (["export", "collection", "-o", "a\x00b.csv"], "can't be used"),
        (["--api-url", "ftp://example.com", "release", "1"], "must be an http(s) address"),
    ],
)
def test_malformed_input_exits_2_with_a_message(capsys, argv, says):
    code, err = run(capsys, *argv)
    assert code == 2
    assert says in err
    assert "Traceback" not in err and len(err) < 2000


def test_ids_in_other_scripts_mean_the_same_id():
    assert location_from_args(["release", "٢٤٩٥٠٤"]) == Location("release", "249504")
    url = "https://www.discogs.com/release/249504-Rick-Astley-Never-Gonna-Give-You-Up"
    assert location_from_args([url]) == Location("release", "249504")


def test_a_well_formed_unknown_id_is_a_location():
    assert location_from_args(["release", "999999999"]) == Location("release", "999999999")
    with pytest.raises(BadLocation):
        location_from_args(["release", "-1"])


def test_an_api_url_is_no_deep_link():
    argv = ["--api-url", "http://127.0.0.1:8765", "https://www.discogs.com/release/1"]
    assert cli._with_open(argv) == [*argv[:2], "open", argv[2]]

"""The parsers of what people type (``api/validation.py``), the CSV upload check and the
config file: everything typed either parses to the value meant or fails with a
``ValidationError``/``ConfigError`` whose message says what is wrong, shortly."""

from __future__ import annotations

import contextlib
import unicodedata
from datetime import UTC, date, datetime
from decimal import Decimal
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from discogs_tui.api import validation
from discogs_tui.api.errors import ValidationError
from discogs_tui.api.inventory import MAX_UPLOAD_BYTES, check_upload_csv
from discogs_tui.config import ConfigError, load_settings

FAST = settings(max_examples=150, deadline=None)
ARABIC_INDIC = str.maketrans("0123456789", "٠١٢٣٤٥٦٧٨٩")
HOSTILE = ["", "  ", "-5", "abc", "1e309", "nan", "inf", "-inf", "1_000", "0x10", "½", "\x1b[31m1"]


def message_of(parse, *args, **kwargs) -> str:
    with pytest.raises(ValidationError) as caught:
        parse(*args, **kwargs)
    return str(caught.value)


# -- prices ------------------------------------------------------------------------------------
cents = st.integers(min_value=1, max_value=int(validation.MAX_PRICE * 100))


@FAST
@given(cents)
def test_a_price_reads_back_in_every_usual_spelling(amount):
    price = Decimal(amount) / 100
    spellings = [
        f"{price:.2f}",
        f"{price:.2f}".replace(".", ","),
        f"{price:,.2f}",
        f"{price:,.2f}".replace(",", " "),
        f"$ {price:.2f}",
        f"{price:.2f} €",
        f"{price:.2f}".translate(ARABIC_INDIC),
    ]
    for typed in spellings:
        assert validation.parse_amount(typed) == float(price), typed


@FAST
@given(st.text(max_size=60))
def test_any_text_is_a_price_or_a_validation_error(typed):
    try:
        price = validation.parse_amount(typed)
    except ValidationError as error:
        assert len(str(error)) < 600  # never the whole paste (40 characters, escaped)
    else:
        assert 0 < price <= validation.MAX_PRICE
        assert round(price, 2) == price


@pytest.mark.parametrize("typed", [*HOSTILE, "0", "0.00", str(10**30), "12.555", "1.234"])
def test_hostile_prices_are_refused_with_a_reason(typed):
    message = message_of(validation.parse_amount, typed)
    assert message.startswith("Price")
    assert "12.50" in message or "at most" in message


def test_price_messages_say_what_is_wrong():
    assert "3 decimals" in message_of(validation.parse_amount, "12.555")
    assert "negative" in message_of(validation.parse_amount, "-5")
    assert "empty" in message_of(validation.parse_amount, " ")
    assert "too large" in message_of(validation.parse_amount, str(10**30))
    assert "greater than 0" in message_of(validation.parse_amount, "0")
    assert validation.parse_amount("0", "Shipping", zero_ok=True) == 0


def test_a_huge_paste_is_refused_quickly_and_echoed_short():
    message = message_of(validation.parse_amount, "9" * 1_000_000)
    assert "1,000,000 characters" in message and len(message) < 200


# -- whole numbers and ids ----------------------------------------------------------------------
@FAST
@given(st.integers(min_value=0, max_value=validation.MAX_COUNT))
def test_counts_read_back_in_any_script(number):
    assert validation.parse_count_or_auto(str(number), "Weight") == number
    assert validation.parse_count_or_auto(str(number).translate(ARABIC_INDIC), "Weight") == number


@FAST
@given(st.text(max_size=30))
def test_any_text_is_an_id_or_a_validation_error(typed):
    with contextlib.suppress(ValidationError):
        assert 1 <= validation.parse_id(typed) <= validation.MAX_ID


@pytest.mark.parametrize("typed", [*HOSTILE, "0", "9" * 30, "12.5"])
def test_hostile_ids_are_refused(typed):
    assert "release id" in message_of(validation.parse_id, typed)


def test_counts_take_auto_and_blank():
    assert validation.parse_count_or_auto(" AUTO ", "Weight") == "auto"
    assert validation.parse_count_or_auto("", "Weight") is None
    assert "auto or a whole number" in message_of(validation.parse_count_or_auto, "-1", "Weight")


# -- dates -------------------------------------------------------------------------------------
@FAST
@given(st.dates(min_value=date(1900, 1, 1), max_value=date(2999, 12, 31)))
def test_dates_read_back_in_utc(day):
    expected = datetime(day.year, day.month, day.day, tzinfo=UTC)
    assert validation.parse_date(day.isoformat(), "Created after") == expected
    assert validation.parse_date(day.isoformat().translate(ARABIC_INDIC), "x") == expected


@pytest.mark.parametrize(
    ("typed", "says"),
    [
        ("2026-02-30", "isn't on the calendar"),
        ("2024-13-01", "isn't on the calendar"),
        ("2024-01-31T25:00", "isn't on the calendar"),
        ("yesterday", "must be a date like 2024-01-31"),
        ("x" * 1_000_000, "1,000,000 characters"),
    ],
)
def test_impossible_dates_are_explained(typed, says):
    assert says in message_of(validation.parse_date, typed, "Created after")


def test_a_blank_date_is_no_filter_and_a_zone_is_kept():
    assert validation.parse_date("  ", "Created after") is None
    moment = validation.parse_date("2024-01-31T18:30:00Z", "Created after")
    assert moment == datetime(2024, 1, 31, 18, 30, tzinfo=UTC)


# -- text --------------------------------------------------------------------------------------
def test_pasted_escapes_and_controls_never_reach_discogs():
    typed = "a\x1b]52;c;aGk=\x07b\x1b[31mc\u202ed\x9b1me\x00f\nnext"
    assert validation.plain_text("Comments", typed) == "abcdef next"
    assert validation.plain_text("Notes", typed, lines=True) == "abcdef\nnext"


@FAST
@given(st.text(max_size=80))
def test_plain_text_is_normalised_and_free_of_controls(typed):
    words = validation.plain_text("Notes", typed, lines=True, max_length=10**6)
    assert unicodedata.is_normalized("NFC", words)
    assert not any(unicodedata.category(char) == "Cc" and char not in "\n\t" for char in words)


def test_too_long_text_says_how_long():
    message = message_of(validation.plain_text, "Folder name", "x" * 1_000_000)
    assert message == "Folder name is 1,000,000 characters long; at most 1,000 fit. Shorten it."


def test_searches_are_nfc_and_one_line():
    assert validation.search_text(" Beyonce\u0301\n ") == "Beyoncé"
    assert validation.search_fields({"year": "١٩٨٧", "artist": " AC/DC ", "label": ""}) == {
        "year": "1987",
        "artist": "AC/DC",
    }
    assert "Year must be from 1 to 9,999" in message_of(validation.search_fields, {"year": "0"})


def test_credentials_refuse_what_no_credential_holds():
    assert validation.credential("The token", "  abcDEF123\n") == "abcDEF123"
    for typed in ("tök", "a b", "a\x1bb", "x" * 300):
        assert "copy it again" in message_of(validation.credential, "The token", typed)


def test_paths_that_cannot_be_are_explained():
    assert validation.local_path("~/x.csv") == Path("~/x.csv").expanduser().resolve()
    assert "empty" in message_of(validation.local_path, " ")
    assert "can't be used" in message_of(validation.local_path, "a\x00b")
    assert "can't be used" in message_of(validation.local_path, "x" * 300)
    assert "can't be used" in message_of(validation.local_path, "~no_such_user_here/x.csv")


# -- CSV uploads -------------------------------------------------------------------------------
HEADER = "release_id,price,media_condition\n"


@pytest.mark.parametrize(
    ("data", "says"),
    [
        (b"", "empty"),
        (b"\x89PNG\r\n\x1a\n\x00\xff", "UTF-8"),
        (HEADER.encode("utf-16"), "UTF-8"),
        (b"Release_ID,Price\n", "lower case"),
        (b"id,price\n1,2\n", "lacks required columns: release_id"),
        (HEADER.encode() + b'1,"12.50,Mint (M)\n', "malformed at line 2"),
        (HEADER.encode() + b"1,12.50,Mint (M)\x00\n", "(got 'Mint (M)\\x00')"),
        (HEADER.encode() + b"9" * 5000 + b",1_0,Mint (M)\n", "release_id must be a whole number"),
        (HEADER.encode() + "٣,١٢,Mint (M)\n".encode(), "price must be a number like 12.50"),
        (HEADER.encode() + b"1,12.505,Mint (M)\n", "at most 2 decimals"),
        (b"x" * (MAX_UPLOAD_BYTES + 1), "Split it"),
    ],
)
def test_malformed_csv_files_are_explained(data, says):
    message = message_of(check_upload_csv, data, "add")
    assert says in message and len(message) < 1000


def test_bom_and_crlf_are_fine():
    data = b"\xef\xbb\xbf" + HEADER.replace("\n", "\r\n").encode() + b"249504,12.50,Mint (M)\r\n"
    assert check_upload_csv(data, "add") == 1


# -- the config file ---------------------------------------------------------------------------
@pytest.mark.parametrize(
    ("toml", "says"),
    [
        (b"api_url = ", "is not valid TOML"),
        (b"\xff\xfe\x00binary", "is not valid TOML"),
        (b'api_url = "ftp://example.com"', "must be an http(s) address"),
        (b'api_url = "api.discogs.com"', "must be an http(s) address"),
        (b'api_url = "http://[::1"', "must be an http(s) address"),
        (b"cache_max_mb = -1", "cache_max_mb must be a whole number"),
        (b'cache_max_mb = "lots"', "cache_max_mb must be a whole number"),
        (b"theme = 3", "theme must be"),
        (b'keys = "j"', "[keys] must be a table"),
        (b'[keys]\n"search.focus" = 5', "search.focus must be key names"),
        (b'[keys]\n"search.focus" = "ctrl+f, "', "search.focus must be key names"),
    ],
)
def test_a_bad_config_is_explained(tmp_path, toml, says):
    path = tmp_path / "config.toml"
    path.write_bytes(toml)
    with pytest.raises(ConfigError) as caught:
        load_settings(path, environ={})
    assert says in str(caught.value) and str(path) in str(caught.value)


def test_a_good_config_loads(tmp_path):
    path = tmp_path / "config.toml"
    path.write_text('api_url = "http://127.0.0.1:8765/"\n[keys]\n"search.focus" = "i,slash"\n')
    settings = load_settings(path, environ={})
    assert settings.api_url == "http://127.0.0.1:8765"
    assert settings.keys == {"search.focus": "i,slash"}


@pytest.mark.parametrize(
    "secret", ['token = "t0ken"', 'consumer_secret = "s3cret"', 'token_secret = "s3cret"']
)
def test_secrets_in_a_config_others_can_read_are_refused(tmp_path, secret):
    path = tmp_path / "config.toml"
    path.write_text(f'[auth]\nconsumer_key = "key"\n{secret}\n')
    path.chmod(0o640)
    with pytest.raises(ConfigError, match=f"chmod 600 {path}") as caught:
        load_settings(path, environ={})
    assert "s3cret" not in str(caught.value) and "t0ken" not in str(caught.value)
    path.chmod(0o600)
    assert load_settings(path, environ={}).auth


def test_a_config_without_secrets_may_be_readable_by_all(tmp_path):
    path = tmp_path / "config.toml"
    path.write_text('cache_max_mb = 50\n[auth]\nconsumer_key = "key"\n')
    path.chmod(0o644)
    assert load_settings(path, environ={}).cache_max_mb == 50

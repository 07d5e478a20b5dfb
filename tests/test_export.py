"""``discogs-tui export`` as a user runs it: the demo sandbox in a subprocess, and the
configured credentials against a sandbox on loopback."""

from __future__ import annotations

import asyncio
import csv
import io
import json
import os
import subprocess
import sys

import pytest

from discogs_tui.api.mirror import FORMAT_VERSION
from discogs_tui.demo import sandbox_service
from discogs_tui.export import COLLECTION_COLUMNS, WANTLIST_COLUMNS, progress_bar
from discogs_tui.sandbox import create_app
from discogs_tui.sandbox.config import DEMO_TOKEN, DEMO_USERNAME
from tests.conftest import roomy_config
from tests.loopback import serve

DEMO_FIELDS = ["Media", "Sleeve", "Notes", "Purchase"]
DEMO_ITEMS = 3000
BAR_CHARACTERS = "█░"


@pytest.fixture
def env(tmp_path):
    """No credentials, and every file of the app under ``tmp_path``."""
    clean = {k: v for k, v in os.environ.items() if not k.startswith("DISCOGS_")}
    return {
        **clean,
        "DISCOGS_TUI_CONFIG_DIR": str(tmp_path / "config"),
        "DISCOGS_TUI_CACHE_DIR": str(tmp_path / "cache"),
        "DISCOGS_TUI_DATA_DIR": str(tmp_path / "data"),
    }


def export(env, *args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "discogs_tui", *args],
        env=env,
        capture_output=True,
        text=True,
        timeout=60,
    )


def newest_demo_items() -> list[dict]:
    async def fetch() -> list[dict]:
        async with sandbox_service(create_app(roomy_config())) as service:
            page = await service.collection.folder_releases(
                DEMO_USERNAME, 0, per_page=100, sort="added", sort_order="desc"
            )
            return page.items

    return asyncio.run(fetch())


def test_collection_csv_has_discogs_columns_and_every_copy(env, tmp_path):
    out = tmp_path / "collection.csv"
    result = export(env, "--demo", "export", "collection", "--format", "csv", "-o", str(out))
    assert result.returncode == 0, result.stderr
    assert result.stderr == ""  # not a terminal: no progress bar
    assert result.stdout == f"Wrote {DEMO_ITEMS:,} copies to {out}.\n"  # one line, at the end
    with out.open(encoding="utf-8", newline="") as handle:
        reader = csv.DictReader(handle)
        rows = list(reader)
    assert reader.fieldnames == [*COLLECTION_COLUMNS, *DEMO_FIELDS]
    assert len(rows) == DEMO_ITEMS
    newest = newest_demo_items()
    assert [int(r["release_id"]) for r in rows[:100]] == [i["id"] for i in newest]
    first, info = rows[0], newest[0]["basic_information"]
    assert first["Title"] == info["title"] and first["Released"] == str(info["year"])
    assert first["Catalog#"] == info["labels"][0]["catno"]
    assert first["Date Added"] == newest[0]["date_added"][:19].replace("T", " ")
    assert {r["CollectionFolder"] for r in rows} >= {"Uncategorized", "Vinyl", "CDs"}
    noted = next(i for i in newest if i.get("notes"))
    noted_row = next(
        r for r in rows if r["Date Added"] == noted["date_added"][:19].replace("T", " ")
    )
    for note in noted["notes"]:
        assert noted_row[DEMO_FIELDS[note["field_id"] - 1]] == note["value"]


def test_quiet_prints_nothing(env, tmp_path):
    out = tmp_path / "wants.json"
    result = export(env, "--demo", "export", "wantlist", "--format", "json", "-o", str(out), "-q")
    assert result.returncode == 0, result.stderr
    assert result.stdout == "" and result.stderr == ""
    assert json.loads(out.read_text(encoding="utf-8"))


def test_wantlist_json_piped_to_stdout(env):
    result = export(env, "--demo", "export", "wantlist", "--format", "json")
    assert result.returncode == 0, result.stderr
    assert not set(result.stderr) & set(BAR_CHARACTERS)
    wants = json.loads(result.stdout)
    assert wants and all(list(w) == WANTLIST_COLUMNS for w in wants)
    assert all(isinstance(w["release_id"], int) and w["Title"] for w in wants)


def test_not_signed_in_is_said_with_exit_code_1(env):
    result = export(env, "export", "wantlist")
    assert result.returncode == 1
    assert "Not signed in" in result.stderr and "login" in result.stderr
    assert "Traceback" not in result.stderr


@pytest.mark.loopback
def test_configured_credentials_json_and_a_rejected_token(env, tmp_path):
    with serve(roomy_config()) as base:
        env = {**env, "DISCOGS_API_URL": base, "DISCOGS_TOKEN": DEMO_TOKEN}
        out = tmp_path / "collection.json"
        result = export(env, "export", "collection", "--format", "json", "-o", str(out))
        assert result.returncode == 0, result.stderr
        rows = json.loads(out.read_text(encoding="utf-8"))
        assert len(rows) == DEMO_ITEMS and list(rows[0]) == [*COLLECTION_COLUMNS, *DEMO_FIELDS]
        mirrored = tmp_path / "data" / f"mirror-v{FORMAT_VERSION}" / f"{DEMO_USERNAME}.jsonl"
        assert mirrored.exists()  # the next export syncs incrementally

        rejected = export({**env, "DISCOGS_TOKEN": "not-a-token"}, "export", "collection")
        assert rejected.returncode == 1 and "login" in rejected.stderr
        assert "Traceback" not in rejected.stderr


def test_progress_bar_only_on_a_terminal():
    class Terminal(io.StringIO):
        def isatty(self) -> bool:
            return True

    assert progress_bar(io.StringIO()) is None
    screen = Terminal()
    show = progress_bar(screen)
    show(3, 30)
    show(30, 30)
    assert "3/30 pages" in screen.getvalue() and screen.getvalue().endswith("30/30 pages\n")

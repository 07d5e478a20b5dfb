"""Exporting from inside the app (E on the collection and the wantlist), driven by keys
against the in-process sandbox; files go to a temporary home."""

from __future__ import annotations

import csv
import json
import os
from datetime import date

import pytest
from textual.widgets import Input

from discogs_tui.api.mirror import CollectionMirror
from discogs_tui.app.app import DiscogsApp
from discogs_tui.app.modals.export_form import ExportForm, collection_job
from discogs_tui.app.navigation import Location
from discogs_tui.app.screens.collection import CollectionScreen
from discogs_tui.demo import sandbox_service
from discogs_tui.export import COLLECTION_COLUMNS, WANTLIST_COLUMNS
from discogs_tui.sandbox import create_app
from discogs_tui.sandbox.config import DEMO_USERNAME
from tests.app.conftest import settle
from tests.app.test_collection_screen import press
from tests.conftest import roomy_config

TODAY = date(2026, 1, 2)
DEMO_COPIES = 3000
DEMO_WANTS = 300
PICK_JSON = ("shift+tab", "enter", "down", "enter")  # from the file field: the format, json


@pytest.fixture(autouse=True)
def home(monkeypatch, tmp_path):
    monkeypatch.setenv("HOME", str(tmp_path))
    monkeypatch.chdir(tmp_path)  # a bare file name goes to the current directory
    monkeypatch.setattr(ExportForm, "today", lambda: TODAY)
    monkeypatch.setattr(CollectionScreen, "mirror_directory", lambda self: None)
    return tmp_path


def demo_app(kind: str) -> DiscogsApp:
    service = sandbox_service(create_app(roomy_config()))
    return DiscogsApp(service, start=Location(kind, DEMO_USERNAME), signed_in_as=DEMO_USERNAME)


def notes(app) -> list[str]:
    return [notification.message for notification in app._notifications]


def problem(app) -> str:
    return str(app.screen.query_one(".modal-problem").render())


async def test_collection_csv_json_and_overwrite(home):
    app = demo_app("collection")
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        await press(pilot, "E", "enter")
        path = home / f"discogs-{DEMO_USERNAME}-collection-2026-01-02.csv"
        with path.open(encoding="utf-8") as file:
            rows = list(csv.DictReader(file))
        assert len(rows) == DEMO_COPIES
        assert list(rows[0])[: len(COLLECTION_COLUMNS)] == COLLECTION_COLUMNS
        assert notes(app)[-1] == f"Exported {DEMO_COPIES:,} copies to {path}."
        assert not isinstance(app.screen, ExportForm)

        await press(pilot, "E", *PICK_JSON, "ctrl+s")
        exported = json.loads(path.with_suffix(".json").read_text(encoding="utf-8"))
        assert len(exported) == DEMO_COPIES

        path.write_text("mine")
        await press(pilot, "E", "enter", "n")  # it exists: asked, and left alone
        assert path.read_text() == "mine" and isinstance(app.screen, ExportForm)
        await press(pilot, "enter", "y")
        assert path.read_text().startswith("Catalog#,")


async def test_a_bad_path_says_why_and_keeps_what_was_typed(home):
    app = demo_app("collection")
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        await press(pilot, "E", "ctrl+u", *"/no/such/dir/x.csv", "enter")
        assert (
            problem(app) == "There is no folder /no/such/dir: create it first, or choose another."
        )
        assert app.screen.query_one("#export-path", Input).value == "/no/such/dir/x.csv"

        await press(pilot, "ctrl+u", *"~", "enter")
        assert problem(app) == f"{home} is a folder: add a file name."

        await press(pilot, "escape", "escape", "y")  # leave the field, drop the edit, go back
        assert isinstance(app.screen, CollectionScreen)


async def test_the_dialog_opens_on_a_file_name_in_the_current_directory(home, tmp_path):
    elsewhere = tmp_path / "records"
    elsewhere.mkdir()
    os.chdir(elsewhere)
    app = demo_app("wantlist")
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        await press(pilot, "E")
        field = app.screen.query_one("#export-path", Input)
        assert app.focused is field and "/" not in field.value and "~" not in field.value
        labels = " ".join(str(label.render()) for label in app.screen.query(".modal-label"))
        assert f"in {elsewhere} " in labels  # it says where the file goes
        await press(pilot, "enter")
        path = elsewhere / f"discogs-{DEMO_USERNAME}-wantlist-2026-01-02.csv"
        assert path.is_file()
        assert notes(app)[-1] == f"Exported {DEMO_WANTS} wants to {path}."


async def test_wantlist_as_json(home):
    app = demo_app("wantlist")
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        await press(pilot, "E", *PICK_JSON, "ctrl+s")
        path = home / f"discogs-{DEMO_USERNAME}-wantlist-2026-01-02.json"
        wants = json.loads(path.read_text(encoding="utf-8"))
        assert len(wants) == DEMO_WANTS
        assert list(wants[0]) == WANTLIST_COLUMNS
        assert notes(app)[-1] == f"Exported {DEMO_WANTS} wants to {path}."


async def test_an_incomplete_mirror_is_synced_first():
    async with sandbox_service(create_app(roomy_config())) as service:
        mirror = CollectionMirror(service, DEMO_USERNAME, None)  # never synced
        job = collection_job(mirror, "never synced")
        assert "synced first" in job.source
        pages: list[tuple[int, int]] = []
        columns, rows = await job.rows(lambda done, total: pages.append((done, total)))
    assert len(rows) == DEMO_COPIES and columns[: len(COLLECTION_COLUMNS)] == COLLECTION_COLUMNS
    assert pages[-1] == (30, 30)
    assert "nothing to fetch" in collection_job(mirror, "synced just now").source

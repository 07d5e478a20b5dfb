"""What assets/ gives users beside the code, held to the code: the example config loads and
names every setting, the sample CSVs pass the upload check and name real demo objects, and
the demo recording is an asciinema v2 cast."""

from __future__ import annotations

import asyncio
import csv
import dataclasses
import json
import re
from pathlib import Path

import pytest

from discogs_tui.api.inventory import UPLOAD_KINDS, check_upload_csv
from discogs_tui.config import Settings, load_settings
from discogs_tui.demo import sandbox_service
from discogs_tui.sandbox.config import DEMO_USERNAME

ASSETS = Path(__file__).parents[1] / "assets"
README = Path(__file__).parents[1] / "README.md"
SETTING_LINE = re.compile(r"^# ((?:\"[\w.]+\"|\w+) = .*|\[\w+\])$")


def uncommented(config: str) -> str:
    """The example with every commented-out setting switched on."""
    return "\n".join(
        match[1] if (match := SETTING_LINE.match(line)) else line for line in config.splitlines()
    )


def test_the_example_config_loads_with_every_setting_on(tmp_path):
    config = tmp_path / "config.toml"
    config.write_text(uncommented((ASSETS / "config.toml").read_text(encoding="utf-8")))
    config.chmod(0o600)  # it holds secrets once uncommented
    settings = load_settings(config, environ={})
    assert settings.theme == "nord" and settings.cache_max_mb == 200
    assert settings.auth["token"] and settings.keys["release.want"] == "W"


def test_the_example_config_names_every_setting():
    text = (ASSETS / "config.toml").read_text(encoding="utf-8")
    for setting in dataclasses.fields(Settings):
        assert re.search(rf"^# (\[{setting.name}\]|{setting.name} = )", text, re.M), setting.name


def test_the_example_keys_are_real_command_ids():
    from discogs_tui.app.app import DiscogsApp
    from tests.app.test_key_grammar import SCREENS

    ids = {command.id for command in DiscogsApp.COMMAND_LIST}
    ids |= {command.id for screen in SCREENS for command in getattr(screen, "COMMAND_LIST", ())}
    remapped = re.findall(r'^# "([\w.]+)" = ', (ASSETS / "config.toml").read_text(), re.M)
    assert remapped and set(remapped) <= ids


@pytest.mark.parametrize("kind", UPLOAD_KINDS)
def test_each_sample_upload_passes_the_check_and_names_demo_objects(kind):
    data = (ASSETS / f"inventory-{kind}.csv").read_text(encoding="utf-8")
    rows = list(csv.DictReader(data.splitlines()))
    assert check_upload_csv(data, kind) == len(rows) >= 2

    async def missing() -> list[str]:
        async with sandbox_service(None) as service:
            own = await service.marketplace.inventory(DEMO_USERNAME, per_page=100)
            listing_ids = {str(listing["id"]) for listing in own.items}
            absent = [row["listing_id"] for row in rows if "listing_id" in row]
            absent = [listing for listing in absent if listing not in listing_ids]
            for row in rows:
                if "release_id" in row:
                    await service.database.release(int(row["release_id"]))  # NotFound if not
            return absent

    assert asyncio.run(missing()) == []


def test_the_readme_links_each_asset():
    readme = README.read_text(encoding="utf-8")
    for asset in sorted(ASSETS.iterdir()):
        assert f"(assets/{asset.name})" in readme, asset.name


def test_the_demo_cast_is_asciinema_v2_at_80x24():
    lines = (ASSETS / "demo.cast").read_text(encoding="utf-8").splitlines()
    header = json.loads(lines[0])
    assert header["version"] == 2 and (header["width"], header["height"]) == (80, 24)
    events = [json.loads(line) for line in lines[1:]]
    times = [event[0] for event in events]
    assert times == sorted(times) and all(event[1] in ("o", "i", "m") for event in events)
    shown = "".join(event[2] for event in events if event[1] == "o")
    for screen in ("Search", "Collection of", "Wantlist", "Order"):
        assert screen in shown, screen

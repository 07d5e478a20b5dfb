"""The release screen, driven by keys against the in-process sandbox."""

from __future__ import annotations

import copy
import dataclasses
import html
import re

import pytest
from textual.widgets import OptionList

from discogs_tui.api.auth import ANONYMOUS
from discogs_tui.app.app import DiscogsApp
from discogs_tui.app.navigation import Location
from discogs_tui.app.widgets.cover import Cover, HalfBlocks
from discogs_tui.demo import sandbox_service
from discogs_tui.sandbox import create_app
from discogs_tui.sandbox.world import build_state
from tests.app.conftest import settle
from tests.conftest import roomy_config

DEMO = "sandbox_demo"
RICK = 249504  # the API document's example release: master 96559, artist 72872, label 895
SIDES_AND_SUITE = 10032662  # generated: headings, an index track with sub-tracks, credits
FOR_SALE = 10012371  # generated: has listings in the demo marketplace
NEW_ID = 99_000_001


@pytest.fixture
def sandbox():
    """A sandbox whose catalogue can take extra releases (a copy: the shared one is cached)."""
    state = build_state(roomy_config())
    catalogue = state.catalogue
    state.catalogue = dataclasses.replace(catalogue, releases=dict(catalogue.releases))
    return create_app(roomy_config(), state)


def release_app(sandbox, release_id: int, *, anonymous: bool = False) -> DiscogsApp:
    service = sandbox_service(sandbox, credentials=ANONYMOUS if anonymous else None)
    start = Location("release", str(release_id))
    return DiscogsApp(service, start=start, signed_in_as="" if anonymous else DEMO)


async def press(pilot, *keys: str) -> None:
    await pilot.press(*keys)
    await settle(pilot)


def shown(app, selector: str) -> str:
    """The text a widget shows now."""
    return app.screen.query_one(selector).content.plain


def screen_text(app) -> str:
    svg = app.export_screenshot()
    return html.unescape(re.sub(r"<[^>]+>", "", svg)).replace("\xa0", " ")


def notifications(app) -> str:
    return "\n".join(notification.message for notification in app._notifications)


def sandbox_user(sandbox):
    return sandbox.state.sandbox.user(DEMO)


async def test_shows_the_release(sandbox):
    app = release_app(sandbox, RICK)
    async with app.run_test(size=(100, 30)) as pilot:
        await settle(pilot)
        assert shown(app, "#release-title") == "Never Gonna Give You Up"
        facts = shown(app, "#facts")
        assert "Rick Astley" in facts and "RCA – PB 41447" in facts
        assert '1 × Vinyl, 7", Single, 45 RPM' in facts
        tracklist = shown(app, "#tracklist")
        assert re.search(r"^A +Never Gonna Give You Up +3:32$", tracklist, re.M)
        credits = shown(app, "#credits")  # the name as credited (ANV), as Discogs shows it
        assert "Stock / Aitken / Waterman" in credits and "(= " not in credits
        assert "Phonographic Copyright (p)  BMG Records (UK) Ltd." in shown(app, "#companies")
        assert "5012394144777" in shown(app, "#identifiers")
        assert 'black label with the text "Manufactured In England"' in shown(app, "#notes")
        assert "5:30  Rick Astley - Never Gonna Give You Up" in shown(app, "#videos")
        assert "Accepted" in shown(app, "#history")
        assert "have" in shown(app, "#community-line")
        assert "1 copy in Vinyl" in shown(app, "#collection-line")
        assert "not in your wantlist" in shown(app, "#wantlist-line")
        assert "Never Gonna Give You Up" in screen_text(app)


async def test_headings_index_tracks_and_track_credits(sandbox):
    app = release_app(sandbox, SIDES_AND_SUITE)
    async with app.run_test(size=(100, 30)) as pilot:
        await settle(pilot)
        tracklist = shown(app, "#tracklist").splitlines()
        assert tracklist[0] == "Side One" and "Side Two" in tracklist
        suite = next(i for i, line in enumerate(tracklist) if line.strip() == "Movement Cycle")
        assert tracklist[suite + 1].startswith("B3    Sørlandet")  # indented under the suite
        assert tracklist[suite + 1].endswith("6:52")
        vocals = tracklist.index(next(line for line in tracklist if "Vocals" in line))
        assert tracklist[vocals - 1].startswith("A4  Straße Kärlek Fête")
        assert tracklist[vocals].strip() == "Vocals – Çağla Müller"


async def test_links_walk_and_open(sandbox):
    app = release_app(sandbox, RICK)
    async with app.run_test(size=(100, 30)) as pilot:
        await settle(pilot)
        await press(pilot, "right_square_bracket", "right_square_bracket")
        assert app.screen.focused.id == "facts" and app.screen.focused.focused_link == 1
        await press(pilot, "left_square_bracket", "enter")
        assert app.screen.location == Location("artist", "72872")


async def test_artist_master_and_label_keys(sandbox):
    app = release_app(sandbox, RICK)
    async with app.run_test(size=(100, 30)) as pilot:
        await settle(pilot)
        for key, location in (
            ("a", Location("artist", "72872")),
            ("m", Location("master", "96559")),
            ("l", Location("label", "895")),
        ):
            await press(pilot, key)
            assert app.screen.location == location
            await press(pilot, "escape")
            assert app.screen.location == Location("release", str(RICK))


async def test_a_picks_among_several_artists(sandbox):
    app = release_app(sandbox, 10001170)  # Static Rivers With Lady Gardens
    async with app.run_test(size=(100, 30)) as pilot:
        await settle(pilot)
        assert "Static Rivers With Lady Gardens" in shown(app, "#facts")
        await press(pilot, "a", "j", "enter")
        assert app.screen.location == Location("artist", "2000141")


async def test_rating_keys_set_and_clear(sandbox):
    ratings = sandbox.state.sandbox.ratings
    app = release_app(sandbox, RICK)
    async with app.run_test(size=(100, 30)) as pilot:
        await settle(pilot)
        await press(pilot, "4")
        assert ratings[(RICK, DEMO)] == 4
        assert "★★★★☆ 4 of 5" in shown(app, "#rating-line")
        await press(pilot, "asterisk", "j", "enter")  # the picker opens on 4; one down is 3
        assert ratings[(RICK, DEMO)] == 3
        await press(pilot, "0")
        assert (RICK, DEMO) not in ratings
        assert "not rated" in shown(app, "#rating-line")


async def test_w_adds_to_the_wantlist_with_notes_and_rating(sandbox):
    app = release_app(sandbox, RICK)
    async with app.run_test(size=(100, 30)) as pilot:
        await settle(pilot)
        await press(pilot, "w", "U", "K", "tab", "4", "enter")  # notes, then the rating
        want = sandbox_user(sandbox).wants[RICK]
        assert (want.notes, want.rating) == ("UK", 4)
        assert "in your wantlist" in shown(app, "#wantlist-line")
        assert "not" not in shown(app, "#wantlist-line")
        await press(pilot, "w")
        assert "in your wantlist already" in notifications(app)


async def test_c_adds_a_copy_to_the_chosen_folder(sandbox):
    app = release_app(sandbox, RICK)
    async with app.run_test(size=(100, 30)) as pilot:
        await settle(pilot)
        await press(pilot, "c")
        options = app.screen.query_one(OptionList)
        folders = [str(options.get_option_at_index(i).prompt) for i in range(options.option_count)]
        assert folders[0].startswith("Uncategorized") and not any(
            f.startswith("All") for f in folders
        )
        await press(pilot, "j", "j", "enter")  # Uncategorized, Vinyl, CDs
        copies = [i for i in sandbox_user(sandbox).instances.values() if i.release_id == RICK]
        assert sorted(i.folder_id for i in copies) == [2, 3]
        assert "2 copies in Vinyl, CDs" in shown(app, "#collection-line")


async def test_currency_switch(sandbox):
    app = release_app(sandbox, FOR_SALE)
    async with app.run_test(size=(100, 30)) as pilot:
        await settle(pilot)
        assert "USD" in shown(app, "#market-line")  # the demo user's currency
        await press(pilot, "dollar_sign", "j", "j", "enter")  # USD, GBP, EUR
        market = shown(app, "#market-line")
        assert re.search(r"\d+ for sale from [\d,.]+ EUR", market), market


async def test_missing_release_shows_error_and_r_retries(sandbox):
    app = release_app(sandbox, NEW_ID)
    async with app.run_test(size=(100, 30)) as pilot:
        await settle(pilot)
        assert "Couldn't load this" in shown(app, "#error")
        assert "r to try again" in shown(app, "#error")
        releases = sandbox.state.sandbox.catalogue.releases
        releases[NEW_ID] = {**copy.deepcopy(releases[RICK]), "id": NEW_ID, "title": "Found"}
        await press(pilot, "r")
        assert not app.screen.query_one("#error").display
        assert shown(app, "#release-title") == "Found"


async def test_anonymous_is_told_to_sign_in(sandbox):
    app = release_app(sandbox, RICK, anonymous=True)
    async with app.run_test(size=(100, 30)) as pilot:
        await settle(pilot)
        assert not app.screen.query_one(Cover).display  # anonymous answers carry no images
        assert "sign in" in shown(app, "#rating-line")
        await press(pilot, "w")
        assert "Sign in to add releases to your wantlist" in notifications(app)
        assert RICK not in sandbox_user(sandbox).wants


async def test_images_toggle(sandbox):
    app = release_app(sandbox, RICK)
    async with app.run_test(size=(100, 30)) as pilot:
        await settle(pilot)
        cover = app.screen.query_one(Cover)
        assert cover.display and isinstance(cover.content, HalfBlocks)
        await press(pilot, "i")
        assert not cover.display
        await press(pilot, "i")
        assert cover.display and isinstance(cover.content, HalfBlocks)


async def test_videos_copy_their_link_and_header_stacks_when_narrow(sandbox):
    app = release_app(sandbox, RICK)
    async with app.run_test(size=(60, 24)) as pilot:
        await settle(pilot)
        assert app.screen.has_class("-narrow")
        await press(pilot, "v", "enter")
        assert app.clipboard == "https://www.youtube.com/watch?v=te2jJncBVG4"


HOSTILE = (
    "[a=Aphex Twin]",
    "Closing [/ tag",
    "Title [Remastered]",
    "[@click=app.quit]x[/]",
    "\x1b[31mred\x1b[0m \x1b]52;c;aGk=\x07",
)


async def test_hostile_text_shows_literally(sandbox):
    releases = sandbox.state.sandbox.catalogue.releases
    release = copy.deepcopy(releases[RICK])
    release.update(id=NEW_ID, title=" ".join(HOSTILE[:4]), notes="\n".join(HOSTILE))
    release["tracklist"] = [
        {"position": str(n), "title": title, "duration": "1:00", "type_": "track"}
        for n, title in enumerate(HOSTILE, start=1)
    ]
    release["artists"][0]["name"] = HOSTILE[3]
    releases[NEW_ID] = release
    app = release_app(sandbox, NEW_ID)
    async with app.run_test(size=(100, 30)) as pilot:
        await settle(pilot)
        await press(pilot, "right_square_bracket", "enter")  # follows the artist link: no quit
        await press(pilot, "escape")
        assert app.is_running and app.return_code is None
        assert shown(app, "#release-title") == " ".join(HOSTILE[:4])
        tracklist = shown(app, "#tracklist")
        for title in HOSTILE[:4]:
            assert title in tracklist
        assert "red " in tracklist and "\x1b" not in tracklist
        assert "[@click=app.quit]x[/]" in shown(app, "#facts")
        notes = shown(app, "#notes")
        assert "Aphex Twin\nClosing [/ tag\nTitle [Remastered]\n[@click=app.quit]x[/]" in notes
        screen = app.export_screenshot()
        assert "\x1b" not in screen and "Title [Remastered]" in screen_text(app)

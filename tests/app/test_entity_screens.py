"""The master, artist, label and user screens, driven by keys on the in-process sandbox."""

from __future__ import annotations

from rich.console import Console

from discogs_tui.api.models import Label
from discogs_tui.api.service import DiscogsService
from discogs_tui.app.app import DiscogsApp
from discogs_tui.app.navigation import Location
from discogs_tui.app.screens.artist import ArtistScreen
from discogs_tui.app.screens.base import ErrorPanel
from discogs_tui.app.screens.label import LabelScreen
from discogs_tui.app.screens.master import MasterScreen, seconds
from discogs_tui.app.screens.user import ProfileForm, UserScreen
from discogs_tui.app.widgets import paged_table
from discogs_tui.app.widgets.paged_table import PagedTable
from discogs_tui.app.widgets.url_list import UrlList
from discogs_tui.demo import sandbox_service
from discogs_tui.sandbox import create_app
from discogs_tui.sandbox.config import DEMO_USERNAME
from tests.app.conftest import settle

SIZE = (80, 24)


def demo_app(kind: str, target: str, service: DiscogsService | None = None) -> DiscogsApp:
    return DiscogsApp(
        service or sandbox_service(),
        start=Location(kind, target),
        signed_in_as=DEMO_USERNAME,
    )


async def press(pilot, *keys: str) -> None:
    await pilot.press(*keys)
    await settle(pilot)


def shown(app: DiscogsApp, selector: str) -> str:
    """The text a Static of the current screen shows, as the terminal would."""
    console = Console(width=200, color_system=None)
    with console.capture() as capture:
        console.print(app.screen.query_one(selector).content)
    return capture.get()


def ids(app: DiscogsApp, table: str) -> list[int]:
    return [item["id"] for item in app.screen.query_one(table, PagedTable).items]


# -- master ------------------------------------------------------------------------------------
async def test_master_shows_versions_filters_sorts_and_opens_one():
    app = demo_app("master", "1000")
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        assert "Stardiver" in shown(app, ".entity-name")
        assert "Electric Universe" in shown(app, "#related")
        assert {18926, 34228, 1873038} <= set(ids(app, "#versions"))

        await press(pilot, "f", "tab", "tab", "tab", "U", "K", "enter")  # the country filter
        assert ids(app, "#versions") == [34228, 1873038]

        await press(pilot, "x", "s", "o")  # no filter; newest release first
        assert ids(app, "#versions")[0] == 10000137
        await press(pilot, "enter")
        assert app.screen.location == Location("release", "10000137")


async def test_master_missing_shows_the_error_inline():
    app = demo_app("master", "99999999")
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        assert isinstance(app.screen, MasterScreen)
        assert app.screen.query_one(ErrorPanel).display
        assert "not found" in shown(app, "ErrorPanel").lower()


# -- artist ------------------------------------------------------------------------------------
async def test_artist_shows_members_and_releases_then_opens_a_master():
    app = demo_app("artist", "108713")
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        assert "Nickelback" in shown(app, ".entity-name")
        assert "Members: Chad Kroeger" in shown(app, "#related")
        assert ids(app, "#releases")[:2] == [173765, 4299404]

        await press(pilot, "enter")  # Curb, a master
        assert isinstance(app.screen, MasterScreen)
        assert app.screen.location == Location("master", "173765")

        await press(pilot, "f")  # into the filter form; Escape leaves it, then goes back
        assert app.focused.id == "filter-format"
        await press(pilot, "escape")
        assert isinstance(app.screen, MasterScreen) and app.focused is None
        await press(pilot, "escape")
        assert isinstance(app.screen, ArtistScreen)


async def test_artist_links_lead_to_a_member():
    app = demo_app("artist", "108713")
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        await press(pilot, "l", "enter")
        assert app.screen.location == Location("artist", "270222")


async def test_artist_sort_changes_the_order():
    app = demo_app("artist", "108713")
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        await press(pilot, "s", "s", "o")  # title, descending
        titles = [item["title"] for item in app.screen.query_one("#releases", PagedTable).items]
        assert titles == sorted(titles, reverse=True)
        assert "Sorted by title, descending" in str(app.screen.query_one(".paged-summary").content)


# -- label -------------------------------------------------------------------------------------
async def test_label_shows_sublabels_and_follows_one():
    app = demo_app("label", "1")
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        assert "Planet E" in shown(app, ".entity-name")
        assert "Sublabels: Antidote (4), Community Projects" in shown(app, "#related")
        await press(pilot, "l", "enter")
        assert isinstance(app.screen, LabelScreen)
        assert app.screen.location == Location("label", "86537")


async def test_label_releases_load_page_by_page(monkeypatch):
    monkeypatch.setattr(paged_table, "PER_PAGE", 15)
    app = demo_app("label", "500746")  # 30 releases, the most of any sandbox label
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        table = app.screen.query_one("#releases", PagedTable)
        assert len(table.items) == 15 and table.page.total == 30
        await press(pilot, "G")
        assert len(table.items) == 30
        assert len(set(ids(app, "#releases"))) == 30


# -- user --------------------------------------------------------------------------------------
async def test_user_shows_profile_and_lists():
    app = demo_app("user", "rodneyfool")
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        assert "Rodney (rodneyfool)" in shown(app, ".entity-name")
        assert "Pacific NW" in shown(app, "#facts")
        assert "software developer" in shown(app, "#profile")
        assert app.screen.query_one("#submissions", PagedTable).items
        await press(pilot, "t", "enter")  # the first contribution
        assert app.screen.location == Location("release", "1")


async def test_someone_elses_profile_is_not_editable():
    app = demo_app("user", "rodneyfool")
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        await press(pilot, "e")
        assert isinstance(app.screen, UserScreen)


async def test_own_profile_edits_location():
    sandbox = create_app()
    app = demo_app("user", DEMO_USERNAME, sandbox_service(sandbox))
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        await press(pilot, "e", "tab", "tab")  # to the location field
        assert app.focused.id == "edit-location"
        await press(pilot, *"Detroit", "enter")
        assert isinstance(app.screen, UserScreen)
        assert "Detroit" in shown(app, "#facts")
    async with sandbox_service(sandbox) as service:  # the sandbox's own state
        assert (await service.users.profile(DEMO_USERNAME))["location"] == "Detroit"


async def test_profile_form_escape_leaves_the_field_then_closes():
    app = demo_app("user", DEMO_USERNAME)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        await press(pilot, "e", "tab", "tab", "tab")  # into the profile text
        assert app.focused.id == "edit-profile"
        await press(pilot, "escape")
        assert isinstance(app.screen, ProfileForm) and app.focused is None
        await press(pilot, "escape")
        assert isinstance(app.screen, UserScreen)


async def test_missing_user_shows_the_error_inline():
    app = demo_app("user", "no_such_user_anywhere")
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        assert app.screen.query_one(ErrorPanel).display


HOSTILE = (
    "[@click=app.quit]x[/] Closing [/ tag \x1b[31mred\x1b[0m \x1b]0;owned\x07 Title [Remastered]"
)


async def test_hostile_profile_text_shows_literally():
    service = sandbox_service()
    await service.users.edit_profile(
        DEMO_USERNAME,
        name="[b]Bold[/b] \x1b[2J",
        location="[@click=app.quit]here[/]",
        profile=HOSTILE,
    )
    app = demo_app("user", DEMO_USERNAME, service)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        profile = shown(app, "#profile")
        assert "[@click=app.quit]x[/] Closing [/ tag red" in profile
        assert "Title [Remastered]" in profile
        assert "[b]Bold[/b]" in shown(app, ".entity-name")
        assert "[@click=app.quit]here[/]" in shown(app, "#facts")
        assert "\x1b" not in profile + shown(app, ".entity-name")
        await press(pilot, "tab", "tab", "enter", "right_square_bracket", "enter")
        assert app.is_running


async def test_enter_on_a_script_or_file_address_is_refused_with_a_word():
    """Enter copies a web address; a javascript: or file: one (also hidden behind case, tabs
    or a newline) is refused, said, and never reaches the clipboard."""
    app = demo_app("label", "1")
    said: list[str] = []
    notify_text = app.notify_text
    app.notify_text = lambda message, **kw: (said.append(message), notify_text(message, **kw))
    hostile = ["javascript:alert(1)", "JaVa\tScript:alert(1)", "file:///etc/passwd", "data:x,1"]
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        urls = app.screen.query_one(UrlList)
        urls.set_urls([*hostile, "https://www.planet-e.net/"])
        urls.focus()
        for index in range(len(hostile)):
            urls.highlighted = index
            await press(pilot, "enter")
            assert said[-1].startswith("Not copied:") and "web address" in said[-1]
            assert app.clipboard == ""
        urls.highlighted = len(hostile)
        await press(pilot, "enter")
        assert app.clipboard == "https://www.planet-e.net/"
        assert said[-1] == "Copied https://www.planet-e.net/ to the clipboard."


async def test_tabs_and_carriage_returns_in_names_stay_on_one_line(monkeypatch):
    service = sandbox_service()
    label = await service.database.label(1)
    label = {
        **label,
        "name": "Planet\tE\r\nRecords",
        "sublabels": [{"id": 86537, "name": "Anti\tdote\r(4)"}, *label["sublabels"][1:]],
    }

    async def fetch(self):
        return Label.from_json(label)

    monkeypatch.setattr(LabelScreen, "fetch", fetch)
    app = demo_app("label", "1", service)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        assert shown(app, ".entity-name").strip() == "Planet E Records"
        assert "Sublabels: Anti dote (4), Community Projects" in shown(app, "#related")


def test_a_duration_with_separators_around_its_numbers_is_read():
    """str.strip() takes the separators \\x1c-\\x1f that int() refuses: converted stripped."""
    assert seconds("7:13") == 433
    assert seconds(" 1:\x1f02:03 ") == 3723
    assert seconds("7:x") == 0

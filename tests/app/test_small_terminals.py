"""Every screen and dialog at 80×24 and 60×20 (issue 15): the focused widget is on screen —
after opening and after each Tab through its fields — and no footer key is cut off."""

from __future__ import annotations

import pytest
from textual.errors import NoWidget
from textual.pilot import Pilot
from textual.widget import Widget
from textual.widgets._footer import FooterKey

from screenshots.tour import TOUR, demo_app, frozen
from tests.app.conftest import settle

SIZES = [(80, 24), (60, 20)]
TABS = 8  # enough to reach the fields below a form's fold
SMALL = 3  # a widget this tall or less (a field, a button) must show whole


@pytest.fixture(autouse=True)
def frozen_world(tmp_path):
    with frozen(tmp_path):
        yield


def off_screen(pilot: Pilot, widget: Widget) -> str:
    """Why ``widget`` can't be seen ("" when it can): its region against what its
    containers show."""
    screen = pilot.app.screen
    try:
        geometry = screen.find_widget(widget)
    except NoWidget:
        return "not laid out (hidden or scrolled away)"
    shown = geometry.region.intersection(geometry.clip)
    if not shown:
        return f"outside the visible region ({geometry.region} vs {geometry.clip})"
    if geometry.region.height <= SMALL and shown != geometry.region:
        return f"partly cut ({geometry.region} shows {shown})"
    return ""


def cut_footer_keys(pilot: Pilot) -> list[str]:
    screen = pilot.app.screen
    width = screen.size.width
    cut = []
    for key in screen.query(FooterKey):
        try:
            region = screen.find_widget(key).region
        except NoWidget:
            region = None
        if region is None or region.x < 0 or region.right > width or not region.width:
            cut.append(f"{key.key_display} {key.description}")
    return cut


def check(pilot: Pilot, where: str) -> list[str]:
    problems = [f"{where}: footer key {key!r} cut off" for key in cut_footer_keys(pilot)]
    focused = pilot.app.focused
    if focused is not None and (why := off_screen(pilot, focused)):
        problems.append(f"{where}: focused {focused!r} {why}")
    return problems


@pytest.mark.parametrize("size", SIZES, ids=[f"{w}x{h}" for w, h in SIZES])
@pytest.mark.parametrize("stop", TOUR, ids=[stop.name for stop in TOUR])
async def test_every_screen_fits(stop, size):
    app = demo_app(stop.location, stop.roomy, stop.sign_in)
    async with app.run_test(size=size) as pilot:
        await settle(pilot)
        for key in stop.keys:
            await pilot.press(key)
        await settle(pilot)
        screen = app.screen
        problems = check(pilot, "opened")
        for n in range(TABS):
            await pilot.press("tab")
            await pilot.pause()
            if app.screen is not screen:  # a Tab that opened something: not this test's
                break
            problems += check(pilot, f"tab {n + 1}")
        assert not problems, "\n".join(dict.fromkeys(problems))

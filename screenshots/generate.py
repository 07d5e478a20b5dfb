"""Regenerate the SVG screenshots in this folder from the app on the demo sandbox.

    python screenshots/generate.py

Each screen of ``screenshots/tour.py`` (the same stops the snapshot tests check) is saved as
``screenshots/<name>.svg`` at 100×30.
"""

from __future__ import annotations

import asyncio
import sys
import tempfile
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE.parent))

from screenshots.tour import TOUR, demo_app, frozen, keys_then_settle  # noqa: E402

SIZE = (100, 30)


async def capture(stop) -> Path:
    app = demo_app(stop.location, stop.roomy, stop.sign_in)
    async with app.run_test(size=SIZE) as pilot:
        await keys_then_settle(stop.keys)(pilot)
        return Path(app.save_screenshot(f"{stop.name}.svg", path=str(HERE)))


async def main() -> None:
    for stop in TOUR:
        with tempfile.TemporaryDirectory() as data_dir, frozen(Path(data_dir)):
            print(await capture(stop))


if __name__ == "__main__":
    asyncio.run(main())

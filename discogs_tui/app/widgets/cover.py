"""Cover art drawn with half blocks: each cell is ``▀`` with the upper pixel as its colour and
the lower pixel as its background, so one cell shows two square-ish pixels. It needs only
colour, not a graphics protocol, so it works in any terminal and over SSH (kitty and sixel
graphics are deliberately left out).

Images are on by default (off with ``NO_COLOR``); ``toggle_images`` switches them for the
rest of the app's session, on every screen that shows a ``Cover``.
"""

from __future__ import annotations

import asyncio
import io
from collections.abc import Iterable
from typing import TYPE_CHECKING

import httpx
from rich.color import Color
from rich.console import Console, ConsoleOptions, RenderResult
from rich.measure import Measurement
from rich.segment import Segment
from rich.style import Style
from rich.text import Text
from textual import work
from textual.app import App
from textual.widgets import Static

if TYPE_CHECKING:
    from discogs_tui.api.service import DiscogsService

COLUMNS = 24
ROWS = 12  # two pixels a row: the image is fitted into COLUMNS × 2·ROWS pixels
UPPER_HALF = "▀"
RGB = tuple[int, int, int]


def images_on(app: App) -> bool:
    """Whether this app session draws images (not with NO_COLOR: they'd be grey blocks)."""
    session = getattr(app, "session", {})
    return session.get("images", not app.no_color)


def toggle_images(app: App) -> bool:
    """Switch images off or on for this app session; answers the new state."""
    on = not images_on(app)
    app.session["images"] = on
    return on


def primary_image_url(images: Iterable[dict] | None, thumb: str | None = None) -> str | None:
    """The small (150 px) version of the primary image, else of the first, else the thumb."""
    images = list(images or [])
    image = next((i for i in images if i.get("type") == "primary"), images[0] if images else {})
    return image.get("uri150") or image.get("uri") or thumb or None


async def fetch_image(service: DiscogsService, url: str) -> bytes:
    return await service.client.get_bytes(url)


class HalfBlocks:
    """A Rich renderable of pixel rows, two pixel rows per line of text."""

    def __init__(self, pixels: list[list[RGB]]) -> None:
        self.pixels = pixels
        self.width = len(pixels[0]) if pixels else 0

    def __rich_measure__(self, console: Console, options: ConsoleOptions) -> Measurement:
        return Measurement(self.width, self.width)

    def __rich_console__(self, console: Console, options: ConsoleOptions) -> RenderResult:
        rows = self.pixels
        for top in range(0, len(rows), 2):
            upper = rows[top]
            lower = rows[top + 1] if top + 1 < len(rows) else None
            for x, colour in enumerate(upper):
                below = Color.from_rgb(*lower[x]) if lower is not None else None
                yield Segment(UPPER_HALF, Style(color=Color.from_rgb(*colour), bgcolor=below))
            yield Segment.line()


def half_blocks(data: bytes, columns: int = COLUMNS, rows: int = ROWS) -> HalfBlocks:
    """Decode an image (any format Pillow reads) and fit it into ``columns`` × ``rows`` cells,
    keeping its proportions. Raises ``OSError`` (or Pillow's subclass) for unreadable data."""
    from PIL import Image  # imported on first use: the app starts without it

    with Image.open(io.BytesIO(data)) as source:
        image = source.convert("RGB")
    image.thumbnail((columns, rows * 2), Image.Resampling.LANCZOS)
    width, height = image.size
    raw = image.tobytes()  # RGB triples, row by row
    pixels = [tuple(raw[i : i + 3]) for i in range(0, len(raw), 3)]
    return HalfBlocks([pixels[y * width : (y + 1) * width] for y in range(height)])


class Cover(Static):
    """A release's (or artist's, label's) image; hidden when there is none or images are off."""

    DEFAULT_CSS = f"""
    Cover {{ width: {COLUMNS}; height: {ROWS}; color: $text-muted; }}
    """

    def __init__(self, **kwargs) -> None:
        super().__init__(**kwargs)
        self.url: str | None = None

    def show_image(self, url: str | None) -> None:
        """Draw the image at ``url`` (None: there is none) if images are on."""
        self.url = url
        self.display = bool(url) and images_on(self.app)
        if self.display:
            self.update(Text("Loading cover…"))
            self._load(url)

    @work(exclusive=True, group="cover", exit_on_error=False)
    async def _load(self, url: str) -> None:
        service = self.app.service  # type: ignore[attr-defined]
        try:
            data = await fetch_image(service, url)
            picture = await asyncio.to_thread(half_blocks, data)
        except (httpx.HTTPError, OSError, ValueError):
            self.update(Text("No cover: the image didn't load."))
            return
        self.update(picture)

"""UrlList: an entity's web addresses; Enter copies the highlighted one."""

from __future__ import annotations

from typing import Any

from textual import on
from textual.widgets import OptionList

from discogs_tui.api import markup
from discogs_tui.app import render
from discogs_tui.app.failures import Guarded
from discogs_tui.app.render import flat


class UrlList(Guarded, OptionList):
    """Web addresses; Enter (or the screen's copy key) copies the highlighted one."""

    DEFAULT_CSS = """
    UrlList { height: auto; max-height: 5; border: none; padding: 0; }
    """

    def __init__(self, **kwargs: Any) -> None:
        super().__init__(**kwargs)
        self.urls: list[str] = []

    def set_urls(self, urls: Any) -> None:
        cleaned = (flat(url) for url in urls or [] if isinstance(url, str))
        self.urls = [url for url in cleaned if url]
        self.clear_options()
        self.add_options(render.text(url) for url in self.urls)
        self.display = bool(self.urls)
        if self.urls:
            self.highlighted = 0

    def copy_highlighted(self) -> bool:
        if self.highlighted is None or not self.urls:
            return False
        self.app.open_link(markup.Link("url", self.urls[self.highlighted]))
        return True

    @on(OptionList.OptionSelected)
    def _copy_selected(self, event: OptionList.OptionSelected) -> None:
        event.stop()
        self.copy_highlighted()

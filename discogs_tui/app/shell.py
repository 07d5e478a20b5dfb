"""What screens and dialogs use of the app, as a type: ``DiscogsApp`` (app.py) has all of it.

Screens are typed against this, not against ``DiscogsApp``: the app module opens the screens,
so a screen importing it (even for an annotation) would make the two import each other."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING, Any, Protocol

if TYPE_CHECKING:
    from textual.screen import Screen

    from discogs_tui.api.errors import DiscogsError
    from discogs_tui.api.markup import Link
    from discogs_tui.api.ratelimit import RateState
    from discogs_tui.api.service import DiscogsService
    from discogs_tui.app.navigation import Location
    from discogs_tui.config import Settings


class Shell(Protocol):
    service: DiscogsService
    signed_in_as: str
    session: dict[str, object]  # choices and shared state that last for this run
    settings: Settings | None
    data_dir: Path | None
    availability_fresh_minutes: int
    rate_state: RateState | None

    async def service_ready(self) -> DiscogsService: ...

    async def replace_service(self, service: DiscogsService, signed_in_as: str) -> None: ...

    def open(self, location: Location) -> None: ...

    def open_link(self, link: Link) -> None: ...

    def action_back(self) -> None: ...

    def push_screen(
        self, screen: Screen[Any], callback: Callable[[Any], Any] | None = None
    ) -> Any: ...

    @property
    def screen_stack(self) -> list[Screen[Any]]: ...

    @property
    def search_history(self) -> list[str]: ...

    def remember_search(self, query: str) -> None: ...

    def notify_text(self, message: str, *, severity: str = "information") -> None: ...

    def notify_error(self, error: DiscogsError) -> None: ...

    def is_me(self, username: str) -> bool: ...

    def report_failure(self, error: BaseException, where: object) -> None: ...

    def notify_failure(self, error: BaseException) -> None: ...


class OnTheApp:
    """Mix into a screen or dialog of the app: the app as a ``Shell``, and its service."""

    @property
    def discogs(self) -> Shell:
        return self.app  # type: ignore[attr-defined, no-any-return]

    @property
    def service(self) -> DiscogsService:
        return self.discogs.service

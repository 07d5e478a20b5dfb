"""One user's small JSON document in the data directory (the wantlist's marketplace answers,
the release countries of the stats screen): read forgivingly, replaced atomically."""

from __future__ import annotations

import json
import logging
from pathlib import Path
from typing import Any

from discogs_tui import atomic
from discogs_tui.atomic import PRIVATE
from discogs_tui.locations import user_file_name

log = logging.getLogger(__name__)


class UserFile:
    def __init__(self, what: str, folder: str, username: str, directory: Path | None) -> None:
        """``what`` names the file in log lines; ``directory=None`` keeps nothing on disk."""
        self.what = what
        self.path = (
            None if directory is None else directory / folder / f"{user_file_name(username)}.json"
        )

    def read(self, key: str) -> Any:
        """The document's ``key``, or None when there is no file or it can't be read."""
        if self.path is None or not self.path.exists():
            return None
        try:
            return json.loads(self.path.read_text(encoding="utf-8"))[key]
        except (OSError, ValueError, KeyError, TypeError) as error:
            log.warning("%s %s unreadable (%s); starting afresh", self.what, self.path, error)
            return None

    def write(self, document: dict[str, Any]) -> bool:
        """Replace the file whole; False (and a log line) when it couldn't be written."""
        if self.path is None:
            return False
        try:
            self.path.parent.mkdir(parents=True, exist_ok=True, mode=0o700)
            atomic.write(self.path, json.dumps(document, separators=(",", ":")), mode=PRIVATE)
        except OSError as error:
            log.warning("could not save %s to %s: %s", self.what, self.path, error.strerror)
            return False
        return True

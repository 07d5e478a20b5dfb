"""discogs-tui: a keyboard-first terminal app for Discogs."""

__version__ = "0.1.0"
PROJECT_URL = "https://github.com/discogs-tui/discogs-tui"


def _clean_logs() -> None:
    from discogs_tui import logsafe

    logsafe.install()


_clean_logs()

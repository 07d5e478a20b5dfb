"""discogs-tui: a keyboard-first terminal app for Discogs."""

__version__ = "0.1.0"
PROJECT_URL = "https://github.com/discogs-tui/discogs-tui"

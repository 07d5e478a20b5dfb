"""``discogs-tui export collection|wantlist``: export.py's rows written to a file or stdout,
from the command line. A progress bar goes to stderr when it is a terminal."""

from __future__ import annotations

import argparse
import asyncio
import os
import signal
import sys
from pathlib import Path
from typing import TYPE_CHECKING

from discogs_tui.export import (
    WRITERS,
    ExportFailed,
    Row,
    export_collection,
    export_wantlist,
    progress_bar,
    write_file,
)

if TYPE_CHECKING:
    from discogs_tui.api.service import DiscogsService


def service_for(args: argparse.Namespace) -> tuple[DiscogsService, str, Path | None]:
    """The service, the username it signs in as ("": not known yet) and where the mirror lives
    (in memory for the demo: its sandbox is new on every run)."""
    from discogs_tui import launch, locations

    if args.demo or args.demo_user or args.hostile:
        build, username = launch.demo_service(args.demo_user, args.hostile)
        return build(), username, None
    from discogs_tui.config import load_settings

    settings = load_settings(api_url=args.api_url)
    credentials = launch.stored_credentials(settings)
    if not credentials.authenticated and not args.user:
        raise ExportFailed("Not signed in: run `discogs-tui login` first (or use --demo).")
    service = launch.Endpoint.from_settings(settings).service(credentials)
    return service, getattr(credentials, "username", None) or "", locations.data_dir()


async def _fetch(args: argparse.Namespace) -> tuple[list[str], list[Row]]:
    service, username, directory = service_for(args)
    async with service:
        username = args.user or username or await service.sign_in_check()
        progress = progress_bar(sys.stderr)
        if args.what == "collection":
            return await export_collection(service, username, directory, progress)
        return await export_wantlist(service, username, progress)


def _write(args: argparse.Namespace, columns: list[str], rows: list[Row]) -> None:
    """To ``-o PATH`` (only once everything is fetched: a failure leaves no half file)."""
    if not args.output:
        WRITERS[args.format](sys.stdout, columns, rows)
        return
    write_file(Path(args.output), args.format, columns, rows)


def interrupt_on_termination() -> None:
    """SIGTERM and SIGHUP end the export like Ctrl-C: the half-written temp file is removed."""

    def interrupt(signum: int, _frame: object) -> None:
        raise KeyboardInterrupt

    for name in ("SIGTERM", "SIGHUP"):
        if hasattr(signal, name):
            signal.signal(getattr(signal, name), interrupt)


def main(args: argparse.Namespace) -> int:
    from discogs_tui.api.errors import DiscogsError
    from discogs_tui.config import ConfigError
    from discogs_tui.launch import BadLocation

    interrupt_on_termination()
    try:
        columns, rows = asyncio.run(_fetch(args))
        _write(args, columns, rows)
        if args.output and not args.quiet:  # to stdout, the data is all it prints
            noun = "copies" if args.what == "collection" else "wants"
            print(f"Wrote {len(rows):,} {noun} to {Path(args.output).absolute()}.")
    except (ExportFailed, DiscogsError, ConfigError, BadLocation) as error:
        print(f"discogs-tui: {error}", file=sys.stderr)
        return 1
    except KeyboardInterrupt:  # the mirror keeps what was synced; the next run resumes
        print("discogs-tui: export interrupted.", file=sys.stderr)
        return 130
    except BrokenPipeError:  # `… | head` stopped reading: not an error
        os.dup2(os.open(os.devnull, os.O_WRONLY), sys.stdout.fileno())
        return 0
    except OSError as error:
        print(f"discogs-tui: cannot write {args.output}: {error.strerror}", file=sys.stderr)
        return 1
    return 0

"""The ``discogs-tui`` command. Heavy imports happen inside the commands, so ``--help`` is fast."""

from __future__ import annotations

import argparse
import json
import sys
from collections.abc import Sequence
from pathlib import Path
from typing import TYPE_CHECKING

from discogs_tui import __version__

if TYPE_CHECKING:
    import socket

    from discogs_tui.sandbox.tls import TlsFiles

DEFAULT_SANDBOX_PORT = 8765
DEMO_USER = "sandbox_demo"
DEEP_LINKS = {
    "release": "249504",
    "master": "1000",
    "artist": "108713",
    "label": "1",
    "user": "rodneyfool",
    "search": '"Never Gonna"',
}


def _positive_float(text: str) -> float:
    value = float(text)
    if value <= 0:
        raise argparse.ArgumentTypeError("must be greater than 0")
    return value


def _positive_int(text: str) -> int:
    value = int(text)
    if value <= 0:
        raise argparse.ArgumentTypeError("must be greater than 0")
    return value


def _output_path(text: str) -> Path:
    """``export -o``: a file in a folder that exists, checked before anything is fetched."""
    from discogs_tui.api.errors import ValidationError
    from discogs_tui.api.validation import local_path

    try:
        path = local_path(text, "The output path")
    except ValidationError as error:
        raise argparse.ArgumentTypeError(str(error)) from None
    if path.is_dir():
        raise argparse.ArgumentTypeError(f"{path} is a folder: add a file name")
    if not path.parent.is_dir():
        raise argparse.ArgumentTypeError(f"the folder {path.parent} doesn't exist")
    return path


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="discogs-tui",
        description="A keyboard-first terminal app for Discogs, with a local Discogs API sandbox.",
    )
    parser.add_argument("--version", action="version", version=f"discogs-tui {__version__}")
    parser.add_argument(
        "--api-url",
        metavar="URL",
        help="Discogs API base URL (default https://api.discogs.com; env DISCOGS_API_URL)",
    )
    parser.add_argument(
        "--demo",
        action="store_true",
        help="start on the built-in Discogs sandbox as its demo user: no account or network",
    )
    parser.add_argument(
        "--demo-user",
        metavar="NAME",
        help=f"like --demo, signed in as another sandbox user (default {DEMO_USER})",
    )
    parser.add_argument(
        "--hostile",
        action="store_true",
        help="like --demo, on a sandbox whose every text is hostile (markup, escapes, odd unicode)",
    )
    commands = parser.add_subparsers(dest="command", metavar="COMMAND")
    for kind, example in DEEP_LINKS.items():
        link = commands.add_parser(kind, help=f"start there, e.g. discogs-tui {kind} {example}")
        if kind == "search":
            link.add_argument("target", nargs="*", metavar="QUERY")
        else:
            link.add_argument("target", nargs=1, metavar="NAME" if kind == "user" else "ID")
    url = commands.add_parser("open", help="start on a discogs.com URL (or give just the URL)")
    url.add_argument("target", nargs=1, metavar="URL")

    login = commands.add_parser(
        "login", help="sign in with a personal token or OAuth, and remember it"
    )
    method = login.add_mutually_exclusive_group()
    method.add_argument(
        "--token",
        dest="method",
        action="store_const",
        const="token",
        help="paste a personal access token",
    )
    method.add_argument(
        "--oauth",
        dest="method",
        action="store_const",
        const="oauth",
        help="OAuth 1.0a, out of band",
    )
    commands.add_parser("logout", help="forget the stored credentials")
    commands.add_parser("whoami", help="show who the credentials sign in as")

    commands.add_parser("locate", help="print where discogs-tui keeps its files")

    export = commands.add_parser(
        "export", help="write your collection or wantlist as CSV or JSON (Discogs' columns)"
    )
    export.add_argument("what", choices=("collection", "wantlist"), help="what to export")
    export.add_argument("--format", choices=("csv", "json"), default="csv", help="default csv")
    export.add_argument(
        "-o", "--output", type=_output_path, metavar="PATH", help="write there (default stdout)"
    )
    export.add_argument("--user", metavar="NAME", help="another user's (public) records")
    export.add_argument(
        "-q", "--quiet", action="store_true", help="print nothing but errors (with -o)"
    )

    from discogs_tui.watch import add_parser as add_watch_parser

    add_watch_parser(commands)

    from discogs_tui.bulk_command import add_parser as add_bulk_parser

    add_bulk_parser(commands)

    sandbox = commands.add_parser("sandbox", help="the local Discogs API sandbox")
    sandbox_commands = sandbox.add_subparsers(
        dest="sandbox_command", metavar="SANDBOX_COMMAND", required=True
    )
    serve = sandbox_commands.add_parser(
        "serve", help="serve the sandbox over HTTP (or HTTPS) on loopback"
    )
    serve.add_argument(
        "--host", default="127.0.0.1", help="address to listen on (default 127.0.0.1)"
    )
    serve.add_argument(
        "--port",
        type=int,
        default=DEFAULT_SANDBOX_PORT,
        help=f"port (default {DEFAULT_SANDBOX_PORT}; 0 picks a free one)",
    )
    serve.add_argument(
        "--rate-window",
        type=_positive_float,
        default=60.0,
        metavar="SECONDS",
        help="moving rate-limit window (default 60)",
    )
    serve.add_argument(
        "--rate-auth",
        type=_positive_int,
        default=60,
        metavar="N",
        help="requests per window when authenticated (default 60)",
    )
    serve.add_argument(
        "--rate-anon",
        type=_positive_int,
        default=25,
        metavar="N",
        help="requests per window when anonymous (default 25)",
    )
    serve.add_argument(
        "--retry-after",
        action="store_true",
        help="send Retry-After on 429 (the real API does not document it)",
    )
    serve.add_argument(
        "--fault",
        action="append",
        default=[],
        metavar="SPEC",
        help="inject a fault, repeatable: KIND[:FIELD=VALUE,...], e.g. "
        "'drop_after:method=POST,path=^/users/,rate=0.2' or 'status:status=503,times=3'. "
        "KIND: status, rate_limited, html, garbled, empty, wrong_type, delay, hang, "
        "hang_after, drop_before, drop_after, drop_during. FIELD: path (regex), method, "
        "times (N or unlimited, the default), rate (0-1), seed, status, seconds, "
        "retry_after, content_type",
    )
    serve.add_argument(
        "--hostile",
        action="store_true",
        help="fill every text field with hostile text (markup, escape sequences, odd unicode)",
    )
    serve.add_argument(
        "--tls",
        action="store_true",
        help="serve HTTPS with a certificate for 127.0.0.1 and localhost, made on first use "
        "in the data dir (it prints where, and how to make clients trust it)",
    )
    serve.add_argument(
        "--tls-cert", type=Path, metavar="PEM", help="serve HTTPS with this certificate (chain)"
    )
    serve.add_argument("--tls-key", type=Path, metavar="PEM", help="the key of --tls-cert")
    credentials = sandbox_commands.add_parser(
        "credentials", help="print the sandbox's demo credentials"
    )
    credentials.add_argument("--json", action="store_true", help="as JSON")
    return parser


def _print_credentials(as_json: bool) -> None:
    from discogs_tui.sandbox.config import demo_credentials

    creds = demo_credentials()
    if as_json:
        print(json.dumps(creds, indent=2))
        return
    width = max(map(len, creds))
    for name, value in creds.items():
        print(f"  {name.replace('_', ' '):<{width}}  {value}")


def _serve(args: argparse.Namespace) -> int:
    from discogs_tui.sandbox import SandboxConfig, create_app
    from discogs_tui.sandbox.faults import parse_spec
    from discogs_tui.sandbox.serve import listen, make_server

    faults = []
    for spec in args.fault:
        try:
            faults.append(parse_spec(spec))
        except ValueError as error:
            print(f"discogs-tui: bad --fault {spec!r}: {error}", file=sys.stderr)
            return 2
    config = SandboxConfig(
        faults=faults,
        rate_window=args.rate_window,
        rate_limit_auth=args.rate_auth,
        rate_limit_anon=args.rate_anon,
        retry_after=args.retry_after,
        hostile=args.hostile,
    )
    try:
        tls = _tls_files(args)
    except (OSError, ValueError) as error:
        print(f"discogs-tui: {error}", file=sys.stderr)
        return 2
    try:
        sock = listen(args.host, args.port)
    except OSError as error:
        print(
            f"discogs-tui: cannot listen on {args.host}:{args.port}: {error.strerror}. Try another --port.",
            file=sys.stderr,
        )
        return 2
    app = create_app(config)
    try:
        _print_banner(args, sock, tls)
        make_server(app, tls).run(sockets=[sock])
    except KeyboardInterrupt:  # uvicorn shuts down, then re-raises the Ctrl+C it caught
        print("Sandbox stopped.", file=sys.stderr)
        return 130
    return 0


def _tls_files(args: argparse.Namespace) -> TlsFiles | None:
    """The certificate to serve HTTPS with, or None for plain HTTP."""
    from discogs_tui import locations
    from discogs_tui.sandbox.tls import own_tls_files, sandbox_tls_files

    if (args.tls_cert is None) != (args.tls_key is None):
        raise ValueError("--tls-cert and --tls-key go together: give both, or --tls alone.")
    if args.tls_cert is not None:
        return own_tls_files(args.tls_cert, args.tls_key)
    return sandbox_tls_files(locations.data_dir() / "sandbox-tls") if args.tls else None


def _print_banner(
    args: argparse.Namespace, sock: socket.socket, tls: TlsFiles | None
) -> None:
    host, port = sock.getsockname()[:2]
    scheme = "https" if tls else "http"
    print(f"Discogs API sandbox on {scheme}://{host}:{port}  (Ctrl+C stops it)")
    for line in tls.instructions() if tls else ():
        print(line)
    print(
        f"Rate limit: {args.rate_auth}/{args.rate_anon} requests per {args.rate_window:g} s (authenticated/anonymous)"
    )
    for spec in args.fault:
        print(f"Injecting fault: {spec}")
    print("Demo credentials:")
    _print_credentials(as_json=False)
    sys.stdout.flush()


def _demo_whoami(args: argparse.Namespace) -> int:
    """Whom the demo signs in as, asked of the sandbox the way the app asks Discogs."""
    import asyncio

    from discogs_tui.api.errors import DiscogsError
    from discogs_tui.launch import demo_service

    async def ask() -> str:
        service = build()
        try:
            return await service.sign_in_check()
        finally:
            await service.aclose()

    try:
        build, _ = demo_service(args.demo_user, args.hostile)
        username = asyncio.run(ask())
    except (DiscogsError, ValueError) as error:
        print(f"discogs-tui: {error}", file=sys.stderr)
        return 1
    print(f"{username} (demo: the built-in Discogs sandbox, no account or network)")
    return 0


def _account(args: argparse.Namespace) -> int:
    from discogs_tui import account
    from discogs_tui.config import ConfigError, load_settings

    try:
        settings = load_settings(api_url=args.api_url)
    except ConfigError as error:
        print(f"discogs-tui: {error}", file=sys.stderr)
        return 2
    if args.command == "login":
        try:
            return account.login(settings, args.method)
        except (EOFError, KeyboardInterrupt):  # Ctrl+D or Ctrl+C at a prompt
            print("\ndiscogs-tui: sign-in cancelled; nothing was saved.", file=sys.stderr)
            return 1
    if args.command == "logout":
        return account.logout()
    return account.whoami(settings)


OPTIONS_WITH_VALUES = ("--api-url", "--demo-user")  # their value is no deep link


def _with_open(argv: list[str]) -> list[str]:
    """``discogs-tui https://www.discogs.com/…`` means ``discogs-tui open https://…``."""
    for index, arg in enumerate(argv):
        if arg.startswith("-") or (index and argv[index - 1] in OPTIONS_WITH_VALUES):
            continue
        if "://" in arg or arg.lower().startswith(("www.discogs.com", "discogs.com")):
            return [*argv[:index], "open", *argv[index:]]
        break
    return argv


def main(argv: Sequence[str] | None = None) -> int:
    parser = build_parser()
    args = parser.parse_args(_with_open(list(sys.argv[1:] if argv is None else argv)))
    if args.command == "locate":
        from discogs_tui.locations import all_locations

        for name, path in all_locations().items():
            print(f"{name:<12} {path}")
        return 0
    if args.command == "whoami" and (args.demo or args.demo_user or args.hostile):
        return _demo_whoami(args)
    if args.command in ("login", "logout", "whoami"):
        return _account(args)
    if args.command == "export":
        from discogs_tui.export_command import main as export_main

        return export_main(args)
    if args.command == "watch":
        from discogs_tui.watch import main as watch_main

        return watch_main(args)
    if args.command == "bulk":
        from discogs_tui.bulk_command import main as bulk_main

        return bulk_main(args)
    if args.command == "sandbox":
        if args.sandbox_command == "credentials":
            _print_credentials(args.json)
            return 0
        return _serve(args)
    from discogs_tui.launch import run_app

    return run_app(args)

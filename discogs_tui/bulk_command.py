"""``discogs-tui bulk``: one action on many records from the shell, through the same engine
as the app (``api/bulk``). It reads the records, keeps those ``--filter`` picks, shows the
preview (asks y/n on a terminal; ``--yes`` skips it, ``--dry-run`` stops there), runs the job
with its progress on stderr and prints the report. ``bulk resume`` goes on with jobs that
were interrupted (killed, cancelled, stopped), ``bulk undo JOB`` puts back what a job changed,
``bulk jobs`` lists the journals.

Exit codes: 0 done, 1 partly failed (or stopped, cancelled), 2 bad input.
"""

from __future__ import annotations

import argparse
import asyncio
import sys
from typing import IO, TYPE_CHECKING, Any

from discogs_tui.api.markup import strip_controls

if TYPE_CHECKING:
    from discogs_tui.api.bulk import Bulk, Plan, Report

DONE, PARTLY, BAD_INPUT = 0, 1, 2
SHOWN_TARGETS = 10  # records named in a preview; the rest are counted
LISTS_READ_ONLY = (
    "Lists are read-only in the Discogs API: nothing can be added, changed or removed in "
    "them from here. Edit them on discogs.com."
)


class BadInput(Exception):
    """What the person typed can't be done: said in words, exit code 2."""


# -- the parser ---------------------------------------------------------------------------------
def add_parser(commands: argparse._SubParsersAction) -> None:
    bulk = commands.add_parser("bulk", help="one action on many records, as a resumable job")
    bulk.set_defaults(user=None)
    kinds = bulk.add_subparsers(dest="dataset", metavar="DATASET", required=True)

    collection = kinds.add_parser("collection", help="move, rate, set a field on or remove copies")
    actions = collection.add_subparsers(dest="action", metavar="ACTION", required=True)
    move = _action(actions, "move", "move copies to a folder")
    move.add_argument("--to", required=True, metavar="FOLDER", help="folder name or id")
    _rating(_action(actions, "rate", "rate copies (0 clears)"))
    field = _action(actions, "field", "set (or clear) a notes field")
    field.add_argument("--field", required=True, metavar="NAME", help="the field's name or id")
    value = field.add_mutually_exclusive_group(required=True)
    value.add_argument("--value", metavar="TEXT")
    value.add_argument("--clear", action="store_true")
    _action(actions, "remove", "remove copies from the collection (can't be undone)")

    wantlist = kinds.add_parser("wantlist", help="rate, annotate, remove or add wants")
    actions = wantlist.add_subparsers(dest="action", metavar="ACTION", required=True)
    _rating(_action(actions, "rate", "rate wants (0 clears)"))
    notes = _action(actions, "notes", "set the notes of wants")
    notes.add_argument("--notes", required=True, metavar="TEXT", help='"" clears them')
    _action(actions, "remove", "remove wants (can't be undone)")
    add = _action(actions, "add", "add releases, or a master's versions", select=False)
    add.add_argument("release_ids", nargs="*", type=_release_id, metavar="RELEASE_ID")
    add.add_argument("--master", type=_release_id, metavar="ID", help="add every version")

    inventory = kinds.add_parser("inventory", help="re-price, change or delete listings")
    actions = inventory.add_subparsers(dest="action", metavar="ACTION", required=True)
    price = _action(actions, "price", "change prices (one upload, not a request each)")
    change = price.add_mutually_exclusive_group(required=True)
    change.add_argument("--set", metavar="PRICE", help="a new price, e.g. 12.50")
    change.add_argument("--percent", metavar="P", help="a change by percent, e.g. -10")
    price.add_argument("--round", choices=(".99", "99", "whole"), default="", help="round")
    price.add_argument("--floor", metavar="PRICE", help="never below this")
    status = _action(actions, "status", "put listings For Sale or in Draft")
    status.add_argument("--to", required=True, metavar="STATUS", help='"For Sale" or Draft')
    offers = _action(actions, "offers", "allow or refuse offers")
    allow = offers.add_mutually_exclusive_group(required=True)
    allow.add_argument("--allow", action="store_true")
    allow.add_argument("--refuse", action="store_true")
    location = _action(actions, "location", "set the (private) location")
    location.add_argument("--location", required=True, metavar="TEXT", help='"" clears it')
    _action(actions, "delete", "delete listings (can't be undone)")

    resume = kinds.add_parser("resume", help="go on with interrupted jobs (all, or one)")
    resume.add_argument("job", nargs="?", metavar="JOB")
    _confirm(resume)
    undo = kinds.add_parser("undo", help="put back what a job changed")
    undo.add_argument("job", metavar="JOB")
    _confirm(undo)
    kinds.add_parser("jobs", help="list the bulk jobs on disk")
    lists = kinds.add_parser("lists", help="(lists are read-only in the Discogs API)")
    lists.add_argument("words", nargs=argparse.REMAINDER, help=argparse.SUPPRESS)


def _action(
    actions: argparse._SubParsersAction, name: str, help_text: str, *, select: bool = True
) -> argparse.ArgumentParser:
    parser = actions.add_parser(name, help=help_text)
    if select:
        parser.add_argument("--filter", default="", metavar="QUERY",
                            help="which records: words, field:value (label:Blue Note, year:1970-1979)")  # fmt: skip
        if parser.prog.split()[-2] == "collection":
            parser.add_argument("--folder", metavar="FOLDER", help="only copies in this folder")
        if parser.prog.split()[-2] == "inventory":
            parser.add_argument(
                "--status", metavar="STATUS", help='only listings with it ("For Sale")'
            )
    _confirm(parser)
    parser.add_argument("--dry-run", action="store_true", help="show what it would do, do nothing")
    return parser


def _confirm(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("-y", "--yes", action="store_true", help="don't ask before running")
    parser.add_argument("-q", "--quiet", action="store_true", help="no progress on stderr")


def _rating(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("--rating", required=True, type=_rating_value, metavar="0-5")


def _rating_value(text: str) -> int:
    if not (text.isdecimal() and 0 <= int(text) <= 5):
        raise argparse.ArgumentTypeError("must be a whole number from 0 to 5 (0 clears)")
    return int(text)


def _release_id(text: str) -> int:
    if not (text.isdecimal() and int(text) > 0):
        raise argparse.ArgumentTypeError(f"must be a number like 249504 (got {text!r})")
    return int(text)


# -- running ------------------------------------------------------------------------------------
def main(args: argparse.Namespace) -> int:
    from discogs_tui.api.errors import DiscogsError, ValidationError
    from discogs_tui.config import ConfigError
    from discogs_tui.export import ExportFailed
    from discogs_tui.export_command import interrupt_on_termination
    from discogs_tui.launch import BadLocation

    interrupt_on_termination()
    if args.dataset == "lists":
        print(f"discogs-tui: {LISTS_READ_ONLY}", file=sys.stderr)
        return BAD_INPUT
    try:
        return asyncio.run(_main(args))
    except (BadInput, ValidationError, ConfigError, BadLocation, ExportFailed) as error:
        print(f"discogs-tui: {strip_controls(str(error))}", file=sys.stderr)
        return BAD_INPUT
    except DiscogsError as error:  # its message may quote Discogs' answer
        print(f"discogs-tui: {strip_controls(str(error))}", file=sys.stderr)
        return PARTLY
    except KeyboardInterrupt:
        print("discogs-tui: interrupted; `discogs-tui bulk resume` goes on.", file=sys.stderr)
        return 130


async def _main(args: argparse.Namespace) -> int:
    from discogs_tui.api.bulk import Bulk
    from discogs_tui.export_command import service_for

    service, username, directory = service_for(args)
    async with service:
        username = username or await service.sign_in_check()
        bulk = Bulk(service, directory)
        if args.dataset == "jobs":
            return _list_jobs(bulk)
        if args.dataset == "resume":
            return await _resume(args, bulk)
        if args.dataset == "undo":
            return await _undo(args, bulk)
        from discogs_tui.bulk_plans import plan_for

        plan = await plan_for(args, service, username, directory)
        return await _confirm_and_run(args, bulk, plan)


async def _confirm_and_run(args: argparse.Namespace, bulk: Bulk, plan: Plan) -> int:
    from discogs_tui.api.bulk import preview

    show_preview(plan, preview(plan), sys.stdout)
    if getattr(args, "dry_run", False):
        print("Dry run: nothing was changed.")
        return DONE
    if not args.yes and not ask("Go ahead?"):
        print("Nothing was changed.")
        return DONE
    report = await watch(bulk.start(plan), quiet=args.quiet)
    return finish(report)


def show_preview(plan: Plan, words: str, out: IO[str]) -> None:
    out.write(f"{strip_controls(words)}.\n")  # folder, field and note names come from Discogs
    for target in plan.targets[:SHOWN_TARGETS]:
        change = (
            "" if target.after is None else f": {_value(target.before)} -> {_value(target.after)}"
        )
        out.write(f"  {strip_controls(target.label)}{change}\n")
    if len(plan.targets) > SHOWN_TARGETS:
        out.write(f"  … and {len(plan.targets) - SHOWN_TARGETS:,} more\n")
    out.flush()


def _value(value: Any) -> str:
    if isinstance(value, float):
        return f"{value:.2f}"
    if isinstance(value, bool):
        return "yes" if value else "no"
    return repr(value) if isinstance(value, str) else str(value)


def ask(question: str) -> bool:
    """y/n on a terminal; off one, a job that changes things needs ``--yes``."""
    if not sys.stdin.isatty():
        raise BadInput("Not asking on a pipe: pass --yes to run it, or --dry-run to see it.")
    try:
        return input(f"{question} [y/N] ").strip().lower() in ("y", "yes")
    except EOFError:
        return False


async def watch(run: Any, *, quiet: bool) -> Report:
    """The job's report, its progress on stderr meanwhile (a line redrawn on a terminal,
    a line every few seconds otherwise)."""
    err = sys.stderr
    redraw = err.isatty()
    waited = 0.0
    while run.running:
        await asyncio.sleep(0.25)
        waited += 0.25
        job = run.job
        if quiet or job is None or not (redraw or waited % 5 == 0):
            continue
        line = f"bulk: {job.progress_text()}"
        err.write(f"\r\x1b[K{line}" if redraw else f"{line}\n")
        err.flush()
    if redraw and not quiet:
        err.write("\r\x1b[K")
    return await run.finished()


def finish(report: Report) -> int:
    for line in report.lines():
        print(strip_controls(line))
    return DONE if report.complete else PARTLY


async def _resume(args: argparse.Namespace, bulk: Bulk) -> int:
    from discogs_tui.api.bulk import preview

    journals = bulk.interrupted()
    if args.job:
        journals = [j for j in journals if j.plan.id == args.job]
        if not journals:
            raise BadInput(
                f"No interrupted bulk job {args.job}: `discogs-tui bulk jobs` lists them."
            )
    if not journals:
        print("No interrupted bulk jobs.")
        return DONE
    code = DONE
    for journal in journals:
        print(f"Resuming {journal.plan.id}: {strip_controls(preview(journal.plan))}.")
        report = await watch(bulk.resume(journal), quiet=args.quiet)
        code = max(code, finish(report))
    return code


async def _undo(args: argparse.Namespace, bulk: Bulk) -> int:
    from discogs_tui.api.bulk import Report, preview
    from discogs_tui.api.bulk.actions import action_of

    try:
        journal = bulk.load(args.job)
    except FileNotFoundError:
        raise BadInput(f"No bulk job {args.job}: `discogs-tui bulk jobs` lists them.") from None
    if journal.open:
        raise BadInput(f"Job {args.job} hasn't finished: resume it (or let it end) first.")
    action = action_of(journal.plan)
    report = Report.of(journal, preview(journal.plan), action.no_undo, "finished")
    plan = bulk.undo_plan(report)
    return await _confirm_and_run(args, bulk, plan)


def _list_jobs(bulk: Bulk) -> int:
    from discogs_tui.api.bulk import Journal, preview

    if bulk.directory is None:
        print("The demo keeps no jobs: its sandbox is new on every run.")
        return DONE
    ids = Journal.saved(bulk.directory)
    for job_id in ids:
        journal = bulk.load(job_id)
        state = "open" if journal.open else "finished"
        print(f"{job_id}  {state:<8}  {strip_controls(preview(journal.plan))}")
    if not ids:
        print("No bulk jobs yet.")
    return DONE

"""Bulk work: one action on many records, run as a trusted background job.

How a caller (the app's lists, ``discogs-tui bulk``) uses it::

    from discogs_tui.api.bulk import Bulk, PriceRule, actions, preview

    bulk = Bulk(service, data_dir)          # one per service; data_dir=None: in memory
    # 1. a plan for the marked records (MirrorItems; want / listing JSON as the API gives it)
    plan = actions.plan_collection_move(username, items, folder_id, mirror.folders)
    plan = actions.plan_collection_rate(username, items, 4)
    plan = actions.plan_collection_field(username, items, field, "Shelf A")   # "" clears
    plan = actions.plan_collection_remove(username, items)
    plan = actions.plan_wantlist_rate / plan_wantlist_notes / plan_wantlist_remove(username, wants, ...)
    plan = actions.plan_wantlist_add(username, [(release_id, "Artist – Title"), ...], wanted_ids)
    rule = PriceRule.of(percent="-10", rounding="99", floor="3")   # or price="12.50"
    plan = actions.plan_inventory_price(username, listings, rule)
    plan = actions.plan_inventory_status / _offers / _location / _delete(username, listings, ...)
    #    (ValidationError with a sentence for bad input: nothing marked, a bad rating...)
    # 2. the preview, to confirm
    preview(plan)                     # "Move 37 copies from Vinyl to Shelf A"
    # 3. run it: the plan is journalled, then each step goes through the store
    run = bulk.start(plan)            # a BulkRun; its requests go at background priority
    run.job                           # the jobs registry's Job while it runs (None before and
                                      # after): done/total, seconds_left(), progress_text();
                                      # the app's jobs view shows it like any job
    run.pause(); run.resume(); run.cancel()
    report = await run.finished()     # a Report: done, skipped, failed (index, why),
                                      # unknown, not_run; report.lines() in words;
                                      # report.target(i).label names a record
    run.report()                      # how it stands now (while running too)
    # 4. undo (moves, ratings, fields, wantlist ratings and notes, prices, offers,
    #    locations, statuses; not removals or deletions: report.no_undo says why)
    if report.undoable:
        undo = bulk.start(bulk.undo_plan(report))
    # 5. after a restart: jobs killed, cancelled or stopped
    for journal in bulk.interrupted():
        run = bulk.resume(journal)     # steps whose answer was lost are read back first

Screens hear of every change from the stores (``Changes``), as for single edits. Lists are
read-only in the API: there is nothing here for them. Modules: ``plan`` (what a job will
do), ``action`` (what an action is) and ``collection_actions``, ``wantlist_actions``,
``inventory_actions`` (each: plan, preview, send, read back, undo), gathered by ``actions``;
``upload`` (inventory changes as CSV uploads), ``journal`` (on disk), ``runner`` (the job),
``report``, ``records`` (reading the records to pick from, and their fields for the
filter), ``pricing`` and ``query`` (the parsers of price rules and of ``--filter``).
"""

from __future__ import annotations

from discogs_tui.api.bulk import actions
from discogs_tui.api.bulk.actions import preview
from discogs_tui.api.bulk.journal import Journal, JournalBusy
from discogs_tui.api.bulk.plan import Plan, Target
from discogs_tui.api.bulk.pricing import PriceRule
from discogs_tui.api.bulk.report import Report
from discogs_tui.api.bulk.runner import Bulk, BulkRun

__all__ = [
    "Bulk",
    "BulkRun",
    "Journal",
    "JournalBusy",
    "Plan",
    "PriceRule",
    "Report",
    "Target",
    "actions",
    "preview",
]

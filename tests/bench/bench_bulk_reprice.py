"""Benchmark: re-pricing 500 listings at the real rate limit (not part of the test run).

    python tests/bench/bench_bulk_reprice.py [--listings 500]

An in-process sandbox at 60 requests a minute (the real 60 s window) gives the demo seller
``--listings`` more listings (one upload, before the clock starts). Then, as ``discogs-tui
bulk inventory price --status 'For Sale' --percent -10 --floor 3`` does: the listings are read
(pages of 100) and re-priced by the engine (one CSV upload, then its status until Discogs has
processed it), everything at background priority. Prints the requests and the time of each
part, and what one edit per listing would cost at the same pace (a request a second: 60/min).
"""

from __future__ import annotations

import argparse
import asyncio
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[2]))

from discogs_tui.api.bulk import Bulk, PriceRule, actions, records
from discogs_tui.demo import sandbox_service
from discogs_tui.sandbox import SandboxConfig, create_app
from discogs_tui.sandbox.config import DEMO_USERNAME


async def main(count: int) -> None:
    app = create_app(SandboxConfig(export_delay=2.0))
    releases = sorted(app.state.sandbox.catalogue.releases)[:count]
    rows = "".join(f"{r},{5 + i % 40}.50,Very Good Plus (VG+)\n" for i, r in enumerate(releases))
    async with sandbox_service(app) as service:
        await service.inventory.upload_add("release_id,price,media_condition\n" + rows)
        scheduler = service.client.scheduler
        started, sent = time.monotonic(), scheduler.sent
        listings = (await records.listings(service, DEMO_USERNAME, "For Sale"))[:count]
        read_time, read = time.monotonic() - started, scheduler.sent - sent
        rule = PriceRule.of(percent="-10", floor="3")
        plan = actions.plan_inventory_price(DEMO_USERNAME, listings, rule)
        started, sent = time.monotonic(), scheduler.sent
        report = await Bulk(service, None).start(plan).finished()
        job_time, job = time.monotonic() - started, scheduler.sent - sent
    print(f"listings re-priced:      {len(report.done)} of {len(plan.targets)} ({report.counts()})")
    print(f"reading them:            {read} requests, {read_time:.1f} s")
    print(f"the job (upload+status): {job} requests, {job_time:.1f} s")
    print(f"in all:                  {read + job} requests, {read_time + job_time:.1f} s")
    print(f"one edit per listing:    {len(plan.targets)} requests, at least "
          f"{len(plan.targets) / 60:.1f} min at 60/min")  # fmt: skip


if __name__ == "__main__":
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--listings", type=int, default=500)
    asyncio.run(main(parser.parse_args().listings))

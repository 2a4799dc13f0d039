"""The dashboard's figures over a large table: the demand report ("most wanted"), the daily
figures and the summary, on PostgreSQL.

    python -m bench.insights [--subscriptions 1000000] [--variants 10000] [--runs 10]

Preloads live subscriptions with SQL (statistics left as a bulk load leaves them), then times
each read through the insights service, as the admin routes and the dashboard call it (and the
demand report's refresh, which the scheduler runs every minute). Prints one JSON line per
figure: median and slowest of the runs, in ms.
"""

import argparse
import asyncio
import json
import statistics
import time
from collections.abc import Awaitable, Callable
from typing import Any

from sqlalchemy.ext.asyncio import AsyncSession

from bench.common import throwaway_database
from bench.subscribe import preload
from restock.config import Settings
from restock.db import Database
from restock.insights.service import insights_service
from testbed.bulk import seed

Read = Callable[[AsyncSession], Awaitable[Any]]
READS: dict[str, Read] = {
    "demand_refresh": insights_service.refresh_demand,
    "demand_top_20": lambda session: insights_service.demand(session, 20),
    "daily_30_days": lambda session: insights_service.daily(session, 30),
    "summary": insights_service.summary,
}


async def measure(url: str, runs: int) -> list[dict[str, Any]]:
    database = Database(Settings(database_url=url))
    lines = []
    try:
        for name, read in READS.items():
            took = []
            for _ in range(runs):
                began = time.perf_counter()
                async with database.transaction() as session:
                    await read(session)
                took.append((time.perf_counter() - began) * 1000)
            lines.append(
                {
                    "bench": "insights",
                    "read": name,
                    "runs": runs,
                    "p50_ms": round(statistics.median(took), 1),
                    "max_ms": round(max(took), 1),
                }
            )
    finally:
        await database.dispose()
    return lines


async def run(url: str, subscriptions: int, variants: int, runs: int) -> None:
    catalog = await seed(url, variants)
    began = time.perf_counter()
    await preload(url, catalog, subscriptions)
    loaded = round(time.perf_counter() - began, 1)
    print(json.dumps({"subscriptions": subscriptions, "variants": variants, "load_s": loaded}))
    for line in await measure(url, runs):
        print(json.dumps(line), flush=True)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--subscriptions", type=int, default=1_000_000)
    parser.add_argument("--variants", type=int, default=10_000)
    parser.add_argument("--runs", type=int, default=10)
    given = parser.parse_args()
    with throwaway_database("restock_bench_insights") as url:
        asyncio.run(run(url, given.subscriptions, given.variants, given.runs))


if __name__ == "__main__":
    main()

"""The Medusa mirror: a full import of a large store, a second one (nothing to write), a pull
with nothing changed and a pull after one restock, from a synthetic store over HTTP, on
PostgreSQL and SQLite.

    python -m bench.medusa [--variants 10000] [--page-size 200]

With `--live URL --email E --password P` it also times, against a running Medusa store, the
delay from a stock change made through Medusa's admin API to the email reaching an SMTP
server: by the pull every RESTOCK_MEDUSA_SYNC_SECONDS, and by the hook (`--hook-port`: the
port of RESTOCK_HOOK_URL in the store's environment, `--hook-secret` its secret; docs/medusa.md).
Prints one JSON line per figure.
"""

import argparse
import asyncio
import json
import tempfile
import time
from typing import Any

from bench.common import throwaway_database
from bench.medusa_live import delays
from bench.medusa_store import SyntheticStore, serve_store
from restock.config import Settings
from restock.db import Database
from restock.medusa.client import MedusaClient
from restock.medusa.service import Mirror
from restock.migrate import upgrade

KEY = "sk_" + "9" * 64


async def _timed(name: str, backend: str, store: SyntheticStore, run: Any) -> dict[str, Any]:
    store.requests = 0
    began = time.perf_counter()
    report = await run()
    took = time.perf_counter() - began
    return {
        "bench": "medusa",
        "step": name,
        "backend": backend,
        "variants": store.variants,
        "seconds": round(took, 2),
        "variants_per_s": round(store.variants / took),
        "requests": store.requests,
        "written": sum(t.written for t in report.tallies.values()),
    }


async def measure(url: str, backend: str, store: SyntheticStore, page_size: int) -> None:
    settings = Settings(
        env="test",
        database_url=url,
        medusa_url=store.url,
        medusa_secret_key=KEY,
        medusa_page_size=page_size,
    )
    database = Database(settings)
    if backend == "sqlite":
        async with database.engine.begin() as connection:
            await connection.run_sync(upgrade)
    mirror = Mirror(database, settings, MedusaClient(store.url, KEY))
    try:
        steps = (
            ("import", mirror.sync),
            ("import_again", mirror.sync),
            ("pull_unchanged", mirror.pull),
        )
        for name, run in steps:
            print(json.dumps(await _timed(name, backend, store, run)), flush=True)
        store.restock(0, 50)
        print(json.dumps(await _timed("pull_one_restock", backend, store, mirror.pull)), flush=True)
        store.restock(0, 0)
    finally:
        await mirror.client.close()
        await database.dispose()


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--variants", type=int, default=10_000)
    parser.add_argument("--page-size", type=int, default=200)
    parser.add_argument("--live", help="a running Medusa store's URL")
    parser.add_argument("--email", help="an admin's email in that store")
    parser.add_argument("--password", help="that admin's password")
    parser.add_argument("--hook-port", type=int, default=9200)
    parser.add_argument("--hook-secret", default="")
    parser.add_argument("--trials", type=int, default=5)
    given = parser.parse_args()
    with serve_store(SyntheticStore(given.variants)) as store:
        with throwaway_database("restock_bench_medusa") as url:
            asyncio.run(measure(url, "postgresql", store, given.page_size))
        with tempfile.TemporaryDirectory() as folder:
            url = f"sqlite+aiosqlite:///{folder}/restock.db"
            asyncio.run(measure(url, "sqlite", store, given.page_size))
    if given.live:
        for line in delays(given):
            print(json.dumps(line), flush=True)


if __name__ == "__main__":
    main()

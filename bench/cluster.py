"""End to end on PostgreSQL and Redis: `restock serve --workers 2` (RESTOCK_ROLE=api) and two
`restock worker` processes, emailing a local SMTP server.

    .venv/bin/python -m bench.cluster [--variants 1000] [--per-variant 100] [--seconds 10]

1. subscribe throughput while the workers run (concurrency 16);
2. every variant restocked through the admin API: time from the first restock to the last
   email in the SMTP server, and emails/s;
3. peak RSS of every process (VmHWM).
Prints one JSON line per phase. Redis database 14 (RESTOCK_BENCH_REDIS) is emptied first.
"""

import argparse
import asyncio
import json
import os
import signal
import subprocess
import tempfile
import threading
import time

import redis
from aiosmtpd.controller import Controller
from sqlalchemy import func, select

from bench.common import RESTOCK, free_port, peak_rss_mb, running_server, throwaway_database
from bench.subscribe import run_level
from restock.config import Settings
from restock.db import Database
from restock.models import RestockSubscription
from restock.users.service import user_service
from testbed.bulk import BulkCatalog, restock_over_http, seed, subscribe_everyone

REDIS_URL = os.environ.get("RESTOCK_BENCH_REDIS", "redis://127.0.0.1:6379/14")
ADMIN = ("bench@example.com", "bench-password-1")


class CountingSink:
    def __init__(self) -> None:
        self.count = 0
        self.last = 0.0
        self.lock = threading.Lock()

    async def handle_DATA(self, server: object, session: object, envelope: object) -> str:
        with self.lock:
            self.count += len(envelope.rcpt_tos)  # type: ignore[attr-defined]
            self.last = time.perf_counter()
        return "250 OK"


async def prepare(url: str, variants: int, per_variant: int) -> BulkCatalog:
    catalog = await seed(url, variants)
    await subscribe_everyone(url, catalog, per_variant)
    database = Database(Settings(database_url=url))
    async with database.transaction() as session:
        await user_service.create(session, *ADMIN)
    await database.dispose()
    return catalog


async def live_subscriptions(url: str) -> int:
    database = Database(Settings(database_url=url))
    async with database.transaction() as session:
        query = select(func.count()).where(RestockSubscription.status == "active")
        count = await session.scalar(query)
    await database.dispose()
    return count or 0


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--variants", type=int, default=1000)
    parser.add_argument("--per-variant", type=int, default=100)
    parser.add_argument("--seconds", type=float, default=10)
    args = parser.parse_args()
    redis.Redis.from_url(REDIS_URL).flushdb()
    sink, smtp_port = CountingSink(), free_port()
    controller = Controller(sink, hostname="127.0.0.1", port=smtp_port)
    controller.start()
    metrics_dir = tempfile.mkdtemp(prefix="restock-metrics-")
    try:
        with throwaway_database(f"restock_cluster_{os.getpid()}") as url:
            catalog = asyncio.run(prepare(url, args.variants, args.per_variant))
            env = {
                "RESTOCK_DATABASE_URL": url,
                "RESTOCK_REDIS_URL": REDIS_URL,
                "RESTOCK_RATE_LIMITS_ENABLED": "false",
                "RESTOCK_NOTIFICATION_PROVIDER": "smtp",
                "RESTOCK_SMTP_PORT": str(smtp_port),
                "RESTOCK_METRICS_DIR": metrics_dir,
                "RESTOCK_LOG_LEVEL": "warning",
            }
            workers = [
                subprocess.Popen(
                    [RESTOCK, "worker"], env={**os.environ, **env}, stdout=subprocess.DEVNULL
                )
                for _ in range(2)
            ]
            try:
                with running_server({**env, "RESTOCK_ROLE": "api"}, 2) as server:
                    port = server.port
                    result = asyncio.run(
                        run_level(port, catalog.key, catalog.variant_ids, 16, args.seconds, "c")
                    )
                    print(json.dumps({**result, "bench": "cluster_subscribe"}), flush=True)
                    expected = asyncio.run(live_subscriptions(url))
                    started = time.perf_counter()
                    items = list(catalog.item_of.values())
                    base = f"http://127.0.0.1:{port}"
                    codes = asyncio.run(
                        restock_over_http(base, ADMIN, items, catalog.location_id, 1_000_000)
                    )
                    assert set(codes) == {200}, codes
                    restocked = time.perf_counter() - started
                    while sink.count < expected and time.perf_counter() - started < 1800:
                        time.sleep(0.2)
                    elapsed = sink.last - started
                    print(
                        json.dumps(
                            {
                                "bench": "cluster_restock",
                                "subscribers": expected,
                                "emails": sink.count,
                                "restock_requests_s": round(restocked, 1),
                                "last_email_s": round(elapsed, 1),
                                "emails_per_s": round(sink.count / elapsed, 1),
                            }
                        ),
                        flush=True,
                    )
                    rss = {f"api-{pid}": peak_rss_mb(pid) for pid in server.processes()}
                    rss |= {f"worker-{w.pid}": peak_rss_mb(w.pid) for w in workers}
                    print(json.dumps({"bench": "cluster_peak_rss_mb", **rss}), flush=True)
            finally:
                for worker in workers:
                    worker.send_signal(signal.SIGTERM)
                    worker.wait(30)
    finally:
        controller.stop()


if __name__ == "__main__":
    main()

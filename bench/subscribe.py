"""Subscribe throughput and latency against `restock serve --workers 2` on PostgreSQL.

    .venv/bin/python -m bench.subscribe [--variants 1000] [--seconds 10] [--levels 1,8,32]
        [--preload N] [--rate-limits off|memory|redis] [--floor]

Prints one JSON line per concurrency level: requests/s, p50 and p99 latency (ms), errors, and
the CPU time the server's processes spent per request.
Every request subscribes a new address to one of N sold-out variants, so each one writes a row.
`--preload N` first writes N live subscriptions with SQL and leaves the statistics as a bulk
load leaves them (no ANALYZE), as a production database stands after a burst. `--floor` also
sends each level's requests where the app refuses them at once (405), for what any request
costs before the route's own work.
"""

import argparse
import asyncio
import itertools
import json
import os
import statistics
import time
from typing import Any

from sqlalchemy import text

from bench.common import http_post, running_server, throwaway_database
from restock.config import Settings
from restock.db import Database
from testbed.bulk import BulkCatalog, seed

SUBSCRIBE = ("/store/restock-subscriptions", 201)
# The same request, sent where the app answers at once (405 from the router): what any request
# costs before a route's own work (ASGI server, middleware, routing, an error rendered).
FLOOR = ("/health", 405)


async def run_level(
    port: int,
    token: str,
    variants: list[str],
    concurrency: int,
    seconds: float,
    tag: str,
    path: str = SUBSCRIBE[0],
    expected: int = SUBSCRIBE[1],
) -> dict[str, Any]:
    latencies: list[float] = []
    errors = 0
    counter = itertools.count()
    deadline = time.perf_counter() + seconds

    async def worker() -> None:
        nonlocal errors
        reader, writer = await asyncio.open_connection("127.0.0.1", port)
        try:
            while time.perf_counter() < deadline:
                n = next(counter)
                body = json.dumps(
                    {"variant_id": variants[n % len(variants)], "email": f"{tag}-{n}@bench.example"}
                ).encode()
                started = time.perf_counter()
                status = await http_post(
                    reader, writer, path, body, {"x-publishable-api-key": token}
                )
                latencies.append(time.perf_counter() - started)
                errors += status != expected
        finally:
            writer.close()

    began = time.perf_counter()
    await asyncio.gather(*(worker() for _ in range(concurrency)))
    elapsed = time.perf_counter() - began
    ordered = sorted(latencies)
    return {
        "bench": "subscribe" if path == SUBSCRIBE[0] else "floor",
        "concurrency": concurrency,
        "seconds": round(elapsed, 2),
        "requests": len(ordered),
        "requests_per_s": round(len(ordered) / elapsed, 1),
        "p50_ms": round(statistics.median(ordered) * 1000, 2),
        "p99_ms": round(ordered[int(len(ordered) * 0.99) - 1] * 1000, 2),
        "errors": errors,
    }


PRELOAD = text(
    "INSERT INTO restock_subscription (id, variant_id, sales_channel_id, email, email_key, "
    "status, created_at, updated_at) "
    "SELECT 'rsub_pre' || g, (CAST(:variants AS text[]))[1 + g % :count], :channel, "
    "'pre-' || g || '@bench.example', 'pre-' || g || '@bench.example', 'active', now(), now() "
    "FROM generate_series(1, :rows) AS g"
)


async def preload(url: str, catalog: BulkCatalog, rows: int) -> None:
    database = Database(Settings(database_url=url))
    variants = catalog.variant_ids
    params = {
        "variants": variants,
        "count": len(variants),
        "channel": catalog.channel_id,
        "rows": rows,
    }
    async with database.transaction() as session:
        await session.execute(PRELOAD, params)
    await database.dispose()


# Limits high enough never to refuse the bench, so that what is measured is their cost.
_COUNTED = {
    "RESTOCK_RATE_LIMITS_ENABLED": "true",
    "RESTOCK_RATE_LIMIT_PER_IP": "10000000/minute",
    "RESTOCK_RATE_LIMIT_PER_EMAIL": "10000000/minute",
}
LIMITS = {
    "off": {"RESTOCK_RATE_LIMITS_ENABLED": "false"},
    "memory": _COUNTED,
    "redis": {
        **_COUNTED,
        "RESTOCK_REDIS_URL": os.environ.get("RESTOCK_BENCH_REDIS", "redis://127.0.0.1:6379/14"),
    },
}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--variants", type=int, default=1000)
    parser.add_argument("--seconds", type=float, default=10)
    parser.add_argument("--levels", default="1,8,32")
    parser.add_argument("--workers", type=int, default=2)
    parser.add_argument("--preload", type=int, default=0, help="live subscriptions to preload")
    parser.add_argument(
        "--floor",
        action="store_true",
        help="also send each level's requests to a route that refuses them at once (405)",
    )
    parser.add_argument(
        "--rate-limits",
        choices=sorted(LIMITS),
        default="off",
        help="counted in the process, in Redis (which then carries the events too), or not",
    )
    args = parser.parse_args()
    with throwaway_database(f"restock_bench_{os.getpid()}") as url:
        catalog = asyncio.run(seed(url, args.variants))
        if args.preload:
            asyncio.run(preload(url, catalog, args.preload))
        token, variants = catalog.key, catalog.variant_ids
        env = {"RESTOCK_DATABASE_URL": url, **LIMITS[args.rate_limits]}
        with running_server(env, args.workers) as server:
            asyncio.run(run_level(server.port, token, variants, 4, 2, "warmup"))
            targets = [SUBSCRIBE, FLOOR] if args.floor else [SUBSCRIBE]
            for level in (int(x) for x in args.levels.split(",")):
                for path, expected in targets:
                    used = server.cpu_seconds()
                    result = asyncio.run(
                        run_level(
                            server.port,
                            token,
                            variants,
                            level,
                            args.seconds,
                            f"c{level}",
                            path,
                            expected,
                        )
                    )
                    used = server.cpu_seconds() - used
                    per_request = used * 1000 / max(result["requests"], 1)
                    result["server_cpu_ms_per_request"] = round(per_request, 2)
                    print(json.dumps(result), flush=True)


if __name__ == "__main__":
    main()

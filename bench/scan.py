"""Detection + claim over a large backlog on PostgreSQL.

    .venv/bin/python -m bench.scan [--variants 50000] [--per-pair 10] [--batch 500]

Seeds, with SQL, 2 channels and 3 locations (A: 1 and 2; B: 2 and 3), `variants` variants,
`per-pair` live subscriptions for every (variant, channel) pair, and stock for 10% of the pairs
(a level at a location only one channel sees). Then it runs one restock check (detection and
claim, batch by batch, each batch queueing its notifications) and prints one JSON line: seconds,
subscriptions claimed, SQL statements, and the process's peak RSS.
"""

import argparse
import json
import os
import resource
import time

import uvloop
from sqlalchemy import event, text

from bench.common import throwaway_database
from restock.config import Settings
from restock.db import Database
from restock.subscriptions.check import check_restock

SEED = [
    "INSERT INTO sales_channel (id, name, is_disabled, created_at, updated_at) VALUES "
    "('sc_a', 'A', false, now(), now()), ('sc_b', 'B', false, now(), now())",
    "INSERT INTO stock_location (id, name, created_at, updated_at) VALUES "
    "('sloc_1', 'One', now(), now()), ('sloc_2', 'Two', now(), now()), "
    "('sloc_3', 'Three', now(), now())",
    "INSERT INTO sales_channel_stock_location VALUES ('sc_a', 'sloc_1'), ('sc_a', 'sloc_2'), "
    "('sc_b', 'sloc_2'), ('sc_b', 'sloc_3')",
    "INSERT INTO product (id, title, handle, status, created_at, updated_at) "
    "SELECT 'prod_' || p, 'Product ' || p, 'product-' || p, 'published', now(), now() "
    "FROM generate_series(0, :variants / 100) AS p",
    "INSERT INTO product_sales_channel SELECT 'prod_' || p, c "
    "FROM generate_series(0, :variants / 100) AS p, (VALUES ('sc_a'), ('sc_b')) AS c(c)",
    "INSERT INTO product_variant (id, product_id, title, manage_inventory, allow_backorder, "
    "variant_rank, created_at, updated_at) SELECT 'variant_' || v, 'prod_' || (v / 100), "
    "'Variant ' || v, true, false, 0, now(), now() FROM generate_series(1, :variants) AS v",
    "INSERT INTO inventory_item (id, sku, requires_shipping, created_at, updated_at) "
    "SELECT 'iitem_' || v, 'SKU-' || v, true, now(), now() FROM generate_series(1, :variants) v",
    "INSERT INTO product_variant_inventory_item SELECT 'variant_' || v, 'iitem_' || v, 1 "
    "FROM generate_series(1, :variants) AS v",
    # Every item has a level at each location; 10% of pairs have stock: v % 10 = 0 at location
    # 1 (channel A only), v % 10 = 5 at location 3 (channel B only).
    "INSERT INTO inventory_level (id, inventory_item_id, location_id, stocked_quantity, "
    "reserved_quantity, incoming_quantity, created_at, updated_at) "
    "SELECT 'ilev_' || v || '_' || l, 'iitem_' || v, 'sloc_' || l, "
    "CASE WHEN (v % 10 = 0 AND l = 1) OR (v % 10 = 5 AND l = 3) THEN 5 ELSE 0 END, 0, 0, "
    "now(), now() FROM generate_series(1, :variants) AS v, generate_series(1, 3) AS l",
    "INSERT INTO restock_subscription (id, variant_id, sales_channel_id, email, email_key, "
    "status, created_at, updated_at) "
    "SELECT 'rsub_' || v || c || i, 'variant_' || v, c, 'u' || v || c || i || '@bench.example', "
    "'u' || v || c || i || '@bench.example', 'active', now(), now() "
    "FROM generate_series(1, :variants) AS v, (VALUES ('sc_a'), ('sc_b')) AS cs(c), "
    "generate_series(1, :per_pair) AS i",
]


async def seed(database: Database, variants: int, per_pair: int) -> None:
    async with database.engine.begin() as connection:
        for statement in SEED:
            await connection.execute(
                text(statement),
                {"variants": variants, "per_pair": per_pair} if ":" in statement else {},
            )
    # What autovacuum does to a table that has stood a while: statistics, and a visibility map
    # that lets detection read the subscriptions' index alone.
    async with database.engine.connect() as connection:
        idle = await connection.execution_options(isolation_level="AUTOCOMMIT")
        await idle.execute(text("VACUUM ANALYZE"))


async def measure(url: str, variants: int, per_pair: int, batch: int) -> dict[str, object]:
    settings = Settings(database_url=url, notification_batch_size=batch)
    database = Database(settings)
    started = time.perf_counter()
    await seed(database, variants, per_pair)
    seeded = time.perf_counter() - started
    statements = 0

    def count(*_: object) -> None:
        nonlocal statements
        statements += 1

    event.listen(database.engine.sync_engine, "before_cursor_execute", count)
    started = time.perf_counter()
    claimed = (await check_restock(database, settings)).queued
    elapsed = time.perf_counter() - started
    await database.dispose()
    return {
        "bench": "scan",
        "subscriptions": variants * 2 * per_pair,
        "pairs": variants * 2,
        "restocked_pairs": variants * 2 // 10,
        "batch": batch,
        "seed_seconds": round(seeded, 1),
        "detect_and_claim_seconds": round(elapsed, 2),
        "claimed": claimed,
        "statements": statements,
        "peak_rss_mb": round(resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024, 1),
    }


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--variants", type=int, default=50_000)
    parser.add_argument("--per-pair", type=int, default=10)
    parser.add_argument("--batch", type=int, default=500)
    args = parser.parse_args()
    with throwaway_database(f"restock_scan_{os.getpid()}") as url:
        print(json.dumps(uvloop.run(measure(url, args.variants, args.per_pair, args.batch))))


if __name__ == "__main__":
    main()

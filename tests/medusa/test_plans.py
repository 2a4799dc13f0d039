"""The mirror's lookups keep their plan when PostgreSQL's statistics are stale: on a table whose
statistics say it is empty while it holds many rows, the rows of a page's parents are found
through the index on the parent column, not by comparing every row with every parent."""

import asyncio
import os
from typing import Any

import pytest
from sqlalchemy import text

from restock.config import Settings
from restock.db import Database
from restock.medusa.apply import LEVEL
from restock.medusa.repository import rows_where
from testbed.databases import throwaway_database
from tests.subscriptions.test_plans import _explain, _nodes

PG_URL = os.environ.get("RESTOCK_TEST_DATABASE_URL")
ITEMS = 50_000
pytestmark = pytest.mark.skipif(PG_URL is None, reason="needs RESTOCK_TEST_DATABASE_URL")
STALE = (
    "INSERT INTO stock_location (id, name, created_at, updated_at) "
    "VALUES ('sloc_a', 'A', now(), now()), ('sloc_b', 'B', now(), now())",
    "INSERT INTO inventory_item (id, requires_shipping, created_at, updated_at) "
    "SELECT 'iitem_' || g, true, now(), now() FROM generate_series(1, :items) AS g",
    "INSERT INTO inventory_level (id, inventory_item_id, location_id, stocked_quantity, "
    "reserved_quantity, incoming_quantity, created_at, updated_at) "
    "SELECT 'ilev_' || g || l, 'iitem_' || g, 'sloc_' || l, 1, 0, 0, now(), now() "
    "FROM generate_series(1, :items) AS g, (VALUES ('a'), ('b')) AS l(l)",
)


async def _plan(url: str) -> tuple[float, dict[str, Any]]:
    database = Database(Settings(database_url=url))
    try:
        async with database.engine.connect() as connection:
            await connection.execute(text("ANALYZE inventory_level"))  # says: empty
            for statement in STALE:
                await connection.execute(text(statement), {"items": ITEMS})
            await connection.commit()
            stats = await connection.execute(
                text("SELECT reltuples FROM pg_class WHERE relname = 'inventory_level'")
            )
            parents = [f"iitem_{n}" for n in range(1000, 1200)]
            lookup = rows_where(
                "postgresql", LEVEL, "inventory_item_id", parents, LEVEL.c.inventory_item_id
            )
            plan = await _explain(connection, lookup, {})
        return float(stats.scalar_one()), plan
    finally:
        await database.dispose()


def test_a_pages_parents_are_found_by_index_with_stale_statistics() -> None:
    assert PG_URL is not None
    with throwaway_database(PG_URL, f"restock_mirror_plans_{os.getpid()}") as url:
        reltuples, plan = asyncio.run(_plan(url))
    assert reltuples <= 0  # the planner believes the table is empty
    [levels] = [n for n in _nodes(plan) if n.get("Relation Name") == "inventory_level"]
    assert levels["Node Type"] in {"Index Scan", "Index Only Scan", "Bitmap Heap Scan"}
    assert levels["Actual Loops"] == 200  # one look-up per parent
    probes = [n for n in _nodes(levels) if "Index Name" in n]
    assert probes[0]["Index Name"] == "uq_inventory_level_inventory_item_id_location_id"
    assert plan["Actual Rows"] == 400
    # A scan would have read all 100,000 rows and thrown away all but 400.
    assert all(n.get("Rows Removed by Filter", 0) == 0 for n in _nodes(plan))

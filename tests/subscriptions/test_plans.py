"""The subscribe path's statements keep their plan when PostgreSQL's statistics are stale: on a
table whose statistics say it is empty while it holds many rows, the address's live count reads
a few entries of the address's index and the upsert's arbiter is the live unique index."""

import asyncio
import json
import os
import re
from typing import Any

import pytest
from sqlalchemy import text
from sqlalchemy.dialects.postgresql.base import PGDialect
from sqlalchemy.ext.asyncio import AsyncConnection
from sqlalchemy.sql import ClauseElement

from restock.config import Settings
from restock.db import Database
from restock.kit.time import utcnow
from restock.subscriptions.repository import _ELIGIBILITY, _subscribe_statement
from testbed.databases import throwaway_database

PG_URL = os.environ.get("RESTOCK_TEST_DATABASE_URL")
PG = PGDialect()  # type: ignore[no-untyped-call]  # SQLAlchemy leaves its __init__ untyped
ROWS = 200_000
pytestmark = pytest.mark.skipif(PG_URL is None, reason="needs RESTOCK_TEST_DATABASE_URL")
STALE = text(
    "INSERT INTO restock_subscription (id, variant_id, sales_channel_id, email, email_key, "
    "status, created_at, updated_at) SELECT 'rsub_' || g, 'variant_' || (g % 1000), 'sc_1', "
    "'a' || g || '@x.io', 'a' || g || '@x.io', 'active', now(), now() "
    "FROM generate_series(1, :rows) AS g"
)


def _nodes(plan: dict[str, Any]) -> list[dict[str, Any]]:
    found = [plan]
    for child in plan.get("Plans", []):
        found += _nodes(child)
    return found


async def _explain(
    connection: AsyncConnection, statement: ClauseElement, params: dict[str, Any]
) -> dict[str, Any]:
    """EXPLAIN ANALYZE of the statement exactly as the app builds it, with these parameters."""
    compiled = statement.compile(dialect=PG)
    cast = r"%\((\w+)\)s::(\w+(?: WITH TIME ZONE)?)"
    sql = re.sub(cast, r"CAST(:\1 AS \2)", str(compiled))
    sql = re.sub(r"%\((\w+)\)s", r":\1", sql)
    explain = text("EXPLAIN (ANALYZE, BUFFERS, FORMAT JSON) " + sql)
    found = await connection.execute(explain, {**compiled.params, **params})
    raw = found.scalar_one()
    plan: dict[str, Any] = (json.loads(raw) if isinstance(raw, str) else raw)[0]["Plan"]
    return plan


async def _plans(url: str) -> tuple[float, dict[str, Any], dict[str, Any]]:
    database = Database(Settings(database_url=url))
    try:
        async with database.engine.connect() as connection:
            await connection.execute(text("ANALYZE restock_subscription"))  # says: empty
            await connection.execute(STALE, {"rows": ROWS})
            await connection.commit()
            stats = await connection.execute(
                text("SELECT reltuples FROM pg_class WHERE relname = 'restock_subscription'")
            )
            reltuples = float(stats.scalar_one())
            asked = {"variant_id": "variant_7", "sales_channel_id": "sc_1", "email_key": "a77@x.io"}
            eligibility = await _explain(connection, _ELIGIBILITY, asked)
            now = utcnow()
            values = {
                "id": "rsub_new",
                "variant_id": "variant_77",
                "sales_channel_id": "sc_1",
                "email": "a77@x.io",
                "email_key": "a77@x.io",
                "customer_id": None,
                "status": "active",
                "created_at": now,
                "updated_at": now,
            }
            upsert = await _explain(connection, _subscribe_statement("postgresql"), values)
            await connection.rollback()
        return reltuples, eligibility, upsert
    finally:
        await database.dispose()


def test_the_subscribe_statements_keep_their_plan_with_stale_statistics() -> None:
    assert PG_URL is not None
    with throwaway_database(PG_URL, f"restock_plans_{os.getpid()}") as url:
        reltuples, eligibility, upsert = asyncio.run(_plans(url))
    assert reltuples <= 0  # the planner believes the table is empty
    [live] = [n for n in _nodes(eligibility) if n.get("Relation Name") == "restock_subscription"]
    [index] = [n for n in _nodes(live) if "Index Name" in n]
    assert index["Index Name"] == "ix_restock_subscription_email_key"
    assert "email_key" in index["Index Cond"]
    assert live["Shared Hit Blocks"] + live["Shared Read Blocks"] <= 8
    assert upsert["Conflict Arbiter Indexes"] == ["uq_restock_subscription_live"]
    assert upsert["Conflicting Tuples"] == 1  # a77@x.io already waits for variant_77

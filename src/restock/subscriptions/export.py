"""Subscriptions as CSV, read chunk by chunk while the answer streams."""

import csv
import io
from collections.abc import AsyncIterator

from fastapi.responses import StreamingResponse

from restock.db import Database
from restock.kit.time import isoformat
from restock.subscriptions import repository
from restock.subscriptions.schemas import SubscriptionFilter

CHUNK = 2000
COLUMNS = (
    "id",
    "email",
    "status",
    "product_title",
    "variant_title",
    "sku",
    "variant_id",
    "sales_channel_id",
    "customer_id",
    "created_at",
    "notified_at",
    "cancelled_at",
)


def csv_answer(database: Database, chosen: SubscriptionFilter) -> StreamingResponse:
    """The export as a download."""
    return StreamingResponse(
        export_csv(database, chosen),
        media_type="text/csv; charset=utf-8",
        headers={"content-disposition": 'attachment; filename="restock-subscriptions.csv"'},
    )


async def export_csv(database: Database, chosen: SubscriptionFilter) -> AsyncIterator[str]:
    """The header, then every matching subscription, newest first. Each chunk is read in its
    own short transaction: a long export holds no transaction open while the client reads."""
    buffer = io.StringIO()
    writer = csv.writer(buffer)
    writer.writerow(COLUMNS)
    after: str | None = None
    while True:
        async with database.transaction() as session:
            rows = await repository.export_chunk(session, chosen, after, CHUNK)
        for row in rows:
            sub = row.RestockSubscription
            writer.writerow(
                (
                    sub.id,
                    _cell(sub.email),
                    sub.status,
                    _cell(row.product_title),
                    _cell(row.variant_title),
                    _cell(row.sku),
                    sub.variant_id,
                    sub.sales_channel_id,
                    sub.customer_id or "",
                    isoformat(sub.created_at),
                    isoformat(sub.notified_at) or "",
                    isoformat(sub.cancelled_at) or "",
                )
            )
        yield buffer.getvalue()
        buffer.seek(0)
        buffer.truncate()
        if len(rows) < CHUNK:
            return
        after = rows[-1].RestockSubscription.id


def _cell(value: str | None) -> str:
    """A text cell a spreadsheet shows as text: one starting with =, +, - or @ would be run as
    a formula (CSV injection), so it is prefixed with an apostrophe."""
    text = value or ""
    return f"'{text}" if text[:1] in ("=", "+", "-", "@", "\t", "\r") else text

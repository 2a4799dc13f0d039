"""All SQL of the insights: read-only aggregates over subscriptions and notifications."""

from dataclasses import dataclass
from datetime import date, datetime
from typing import Any

from sqlalchemy import Float, cast, delete, func, insert, literal, select
from sqlalchemy.ext.asyncio import AsyncSession
from sqlalchemy.sql import ColumnElement

from restock.kit.time import UTCDateTime
from restock.models import (
    Notification,
    NotificationStatus,
    Product,
    ProductVariant,
    RestockDemand,
    RestockSubscription,
    SalesChannel,
)
from restock.models.restock_subscription import IS_LIVE

Sub = RestockSubscription
D = RestockDemand
N = Notification


@dataclass(frozen=True)
class Demand:
    variant_id: str
    sales_channel_id: str
    waiting: int
    waiting_since: datetime
    refreshed_at: datetime
    product_id: str | None
    product_title: str | None
    variant_title: str | None
    variant_sku: str | None
    sales_channel_name: str | None


async def demand(
    session: AsyncSession, limit: int, sales_channel_id: str | None = None
) -> list[Demand]:
    """The (variant, channel) pairs with the most live subscribers as of the last refresh,
    most first: read from the refreshed counts, never from the subscriptions themselves."""
    top = select(D).order_by(D.waiting.desc(), D.variant_id, D.sales_channel_id).limit(limit)
    if sales_channel_id is not None:
        top = top.where(D.sales_channel_id == sales_channel_id)
    ranked = top.subquery("top")
    rows = await session.execute(
        select(
            ranked.c.variant_id,
            ranked.c.sales_channel_id,
            ranked.c.waiting,
            ranked.c.waiting_since,
            ranked.c.refreshed_at,
            ProductVariant.product_id,
            Product.title.label("product_title"),
            ProductVariant.title.label("variant_title"),
            ProductVariant.sku.label("variant_sku"),
            SalesChannel.name.label("sales_channel_name"),
        )
        .outerjoin(ProductVariant, ProductVariant.id == ranked.c.variant_id)
        .outerjoin(Product, Product.id == ProductVariant.product_id)
        .outerjoin(SalesChannel, SalesChannel.id == ranked.c.sales_channel_id)
        .order_by(ranked.c.waiting.desc(), ranked.c.variant_id, ranked.c.sales_channel_id)
    )
    return [Demand(**row._mapping) for row in rows]


async def refresh_demand(session: AsyncSession, now: datetime) -> None:
    """Count every pair's live subscribers anew: one pass over the live rows, replacing the
    counts in one transaction (readers see the old counts until it commits)."""
    live = (
        select(
            Sub.variant_id,
            Sub.sales_channel_id,
            func.count(),
            func.min(Sub.created_at),
            literal(now, UTCDateTime()),
        )
        .where(IS_LIVE)
        .group_by(Sub.variant_id, Sub.sales_channel_id)
    )
    columns = ["variant_id", "sales_channel_id", "waiting", "waiting_since", "refreshed_at"]
    await session.execute(delete(D))
    await session.execute(insert(D).from_select(columns, live))


def _day(dialect: str, column: Any) -> ColumnElement[Any]:
    """The UTC calendar day of a timestamp."""
    if dialect == "postgresql":
        return func.date(func.timezone("UTC", column))
    return func.date(column)  # SQLite stores UTC


def _seconds(dialect: str, start: Any, end: Any) -> ColumnElement[float]:
    if dialect == "postgresql":
        return cast(func.extract("epoch", end - start), Float)
    return (func.julianday(end) - func.julianday(start)) * 86400.0


async def subscriptions_per_day(session: AsyncSession, since: datetime) -> dict[date, int]:
    day = _day(session.get_bind().dialect.name, Sub.created_at).label("day")
    rows = await session.execute(
        select(day, func.count()).where(Sub.created_at >= since).group_by(day)
    )
    return {_as_date(d): n for d, n in rows}


async def notifications_per_day(
    session: AsyncSession, since: datetime
) -> dict[tuple[date, str], int]:
    """Sent (by the day they were sent) and failed for good (by the day they last changed)."""
    dialect = session.get_bind().dialect.name
    sent_day = _day(dialect, N.sent_at).label("day")
    failed_day = _day(dialect, N.updated_at).label("day")
    sent = (
        select(sent_day, func.count())
        .where(N.status == NotificationStatus.SUCCESS, N.sent_at >= since)
        .group_by(sent_day)
    )
    failed = (
        select(failed_day, func.count())
        .where(N.status == NotificationStatus.FAILURE, N.updated_at >= since)
        .group_by(failed_day)
    )
    found: dict[tuple[date, str], int] = {}
    for status, query in (("sent", sent), ("failed", failed)):
        for day, count in await session.execute(query):
            found[(_as_date(day), status)] = count
    return found


def _as_date(value: Any) -> date:
    return value if isinstance(value, date) else date.fromisoformat(str(value))


async def live_count(session: AsyncSession) -> int:
    return int(await session.scalar(select(func.count()).where(IS_LIVE)) or 0)


async def median_seconds_to_send(session: AsyncSession, since: datetime) -> float | None:
    """The median time from a notification's queueing (the check that found the restock) to
    its acceptance by the provider, over those sent since then."""
    seconds = _seconds(session.get_bind().dialect.name, N.created_at, N.sent_at)
    sent = (N.status == NotificationStatus.SUCCESS, N.sent_at >= since)
    count = int(await session.scalar(select(func.count()).where(*sent)) or 0)
    if count == 0:
        return None
    middle = select(seconds).where(*sent).order_by(seconds).offset((count - 1) // 2)
    values = list((await session.execute(middle.limit(2 - count % 2))).scalars())
    return float(sum(values) / len(values))

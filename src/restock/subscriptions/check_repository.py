"""All SQL of a restock check: detection, the pairs a check holds, claims that queue the
notifications, and settling claimed subscriptions once their notifications are sent."""

from collections.abc import Iterable
from datetime import datetime
from functools import cache
from typing import Any

from sqlalchemy import (
    JSON,
    Table,
    and_,
    bindparam,
    delete,
    func,
    insert,
    literal,
    or_,
    select,
    update,
)
from sqlalchemy.dialects.postgresql import JSONB
from sqlalchemy.engine import Row
from sqlalchemy.ext.asyncio import AsyncSession

from restock.inventory.availability import availability_query, maybe_available
from restock.models import RestockCheckPair, RestockSubscription, SubscriptionStatus
from restock.models.restock_subscription import IS_LIVE
from restock.notifications import repository as notifications
from restock.notifications.repository import QueuedFields

Sub = RestockSubscription
Held = RestockCheckPair
# A detected pair: (variant_id, sales_channel_id, quantity, unlimited, waiting).
RestockedPair = Row[Any]


@cache
def restocked_pairs(some_variants: bool) -> Any:
    """SQL: the (variant, channel) pairs with live subscribers that are available above the
    parameter `threshold` (or do not count stock at all), with their quantity, whether it is
    unlimited, and how many subscribers wait (live ones: the index alone answers, and a pair
    whose subscribers are all being notified is held for nothing, which is harmless); with
    `some_variants`, only those of the variants in the parameter `variant_ids`. Callers match
    subscriptions to these as pairs, never as two lists. Built once and run with parameters:
    every subscribe re-checks its variant, so building per call would cost more than
    running."""
    pairs = (
        select(Sub.variant_id, Sub.sales_channel_id, func.count().label("waiting"))
        .where(IS_LIVE)
        .group_by(Sub.variant_id, Sub.sales_channel_id)
    )
    if some_variants:
        pairs = pairs.where(Sub.variant_id.in_(bindparam("variant_ids", expanding=True)))
    else:
        # Threshold >= 0, so a restocked pair's variant is one that may be available: starting
        # from those skips the availability of the (many) pairs still sold out everywhere.
        pairs = pairs.where(Sub.variant_id.in_(maybe_available()))
    stock = availability_query(pairs.cte("pairs")).subquery("stock")
    unlimited = or_(~stock.c.manage_inventory, stock.c.allow_backorder)
    return select(
        stock.c.variant_id,
        stock.c.sales_channel_id,
        stock.c.quantity,
        unlimited.label("unlimited"),
        stock.c.waiting,
    ).where(or_(unlimited, stock.c.quantity > bindparam("threshold")))


async def restocked(
    session: AsyncSession, threshold: int, variant_ids: Iterable[str] | None = None
) -> list[RestockedPair]:
    """Detection: (variant_id, sales_channel_id, quantity, unlimited, waiting) of each
    restocked pair."""
    params: dict[str, Any] = {"threshold": threshold}
    if variant_ids is not None:
        params["variant_ids"] = sorted(set(variant_ids))
    statement = restocked_pairs(variant_ids is not None)
    return list((await session.execute(statement, params)).all())


async def hold_pairs(session: AsyncSession, rows: list[dict[str, Any]]) -> None:
    table = Held.__table__  # the table, not the entity: no ORM bookkeeping for many rows
    assert isinstance(table, Table)
    if rows:
        await session.execute(insert(table), rows)


async def release_pairs(
    session: AsyncSession, check_id: str | None, stale_before: datetime | None = None
) -> None:
    """Forget a check's pairs, and those of checks started before `stale_before` (they died)."""
    condition = Held.check_id == check_id
    if stale_before is not None:
        condition = or_(condition, Held.created_at < stale_before)
    await session.execute(delete(Held).where(condition))


async def claim_and_queue(
    session: AsyncSession,
    check_id: str,
    batch: int,
    *,
    views: dict[str, dict[str, Any]],
    limit: int,
    fair_release: bool,
    queue: QueuedFields,
) -> int:
    """Move up to `limit` active subscriptions of the pairs of one of the check's batches to
    `notifying` and queue one pending notification each, its data holding the variant's view
    from `views` (by variant id); the number claimed. With `fair_release`, the oldest first
    and at most `allowed` of each pair, counting those already `notifying` (claimed by an
    earlier claim of the batch, or still in flight). A concurrent check cannot claim the same
    rows: the update re-checks `status = 'active'`. On PostgreSQL both writes are one
    statement, so no subscription id travels to Python and back."""
    picked = _pick(check_id, batch, limit, fair_release)
    claim = (
        update(Sub)
        .where(Sub.id == picked.c.id, Sub.status == SubscriptionStatus.ACTIVE)
        .values(status=SubscriptionStatus.NOTIFYING, updated_at=queue.now)
        .execution_options(synchronize_session=False)
    )
    columns = (Sub.id, Sub.email, Sub.variant_id, Sub.sales_channel_id, Sub.locale)
    dialect = session.get_bind().dialect.name
    if dialect == "postgresql":
        claimed = claim.returning(*columns).cte("claimed")
        source = _with_data(dialect, claimed, views).subquery("claimed_data")
        queued = notifications.queue_from(dialect, source, queue).cte("queued")
        count = await session.scalar(select(func.count()).select_from(claimed).add_cte(queued))
        return int(count or 0)
    # SQLite's RETURNING sees only the updated table.
    ids = list((await session.execute(claim.returning(Sub.id))).scalars())
    if ids:
        rows = select(*columns).where(Sub.id.in_(ids)).subquery("claimed")
        source = _with_data(dialect, rows, views).subquery("claimed_data")
        await session.execute(notifications.queue_from(dialect, source, queue))
    return len(ids)


async def would_claim(
    session: AsyncSession, check_id: str, batch: int, *, fair_release: bool, limit: int
) -> tuple[int, list[Any]]:
    """What a claim of the batch would take, taking nothing: how many subscriptions, and up to
    `limit` of them (id, email, variant_id, sales_channel_id)."""
    picked = _pick(check_id, batch, None, fair_release)
    count = await session.scalar(select(func.count()).select_from(picked))
    rows = await session.execute(
        select(Sub.id, Sub.email, Sub.variant_id, Sub.sales_channel_id)
        .join(picked, picked.c.id == Sub.id)
        .order_by(Sub.variant_id, Sub.sales_channel_id, Sub.created_at, Sub.id)
        .limit(limit)
    )
    return int(count or 0), [row for row in rows]


def _pick(check_id: str, batch: int, limit: int | None, fair_release: bool) -> Any:
    """The ids of the subscriptions a claim takes."""
    pairs = and_(
        Held.check_id == check_id,
        Held.batch == batch,
        Sub.variant_id == Held.variant_id,
        Sub.sales_channel_id == Held.sales_channel_id,
    )
    if fair_release:
        rank = func.row_number().over(
            partition_by=(Sub.variant_id, Sub.sales_channel_id),
            order_by=(Sub.created_at, Sub.id),
        )
        ranked = (
            select(Sub.id, Sub.created_at, Sub.status, rank.label("rank"), Held.allowed)
            .join(Held, pairs)
            .where(IS_LIVE)
            .subquery("ranked")
        )
        oldest = (
            select(ranked.c.id)
            .where(
                ranked.c.status == SubscriptionStatus.ACTIVE,
                or_(ranked.c.allowed.is_(None), ranked.c.rank <= ranked.c.allowed),
            )
            .order_by(ranked.c.created_at, ranked.c.id)
        )
    else:
        # Everyone of these pairs is told in this check: which claim takes whom does not
        # matter, and without an order the database stops at `limit` instead of sorting all.
        # Rows another check is claiming are skipped, not waited for.
        oldest = (
            select(Sub.id)
            .join(Held, pairs)
            .where(IS_LIVE, Sub.status == SubscriptionStatus.ACTIVE)
            .with_for_update(of=Sub, skip_locked=True)
        )
    # Materialized: run once. As a subquery the planner may rescan it once per joined row,
    # and each scan would take up to `limit` more rows.
    return oldest.limit(limit).cte("picked").prefix_with("MATERIALIZED")


def _with_data(dialect: str, claimed: Any, views: dict[str, Any]) -> Any:
    """The claimed rows as notifications-to-be: `resource_id`, `to`, and `data` holding the
    variant's view from `views`, the sales channel and the subscription."""
    sub = claimed.c
    # The views travel as one parameter, read once per statement (a scalar subquery), and
    # each row looks its variant up by key.
    if dialect == "postgresql":
        every = select(literal(views, JSONB)).scalar_subquery()
        data = func.jsonb_build_object(
            "variant",
            every.op("->")(sub.variant_id),
            "sales_channel_id",
            sub.sales_channel_id,
            "subscription_id",
            sub.id,
            "locale",
            sub.locale,
        )
    else:
        every = select(literal(views, JSON)).scalar_subquery()
        # json_extract, not `->`: SQLite has that operator only since 3.38.
        variant = func.json_extract(every, literal('$."') + sub.variant_id + literal('"'))
        data = func.json_object(
            "variant",
            func.json(variant),
            "sales_channel_id",
            sub.sales_channel_id,
            "subscription_id",
            sub.id,
            "locale",
            sub.locale,
        )
    return select(sub.id.label("resource_id"), sub.email.label("to"), data.label("data"))


async def settle_notifying(
    session: AsyncSession, ids: Iterable[str], status: SubscriptionStatus, now: datetime
) -> None:
    """Leave `notifying`: `notified` after the email went out, `active` again after it failed
    for good, `cancelled` when the address unsubscribed meanwhile. An email that went out
    closes an `active` subscription too: its failed notification was retried by an admin."""
    wanted = set(ids)
    if not wanted:
        return
    from_status = [SubscriptionStatus.NOTIFYING]
    if status == SubscriptionStatus.NOTIFIED:
        from_status.append(SubscriptionStatus.ACTIVE)
    values: dict[str, Any] = {"status": status, "updated_at": now}
    if status == SubscriptionStatus.NOTIFIED:
        values["notified_at"] = now
    if status == SubscriptionStatus.CANCELLED:
        values["cancelled_at"] = now
    await session.execute(
        update(Sub)
        .where(Sub.id.in_(wanted), Sub.status.in_(from_status))
        .values(**values)
        .execution_options(synchronize_session=False)
    )

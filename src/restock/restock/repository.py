"""All SQL for restock subscriptions."""

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import datetime
from functools import cache
from typing import Any

from sqlalchemy import (
    JSON,
    String,
    Table,
    and_,
    bindparam,
    case,
    delete,
    exists,
    func,
    insert,
    literal,
    or_,
    select,
    true,
    update,
)
from sqlalchemy.dialects.postgresql import JSONB
from sqlalchemy.engine import Row
from sqlalchemy.ext.asyncio import AsyncSession

from restock.inventory.availability import (
    Availability,
    availability_query,
    from_row,
    maybe_available,
    one_pair_cte,
)
from restock.kit.sql import upsert_for
from restock.kit.time import UTCDateTime
from restock.models import Notification, RestockCheckPair, RestockSubscription, Suppression
from restock.models.restock_subscription import IS_LIVE, LIVE
from restock.products.repository import sold_in

Sub = RestockSubscription
Held = RestockCheckPair
_TIMES = ("next_attempt_at", "created_at", "updated_at")


_COLUMNS = (
    "id",
    "variant_id",
    "sales_channel_id",
    "email",
    "email_key",
    "customer_id",
    "status",
    "created_at",
    "updated_at",
)


@cache
def _subscribe_statement(dialect: str) -> Any:
    # Built once per dialect and run with parameters: this is the subscribe hot path, and
    # building the statement per request costs more CPU than running it.
    # The table, not the entity: the answer is a plain row, without the ORM's bookkeeping.
    table = Sub.__table__
    statement = upsert_for(dialect, table).values({c: bindparam(c) for c in _COLUMNS})
    gains_customer = and_(Sub.customer_id.is_(None), statement.excluded.customer_id.is_not(None))
    return statement.on_conflict_do_update(
        index_elements=["variant_id", "sales_channel_id", "email_key"],
        index_where=LIVE,
        set_={
            "customer_id": func.coalesce(Sub.customer_id, statement.excluded.customer_id),
            "updated_at": case(
                (gains_customer, statement.excluded.updated_at), else_=Sub.updated_at
            ),
        },
    ).returning(*table.c)


async def subscribe(session: AsyncSession, values: dict[str, Any]) -> tuple[Row[Any], bool]:
    """Insert, or keep the live subscription of the same (variant, channel, address) and fill a
    missing customer. One statement, so concurrent identical requests cannot both insert.
    Returns the row and whether it is new."""
    statement = _subscribe_statement(session.get_bind().dialect.name)
    subscription = (await session.execute(statement, values)).one()
    return subscription, subscription.id == values["id"]


@dataclass(frozen=True)
class Eligibility:
    sold: bool
    stock: Availability
    live_for_address: int
    suppressed: bool  # the address unsubscribed: answer as usual, store nothing


def _eligibility_statement() -> Any:
    stock = availability_query(one_pair_cte()).subquery("stock")
    live = (
        select(func.count())
        .where(Sub.email_key == bindparam("email_key"), IS_LIVE)
        .scalar_subquery()
    )
    # The parameters, not the stock row's columns: PostgreSQL's cached plan for this statement
    # then looks the variant up by its key instead of scanning the catalog.
    sold = sold_in(
        bindparam("variant_id", type_=String), bindparam("sales_channel_id", type_=String)
    )
    suppressed = exists().where(Suppression.email_key == bindparam("email_key"))
    return select(*stock.c, sold.label("sold"), live.label("live"), suppressed.label("suppressed"))


_ELIGIBILITY = _eligibility_statement()


async def eligibility(
    session: AsyncSession, variant_id: str, channel_id: str, email_key: str
) -> Eligibility | None:
    """Everything a subscribe request checks, in one statement: whether the channel sells the
    variant, its availability there, and how many live subscriptions the address has.
    None when the variant does not exist."""
    params = {"variant_id": variant_id, "sales_channel_id": channel_id, "email_key": email_key}
    row = (await session.execute(_ELIGIBILITY, params)).first()
    if row is None:
        return None
    return Eligibility(
        sold=row.sold, stock=from_row(row), live_for_address=row.live, suppressed=row.suppressed
    )


async def adopt_guest_subscriptions(
    session: AsyncSession, email_key: str, customer_id: str, now: datetime
) -> None:
    """Give a customer its live guest subscriptions with the same address."""
    await session.execute(
        update(Sub)
        .where(Sub.email_key == email_key, Sub.customer_id.is_(None), IS_LIVE)
        .values(customer_id=customer_id, updated_at=now)
        .execution_options(synchronize_session=False)
    )


async def list_page(
    session: AsyncSession,
    *,
    limit: int,
    offset: int,
    live_only: bool,
    customer_id: str | None = None,
    variant_id: str | None = None,
    sales_channel_id: str | None = None,
    email: str | None = None,
    status: str | None = None,
) -> tuple[list[Sub], int]:
    query = select(Sub)
    if live_only:
        query = query.where(IS_LIVE)
    filters = {
        "customer_id": customer_id,
        "variant_id": variant_id,
        "sales_channel_id": sales_channel_id,
        "status": status,
    }
    for column, value in filters.items():
        if value is not None:
            query = query.where(getattr(Sub, column) == value)
    if email is not None:
        query = query.where(Sub.email_key == email.strip().lower())
    count = await session.scalar(select(func.count()).select_from(query.subquery()))
    rows = await session.scalars(query.order_by(Sub.id.desc()).limit(limit).offset(offset))
    return list(rows), count or 0


async def cancel(
    session: AsyncSession, subscription_id: str, now: datetime, customer_id: str | None = None
) -> Sub | None:
    """Cancel a live subscription (of that customer, when given); None when there is none."""
    statement = (
        update(Sub)
        .where(Sub.id == subscription_id, IS_LIVE)
        .values(status="cancelled", cancelled_at=now, updated_at=now)
        .returning(Sub)
        .execution_options(synchronize_session=False)
    )
    if customer_id is not None:
        statement = statement.where(Sub.customer_id == customer_id)
    return (await session.execute(statement)).scalar_one_or_none()


async def get(session: AsyncSession, subscription_id: str) -> Sub | None:
    return await session.get(Sub, subscription_id)


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
) -> list[Row[str, str, int, bool, int]]:
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
    now: datetime,
    fair: bool,
    fixed: dict[str, Any],
) -> int:
    """Move up to `limit` active subscriptions of the pairs of one of the check's batches to
    `notifying` and queue one pending notification each, its data holding the variant's view
    from `views` (by variant id); the number claimed. With `fair`, the oldest first and at most
    `allowed` of each pair, counting those already `notifying` (claimed by an earlier claim of
    the batch, or still in flight). A concurrent check cannot claim the same rows: the update
    re-checks `status = 'active'`. On PostgreSQL both writes are one statement, so no
    subscription id travels to Python and back."""
    picked = _pick(check_id, batch, limit, fair)
    claim = (
        update(Sub)
        .where(Sub.id == picked.c.id, Sub.status == "active")
        .values(status="notifying", updated_at=now)
        .execution_options(synchronize_session=False)
    )
    columns = (Sub.id, Sub.email, Sub.variant_id, Sub.sales_channel_id)
    dialect = session.get_bind().dialect.name
    if dialect == "postgresql":
        claimed = claim.returning(*columns).cte("claimed")
        queued = _queue(dialect, claimed, views, fixed).cte("queued")
        count = await session.scalar(select(func.count()).select_from(claimed).add_cte(queued))
        return int(count or 0)
    # SQLite's RETURNING sees only the updated table.
    ids = list((await session.execute(claim.returning(Sub.id))).scalars())
    if ids:
        source = select(*columns).where(Sub.id.in_(ids)).subquery("claimed")
        await session.execute(_queue(dialect, source, views, fixed))
    return len(ids)


def _pick(check_id: str, batch: int, limit: int, fair: bool) -> Any:
    """The ids of the subscriptions a claim takes."""
    pairs = and_(
        Held.check_id == check_id,
        Held.batch == batch,
        Sub.variant_id == Held.variant_id,
        Sub.sales_channel_id == Held.sales_channel_id,
    )
    if fair:
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
                ranked.c.status == "active",
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
            .where(IS_LIVE, Sub.status == "active")
            .with_for_update(of=Sub, skip_locked=True)
        )
    # Materialized: run once. As a subquery the planner may rescan it once per joined row,
    # and each scan would take up to `limit` more rows.
    return oldest.limit(limit).cte("picked").prefix_with("MATERIALIZED")


def _queue(dialect: str, claimed: Any, views: dict[str, Any], fixed: dict[str, Any]) -> Any:
    """INSERT of one pending notification per row of `claimed` (id, email, variant_id,
    sales_channel_id), built by the database, its data holding the variant's view from
    `views`. Idempotent by key: a key seen before is sent anew only if it failed for good."""
    table = Notification.__table__
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
        )
    rows = select(
        (literal("noti_") + func.substr(sub.id, 6)).label("id"),
        sub.email.label("to"),
        literal(fixed["from"]).label("from"),
        literal(fixed["channel"]).label("channel"),
        literal(fixed["template"]).label("template"),
        data.label("data"),
        literal(fixed["provider_id"]).label("provider_id"),
        literal("pending").label("status"),
        (literal(f"{fixed['resource_type']}:") + sub.id).label("idempotency_key"),
        sub.id.label("resource_id"),
        literal(fixed["resource_type"]).label("resource_type"),
        literal(0).label("attempts"),
        *(literal(fixed["now"], UTCDateTime()).label(c) for c in _TIMES),
    ).where(true())  # SQLite reads "ON CONFLICT" right after FROM as a join's ON
    statement = upsert_for(dialect, table).from_select(
        [c.name for c in rows.selected_columns], rows
    )
    return statement.on_conflict_do_update(
        index_elements=["idempotency_key"],
        set_={
            "status": "pending",
            "attempts": 0,
            "last_error": None,
            "next_attempt_at": statement.excluded.next_attempt_at,
            "updated_at": statement.excluded.updated_at,
        },
        where=table.c.status == "failure",
    )


async def settle_notifying(
    session: AsyncSession, ids: Iterable[str], status: str, now: datetime
) -> None:
    """Leave `notifying`: `notified` after the email went out, `active` again after it failed
    for good, `cancelled` when the address unsubscribed meanwhile."""
    wanted = set(ids)
    if not wanted:
        return
    values: dict[str, Any] = {"status": status, "updated_at": now}
    if status == "notified":
        values["notified_at"] = now
    if status == "cancelled":
        values["cancelled_at"] = now
    await session.execute(
        update(Sub)
        .where(Sub.id.in_(wanted), Sub.status == "notifying")
        .values(**values)
        .execution_options(synchronize_session=False)
    )


async def cancel_all_for(
    session: AsyncSession,
    now: datetime,
    *,
    email_key: str | None = None,
    variant_id: str | None = None,
) -> None:
    """Cancel the active subscriptions of an address, or of a variant."""
    statement = update(Sub).where(IS_LIVE, Sub.status == "active")
    if email_key is not None:
        statement = statement.where(Sub.email_key == email_key)
    if variant_id is not None:
        statement = statement.where(Sub.variant_id == variant_id)
    await session.execute(
        statement.values(status="cancelled", cancelled_at=now, updated_at=now).execution_options(
            synchronize_session=False
        )
    )

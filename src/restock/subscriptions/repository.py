"""All SQL for restock subscriptions as shoppers and admins see them: subscribe, list,
cancel. A check's SQL is in `check_repository`."""

from dataclasses import dataclass
from datetime import datetime
from functools import cache
from typing import Any

from sqlalchemy import (
    String,
    and_,
    bindparam,
    case,
    delete,
    func,
    or_,
    select,
    update,
)
from sqlalchemy.engine import Row
from sqlalchemy.ext.asyncio import AsyncSession
from sqlalchemy.sql import ColumnElement

from restock.inventory.availability import (
    Availability,
    availability_query,
    from_row,
    one_pair_cte,
)
from restock.kit.crypto import erased_key
from restock.kit.repository import page
from restock.kit.sql import upsert_for
from restock.models import (
    Product,
    ProductVariant,
    RestockSubscription,
    SubscriptionStatus,
    Suppression,
)
from restock.models.restock_subscription import IS_LIVE, LIVE
from restock.products.repository import sold_in
from restock.subscriptions.schemas import SubscriptionFilter

Sub = RestockSubscription


_COLUMNS = (
    "id",
    "variant_id",
    "sales_channel_id",
    "email",
    "email_key",
    "customer_id",
    "status",
    "consent_source",
    "locale",
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
    # The address's signed-in owner subscribing confirms a subscription waiting for it.
    owner_confirms = and_(
        Sub.status == SubscriptionStatus.UNCONFIRMED,
        statement.excluded.status == SubscriptionStatus.ACTIVE,
    )
    return statement.on_conflict_do_update(
        index_elements=["variant_id", "sales_channel_id", "email_key"],
        index_where=LIVE,
        set_={
            "status": case((owner_confirms, statement.excluded.status), else_=Sub.status),
        },
    ).returning(*table.c)


async def subscribe(session: AsyncSession, values: dict[str, Any]) -> tuple[Row[Any], bool]:
    """Insert, or keep the live subscription of the same (variant, channel, address): a guest's
    stays a guest's (an account takes it over only once the address proved it is the account's,
    `claims.py`). One statement, so concurrent identical requests cannot both insert.
    Returns the row and whether it is new."""
    statement = _subscribe_statement(session.get_bind().dialect.name)
    subscription = (await session.execute(statement, values)).one()
    return subscription, subscription.id == values["id"]


@dataclass(frozen=True)
class Eligibility:
    sold: bool
    stock: Availability
    live_for_address: int
    # Why the address is suppressed, if it is: it unsubscribed (its way back is to confirm a new
    # subscription), or its mail bounced or it complained (nothing is stored for it).
    suppression: str | None


def _stock_statement() -> Any:
    """One pair's availability, and whether the channel sells the variant."""
    stock = availability_query(one_pair_cte()).subquery("stock")
    # The parameters, not the stock row's columns: PostgreSQL's cached plan for this statement
    # then looks the variant up by its key instead of scanning the catalog.
    sold = sold_in(
        bindparam("variant_id", type_=String), bindparam("sales_channel_id", type_=String)
    )
    return select(*stock.c, sold.label("sold"))


_STOCK = _stock_statement()


async def stock_state(
    session: AsyncSession, variant_id: str, channel_id: str
) -> tuple[bool, Availability] | None:
    """Whether the channel sells the variant, and its availability there; None when the variant
    does not exist."""
    params = {"variant_id": variant_id, "sales_channel_id": channel_id}
    row = (await session.execute(_STOCK, params)).first()
    return None if row is None else (row.sold, from_row(row))


def _eligibility_statement() -> Any:
    # The address's live subscriptions, counted over all of its rows: the condition names no
    # partial index, so the only index that serves it is the address's own, and the count stays
    # a lookup of a few entries even when statistics say the table is empty (with `IS_LIVE` in
    # the WHERE clause, stale statistics made the planner scan the live pairs' index instead).
    # Unconfirmed subscriptions are not the address's doing until confirmed: they do not count.
    counted = and_(IS_LIVE, Sub.status != SubscriptionStatus.UNCONFIRMED)
    live = (
        select(func.count().filter(counted))
        .where(Sub.email_key == bindparam("email_key"))
        .scalar_subquery()
    )
    # The address suppressed, or erased after it unsubscribed (only its digest is left); of two,
    # the reason that blocks most ("bounced" and "complained" sort before "unsubscribed").
    suppression = (
        select(func.min(Suppression.reason))
        .where(Suppression.email_key.in_((bindparam("email_key"), bindparam("erased_key"))))
        .scalar_subquery()
    )
    return _stock_statement().add_columns(live.label("live"), suppression.label("suppression"))


_ELIGIBILITY = _eligibility_statement()


async def eligibility(
    session: AsyncSession, variant_id: str, channel_id: str, email_key: str
) -> Eligibility | None:
    """Everything a subscribe request checks, in one statement: whether the channel sells the
    variant, its availability there, and how many live subscriptions the address has.
    None when the variant does not exist."""
    params = {
        "variant_id": variant_id,
        "sales_channel_id": channel_id,
        "email_key": email_key,
        "erased_key": erased_key(email_key),
    }
    row = (await session.execute(_ELIGIBILITY, params)).first()
    if row is None:
        return None
    return Eligibility(
        sold=row.sold, stock=from_row(row), live_for_address=row.live, suppression=row.suppression
    )


async def adopt_guest_subscriptions(
    session: AsyncSession, email_key: str, customer_id: str, now: datetime
) -> int:
    """Give a customer the live guest subscriptions of its (proved) address; how many."""
    adopted = await session.execute(
        update(Sub)
        .where(Sub.email_key == email_key, Sub.customer_id.is_(None), IS_LIVE)
        .values(customer_id=customer_id, updated_at=now)
        .returning(Sub.id)
    )
    return len(adopted.all())


def _filtered(query: Any, chosen: SubscriptionFilter) -> Any:
    if chosen.live_only:
        query = query.where(IS_LIVE)
    equal = {
        "id": chosen.subscription_id,
        "customer_id": chosen.customer_id,
        "variant_id": chosen.variant_id,
        "sales_channel_id": chosen.sales_channel_id,
        "status": chosen.status,
    }
    for column, value in equal.items():
        if value is not None:
            query = query.where(getattr(Sub, column) == value)
    if chosen.email is not None:
        query = query.where(Sub.email_key == chosen.email.strip().lower())
    if chosen.q and chosen.q.strip():
        query = query.where(_search(chosen.q.strip()))
    return query


def _search(q: str) -> ColumnElement[bool]:
    term = q.lower()
    variants = (
        select(ProductVariant.id)
        .join(Product, Product.id == ProductVariant.product_id)
        .where(
            or_(
                func.lower(Product.title).contains(term, autoescape=True),
                func.lower(ProductVariant.title).contains(term, autoescape=True),
                func.lower(ProductVariant.sku).contains(term, autoescape=True),
            )
        )
    )
    return or_(
        Sub.email_key.contains(term, autoescape=True),
        Sub.variant_id == q,
        Sub.variant_id.in_(variants),
    )


async def list_page(
    session: AsyncSession, chosen: SubscriptionFilter, *, limit: int, offset: int
) -> tuple[list[Sub], int]:
    return await page(session, _filtered(select(Sub), chosen), (Sub.id.desc(),), limit, offset)


async def export_chunk(
    session: AsyncSession, chosen: SubscriptionFilter, after_id: str | None, limit: int
) -> list[Row[Any]]:
    """Up to `limit` subscriptions with their product's and variant's names, by id descending,
    after `after_id` (a keyset: each chunk costs the same however deep the export is)."""
    query = _filtered(
        select(
            Sub,
            Product.title.label("product_title"),
            ProductVariant.title.label("variant_title"),
            ProductVariant.sku.label("sku"),
        )
        .outerjoin(ProductVariant, ProductVariant.id == Sub.variant_id)
        .outerjoin(Product, Product.id == ProductVariant.product_id),
        chosen,
    )
    if after_id is not None:
        query = query.where(Sub.id < after_id)
    return list(await session.execute(query.order_by(Sub.id.desc()).limit(limit)))


async def cancel(
    session: AsyncSession, subscription_id: str, now: datetime, customer_id: str | None = None
) -> Sub | None:
    """Cancel a live subscription (of that customer, when given); None when there is none."""
    statement = (
        update(Sub)
        .where(Sub.id == subscription_id, IS_LIVE)
        .values(status=SubscriptionStatus.CANCELLED, cancelled_at=now, updated_at=now)
        .returning(Sub)
        .execution_options(synchronize_session=False)
    )
    if customer_id is not None:
        statement = statement.where(Sub.customer_id == customer_id)
    return (await session.execute(statement)).scalar_one_or_none()


async def confirm(
    session: AsyncSession, subscription_id: str, made_after: datetime, now: datetime
) -> Sub | None:
    """An unconfirmed subscription made after `made_after` (its link still valid), active now;
    None when there is no such subscription."""
    statement = (
        update(Sub)
        .where(
            Sub.id == subscription_id,
            Sub.status == SubscriptionStatus.UNCONFIRMED,
            Sub.created_at > made_after,
            IS_LIVE,
        )
        .values(status=SubscriptionStatus.ACTIVE, confirmed_at=now, updated_at=now)
        .returning(Sub)
        .execution_options(synchronize_session=False)
    )
    return (await session.execute(statement)).scalar_one_or_none()


async def purge_unconfirmed(session: AsyncSession, made_before: datetime) -> int:
    """Delete the unconfirmed subscriptions whose link has expired: they were never consent."""
    removed = await session.execute(
        delete(Sub)
        .where(Sub.status == SubscriptionStatus.UNCONFIRMED, Sub.created_at <= made_before)
        .returning(Sub.id)
    )
    return len(removed.all())


async def get(session: AsyncSession, subscription_id: str) -> Sub | None:
    return await session.get(Sub, subscription_id)


async def cancel_all_for(
    session: AsyncSession,
    now: datetime,
    *,
    email_key: str | None = None,
    variant_id: str | None = None,
) -> None:
    """Cancel the active subscriptions of an address, or of a variant."""
    statement = update(Sub).where(IS_LIVE, Sub.status == SubscriptionStatus.ACTIVE)
    if email_key is not None:
        statement = statement.where(Sub.email_key == email_key)
    if variant_id is not None:
        statement = statement.where(Sub.variant_id == variant_id)
    await session.execute(
        statement.values(
            status=SubscriptionStatus.CANCELLED, cancelled_at=now, updated_at=now
        ).execution_options(synchronize_session=False)
    )


async def of_address(session: AsyncSession, email_key: str) -> list[Sub]:
    """Every subscription of the address, history included, oldest first."""
    query = select(Sub).where(Sub.email_key == email_key).order_by(Sub.created_at, Sub.id)
    return list(await session.scalars(query))


async def erase_address(session: AsyncSession, email_key: str, now: datetime) -> int:
    """Take the address out of its subscriptions, keeping the rows (the figures stay right)
    under its digest; live ones are cancelled, as nobody can be told any more. The number of
    rows."""
    live = and_(IS_LIVE, Sub.email_key == email_key)
    await session.execute(
        update(Sub)
        .where(live)
        .values(status=SubscriptionStatus.CANCELLED, cancelled_at=now)
        .execution_options(synchronize_session=False)
    )
    erased = await session.execute(
        update(Sub)
        .where(Sub.email_key == email_key)
        .values(email="", email_key=erased_key(email_key), customer_id=None, updated_at=now)
        .returning(Sub.id)
        .execution_options(synchronize_session=False)
    )
    return len(erased.all())


async def delete_history(session: AsyncSession, before: datetime, limit: int) -> int:
    """Delete up to `limit` subscriptions notified or cancelled before then; how many."""
    old = (
        select(Sub.id)
        .where(or_(Sub.notified_at < before, Sub.cancelled_at < before))
        .limit(limit)
        .scalar_subquery()
    )
    removed = await session.execute(delete(Sub).where(Sub.id.in_(old)).returning(Sub.id))
    return len(removed.all())


async def expire_waiting(session: AsyncSession, created_before: datetime, now: datetime) -> int:
    """Cancel the live subscriptions (not yet claimed) made before then; how many."""
    expired = await session.execute(
        update(Sub)
        .where(
            IS_LIVE,
            Sub.status.in_((SubscriptionStatus.ACTIVE, SubscriptionStatus.UNCONFIRMED)),
            Sub.created_at < created_before,
        )
        .values(status=SubscriptionStatus.CANCELLED, cancelled_at=now, updated_at=now)
        .returning(Sub.id)
        .execution_options(synchronize_session=False)
    )
    return len(expired.all())

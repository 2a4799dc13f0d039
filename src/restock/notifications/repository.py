"""All SQL for notifications and suppressed addresses."""

from collections.abc import Iterable
from datetime import datetime
from typing import Any

from sqlalchemy import Table, bindparam, func, select, update
from sqlalchemy.ext.asyncio import AsyncSession

from restock.kit.sql import upsert
from restock.models import Notification, Suppression

N = Notification


async def claim_due(
    session: AsyncSession, now: datetime, lease_until: datetime, limit: int
) -> list[Notification]:
    """Take up to `limit` due pending rows: push them to `lease_until` and count the attempt.
    On PostgreSQL, rows another dispatcher is claiming are skipped, never waited for."""
    due = (
        select(N.id)
        .where(N.status == "pending", N.next_attempt_at <= now)
        .order_by(N.next_attempt_at, N.id)
        .limit(limit)
        .with_for_update(skip_locked=True)
    )
    claimed = await session.scalars(
        update(N)
        .where(N.id.in_(due.scalar_subquery()))
        .values(next_attempt_at=lease_until, attempts=N.attempts + 1, updated_at=now)
        .returning(N)
        .execution_options(synchronize_session=False, populate_existing=True)
    )
    return list(claimed)


async def settle(session: AsyncSession, outcomes: list[dict[str, Any]]) -> None:
    """Write each claimed row's outcome: status, next attempt, error, external id, sent time."""
    if outcomes:
        table = N.__table__
        assert isinstance(table, Table)
        await session.execute(
            update(table)
            .where(table.c.id == bindparam("row_id"))
            .values(
                status=bindparam("new_status"),
                next_attempt_at=bindparam("retry_at"),
                last_error=bindparam("error"),
                external_id=bindparam("external"),
                sent_at=bindparam("sent"),
                updated_at=bindparam("now"),
            ),
            outcomes,
        )


async def suppressed_among(session: AsyncSession, email_keys: Iterable[str]) -> set[str]:
    keys = set(email_keys)
    if not keys:
        return set()
    query = select(Suppression.email_key).where(Suppression.email_key.in_(keys))
    rows = await session.scalars(query)
    return set(rows)


async def suppress(session: AsyncSession, email_key: str, now: datetime) -> None:
    statement = upsert(session, Suppression).values(email_key=email_key, created_at=now)
    await session.execute(statement.on_conflict_do_nothing())


async def list_page(
    session: AsyncSession,
    *,
    limit: int,
    offset: int,
    q: str | None,
    channel: str | None,
    to: str | None,
    status: str | None,
) -> tuple[list[Notification], int]:
    query = select(N)
    if q:
        query = query.where(func.lower(N.to).like(f"%{q.lower()}%"))
    for column, value in (("channel", channel), ("to", to), ("status", status)):
        if value is not None:
            query = query.where(getattr(N, column) == value)
    count = await session.scalar(select(func.count()).select_from(query.subquery()))
    rows = await session.scalars(
        query.order_by(N.created_at.desc(), N.id.desc()).limit(limit).offset(offset)
    )
    return list(rows), count or 0


async def pending_count(session: AsyncSession) -> int:
    return await session.scalar(select(func.count()).where(N.status == "pending")) or 0

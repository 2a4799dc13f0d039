"""All SQL for notifications and suppressed addresses."""

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from sqlalchemy import Table, bindparam, delete, func, literal, select, true, update
from sqlalchemy.ext.asyncio import AsyncSession
from sqlalchemy.sql.expression import ColumnElement

from restock.kit.crypto import erased_key
from restock.kit.repository import page
from restock.kit.sql import upsert, upsert_for
from restock.kit.time import UTCDateTime
from restock.models import Notification, NotificationStatus, Suppression, SuppressionReason
from restock.notifications.outcomes import Outcome

N = Notification
_TIMES = ("next_attempt_at", "created_at", "updated_at")


@dataclass(frozen=True)
class QueuedFields:
    """What every notification queued by one statement shares."""

    sender: str
    channel: str
    template: str
    provider_id: str
    resource_type: str
    now: datetime


def queue_from(dialect: str, source: Any, fields: QueuedFields) -> Any:
    """INSERT of one pending notification per row of `source`, a SELECT or CTE with the columns
    `resource_id`, `to` and `data`; a statement for the caller to run or to embed, so that
    claiming the resources and queueing their notifications can be one statement.

    One notification per resource, ever: the idempotency key is the resource's, and the
    notification's id is the resource id's ULID under the `noti_` prefix. A key seen before is
    queued anew only if its notification failed for good."""
    table = N.__table__
    assert isinstance(table, Table)
    row = source.c
    rows = select(
        (literal("noti_") + _after_prefix(dialect, row.resource_id)).label("id"),
        row.to.label("to"),
        literal(fields.sender).label("from"),
        literal(fields.channel).label("channel"),
        literal(fields.template).label("template"),
        row.data.label("data"),
        literal(fields.provider_id).label("provider_id"),
        literal(NotificationStatus.PENDING.value).label("status"),
        (literal(f"{fields.resource_type}:") + row.resource_id).label("idempotency_key"),
        row.resource_id.label("resource_id"),
        literal(fields.resource_type).label("resource_type"),
        literal(0).label("attempts"),
        *(literal(fields.now, UTCDateTime()).label(c) for c in _TIMES),
    ).where(true())  # SQLite reads "ON CONFLICT" right after FROM as a join's ON
    statement = upsert_for(dialect, table).from_select(
        [c.name for c in rows.selected_columns], rows
    )
    return statement.on_conflict_do_update(
        index_elements=["idempotency_key"],
        set_={
            "status": NotificationStatus.PENDING,
            "attempts": 0,
            "last_error": None,
            "next_attempt_at": statement.excluded.next_attempt_at,
            "updated_at": statement.excluded.updated_at,
        },
        where=table.c.status == NotificationStatus.FAILURE,
    )


def _after_prefix(dialect: str, resource_id: Any) -> ColumnElement[str]:
    """The part of a prefixed id after its first underscore: its ULID."""
    position = func.strpos if dialect == "postgresql" else func.instr
    return func.substr(resource_id, position(resource_id, "_") + 1)


async def claim_due(
    session: AsyncSession, now: datetime, lease_until: datetime, limit: int
) -> list[Notification]:
    """Take up to `limit` due pending rows: push them to `lease_until` and count the attempt.
    On PostgreSQL, rows another dispatcher is claiming are skipped, never waited for."""
    due = (
        select(N.id)
        .where(N.status == NotificationStatus.PENDING, N.next_attempt_at <= now)
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


async def settle(session: AsyncSession, outcomes: list[Outcome], now: datetime) -> None:
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
                updated_at=now,
            ),
            [
                {
                    "row_id": outcome.notification.id,
                    "new_status": outcome.status.value,
                    "retry_at": outcome.next_attempt_at,
                    "error": outcome.error,
                    "external": outcome.external_id,
                    "sent": outcome.sent_at,
                }
                for outcome in outcomes
            ],
        )


async def suppression_reasons(session: AsyncSession, email_keys: Iterable[str]) -> dict[str, str]:
    """The suppressed ones among these addresses, with why."""
    keys = set(email_keys)
    if not keys:
        return {}
    query = select(Suppression.email_key, Suppression.reason).where(Suppression.email_key.in_(keys))
    return {key: reason for key, reason in await session.execute(query)}


async def suppress(
    session: AsyncSession,
    email_key: str,
    now: datetime,
    reason: SuppressionReason = SuppressionReason.UNSUBSCRIBED,
    detail: str | None = None,
) -> None:
    """Suppress the address; one suppressed already keeps its first reason and time."""
    statement = upsert(session, Suppression).values(
        email_key=email_key, created_at=now, reason=reason.value, detail=detail
    )
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
        query = query.where(func.lower(N.to).contains(q.lower(), autoescape=True))
    for column, value in (("channel", channel), ("to", to), ("status", status)):
        if value is not None:
            query = query.where(getattr(N, column) == value)
    return await page(session, query, (N.created_at.desc(), N.id.desc()), limit, offset)


async def pending_count(session: AsyncSession) -> int:
    return (
        await session.scalar(select(func.count()).where(N.status == NotificationStatus.PENDING))
        or 0
    )


async def add(session: AsyncSession, notification: Notification) -> None:
    session.add(notification)
    await session.flush()


async def queued_since(session: AsyncSession, to: str, template: str, since: datetime) -> bool:
    """Whether an email of this template was queued to the address since then."""
    found = await session.scalar(
        select(N.id).where(N.to == to, N.template == template, N.created_at > since).limit(1)
    )
    return found is not None


async def get(session: AsyncSession, notification_id: str) -> Notification | None:
    return await session.get(N, notification_id)


async def requeue_failed(
    session: AsyncSession, notification_id: str, now: datetime
) -> Notification | None:
    """A notification that failed for good, pending again with fresh attempts; None when there
    is no such failed notification."""
    statement = (
        update(N)
        .where(N.id == notification_id, N.status == NotificationStatus.FAILURE)
        .values(status=NotificationStatus.PENDING, attempts=0, next_attempt_at=now, updated_at=now)
        .returning(N)
        .execution_options(synchronize_session=False, populate_existing=True)
    )
    return (await session.execute(statement)).scalar_one_or_none()


async def suppression_page(
    session: AsyncSession, *, limit: int, offset: int, q: str | None
) -> tuple[list[Suppression], int]:
    query = select(Suppression)
    if q:
        query = query.where(Suppression.email_key.contains(q.strip().lower(), autoescape=True))
    order = (Suppression.created_at.desc(), Suppression.email_key)
    return await page(session, query, order, limit, offset)


async def unsuppress(
    session: AsyncSession, email_key: str, reason: SuppressionReason | None = None
) -> bool:
    """Whether the address was suppressed (for this reason, when one is given)."""
    statement = delete(Suppression).where(Suppression.email_key == email_key)
    if reason is not None:
        statement = statement.where(Suppression.reason == reason.value)
    removed = await session.execute(statement.returning(Suppression.email_key))
    return removed.first() is not None


async def to_address(session: AsyncSession, email_key: str) -> list[Notification]:
    """Every notification sent or to be sent to the address, oldest first."""
    query = select(N).where(func.lower(N.to) == email_key).order_by(N.created_at, N.id)
    return list(await session.scalars(query))


async def suppression_of(session: AsyncSession, email_key: str) -> Suppression | None:
    return await session.get(Suppression, email_key)


async def erase_address(session: AsyncSession, email_key: str, now: datetime) -> int:
    """Take the address and what was written to it out of its notifications, keeping the rows
    (the figures stay right); one still pending is never sent. Its suppression, if any, is kept
    under the address's digest. The number of notifications."""
    to_them = func.lower(N.to) == email_key
    await session.execute(
        update(N)
        .where(to_them, N.status == NotificationStatus.PENDING)
        .values(status=NotificationStatus.FAILURE, last_error="the address was erased")
        .execution_options(synchronize_session=False)
    )
    erased = await session.execute(
        update(N)
        .where(to_them)
        .values(to=erased_key(email_key), data=None, updated_at=now)
        .returning(N.id)
        .execution_options(synchronize_session=False)
    )
    digest = erased_key(email_key)
    if await session.get(Suppression, digest) is not None:  # erased before: one row is enough
        await session.execute(delete(Suppression).where(Suppression.email_key == email_key))
    else:
        await session.execute(
            update(Suppression)
            .where(Suppression.email_key == email_key)
            .values(email_key=digest, detail=None)
            .execution_options(synchronize_session=False)
        )
    return len(erased.all())


async def delete_settled(session: AsyncSession, before: datetime, limit: int) -> int:
    """Delete up to `limit` notifications settled (sent or failed for good) before then."""
    settled = (NotificationStatus.SUCCESS, NotificationStatus.FAILURE)
    old = (
        select(N.id)
        .where(N.status.in_(settled), N.updated_at < before)
        .limit(limit)
        .scalar_subquery()
    )
    removed = await session.execute(delete(N).where(N.id.in_(old)).returning(N.id))
    return len(removed.all())

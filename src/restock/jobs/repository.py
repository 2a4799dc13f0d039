"""All SQL for scheduled job ticks."""

from datetime import datetime

from sqlalchemy import and_, or_, select, update
from sqlalchemy.ext.asyncio import AsyncSession

from restock.kit.sql import upsert
from restock.models import JobRun


async def claim_tick(
    session: AsyncSession, name: str, tick: datetime, now: datetime, stale_before: datetime
) -> bool:
    """True for exactly one caller per (job, tick): the row moves forward only once, or is
    taken again when the tick's job never finished and its claim is older than `stale_before`
    (the instance that claimed it died)."""
    statement = upsert(session, JobRun).values(name=name, last_tick=tick, claimed_at=now)
    excluded = statement.excluded
    abandoned = and_(
        JobRun.last_tick == excluded.last_tick,
        JobRun.finished_at.is_(None),
        JobRun.claimed_at < stale_before,
    )
    statement = statement.on_conflict_do_update(
        index_elements=["name"],
        set_={
            "last_tick": excluded.last_tick,
            "claimed_at": excluded.claimed_at,
            "finished_at": None,
        },
        where=or_(JobRun.last_tick < excluded.last_tick, abandoned),
    ).returning(JobRun.name)
    return (await session.execute(statement)).first() is not None


async def finish_tick(session: AsyncSession, name: str, tick: datetime, now: datetime) -> None:
    await session.execute(
        update(JobRun)
        .where(JobRun.name == name, JobRun.last_tick == tick)
        .values(finished_at=now)
        .execution_options(synchronize_session=False)
    )


async def last_run(session: AsyncSession, name: str) -> JobRun | None:
    return await session.scalar(
        select(JobRun).where(JobRun.name == name).execution_options(populate_existing=True)
    )

"""All SQL for scheduled job ticks."""

from datetime import datetime

from sqlalchemy.ext.asyncio import AsyncSession

from restock.kit.sql import upsert
from restock.models import JobRun


async def claim_tick(session: AsyncSession, name: str, tick: datetime, now: datetime) -> bool:
    """True for exactly one caller per (job, tick): the row moves forward only once."""
    statement = upsert(session, JobRun).values(name=name, last_tick=tick, claimed_at=now)
    statement = statement.on_conflict_do_update(
        index_elements=["name"],
        set_={
            "last_tick": statement.excluded.last_tick,
            "claimed_at": statement.excluded.claimed_at,
        },
        where=JobRun.last_tick < statement.excluded.last_tick,
    ).returning(JobRun.name)
    return (await session.execute(statement)).first() is not None

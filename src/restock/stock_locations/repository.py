"""All SQL for stock locations."""

from collections.abc import Iterable

from sqlalchemy import delete, func, select
from sqlalchemy.ext.asyncio import AsyncSession

from restock.models import StockLocation


async def get(session: AsyncSession, location_id: str) -> StockLocation | None:
    return await session.get(StockLocation, location_id)


async def existing_ids(session: AsyncSession, ids: Iterable[str]) -> set[str]:
    rows = await session.scalars(select(StockLocation.id).where(StockLocation.id.in_(set(ids))))
    return set(rows)


async def list_page(
    session: AsyncSession, *, limit: int, offset: int, name: str | None = None
) -> tuple[list[StockLocation], int]:
    query = select(StockLocation)
    if name is not None:
        query = query.where(StockLocation.name == name)
    count = await session.scalar(select(func.count()).select_from(query.subquery()))
    rows = await session.scalars(query.order_by(StockLocation.id).limit(limit).offset(offset))
    return list(rows), count or 0


async def remove(session: AsyncSession, location_id: str) -> None:
    await session.execute(delete(StockLocation).where(StockLocation.id == location_id))

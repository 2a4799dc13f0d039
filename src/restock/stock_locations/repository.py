"""All SQL for stock locations."""

from sqlalchemy import delete, select
from sqlalchemy.ext.asyncio import AsyncSession

from restock.kit.repository import page
from restock.models import StockLocation


async def list_page(
    session: AsyncSession, *, limit: int, offset: int, name: str | None = None
) -> tuple[list[StockLocation], int]:
    query = select(StockLocation)
    if name is not None:
        query = query.where(StockLocation.name == name)
    return await page(session, query, (StockLocation.id,), limit, offset)


async def remove(session: AsyncSession, location_id: str) -> None:
    await session.execute(delete(StockLocation).where(StockLocation.id == location_id))

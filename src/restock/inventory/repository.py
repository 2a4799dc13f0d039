"""All SQL for inventory items, levels and reservations (availability is in `availability.py`)."""

from collections.abc import Iterable

from sqlalchemy import Table, delete, func, select, update
from sqlalchemy.ext.asyncio import AsyncSession

from restock.kit.repository import page
from restock.models import InventoryItem, InventoryLevel, ReservationItem


async def sku_taken(session: AsyncSession, sku: str, except_id: str | None = None) -> bool:
    query = select(InventoryItem.id).where(InventoryItem.sku == sku)
    if except_id is not None:
        query = query.where(InventoryItem.id != except_id)
    return await session.scalar(query.limit(1)) is not None


async def list_items(
    session: AsyncSession, *, limit: int, offset: int, sku: str | None, q: str | None
) -> tuple[list[InventoryItem], int]:
    query = select(InventoryItem)
    if sku is not None:
        query = query.where(InventoryItem.sku == sku)
    if q:
        pattern = f"%{q.lower()}%"
        query = query.where(
            func.lower(func.coalesce(InventoryItem.title, "")).like(pattern)
            | func.lower(func.coalesce(InventoryItem.sku, "")).like(pattern)
        )
    return await page(session, query, (InventoryItem.id,), limit, offset)


async def levels_of(
    session: AsyncSession, item_ids: Iterable[str]
) -> dict[str, list[InventoryLevel]]:
    rows = await session.scalars(
        select(InventoryLevel)
        .where(InventoryLevel.inventory_item_id.in_(set(item_ids)))
        .order_by(InventoryLevel.id)
        # Reservations change levels with UPDATE statements; never answer from stale objects.
        .execution_options(populate_existing=True)
    )
    found: dict[str, list[InventoryLevel]] = {}
    for level in rows:
        found.setdefault(level.inventory_item_id, []).append(level)
    return found


async def level_at(session: AsyncSession, item_id: str, location_id: str) -> InventoryLevel | None:
    level: InventoryLevel | None = await session.scalar(
        select(InventoryLevel).where(
            InventoryLevel.inventory_item_id == item_id, InventoryLevel.location_id == location_id
        )
    )
    return level


async def reserve(session: AsyncSession, item_id: str, location_id: str, quantity: int) -> bool:
    """Adds to the level's reserved quantity only if that much is available: race-free."""
    level = InventoryLevel.__table__
    assert isinstance(level, Table)
    result = await session.execute(
        update(level)
        .where(
            level.c.inventory_item_id == item_id,
            level.c.location_id == location_id,
            level.c.stocked_quantity - level.c.reserved_quantity >= quantity,
        )
        .values(reserved_quantity=level.c.reserved_quantity + quantity)
        .returning(level.c.id)
    )
    return result.first() is not None


async def release(session: AsyncSession, item_id: str, location_id: str, quantity: int) -> None:
    level = InventoryLevel.__table__
    assert isinstance(level, Table)
    await session.execute(
        update(level)
        .where(level.c.inventory_item_id == item_id, level.c.location_id == location_id)
        .values(
            reserved_quantity=func.max(level.c.reserved_quantity - quantity, 0)
            if session.get_bind().dialect.name == "sqlite"
            else func.greatest(level.c.reserved_quantity - quantity, 0)
        )
    )


async def remove_item(session: AsyncSession, item_id: str) -> None:
    await session.execute(delete(InventoryItem).where(InventoryItem.id == item_id))


async def remove_level(session: AsyncSession, level_id: str) -> None:
    await session.execute(delete(InventoryLevel).where(InventoryLevel.id == level_id))


async def remove_reservation(session: AsyncSession, reservation_id: str) -> None:
    await session.execute(delete(ReservationItem).where(ReservationItem.id == reservation_id))

"""All SQL for sales channels."""

from collections.abc import Iterable
from typing import Any

from sqlalchemy import delete, select
from sqlalchemy.ext.asyncio import AsyncSession

from restock.kit.repository import page
from restock.kit.sql import upsert
from restock.models import SalesChannel


async def list_page(
    session: AsyncSession, *, limit: int, offset: int, name: str | None = None
) -> tuple[list[SalesChannel], int]:
    query = select(SalesChannel)
    if name is not None:
        query = query.where(SalesChannel.name == name)
    return await page(session, query, (SalesChannel.id,), limit, offset)


async def names(session: AsyncSession, ids: Iterable[str]) -> dict[str, str]:
    rows = await session.execute(
        select(SalesChannel.id, SalesChannel.name).where(SalesChannel.id.in_(set(ids)))
    )
    return {row.id: row.name for row in rows}


async def remove(session: AsyncSession, channel_id: str) -> None:
    await session.execute(delete(SalesChannel).where(SalesChannel.id == channel_id))


# Links from other resources (API keys, stock locations, products) to sales channels. Each link
# table has a column naming the owner and a `sales_channel_id` column.


async def channels_linked(
    session: AsyncSession, owner_column: Any, owner_ids: Iterable[str]
) -> dict[str, list[dict[str, str]]]:
    link = owner_column.table
    rows = await session.execute(
        select(owner_column.label("owner_id"), SalesChannel.id, SalesChannel.name)
        .join(SalesChannel, SalesChannel.id == link.c.sales_channel_id)
        .where(owner_column.in_(set(owner_ids)))
        .order_by(SalesChannel.id)
    )
    found: dict[str, list[dict[str, str]]] = {}
    for row in rows:
        found.setdefault(row.owner_id, []).append({"id": row.id, "name": row.name})
    return found


async def link_channels(
    session: AsyncSession,
    owner_column: Any,
    owner_id: str,
    channel_ids: Iterable[str],
    **extra: Any,
) -> None:
    values = [
        {owner_column.key: owner_id, "sales_channel_id": c, **extra}
        for c in dict.fromkeys(channel_ids)
    ]
    if values:
        statement = upsert(session, owner_column.table).values(values).on_conflict_do_nothing()
        await session.execute(statement)


async def unlink_channels(
    session: AsyncSession,
    owner_column: Any,
    owner_id: str,
    channel_ids: Iterable[str] | None = None,
) -> None:
    """Remove the given links of one owner, or all of them when `channel_ids` is None."""
    link = owner_column.table
    statement = delete(link).where(owner_column == owner_id)
    if channel_ids is not None:
        statement = statement.where(link.c.sales_channel_id.in_(set(channel_ids)))
    await session.execute(statement)

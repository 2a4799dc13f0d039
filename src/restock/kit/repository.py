"""SQL that every domain's repository needs in the same shape: a row by id or a 404, which of
some ids exist, and a page of a query with the total count."""

from collections.abc import Iterable
from typing import Any, TypeVar

from sqlalchemy import Select, func, select
from sqlalchemy.ext.asyncio import AsyncSession

from restock.errors import NotFound

M = TypeVar("M")


async def get_or_404(session: AsyncSession, model: type[M], row_id: str, label: str) -> M:
    """The row, or NotFound worded as Medusa words it ("<label> with id: <id> was not found")."""
    row = await session.get(model, row_id)
    if row is None:
        raise NotFound(f"{label} with id: {row_id} was not found")
    return row


async def missing_ids(session: AsyncSession, id_column: Any, ids: Iterable[str]) -> list[str]:
    """Those of `ids` (in their order, once each) with no row, in one query."""
    wanted = list(dict.fromkeys(ids))
    if not wanted:
        return []
    found = set(await session.scalars(select(id_column).where(id_column.in_(wanted))))
    return [i for i in wanted if i not in found]


async def page(
    session: AsyncSession, query: Select[Any], order_by: Iterable[Any], limit: int, offset: int
) -> tuple[list[Any], int]:
    """One page of `query`'s rows in the given order, and how many rows it has in all."""
    count = await session.scalar(select(func.count()).select_from(query.subquery()))
    rows = await session.scalars(query.order_by(*order_by).limit(limit).offset(offset))
    return list(rows), count or 0

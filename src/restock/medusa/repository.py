"""All SQL of the mirror: rows are written only where they differ from what is held, so a
second pull of an unchanged store writes nothing, and what did change comes back to the caller
(for the restock check)."""

from collections.abc import Iterable, Sequence
from datetime import datetime
from typing import Any

from sqlalchemy import (
    Select,
    String,
    Table,
    bindparam,
    cast,
    delete,
    func,
    or_,
    select,
    true,
    tuple_,
    update,
)
from sqlalchemy.dialects.postgresql import ARRAY
from sqlalchemy.ext.asyncio import AsyncSession

from restock.kit.sql import upsert
from restock.models import MedusaMirror

_BATCH = 500  # rows per statement: SQLite takes at most 32,766 parameters in one


def _batches(rows: Sequence[Any]) -> Iterable[Sequence[Any]]:
    for start in range(0, len(rows), _BATCH):
        yield rows[start : start + _BATCH]


def rows_where(
    dialect: str, table: Table, column: str, values: Sequence[str], *columns: Any
) -> Select[Any]:
    """The rows whose `column` is one of `values`.

    On PostgreSQL an `IN` list is planned from the table's statistics, and with stale ones (a
    table that grew since its last ANALYZE, as a first import leaves it) as a scan of every row.
    Here each value is looked up on its own, an equality on the indexed column, which is the
    cheapest plan whatever the statistics say: the values are a table, each joined laterally to
    its rows (OFFSET 0 keeps the planner from flattening the lookup into one join)."""
    if dialect != "postgresql":
        return select(*columns).where(table.c[column].in_(values))
    given = cast(bindparam("values", list(values)), ARRAY(String))
    wanted = func.unnest(given).table_valued("value").render_derived(name="wanted")
    held = select(*columns).where(table.c[column] == wanted.c.value).offset(0).lateral("held")
    return select(*held.c).select_from(wanted.join(held, true()))


def _dialect(session: AsyncSession) -> str:
    return session.get_bind().dialect.name


async def write_rows(
    session: AsyncSession,
    table: Table,
    rows: Sequence[dict[str, Any]],
    keys: Sequence[str] = ("id",),
    returning: str = "id",
) -> set[str]:
    """Insert the rows, or update those that differ; the `returning` column of every row
    inserted or changed."""
    changed: set[str] = set()
    if not rows:
        return changed
    # One statement, compiled once and cached, run for many parameter sets: SQLAlchemy sends
    # them as multi-row VALUES pages without compiling each page anew.
    statement = upsert(session, table)
    excluded = statement.excluded
    columns = [c for c in rows[0] if c not in keys]
    if columns:
        statement = statement.on_conflict_do_update(
            index_elements=list(keys),
            set_={c: excluded[c] for c in columns},
            where=or_(*(table.c[c].is_distinct_from(excluded[c]) for c in columns)),
        )
    else:
        statement = statement.on_conflict_do_nothing(index_elements=list(keys))
    statement = statement.returning(table.c[returning])
    for batch in _batches(rows):
        changed.update((await session.execute(statement, list(batch))).scalars())
    return changed


async def remove_children(
    session: AsyncSession,
    table: Table,
    parent: str,
    parent_ids: Iterable[str],
    keep: Iterable[tuple[Any, ...]],
    keys: Sequence[str],
) -> set[tuple[Any, ...]]:
    """Delete the rows of these parents that are not in `keep` (key tuples); the deleted
    rows as (parent, *keys)."""
    parents = list(set(parent_ids))
    kept = set(keep)
    removed: set[tuple[Any, ...]] = set()
    key_columns = [table.c[k] for k in keys]
    for batch in _batches(parents):
        held = await session.execute(
            rows_where(_dialect(session), table, parent, batch, table.c[parent], *key_columns)
        )
        gone = [tuple(row) for row in held if tuple(row[1:]) not in kept]
        for chunk in _batches(gone):
            await session.execute(
                delete(table).where(tuple_(*key_columns).in_([row[1:] for row in chunk]))
            )
        removed.update(gone)
    return removed


async def ids_with(
    session: AsyncSession, table: Table, column: str, values: Iterable[str], other: str
) -> list[tuple[str, str]]:
    """(id, `other` column) of the rows whose `column` is one of `values`."""
    found: list[tuple[str, str]] = []
    for batch in _batches(list(set(values))):
        query = rows_where(_dialect(session), table, column, batch, table.c.id, table.c[other])
        found.extend((row_id, value) for row_id, value in await session.execute(query))
    return found


async def displace(
    session: AsyncSession, table: Table, column: str, rows: Sequence[dict[str, Any]]
) -> None:
    """Delete rows of other ids that hold a unique value these rows take: the store gave the
    value to a new row, so the old holder is gone there."""
    wanted = {row[column]: row["id"] for row in rows if row.get(column) is not None}
    for batch in _batches(list(wanted)):
        held = await session.execute(
            rows_where(_dialect(session), table, column, batch, table.c.id, table.c[column])
        )
        stale = [row_id for row_id, value in held if wanted[value] != row_id]
        if stale:
            await session.execute(delete(table).where(table.c.id.in_(stale)))


async def existing(session: AsyncSession, table: Table, ids: Iterable[str]) -> set[str]:
    found: set[str] = set()
    for batch in _batches(list(set(ids))):
        found.update(
            await session.scalars(rows_where(_dialect(session), table, "id", batch, table.c.id))
        )
    return found


async def held_ids(session: AsyncSession, table: Table, *where: Any) -> set[str]:
    return set(await session.scalars(select(table.c.id).where(*where)))


async def remove(session: AsyncSession, table: Table, ids: Iterable[str]) -> None:
    for batch in _batches(list(ids)):
        await session.execute(delete(table).where(table.c.id.in_(batch)))


async def resume_offset(session: AsyncSession, resource: str) -> int:
    """Where an import of the resource that stopped part-way goes on (0: from the start)."""
    row = await session.get(MedusaMirror, resource)
    return row.next_offset if row is not None else 0


async def state(session: AsyncSession, resource: str) -> MedusaMirror:
    row = await session.get(MedusaMirror, resource)
    if row is None:
        row = MedusaMirror(resource=resource, next_offset=0)
        session.add(row)
    return row


async def bump(session: AsyncSession, resources: Iterable[str]) -> dict[str, int]:
    """Tell every process that these resources' rows changed; their new generations."""
    moved = await session.execute(
        update(MedusaMirror)
        .where(MedusaMirror.resource.in_(list(resources)))
        .values(generation=MedusaMirror.generation + 1)
        .returning(MedusaMirror.resource, MedusaMirror.generation)
    )
    return {resource: generation for resource, generation in moved}


async def states(session: AsyncSession) -> list[MedusaMirror]:
    return list(await session.scalars(select(MedusaMirror).order_by(MedusaMirror.resource)))


async def oldest_pull(session: AsyncSession) -> datetime | None:
    """When the least recently pulled resource was last pulled in full."""
    pulled = [row.pulled_at for row in await states(session)]
    if not pulled or None in pulled:
        return None
    return min(p for p in pulled if p is not None)

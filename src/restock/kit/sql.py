"""SQL helpers that differ by dialect."""

from typing import Any

from sqlalchemy.dialects.postgresql import insert as pg_insert
from sqlalchemy.dialects.sqlite import insert as sqlite_insert
from sqlalchemy.ext.asyncio import AsyncSession


def upsert_for(dialect: str, table: Any) -> Any:
    """`INSERT` with `ON CONFLICT` support for a dialect (PostgreSQL or SQLite)."""
    return (pg_insert if dialect == "postgresql" else sqlite_insert)(table)


def upsert(session: AsyncSession, table: Any) -> Any:
    """`INSERT` with `ON CONFLICT` support for the session's dialect."""
    return upsert_for(session.get_bind().dialect.name, table)

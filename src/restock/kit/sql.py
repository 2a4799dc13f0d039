"""SQL helpers that differ by dialect."""

from typing import Any

from sqlalchemy.dialects.postgresql import insert as pg_insert
from sqlalchemy.dialects.sqlite import insert as sqlite_insert
from sqlalchemy.ext.asyncio import AsyncSession


def upsert(session: AsyncSession, table: Any) -> Any:
    """`INSERT` with `ON CONFLICT` support for the session's dialect (PostgreSQL or SQLite)."""
    bind = session.get_bind()
    return (pg_insert if bind.dialect.name == "postgresql" else sqlite_insert)(table)

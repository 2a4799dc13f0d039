"""Throwaway PostgreSQL databases: created, migrated, dropped afterwards."""

import asyncio
from collections.abc import Iterator
from contextlib import contextmanager

import asyncpg
from sqlalchemy.engine import make_url

from restock.config import Settings
from restock.db import Database
from restock.migrate import upgrade


@contextmanager
def throwaway_database(server_url: str, name: str) -> Iterator[str]:
    """A fresh, migrated database named `name` on the server of `server_url` (any database
    URL of that server); yields its SQLAlchemy URL and drops the database afterwards."""
    server = make_url(server_url)
    admin_dsn = server.set(drivername="postgresql", database="postgres").render_as_string(False)

    async def admin(sql: str) -> None:
        connection = await asyncpg.connect(admin_dsn)
        try:
            await connection.execute(sql)
        finally:
            await connection.close()

    async def migrate(url: str) -> None:
        database = Database(Settings(database_url=url))
        async with database.engine.begin() as connection:
            await connection.run_sync(upgrade)
        await database.dispose()

    asyncio.run(admin(f"DROP DATABASE IF EXISTS {name} WITH (FORCE)"))
    asyncio.run(admin(f"CREATE DATABASE {name}"))
    url = server.set(drivername="postgresql+asyncpg", database=name).render_as_string(False)
    try:
        asyncio.run(migrate(url))
        yield url
    finally:
        asyncio.run(admin(f"DROP DATABASE IF EXISTS {name} WITH (FORCE)"))

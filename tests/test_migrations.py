"""Migrations go up, down and up again on SQLite; PostgreSQL runs them in the database fixture,
and on both the migrated schema equals the models."""

from pathlib import Path
from typing import Any

from alembic import command
from alembic.autogenerate import compare_metadata
from alembic.runtime.migration import MigrationContext
from sqlalchemy import create_engine, inspect
from sqlalchemy.engine import Connection

from restock.db import Database
from restock.migrate import alembic_config
from restock.models import Base


def test_up_down_up_matches_the_models(tmp_path: Path) -> None:
    engine = create_engine(f"sqlite:///{tmp_path / 'm.db'}")
    with engine.begin() as connection:
        config = alembic_config(connection)
        command.upgrade(config, "head")
        command.downgrade(config, "base")
        assert inspect(connection).get_table_names() == ["alembic_version"]
        command.upgrade(config, "head")
        tables = set(inspect(connection).get_table_names()) - {"alembic_version"}
    assert tables == set(Base.metadata.tables)


def _drift(connection: Connection) -> list[Any]:
    context = MigrationContext.configure(connection, opts={"compare_type": True})
    return list(compare_metadata(context, Base.metadata))


async def test_the_migrated_schema_is_the_models(database: Database) -> None:
    """Columns, types, nullability, indexes (partial ones included) and constraints, on each
    database: a model changed without a migration, or the reverse, fails here."""
    async with database.engine.connect() as connection:
        assert await connection.run_sync(_drift) == []

"""Migrations go up, down and up again on SQLite; PostgreSQL runs them in the database fixture."""

from pathlib import Path

from alembic import command
from sqlalchemy import create_engine, inspect

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

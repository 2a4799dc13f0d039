"""Fixtures: a real database per backend (SQLite always, PostgreSQL when
RESTOCK_TEST_DATABASE_URL is set), the app over real ASGI HTTP, and an admin."""

import os
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from pathlib import Path
from typing import Any

import pytest
from sqlalchemy import text

from restock.app import create_app
from restock.auth.tokens import issue
from restock.config import Settings
from restock.db import Database
from restock.events.bus import LocalEventBus
from restock.migrate import upgrade
from restock.models import Base
from restock.users.service import user_service
from tests.factories import AppClient, Recorder, Shop

PG_URL = os.environ.get("RESTOCK_TEST_DATABASE_URL")
BACKENDS = ["sqlite"] + (["postgresql"] if PG_URL else [])
ADMIN_EMAIL = "admin@example.com"
ADMIN_PASSWORD = "correct-horse-battery"


def make_settings(url: str) -> Settings:
    # No background dispatcher or scheduler unless a test asks: tests drive sends with
    # `Shop.settle()`, so nothing runs behind their back (statement counts stay exact).
    # A new subscription's re-check runs at once, as a test's next step expects.
    return Settings(
        env="test",
        database_url=url,
        jwt_secret="test-secret-" + "x" * 32,
        dispatcher_enabled=False,
        scheduler_enabled=False,
        recheck_delay_ms=0,
    )


@pytest.fixture(scope="session", params=BACKENDS)
async def database(
    request: pytest.FixtureRequest, tmp_path_factory: pytest.TempPathFactory
) -> AsyncIterator[Database]:
    if request.param == "sqlite":
        path: Path = tmp_path_factory.mktemp("sqlite") / "restock.db"
        url = f"sqlite+aiosqlite:///{path}"
    else:
        assert PG_URL is not None
        url = PG_URL
    db = Database(make_settings(url))
    async with db.engine.begin() as connection:
        if db.engine.dialect.name == "postgresql":
            await connection.execute(text("DROP SCHEMA public CASCADE"))
            await connection.execute(text("CREATE SCHEMA public"))
        await connection.run_sync(upgrade)
    yield db
    await db.dispose()


@pytest.fixture
async def db(database: Database) -> AsyncIterator[Database]:
    """The database with every table empty and a fresh event bus."""
    async with database.engine.begin() as connection:
        tables = [t.name for t in reversed(Base.metadata.sorted_tables)]
        if database.engine.dialect.name == "postgresql":
            await connection.execute(text("TRUNCATE " + ", ".join(f'"{t}"' for t in tables)))
        else:
            for table in tables:
                await connection.execute(text(f'DELETE FROM "{table}"'))
    database.bus = LocalEventBus()
    yield database
    await database.bus.drain()


@pytest.fixture
def events(db: Database) -> Recorder:
    recorder = Recorder()
    recorder.attach(db.bus)
    return recorder


@asynccontextmanager
async def serve(db: Database, **overrides: Any) -> AsyncIterator[AppClient]:
    """The app on this database, with settings overridden, behind an HTTP client."""
    app = create_app(db.settings.model_copy(update=overrides), db)
    async with app.router.lifespan_context(app), AppClient(app) as c:
        yield c


@pytest.fixture
async def client(db: Database) -> AsyncIterator[AppClient]:
    async with serve(db) as c:
        yield c


@pytest.fixture
async def admin_token(db: Database) -> str:
    async with db.transaction() as session:
        user, _ = await user_service.create(session, ADMIN_EMAIL, ADMIN_PASSWORD)
        identity_id = user.id
    return issue(db.settings, "user", identity_id, "authid_test")


@pytest.fixture
def shop(client: AppClient, admin_token: str) -> Shop:
    return Shop(client, admin_token)

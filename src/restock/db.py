"""Engine, sessions and the transaction edge: the only place that commits.

A request, a job run or a CLI command opens one transaction with `Database.transaction()`. On
success it commits and only then publishes the events the services recorded; on error it rolls
back and nothing is published.
"""

import asyncio
import logging
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from typing import Annotated, Any

from fastapi import Depends, Request
from sqlalchemy import event, exc, text
from sqlalchemy.ext.asyncio import (
    AsyncEngine,
    AsyncSession,
    async_sessionmaker,
    create_async_engine,
)

from restock.config import Settings
from restock.events.bus import EventBus, LocalEventBus
from restock.events.redis_bus import RedisEventBus
from restock.events.types import take_pending
from restock.metrics import count_committed

log = logging.getLogger(__name__)
PING_SECONDS = 2.0  # a readiness probe must answer before its own timeout


def _sqlite_pragmas(dbapi_connection: Any, _record: Any) -> None:
    cursor = dbapi_connection.cursor()
    cursor.execute("PRAGMA foreign_keys=ON")
    cursor.execute("PRAGMA journal_mode=WAL")
    cursor.execute("PRAGMA busy_timeout=5000")
    cursor.close()


def create_engine(settings: Settings) -> AsyncEngine:
    if settings.is_sqlite:
        engine = create_async_engine(settings.database_url)
        event.listen(engine.sync_engine, "connect", _sqlite_pragmas)
        return engine
    return create_async_engine(
        settings.database_url,
        # No overflow: an overflow connection is closed when returned, and opening PostgreSQL
        # connections under load costs more than waiting a moment for a pooled one.
        pool_size=settings.database_pool_size,
        max_overflow=0,
        connect_args={
            "timeout": 5,  # fail fast when the server is gone: readiness says 503
            # Compiling a plan to machine code pays off for long analytical queries; detection
            # over a million subscriptions lost more time compiling (80 ms) than it won.
            "server_settings": {"jit": "off"},
        },
        # The transaction edge always commits or rolls back; a reset on return is a wasted trip.
        pool_reset_on_return=None,
    )


def lost_connection(error: BaseException) -> bool:
    """Whether an error means the database could not be reached (not that a statement failed)."""
    if isinstance(error, exc.DBAPIError):
        return error.connection_invalidated or isinstance(
            error, exc.OperationalError | exc.InterfaceError
        )
    return isinstance(error, exc.TimeoutError | OSError)  # pool timeout; refused, reset, DNS


def create_bus(settings: Settings) -> EventBus:
    """Redis Streams when several processes share the work, in-process otherwise."""
    if settings.redis_url:
        return RedisEventBus(
            settings.redis_url, claim_idle_ms=int(settings.event_redelivery_seconds * 1000)
        )
    return LocalEventBus()


class Database:
    def __init__(self, settings: Settings, bus: EventBus | None = None) -> None:
        self.settings = settings
        self.engine = create_engine(settings)
        self.sessions = async_sessionmaker(self.engine, expire_on_commit=False, autoflush=False)
        self.bus: EventBus = bus or create_bus(settings)

    @asynccontextmanager
    async def transaction(self) -> AsyncIterator[AsyncSession]:
        async with self.sessions() as session:
            try:
                yield session
                await session.commit()
            except BaseException:
                await session.rollback()
                take_pending(session)
                raise
            events = take_pending(session)
            count_committed(events)
            try:
                await self.bus.publish(events)
            except Exception:
                # The data is committed; failing the caller now would report a lie. What these
                # events would have triggered, the scheduled restock check catches up on.
                log.exception("publishing events failed after commit; they are lost")

    @asynccontextmanager
    async def dry_run(self) -> AsyncIterator[AsyncSession]:
        """A transaction that is always rolled back, its events dropped: work that shows what
        it would do and writes nothing."""
        async with self.sessions() as session:
            try:
                yield session
            finally:
                await session.rollback()
                take_pending(session)

    async def ping(self) -> bool:
        try:
            async with asyncio.timeout(PING_SECONDS), self.engine.connect() as connection:
                await connection.execute(text("SELECT 1"))
        except Exception as error:
            log.warning("database unreachable: %r", error)
            return False
        return True

    async def dispose(self) -> None:
        await self.bus.close()
        await self.engine.dispose()


async def _request_session(request: Request) -> AsyncIterator[AsyncSession]:
    database: Database = request.app.state.db
    async with database.transaction() as session:
        yield session


# scope="function": the commit runs before the response is sent, so a failed commit is an error
# answer, never a 200 for data that was not stored.
Session = Annotated[AsyncSession, Depends(_request_session, scope="function")]


async def _app_database(request: Request) -> Database:
    database: Database = request.app.state.db
    return database


# For work that runs its own transactions (a restock check run from the admin API).
AppDatabase = Annotated[Database, Depends(_app_database)]

"""The Redis Streams bus against this machine's Redis (RESTOCK_TEST_REDIS_URL, set by CI)."""

import asyncio
import os
from collections.abc import AsyncIterator, Callable
from typing import Any
from uuid import uuid4

import pytest

from restock.config import Settings
from restock.db import Database
from restock.events import Changed, Event, EventName, record
from restock.events.redis_bus import PAGE, RedisEventBus

REDIS_URL = os.environ.get("RESTOCK_TEST_REDIS_URL")
pytestmark = pytest.mark.skipif(REDIS_URL is None, reason="RESTOCK_TEST_REDIS_URL is not set")
NAME = EventName.PRODUCT_UPDATED


@pytest.fixture
async def make_bus() -> AsyncIterator[Callable[..., RedisEventBus]]:
    """Buses on a stream of this test's own; all closed, and the stream removed, afterwards."""
    assert REDIS_URL is not None
    stream, buses = f"restock-test:{uuid4().hex}", []

    def make(claim_idle_ms: int = 30_000) -> RedisEventBus:
        assert REDIS_URL is not None
        bus = RedisEventBus(REDIS_URL, stream=stream, block_ms=50, claim_idle_ms=claim_idle_ms)
        buses.append(bus)
        return bus

    yield make
    await buses[0].redis.delete(stream)
    for bus in buses:
        await bus.close()


def _collect(bus: RedisEventBus, seen: list[str]) -> None:
    async def handler(event: Event) -> None:
        seen.append(event.data["id"])

    bus.subscribe(NAME, handler)


async def test_published_events_reach_the_handler_in_order(
    make_bus: Callable[..., RedisEventBus],
) -> None:
    bus, seen = make_bus(), list[str]()
    _collect(bus, seen)
    await bus.start()
    await bus.publish([Event(NAME, {"id": f"p{i}"}) for i in range(5)])
    await bus.drain()
    assert seen == ["p0", "p1", "p2", "p3", "p4"]


async def test_two_consumers_in_the_group_handle_each_event_once(
    make_bus: Callable[..., RedisEventBus],
) -> None:
    first, second, seen = make_bus(), make_bus(), list[str]()
    for bus in (first, second):
        _collect(bus, seen)
        await bus.start()
    await first.publish([Event(NAME, {"id": f"p{i}"}) for i in range(40)])
    await first.drain()
    assert sorted(seen) == sorted(f"p{i}" for i in range(40))


async def test_a_failed_handler_gets_the_event_again(
    make_bus: Callable[..., RedisEventBus],
) -> None:
    bus, attempts = make_bus(claim_idle_ms=100), []

    async def flaky(event: Event) -> None:
        attempts.append(event.data["id"])
        if len(attempts) == 1:
            raise RuntimeError("first try fails")

    bus.subscribe(NAME, flaky)
    await bus.start()
    await bus.publish([Event(NAME, {"id": "p1"})])
    await bus.drain()
    assert attempts == ["p1", "p1"]


async def _left_by_a_dead_consumer(bus: RedisEventBus, ids: list[str]) -> int:
    """Publish events with these ids; a consumer reads them all and dies before acknowledging
    them. The number it read."""
    await bus.redis.xgroup_create(bus.stream, bus.group, id="$", mkstream=True)
    await bus.publish([Event(NAME, {"id": i}) for i in ids])
    taken: list[tuple[str, list[Any]]] = await bus.redis.xreadgroup(
        bus.group, "dead-consumer", {bus.stream: ">"}, count=len(ids)
    )  # type: ignore[assignment]  # redis-py types both of its reply shapes
    return len(taken[0][1])


async def test_events_a_dead_consumer_took_are_claimed_by_another(
    make_bus: Callable[..., RedisEventBus],
) -> None:
    survivor, seen = make_bus(claim_idle_ms=100), list[str]()
    _collect(survivor, seen)
    assert await _left_by_a_dead_consumer(survivor, ["p1", "p2"]) == 2
    await survivor.start()
    await asyncio.sleep(0.3)
    await survivor.drain()
    assert sorted(seen) == ["p1", "p2"]


async def test_a_dead_consumers_backlog_is_taken_over_page_after_page_at_once(
    make_bus: Callable[..., RedisEventBus],
) -> None:
    survivor, seen = make_bus(claim_idle_ms=1500), list[str]()
    _collect(survivor, seen)
    ids = [f"p{i}" for i in range(PAGE * 2 + 10)]
    assert await _left_by_a_dead_consumer(survivor, ids) == len(ids)
    await asyncio.sleep(1.6)  # the dead consumer's messages are now idle long enough
    await survivor.start()
    # All three pages in one go, not one page per half idle time (0.75 s).
    await asyncio.sleep(0.5)
    assert sorted(seen) == sorted(ids)


async def test_transaction_publishes_to_redis_after_commit(
    make_bus: Callable[..., RedisEventBus], db: Database
) -> None:
    bus, seen = make_bus(), list[str]()
    _collect(bus, seen)
    await bus.start()
    database = Database(db.settings, bus)
    async with database.transaction() as session:
        record(session, NAME, Changed("committed"))
    with pytest.raises(RuntimeError):
        async with database.transaction() as session:
            record(session, NAME, Changed("rolled-back"))
            raise RuntimeError("boom")
    await bus.drain()
    assert seen == ["committed"]
    await database.engine.dispose()


async def test_an_unreachable_redis_loses_events_not_data(db: Database) -> None:
    from sqlalchemy import func, select

    from restock.models import SalesChannel
    from restock.sales_channels.schemas import SalesChannelCreate
    from restock.sales_channels.service import sales_channel_service

    settings = Settings(database_url=db.settings.database_url, redis_url="redis://127.0.0.1:1/0")
    database = Database(settings)
    async with database.transaction() as session:  # the publish after commit fails: logged
        await sales_channel_service.create(session, SalesChannelCreate(name="kept"))
    async with database.transaction() as session:
        assert await session.scalar(select(func.count()).select_from(SalesChannel)) == 1
    await database.dispose()


async def test_a_publishing_only_bus_leaves_its_events_to_the_consumers(
    make_bus: Callable[..., RedisEventBus],
) -> None:
    api, api_seen = make_bus(), list[str]()
    _collect(api, api_seen)
    await api.start(consume=False)
    await api.publish([Event(NAME, {"id": "from-api"})])
    worker, worker_seen = make_bus(), list[str]()
    _collect(worker, worker_seen)
    await worker.start()
    await worker.drain()
    assert (api_seen, worker_seen) == ([], ["from-api"])


async def test_stop_ends_the_reader_even_when_redis_swallows_the_cancellation(
    make_bus: Callable[..., RedisEventBus],
) -> None:
    """redis-py can swallow a cancellation that lands in a blocking read; stopping must still
    end the reading loop, every time."""
    bus = make_bus()
    for i in range(40):
        await bus.start()
        await asyncio.sleep(i % 8 / 1000)  # land the cancellation at different points
        async with asyncio.timeout(2):
            await bus.stop()
        readers = [t for t in asyncio.all_tasks() if "_consume" in repr(t.get_coro())]
        assert readers == [], f"cycle {i}: the reader still runs"

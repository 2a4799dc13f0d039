"""Events reach subscribers only after the transaction that recorded them commits."""

import asyncio

import pytest

from restock.db import Database
from restock.events import Changed, Event, EventName, StockChanged, record
from restock.events.bus import LocalEventBus
from restock.events.types import take_pending
from restock.sales_channels.schemas import SalesChannelCreate
from restock.sales_channels.service import sales_channel_service
from tests.factories import Recorder, Shop


async def test_delivered_after_commit_only(db: Database, events: Recorder) -> None:
    async with db.transaction() as session:
        channel = await sales_channel_service.create(session, SalesChannelCreate(name="A"))
        await asyncio.sleep(0)
        assert events.events == []  # not yet committed: nothing delivered
    await db.bus.drain()
    assert events.of("sales-channel.created") == [{"id": channel.id}]


async def test_rolled_back_transaction_delivers_nothing_and_stores_nothing(
    shop: Shop, db: Database, events: Recorder
) -> None:
    with pytest.raises(RuntimeError):
        async with db.transaction() as session:
            await sales_channel_service.create(session, SalesChannelCreate(name="Lost"))
            raise RuntimeError("boom")
    await db.bus.drain()
    assert events.events == []
    assert (await shop.get("/admin/sales-channels"))["count"] == 0


async def test_failed_request_delivers_nothing(shop: Shop, events: Recorder) -> None:
    # The channel would be created, then the unknown location fails the request: all rolled back.
    await shop.post("/admin/stock-locations/sloc_missing/sales-channels", {"add": []}, code=404)
    await shop.post(
        "/admin/products", {"title": "x", "sales_channels": [{"id": "sc_no"}]}, code=400
    )
    await shop.client.get("/health")
    assert events.events == []
    assert (await shop.get("/admin/products"))["count"] == 0


async def test_a_failing_handler_does_not_stop_the_others() -> None:
    bus = LocalEventBus()
    seen: list[str] = []

    async def broken(event: Event) -> None:
        raise ValueError("handler bug")

    async def fine(event: Event) -> None:
        seen.append(event.data["id"])

    bus.subscribe(EventName.PRODUCT_UPDATED, broken)
    bus.subscribe(EventName.PRODUCT_UPDATED, fine)
    await bus.publish([Event(EventName.PRODUCT_UPDATED, {"id": "prod_1"})])
    await bus.drain()
    assert seen == ["prod_1"]


async def test_record_queues_in_order(db: Database, events: Recorder) -> None:
    async with db.transaction() as session:
        record(session, EventName.PRODUCT_CREATED, Changed("p1"))
        record(session, EventName.PRODUCT_UPDATED, Changed("p1"))
    await db.bus.drain()
    assert events.names() == ["product.created", "product.updated"]


async def test_payloads_are_typed_by_event_name(db: Database) -> None:
    """An event carries the payload its name says, and reads back as that type."""
    async with db.transaction() as session:
        with pytest.raises(TypeError, match="carries StockChanged, not Changed"):
            record(session, EventName.INVENTORY_LEVEL_UPDATED, Changed("ilev_1"))
        record(
            session,
            EventName.INVENTORY_LEVEL_UPDATED,
            StockChanged("ilev_1", "iitem_1", "sloc_1"),
        )
        [event] = take_pending(session)
    assert event.data == {"id": "ilev_1", "inventory_item_id": "iitem_1", "location_id": "sloc_1"}
    assert event.payload(StockChanged).inventory_item_id == "iitem_1"
    with pytest.raises(TypeError):
        event.payload(Changed)

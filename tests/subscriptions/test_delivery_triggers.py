"""Detection and delivery without anyone running a check: woken by events (in-process and
through Redis Streams), by the schedule, by re-checks after subscribing; fair release; and
addresses and titles that must not stop an email."""

import asyncio
import time
from datetime import UTC, datetime

import pytest
from sqlalchemy import update

from restock.db import Database
from restock.events import Event, EventName
from restock.models import InventoryLevel
from restock.subscriptions.check import check_restock
from tests.smtp_sink import SmtpSink
from tests.subscriptions.conftest import Scene, mail_scene
from tests.subscriptions.test_delivery import REDIS_URL, _restock


async def test_event_driven_delivery_without_any_manual_run(db: Database, admin_token: str) -> None:
    """The running app's own dispatcher sends, woken by the restock, well before its poll."""

    async with mail_scene(db, admin_token, dispatcher_enabled=True) as (scene, sink):
        await scene.subscribe({"variant_id": scene.sold_out, "email": "live@x.io"})
        items = await scene.shop.items_of(scene.product["id"])
        started = time.monotonic()
        await scene.shop.stock(items[scene.sold_out], scene.location["id"], 1)
        # The sink runs on its own thread: poll it, bounded.
        while not sink.messages and time.monotonic() - started < 2:  # noqa: ASYNC110
            await asyncio.sleep(0.02)
        assert sink.to() == ["live@x.io"]


async def test_the_scheduled_check_catches_a_restock_no_event_reported(
    mail: tuple[Scene, SmtpSink], db: Database
) -> None:

    scene, sink = mail
    await scene.subscribe({"variant_id": scene.sold_out, "email": "cron@x.io"})
    async with db.transaction() as session:  # stock changed behind the API: no event
        await session.execute(update(InventoryLevel).values(stocked_quantity=4))
    runtime = scene.shop.client.app.state.restock
    schedules = {s.name: s for s in runtime.scheduler.schedules}
    assert set(schedules) == {"check-restock", "refresh-demand", "retention"}
    schedule = schedules["check-restock"]
    assert schedule.cron == "0 0 * * *"
    assert await runtime.scheduler.run_tick(schedule, datetime(2026, 11, 24, tzinfo=UTC))
    await scene.shop.settle()
    assert sink.to() == ["cron@x.io"]


async def test_a_subscription_committed_after_the_restock_check_is_told(
    mail: tuple[Scene, SmtpSink], db: Database
) -> None:
    """The race: a subscribe read stock 0, the restock and its check ran, then the subscribe
    committed. Its own created event checks the variant again."""
    scene, sink = mail
    [created] = await _created_events(scene, {"variant_id": scene.sold_out, "email": "late@x.io"})
    async with db.transaction() as session:  # the restock and its check, already done
        await session.execute(update(InventoryLevel).values(stocked_quantity=2))
    assert sink.messages == []
    await db.bus.publish([created])  # what the subscribe's commit published
    await scene.shop.settle()
    assert sink.to() == ["late@x.io"]


async def test_re_checks_after_subscribing_share_one_check(db: Database, admin_token: str) -> None:
    async with mail_scene(db, admin_token, recheck_delay_ms=500) as (scene, sink):
        created = []
        for i in range(3):
            body = {"variant_id": scene.sold_out, "email": f"late{i}@x.io"}
            created += await _created_events(scene, body)
        async with db.transaction() as session:  # restocked, and no check saw these three
            await session.execute(update(InventoryLevel).values(stocked_quantity=5))
        queued: list[Event] = []

        async def keep(event: Event) -> None:
            queued.append(event)

        db.bus.subscribe(EventName.NOTIFICATIONS_QUEUED, keep)
        await db.bus.publish(created)
        await asyncio.sleep(0.1)  # an immediate check would have queued by now
        assert queued == []
        assert (await scene.shop.get("/admin/notifications", limit=0))["count"] == 0
        await scene.shop.settle()  # waits out the delay
        assert sorted(sink.to()) == ["late0@x.io", "late1@x.io", "late2@x.io"]
        assert [event.data["count"] for event in queued] == [3]


async def _created_events(scene: Scene, body: dict[str, str]) -> list[Event]:
    seen: list[Event] = []

    async def keep(event: Event) -> None:
        seen.append(event)

    scene.shop.client.app.state.db.bus.subscribe(EventName.RESTOCK_SUBSCRIPTION_CREATED, keep)
    await scene.subscribe(body)
    await scene.shop.settle()
    return seen


async def test_fair_release_tells_k_per_unit_oldest_first(db: Database, admin_token: str) -> None:
    async with mail_scene(db, admin_token, notifications_per_unit=2) as (scene, sink):
        for i in range(7):
            await scene.subscribe({"variant_id": scene.sold_out, "email": f"q{i}@x.io"})
        await _restock(scene, scene.sold_out, 2)  # 2 units x 2 per unit: the 4 oldest
        assert sink.to() == ["q0@x.io", "q1@x.io", "q2@x.io", "q3@x.io"]
        await _restock(scene, scene.sold_out, 1)  # the next check: 2 more, in order
        assert sink.to()[4:] == ["q4@x.io", "q5@x.io"]
        statuses = {r["email"]: r["status"] for r in await scene.rows()}
        assert statuses["q6@x.io"] == "active"


async def test_fair_release_holds_across_batches_of_one_check(
    db: Database, admin_token: str
) -> None:
    """A check that claims in several batches still tells k x availability, not k per batch."""
    async with mail_scene(db, admin_token, notifications_per_unit=1, notification_batch_size=1) as (
        scene,
        sink,
    ):
        for i in range(5):
            await scene.subscribe({"variant_id": scene.sold_out, "email": f"b{i}@x.io"})
        await scene.shop.settle()  # the checks the subscriptions triggered are over
        async with db.transaction() as session:  # 2 units, no event: the check below runs
            await session.execute(update(InventoryLevel).values(stocked_quantity=2))
        settings = scene.shop.client.app.state.settings
        assert (await check_restock(db, settings)).queued == 2
        await scene.shop.settle()
        assert sink.to() == ["b0@x.io", "b1@x.io"]


async def test_internationalised_addresses_are_emailed(mail: tuple[Scene, SmtpSink]) -> None:
    scene, sink = mail
    for address in ("Zoë@bücher.example", "plain@bücher.example"):
        await scene.subscribe({"variant_id": scene.sold_out, "email": address})
    await _restock(scene, scene.sold_out, 2)
    assert sink.to() == ["Zoë@xn--bcher-kva.example", "plain@xn--bcher-kva.example"]
    assert {r["status"] for r in await scene.rows()} == {"notified"}


async def test_line_breaks_in_a_title_cannot_stop_an_email(mail: tuple[Scene, SmtpSink]) -> None:
    """A title carrying CR/LF (and a header after it) is sent on one subject line, also to an
    address that needs SMTPUTF8, once; no header is injected."""
    scene, sink = mail
    product_id = scene.product["id"]
    await scene.shop.post(f"/admin/products/{product_id}", {"title": "Shirt\r\nBcc: x@evil.io"})
    for address in ("Zoë@bücher.example", "plain@example.com"):
        await scene.subscribe({"variant_id": scene.sold_out, "email": address})
    await _restock(scene, scene.sold_out, 2)
    await scene.shop.settle()
    assert sorted(sink.to()) == ["Zoë@xn--bcher-kva.example", "plain@example.com"]
    for message in sink.messages:
        assert message["Subject"] == "Shirt Bcc: x@evil.io (M) is back in stock"
        assert message["Bcc"] is None
    assert {r["status"] for r in await scene.rows()} == {"notified"}


@pytest.mark.skipif(REDIS_URL is None, reason="RESTOCK_TEST_REDIS_URL is not set")
async def test_event_driven_delivery_through_redis_streams(db: Database, admin_token: str) -> None:
    """The whole chain with the Redis bus: restock event, detection, queued event, send."""
    from restock.app import create_app
    from tests.factories import AppClient, Shop
    from tests.smtp_sink import smtp_sink
    from tests.subscriptions.conftest import make_scene

    with smtp_sink() as (sink, port):
        settings = db.settings.model_copy(
            update={
                "redis_url": REDIS_URL,
                "notification_provider": "smtp",
                "smtp_port": port,
                "dispatcher_enabled": True,
                "rate_limits_enabled": False,
            }
        )
        database = Database(settings)
        await database.bus.redis.delete("restock:events")  # type: ignore[attr-defined]
        app = create_app(settings, database)
        async with app.router.lifespan_context(app), AppClient(app) as client:
            scene = await make_scene(Shop(client, admin_token))
            await scene.subscribe({"variant_id": scene.sold_out, "email": "redis@x.io"})
            items = await scene.shop.items_of(scene.product["id"])
            await scene.shop.stock(items[scene.sold_out], scene.location["id"], 1)
            started = time.monotonic()
            while not sink.messages and time.monotonic() - started < 5:  # noqa: ASYNC110
                await asyncio.sleep(0.02)
        await database.dispose()
    assert sink.to() == ["redis@x.io"]

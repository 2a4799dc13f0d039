"""Detection and delivery, end to end: restock through the admin API, emails in a real SMTP
server, one per subscriber, for exactly the pairs that came back."""

import asyncio
import os
from datetime import UTC, datetime, timedelta
from email.utils import parsedate_to_datetime
from typing import Any

import pytest
from sqlalchemy import update
from sqlalchemy.ext.asyncio import AsyncSession

from restock.config import Settings
from restock.db import Database
from restock.kit.time import utcnow
from restock.models import InventoryLevel, Notification, RestockSubscription
from restock.notifications import repository
from restock.notifications.dispatcher import Dispatcher, unsubscribe_url
from restock.products.views import product_views
from restock.subscriptions.check import RESOURCE, CheckReport, check_restock
from restock.subscriptions.settlement import settle_subscriptions
from tests.factories import Recorder
from tests.smtp_sink import SmtpSink, body_of
from tests.subscriptions.conftest import Scene, mail_scene

REDIS_URL = os.environ.get("RESTOCK_TEST_REDIS_URL")


async def _restock(
    scene: Scene, variant_id: str, quantity: int, location: str | None = None
) -> None:
    items = await scene.shop.items_of(scene.product["id"])
    await scene.shop.stock(items[variant_id], location or scene.location["id"], quantity)
    await scene.shop.settle()


async def test_each_subscriber_gets_one_email_with_content_and_headers(
    mail: tuple[Scene, SmtpSink], events: Recorder
) -> None:
    scene, sink = mail
    for address in ("ann@example.com", "Bob@Example.com"):
        await scene.subscribe({"variant_id": scene.sold_out, "email": address})
    await _restock(scene, scene.sold_out, 3)
    assert sink.to() == ["Bob@example.com", "ann@example.com"]
    message = next(m for m in sink.messages if m["To"] == "ann@example.com")
    assert message["Subject"] == "Shirt (M) is back in stock"
    text, html = body_of(message, "plain"), body_of(message, "html")
    assert f"variant_id={scene.sold_out}" in text and "Size: M" in text
    unsubscribe = unsubscribe_url(scene.shop.client.app.state.settings, "ann@example.com")
    assert message["List-Unsubscribe"] == f"<{unsubscribe}>"
    assert message["List-Unsubscribe-Post"] == "List-Unsubscribe=One-Click"
    sent_at = parsedate_to_datetime(str(message["Date"]))
    assert abs((sent_at - datetime.now(UTC)).total_seconds()) < 60
    assert unsubscribe in text and "<strong>Shirt &ndash; M</strong>" in html
    rows = await scene.rows()
    assert {r["status"] for r in rows} == {"notified"} and all(r["notified_at"] for r in rows)
    notes = (await scene.shop.get("/admin/notifications"))["notifications"]
    assert {(n["status"], n["template"], n["channel"], n["attempts"]) for n in notes} == {
        ("success", "variant-restock", "email", 1)
    }
    data = notes[0]["data"]
    assert (data["sales_channel_id"], data["subscription_id"], data["variant"]["id"]) == (
        scene.channel["id"],
        notes[0]["resource_id"],
        scene.sold_out,
    )
    summary = {k: scene.product[k] for k in ("id", "title", "handle", "thumbnail")}
    assert data["variant"]["product"] == summary
    assert [o["value"] for o in data["variant"]["options"]] == ["M"]
    assert notes[0]["idempotency_key"] == f"restock_subscription:{notes[0]['resource_id']}"
    by_address = {n["to"]: n for n in notes}
    assert message["Message-ID"] == f"<{by_address['ann@example.com']['id']}@example.com>"
    assert by_address["ann@example.com"]["external_id"] == message["Message-ID"]
    # One event per pair per dispatcher run; overlapping runs may settle the two apart.
    told = events.of("restock-notification.restocked")
    assert {(e["variant_id"], e["sales_channel_id"]) for e in told} == {
        (scene.sold_out, scene.channel["id"])
    }
    assert sorted(email for e in told for email in e["emails"]) == [
        "Bob@example.com",
        "ann@example.com",
    ]
    # Stock moves again: nobody is told twice.
    await _restock(scene, scene.sold_out, 0)
    await _restock(scene, scene.sold_out, 8)
    assert len(sink.messages) == 2


async def test_only_the_exact_restocked_pairs_are_told(mail: tuple[Scene, SmtpSink]) -> None:
    """The guide's bug: (V1,SC1), (V2,SC2), (V1,SC2); only V1@SC1 and V2@SC2 come back."""
    scene, sink = mail
    shop = scene.shop
    second = await shop.channel("Second")
    depot = await shop.location("Depot", channels=[second["id"]])
    await shop.post(
        f"/admin/products/{scene.product['id']}",
        {"sales_channels": [{"id": scene.channel["id"]}, {"id": second["id"]}]},
    )
    await shop.post(
        f"/admin/api-keys/{(await shop.get('/admin/api-keys'))['api_keys'][0]['id']}"
        "/sales-channels",
        {"add": [second["id"]]},
    )
    v1, v2 = scene.sold_out, scene.in_stock
    items = await shop.items_of(scene.product["id"])
    await shop.stock(items[v2], scene.location["id"], 0)  # V2 sold out everywhere too
    await shop.stock(items[v1], depot["id"], 0)
    await shop.stock(items[v2], depot["id"], 0)
    await shop.settle()
    await scene.subscribe(
        {"variant_id": v1, "email": "a@x.io", "sales_channel_id": scene.channel["id"]}
    )
    await scene.subscribe({"variant_id": v2, "email": "b@x.io", "sales_channel_id": second["id"]})
    await scene.subscribe({"variant_id": v1, "email": "c@x.io", "sales_channel_id": second["id"]})
    await shop.stock(items[v1], scene.location["id"], 2)  # V1 back in SC1 only
    await shop.stock(items[v2], depot["id"], 2)  # V2 back in SC2 only
    await shop.settle()
    assert sink.to() == ["a@x.io", "b@x.io"]
    assert {r["email"]: r["status"] for r in await scene.rows()} == {
        "a@x.io": "notified",
        "b@x.io": "notified",
        "c@x.io": "active",
    }


async def test_threshold_reservations_and_backorder_flip(
    mail: tuple[Scene, SmtpSink], db: Database
) -> None:
    scene, sink = mail
    shop = scene.shop
    items = await shop.items_of(scene.product["id"])
    item = items[scene.sold_out]
    await shop.stock(item, scene.location["id"], 2)
    reservation = await shop.post(
        "/admin/reservations",
        {"location_id": scene.location["id"], "inventory_item_id": item, "quantity": 2},
    )
    await scene.subscribe({"variant_id": scene.sold_out, "email": "t@x.io"})  # 2 - 2: sold out
    await shop.settle()
    assert sink.messages == []  # stocked 2, reserved 2: nothing to sell
    await shop.delete(f"/admin/reservations/{reservation['reservation']['id']}")
    await shop.settle()
    assert sink.to() == ["t@x.io"]

    other = await shop.product(
        [scene.channel["id"]],
        title="Boots",
        options=[],
        variants=[{"title": "Boots", "prices": []}],
    )
    boots = other["variants"][0]["id"]
    await scene.subscribe({"variant_id": boots, "email": "u@x.io"})
    await shop.post(f"/admin/products/{other['id']}/variants/{boots}", {"allow_backorder": True})
    await shop.settle()
    assert sink.to() == ["t@x.io", "u@x.io"]


async def test_inventory_required_threshold(db: Database, admin_token: str) -> None:
    async with mail_scene(db, admin_token, inventory_required=5) as (scene, sink):
        await scene.subscribe({"variant_id": scene.sold_out, "email": "t@x.io"})
        await _restock(scene, scene.sold_out, 5)
        assert sink.messages == []  # restocked means more than 5
        await _restock(scene, scene.sold_out, 6)
        assert sink.to() == ["t@x.io"]


async def test_refused_then_accepted_is_sent_once(mail: tuple[Scene, SmtpSink]) -> None:
    scene, sink = mail
    await scene.subscribe({"variant_id": scene.sold_out, "email": "r@x.io"})
    sink.refuse = 2
    await _restock(scene, scene.sold_out, 1)  # first attempt refused
    await scene.shop.settle()  # second attempt refused
    await scene.shop.settle()  # third attempt accepted
    await scene.shop.settle()
    assert sink.to() == ["r@x.io"]
    [note] = (await scene.shop.get("/admin/notifications"))["notifications"]
    assert (note["status"], note["attempts"]) == ("success", 3)
    assert (await scene.rows())[0]["status"] == "notified"


async def test_failing_for_good_reopens_the_subscription(db: Database, admin_token: str) -> None:
    async with mail_scene(db, admin_token, notification_max_attempts=2) as (scene, sink):
        await scene.subscribe({"variant_id": scene.sold_out, "email": "f@x.io"})
        sink.refuse = 10
        await _restock(scene, scene.sold_out, 1)
        await scene.shop.settle()
        [note] = (await scene.shop.get("/admin/notifications"))["notifications"]
        assert (note["status"], note["attempts"]) == ("failure", 2)
        assert "451" in note["last_error"]
        assert (await scene.rows())[0]["status"] == "active"
        # The next check queues it again, under the same key, and this time it goes out.
        sink.refuse = 0
        await scene.shop.post("/admin/workflows-executions/send-restock-notifications/run", {})
        await scene.shop.settle()
        assert sink.to() == ["f@x.io"]
        [note] = (await scene.shop.get("/admin/notifications"))["notifications"]
        assert note["status"] == "success"


async def test_a_dispatcher_that_died_after_claiming(
    mail: tuple[Scene, SmtpSink], db: Database
) -> None:
    scene, sink = mail
    await scene.subscribe({"variant_id": scene.sold_out, "email": "k@x.io"})
    app = scene.shop.client.app
    runtime = app.state.restock
    # Queue without sending: restock behind the API's back, then run detection only.
    async with db.transaction() as session:
        await session.execute(update(InventoryLevel).values(stocked_quantity=4))
    await scene.shop.post("/admin/workflows-executions/job-check-restock/run", {})
    await db.bus.drain()
    await runtime.trigger.wait()
    # A dispatcher claims the row, then dies before sending (its lease is still running).

    async with db.transaction() as session:
        now = utcnow()
        claimed = await repository.claim_due(session, now, now + timedelta(seconds=60), 10)
    assert len(claimed) == 1
    await runtime.dispatcher.drain()
    assert sink.messages == []  # leased: nobody else sends it meanwhile
    async with db.transaction() as session:  # the lease runs out
        await session.execute(update(Notification).values(next_attempt_at=utcnow()))
    await runtime.dispatcher.drain()
    await runtime.dispatcher.drain()
    assert sink.to() == ["k@x.io"]
    assert (await scene.rows())[0]["status"] == "notified"


async def _many_waiting(
    scene: Scene, db: Database, count: int, batch_size: int, variants: tuple[str, ...] = ()
) -> Settings:
    """`count` subscribers (w0@x.io, w1@x.io, ...) taking turns over `variants` (the sold-out
    one by default), sold out, then restocked behind the API's back (no event: only a check
    finds it); the app's settings with `batch_size`."""
    variants = variants or (scene.sold_out,)
    async with db.transaction() as session:
        await session.execute(update(InventoryLevel).values(stocked_quantity=0))
    for i in range(count):
        variant = variants[i % len(variants)]
        await scene.subscribe({"variant_id": variant, "email": f"w{i}@x.io"})
    async with db.transaction() as session:
        await session.execute(update(InventoryLevel).values(stocked_quantity=4))
    settings: Settings = scene.shop.client.app.state.settings
    return settings.model_copy(update={"notification_batch_size": batch_size})


async def test_two_dispatchers_never_send_the_same_row(
    mail: tuple[Scene, SmtpSink], db: Database
) -> None:

    scene, sink = mail
    settings = await _many_waiting(scene, db, 60, batch_size=7)

    # The first full batch's event also wakes the app's trigger: both claim, none twice.
    await check_restock(db, settings)
    await scene.shop.client.app.state.restock.trigger.wait()
    assert (await scene.shop.get("/admin/notifications", limit=0))["count"] == 60
    workers = [Dispatcher(db, settings), Dispatcher(db, settings)]
    for worker in workers:
        worker.on_settled(RESOURCE, settle_subscriptions)
    await asyncio.gather(*(w.drain() for w in workers))
    assert len(sink.messages) == 60 and len(set(sink.to())) == 60
    assert {r["status"] for r in await scene.rows(limit=100)} == {"notified"}


async def test_a_check_in_batches_queues_each_subscriber_once_and_reports_progress(
    mail: tuple[Scene, SmtpSink], db: Database, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Two pairs (12 and 11 subscribers), each a batch bigger than the batch size of 5: each is
    claimed 5 at a time (5 + 5 + 2 and 5 + 5 + 1), on PostgreSQL in two lanes at once; the
    variant views of a batch are built once for all its claims."""
    scene, sink = mail
    both = (scene.sold_out, scene.in_stock)
    settings = await _many_waiting(scene, db, 23, batch_size=5, variants=both)
    heard: list[tuple[int, int]] = []
    built: list[list[str]] = []
    variant_views = product_views.variant_views

    async def building(session: AsyncSession, ids: list[str]) -> dict[str, dict[str, Any]]:
        built.append(ids)
        return await variant_views(session, ids)

    monkeypatch.setattr(product_views, "variant_views", building)

    queued = (await check_restock(db, settings, progress=lambda *seen: heard.append(seen))).queued
    assert sorted(built) == sorted([[scene.sold_out], [scene.in_stock]])
    assert queued == 23 and len(heard) == 6
    assert [done for done, _ in heard] == sorted(done for done, _ in heard)
    assert heard[-1] == (23, 23) and {expected for _, expected in heard} == {23}
    assert (await check_restock(db, settings)).queued == 0
    await scene.shop.settle()
    assert sorted(sink.to()) == sorted(f"w{i}@x.io" for i in range(23))


async def test_a_check_skips_subscribers_an_earlier_check_is_still_telling(
    mail: tuple[Scene, SmtpSink], db: Database
) -> None:
    """Detection counts every live subscriber, also those an earlier check claimed and has not
    sent yet (progress hears that count); this check queues only the others."""
    scene, sink = mail
    settings = await _many_waiting(scene, db, 3, batch_size=5)
    async with db.transaction() as session:  # claimed by an earlier check, not sent yet
        await session.execute(
            update(RestockSubscription)
            .where(RestockSubscription.email == "w0@x.io")
            .values(status="notifying")
        )
    heard: list[tuple[int, int]] = []
    check = await check_restock(db, settings, progress=lambda *seen: heard.append(seen))
    assert check == CheckReport(queued=2, subscribers=3)
    assert heard == [(2, 3)]
    await scene.shop.settle()
    assert sorted(sink.to()) == ["w1@x.io", "w2@x.io"]


async def test_admin_run_route_and_notification_list(
    mail: tuple[Scene, SmtpSink], db: Database
) -> None:
    scene, sink = mail
    shop = scene.shop
    await scene.subscribe({"variant_id": scene.sold_out, "email": "n@x.io"})
    async with db.transaction() as session:  # restocked without any event
        await session.execute(update(InventoryLevel).values(stocked_quantity=4))
    ack = await shop.post(
        "/admin/workflows-executions/send-restock-notifications/run", {"input": {}}
    )
    assert ack["acknowledgement"]["workflowId"] == "send-restock-notifications"
    assert ack["acknowledgement"]["hasFinished"] is True
    assert ack["acknowledgement"]["hasFailed"] is False
    assert ack["result"] == {"queued": 1, "subscribers": 1}
    await shop.settle()
    assert sink.to() == ["n@x.io"]
    unknown = await shop.post("/admin/workflows-executions/nope/run", {}, code=404)
    assert unknown == {"type": "not_found", "message": 'Workflow with id "nope" not found.'}
    again = await shop.post("/admin/workflows-executions/job-check-restock/run", {"input": {}})
    assert again["result"] == {"queued": 0, "subscribers": 0}
    bad = await shop.post(
        "/admin/workflows-executions/job-check-restock/run", {"input": {"variant_ids": 5}}, code=400
    )
    assert bad["type"] == "invalid_data"
    assert (await shop.get("/admin/notifications", status="success"))["count"] == 1
    assert (await shop.get("/admin/notifications", status="pending"))["count"] == 0
    assert (await shop.get("/admin/notifications", q="N@X"))["count"] == 1
    assert (await shop.get("/admin/notifications", to="other@x.io"))["count"] == 0
    assert (await shop.get("/admin/notifications", channel="email"))["count"] == 1


async def test_unsubscribe(mail: tuple[Scene, SmtpSink]) -> None:
    scene, sink = mail
    client = scene.shop.client
    await scene.subscribe({"variant_id": scene.sold_out, "email": "Quit@X.io"})
    link = unsubscribe_url(client.app.state.settings, "Quit@x.io")
    path = link.split("9000", 1)[1]
    page = await client.get(path)
    assert page.status_code == 200 and "quit@x.io" in page.text and "<form" in page.text
    assert page.headers["cache-control"] == "no-store"  # the URL carries the token
    assert page.headers["referrer-policy"] == "no-referrer"
    assert page.headers["content-security-policy"].startswith("default-src 'none';")
    assert (await scene.rows())[0]["status"] == "active"  # looking changes nothing
    forged = path[:-3] + "AAA"
    for method in ("GET", "POST"):
        refused = await client.request(method, forged)
        assert refused.status_code == 404
        assert "This link is not valid" in refused.text
    assert (await scene.rows())[0]["status"] == "active"
    done = await client.post(path)
    assert done.status_code == 200 and "no more" in done.text
    assert (await scene.rows())[0]["status"] == "cancelled"
    # Subscribing again answers as usual; the new subscription waits for the address to
    # confirm it (its only way back), so restocks email nobody meanwhile.
    again = await scene.subscribe({"variant_id": scene.sold_out, "email": "quit@x.io"})
    assert again["restock_subscription"]["email"] == "quit@x.io"
    assert sorted(r["status"] for r in await scene.rows()) == ["cancelled", "unconfirmed"]
    await _restock(scene, scene.sold_out, 3)
    assert [str(m["Subject"]) for m in sink.messages] == ["Confirm: tell me when Shirt (M) is back"]

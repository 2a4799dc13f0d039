"""RESTOCK_DOUBLE_OPT_IN: a guest's subscription waits for its address to confirm it from an
emailed link; it is never notified before, and purged once the link expires."""

import re
from datetime import UTC, datetime, timedelta

from sqlalchemy import update

from restock.db import Database
from restock.models import RestockSubscription
from tests.smtp_sink import SmtpSink
from tests.subscriptions.conftest import ANSWER_KEYS, Scene, mail_scene

ON = {"double_opt_in": True}


def _confirm_path(sink: SmtpSink, to: str) -> str:
    [message] = [m for m in sink.messages if str(m["To"]) == to and "Confirm" in str(m["Subject"])]
    text = message.get_body(("plain",))
    assert text is not None
    found = re.search(r"http://\S+?(/confirm/\S+)", text.get_content())
    assert found is not None
    return found.group(1)


async def _stock(scene: Scene, variant: str, quantity: int) -> None:
    items = await scene.shop.items_of(scene.product["id"])
    await scene.shop.stock(items[variant], scene.location["id"], quantity)
    await scene.shop.settle()


async def test_nothing_is_sent_before_the_address_confirms(db: Database, admin_token: str) -> None:
    async with mail_scene(db, admin_token, **ON) as (scene, sink):
        made = await scene.subscribe({"variant_id": scene.sold_out, "email": "dora@x.io"})
        # Nothing says it waits for a confirmation.
        assert set(made["restock_subscription"]) == ANSWER_KEYS
        await scene.shop.settle()
        assert [r["status"] for r in await scene.rows()] == ["unconfirmed"]
        assert [str(m["Subject"]) for m in sink.messages] == [
            "Confirm: tell me when Shirt (M) is back"
        ]
        path = _confirm_path(sink, "dora@x.io")

        await _stock(scene, scene.sold_out, 3)  # back before the confirmation: nobody is told
        assert len(sink.messages) == 1
        assert [r["status"] for r in await scene.rows()] == ["unconfirmed"]

        page = await scene.shop.client.get(path)  # a link scanner: changes nothing
        assert page.status_code == 200 and '<form method="post">' in page.text
        assert [r["status"] for r in await scene.rows()] == ["unconfirmed"]
        confirmed = await scene.shop.client.post(path)
        assert confirmed.status_code == 200 and "dora@x.io" in confirmed.text
        await scene.shop.settle()  # confirmed after the restock: told at once
        assert [str(m["Subject"]) for m in sink.messages][1:] == ["Shirt (M) is back in stock"]
        [row] = await scene.rows()
        assert (row["status"], row["consent_source"]) == ("notified", "api")
        confirmed_at = datetime.fromisoformat(row["confirmed_at"])
        assert abs((confirmed_at - datetime.now(UTC)).total_seconds()) < 60
        again = await scene.shop.client.post(path)
        assert again.status_code == 404 and "This link is not valid" in again.text
        forged = await scene.shop.client.post(path[:-3] + "AAA")
        assert forged.status_code == 404


async def test_one_email_per_address_and_no_cap_before_confirming(
    db: Database, admin_token: str
) -> None:
    async with mail_scene(db, admin_token, max_live_subscriptions_per_email=1, **ON) as (
        scene,
        sink,
    ):
        await _stock(scene, scene.in_stock, 0)  # two sold-out variants
        for variant in (scene.sold_out, scene.sold_out, scene.in_stock):
            await scene.subscribe({"variant_id": variant, "email": "many@x.io"})
        await scene.shop.settle()
        # Unconfirmed subscriptions do not count against the cap of one...
        assert sorted(r["status"] for r in await scene.rows()) == ["unconfirmed", "unconfirmed"]
        # ... and the address got one confirmation email in these ten minutes.
        assert sink.to() == ["many@x.io"]

        customer = await scene.customer("own@x.io")
        await scene.subscribe({"variant_id": scene.sold_out}, headers=customer)
        await scene.shop.settle()
        [own] = await scene.rows(email="own@x.io")
        # The signed-in owner proved the address: active, its consent record says how.
        assert (own["status"], own["consent_source"], own["confirmed_at"]) == (
            "active",
            "account",
            None,
        )
        assert sink.to() == ["many@x.io"]  # no confirmation email for it


async def test_an_expired_link_confirms_nothing_and_the_row_is_purged(
    db: Database, admin_token: str
) -> None:
    async with mail_scene(db, admin_token, confirm_ttl_hours=1, **ON) as (scene, sink):
        await scene.subscribe({"variant_id": scene.sold_out, "email": "late@x.io"})
        await scene.shop.settle()
        path = _confirm_path(sink, "late@x.io")
        async with db.transaction() as session:
            await session.execute(
                update(RestockSubscription).values(
                    created_at=datetime.now(UTC) - timedelta(hours=2)
                )
            )
        expired = await scene.shop.client.post(path)
        assert expired.status_code == 404 and "expired" in expired.text
        assert [r["status"] for r in await scene.rows()] == ["unconfirmed"]
        runtime = scene.shop.client.app.state.restock
        [purge] = [s for s in runtime.scheduler.schedules if s.name == "purge-unconfirmed"]
        assert await runtime.scheduler.run_tick(purge, datetime(2026, 11, 30, 10, 7, tzinfo=UTC))
        assert await scene.rows() == []

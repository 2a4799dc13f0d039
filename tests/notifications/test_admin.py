"""What admins see and do with notifications and suppressed addresses."""

from restock.db import Database
from restock.notifications.service import suppression_service
from tests.conftest import serve
from tests.factories import Shop
from tests.http_sink import http_sink
from tests.notifications.test_providers import QUIET
from tests.subscriptions.conftest import make_scene


async def test_rendered_email_retry_and_test_email(db: Database, admin_token: str) -> None:
    with http_sink() as sink:
        sink.statuses = [500]  # the one attempt allowed fails: failed for good
        settings = {
            **QUIET,
            "notification_provider": "webhook",
            "webhook_url": sink.url + "/hooks/restock",
            "webhook_secret": "s3cret",
            "notification_max_attempts": 1,
        }
        async with serve(db, **settings) as client:
            shop = Shop(client, admin_token)
            scene = await make_scene(shop)
            made = await scene.subscribe({"variant_id": scene.sold_out, "email": "re@x.io"})
            items = await shop.items_of(scene.product["id"])
            await shop.stock(items[scene.sold_out], scene.location["id"], 2)
            await shop.settle()
            [note] = (await shop.get("/admin/notifications"))["notifications"]
            assert (note["status"], note["attempts"]) == ("failure", 1)
            assert "rendered" not in note  # only with fields=rendered
            [subscription] = await scene.rows()
            assert subscription["status"] == "active"  # a failure leaves it waiting

            one = (await shop.get(f"/admin/notifications/{note['id']}"))["notification"]
            listed = await shop.get("/admin/notifications", fields="rendered")
            assert listed["notifications"][0]["rendered"] == one["rendered"]
            assert one["rendered"]["subject"] == "Shirt (M) is back in stock"
            assert "/unsubscribe/" in one["rendered"]["text"]
            assert one["rendered"]["html"].startswith("<!doctype html>")

            retried = await shop.post(f"/admin/notifications/{note['id']}/retry", {})
            assert (retried["notification"]["status"], retried["notification"]["attempts"]) == (
                "pending",
                0,
            )
            await shop.settle()
            again = (await shop.get(f"/admin/notifications/{note['id']}"))["notification"]
            assert (again["status"], again["attempts"]) == ("success", 1)
            assert [r["status"] for r in await scene.rows()] == ["notified"]
            assert made["restock_subscription"]["email"] == "re@x.io"
            twice = await client.post(
                f"/admin/notifications/{note['id']}/retry", headers=shop.admin
            )
            assert (twice.status_code, twice.json()["message"]) == (
                400,
                f"Notification {note['id']} is success: only a failed one is retried",
            )
            missing = await client.get("/admin/notifications/noti_nope", headers=shop.admin)
            assert missing.status_code == 404

            sent = await shop.post("/admin/notifications/test", {"to": "Ops@Example.com"})
            assert sent == {
                "test_email": {
                    "provider": "webhook",
                    "to": "Ops@example.com",
                    "accepted": True,
                    "external_id": None,
                    "error": None,
                }
            }
            assert sink.requests[-1].json()["template"] == "test-email"
            sink.statuses = [500]
            refused = await shop.post("/admin/notifications/test", {"to": "ops@example.com"})
            assert refused["test_email"]["accepted"] is False
            assert "500" in refused["test_email"]["error"]
            bad = await client.post(
                "/admin/notifications/test", json={"to": "nope"}, headers=shop.admin
            )
            assert bad.status_code == 400
            # Test emails bypass the outbox: the list still holds the one notification.
            assert (await shop.get("/admin/notifications"))["count"] == 1


async def test_suppressions_are_listed_searched_and_removed(db: Database, admin_token: str) -> None:
    async with serve(db, **QUIET) as client:
        shop = Shop(client, admin_token)
        async with db.transaction() as session:
            for email in ("gone@x.io", "left@y.io"):
                await suppression_service.suppress(session, email)
        listed = await shop.get("/admin/suppressions")
        assert listed["count"] == 2
        assert {s["email"] for s in listed["suppressions"]} == {"gone@x.io", "left@y.io"}
        found = await shop.get("/admin/suppressions", q="Y.IO")
        assert [s["email"] for s in found["suppressions"]] == ["left@y.io"]
        assert (await shop.get("/admin/suppressions", q="%"))["count"] == 0
        removed = await client.delete("/admin/suppressions/Left@y.io", headers=shop.admin)
        assert removed.json() == {"id": "left@y.io", "object": "suppression", "deleted": True}
        again = await client.delete("/admin/suppressions/left@y.io", headers=shop.admin)
        assert again.status_code == 404
        assert [s["email"] for s in (await shop.get("/admin/suppressions"))["suppressions"]] == [
            "gone@x.io"
        ]

"""Providers: webhook and SendGrid against a real local HTTP server; the SMTP message."""

import hashlib
import hmac
import re
from email import message_from_bytes
from email.policy import default

import pytest

from restock.db import Database
from restock.notifications.providers.base import Message
from restock.notifications.providers.smtp import SmtpProvider
from tests.conftest import serve
from tests.factories import Shop
from tests.http_sink import http_sink
from tests.smtp_sink import body_of
from tests.subscriptions.conftest import make_scene

QUIET = {"dispatcher_enabled": False, "rate_limits_enabled": False, "notification_retry_seconds": 0}


async def test_webhook_posts_signed_json_and_retries(db: Database, admin_token: str) -> None:
    with http_sink() as sink:
        sink.statuses = [500]
        settings = {
            **QUIET,
            "notification_provider": "webhook",
            "webhook_url": sink.url + "/hooks/restock",
            "webhook_secret": "s3cret",
        }
        async with serve(db, **settings) as client:
            scene = await make_scene(Shop(client, admin_token))
            await scene.subscribe({"variant_id": scene.sold_out, "email": "hook@x.io"})
            items = await scene.shop.items_of(scene.product["id"])
            await scene.shop.stock(items[scene.sold_out], scene.location["id"], 2)
            await scene.shop.settle()  # answered 500: retried
            await scene.shop.settle()
            [note] = (await scene.shop.get("/admin/notifications"))["notifications"]
    assert (note["status"], note["attempts"]) == ("success", 2)
    first, second = sink.requests
    assert first.path == "/hooks/restock" and first.body == second.body
    assert first.headers["idempotency-key"] == second.headers["idempotency-key"] == note["id"]
    payload = second.json()
    assert (payload["to"], payload["template"], payload["channel"]) == (
        "hook@x.io",
        "variant-restock",
        "email",
    )
    assert payload["data"]["variant"]["id"] == scene.sold_out
    timestamp = second.headers["x-restock-timestamp"]
    expected = hmac.new(b"s3cret", timestamp.encode() + b"." + second.body, hashlib.sha256)
    assert second.headers["x-restock-signature"] == "sha256=" + expected.hexdigest()


async def test_sendgrid_batches_recipients_of_one_email(db: Database, admin_token: str) -> None:
    with http_sink() as sink:
        settings = {
            **QUIET,
            "notification_provider": "sendgrid",
            "sendgrid_api_key": "SG.test",
            "sendgrid_base_url": sink.url,
            "notification_from": "Shop <shop@x.io>",
        }
        async with serve(db, **settings) as client:
            scene = await make_scene(Shop(client, admin_token))
            for i in range(3):
                await scene.subscribe({"variant_id": scene.sold_out, "email": f"sg{i}@x.io"})
            items = await scene.shop.items_of(scene.product["id"])
            await scene.shop.stock(items[scene.sold_out], scene.location["id"], 2)
            await scene.shop.settle()
            notes = (await scene.shop.get("/admin/notifications"))["notifications"]
    [request] = sink.requests
    assert request.path == "/v3/mail/send"
    assert request.headers["authorization"] == "Bearer SG.test"
    body = request.json()
    assert body["from"] == {"email": "shop@x.io", "name": "Shop"}
    assert body["subject"] == "Shirt (M) is back in stock"
    assert "%unsubscribe_url%" in body["content"][0]["value"]
    people = body["personalizations"]
    assert sorted(p["to"][0]["email"] for p in people) == ["sg0@x.io", "sg1@x.io", "sg2@x.io"]
    links = {p["substitutions"]["%unsubscribe_url%"] for p in people}
    assert len(links) == 3
    assert all(
        p["headers"]["List-Unsubscribe"] == f"<{p['substitutions']['%unsubscribe_url%']}>"
        for p in people
    )
    assert {(n["status"], n["external_id"]) for n in notes} == {("success", "msg-1")}


async def test_sendgrid_refusal_fails_the_batch_for_retry(db: Database, admin_token: str) -> None:
    with http_sink() as sink:
        sink.statuses = [401]
        settings = {
            **QUIET,
            "notification_provider": "sendgrid",
            "sendgrid_api_key": "SG.bad",
            "sendgrid_base_url": sink.url,
        }
        async with serve(db, **settings) as client:
            scene = await make_scene(Shop(client, admin_token))
            await scene.subscribe({"variant_id": scene.sold_out, "email": "sg@x.io"})
            items = await scene.shop.items_of(scene.product["id"])
            await scene.shop.stock(items[scene.sold_out], scene.location["id"], 2)
            await scene.shop.settle()
            [note] = (await scene.shop.get("/admin/notifications"))["notifications"]
            assert note["status"] == "pending" and "401" in note["last_error"]
            await scene.shop.settle()
            [note] = (await scene.shop.get("/admin/notifications"))["notifications"]
    assert note["status"] == "success" and len(sink.requests) == 2


def test_provider_settings_are_checked_at_start() -> None:
    from restock.config import Settings

    with pytest.raises(ValueError, match="RESTOCK_SENDGRID_API_KEY"):
        Settings(notification_provider="sendgrid")
    with pytest.raises(ValueError, match="RESTOCK_WEBHOOK_URL"):
        Settings(notification_provider="webhook", webhook_url="http://x")


async def test_log_provider_logs_medusas_line(
    db: Database, admin_token: str, caplog: pytest.LogCaptureFixture
) -> None:
    import json
    import logging

    caplog.set_level(logging.INFO, logger="restock.notifications")
    async with serve(db, **QUIET) as client:
        scene = await make_scene(Shop(client, admin_token))
        await scene.subscribe({"variant_id": scene.sold_out, "email": "log@x.io"})
        items = await scene.shop.items_of(scene.product["id"])
        await scene.shop.stock(items[scene.sold_out], scene.location["id"], 2)
        await scene.shop.settle()
        [note] = (await scene.shop.get("/admin/notifications"))["notifications"]
    [line, email] = [r.getMessage() for r in caplog.records if r.name == "restock.notifications"]
    data = json.dumps(note["data"], separators=(",", ":"), ensure_ascii=False)
    assert line == (
        "Attempting to send a notification to: 'log@x.io' on the channel: 'email' with "
        f"template: 'variant-restock' and data: '{data}'"
    )
    # Then the email as it reads, with links a developer can follow.
    subject, body = email.split("\n", 1)
    assert subject.startswith(f"Subject: {scene.product['title']}")
    assert subject.endswith("is back in stock")
    assert re.search(r"Stop all back-in-stock emails: http://\S+/unsubscribe/\S+$", body)
    assert f"variant_id={scene.sold_out}" in body
    assert note["status"] == "success"


@pytest.mark.parametrize("subject", ["Shirt (M) is back in stock", "Café – crème (Größe M) ✓"])
def test_smtp_message_reads_back_as_written(subject: str) -> None:
    message = Message(
        notification_id="noti_1",
        to="ann@example.com",
        sender="Shop <shop@x.io>",
        channel="email",
        template="variant-restock",
        data={},
        subject=subject,
        text="Größe M is back.\n",
        html="<p>Größe M</p>\n",
        headers={"List-Unsubscribe": "<https://shop.example/unsubscribe/t>"},
    )
    message_id, raw = SmtpProvider._email(message, "ann@example.com")
    parsed = message_from_bytes(raw, policy=default)
    assert (parsed["Subject"], parsed["From"], parsed["To"]) == (
        subject,
        "Shop <shop@x.io>",
        "ann@example.com",
    )
    assert parsed["Message-ID"] == message_id == "<noti_1@x.io>"
    assert parsed["List-Unsubscribe"] == "<https://shop.example/unsubscribe/t>"
    assert body_of(parsed, "plain") == "Größe M is back.\n"
    assert body_of(parsed, "html") == "<p>Größe M</p>\n"
    assert raw.isascii() and b"\r\n" in raw and b"\n" not in raw.replace(b"\r\n", b"")

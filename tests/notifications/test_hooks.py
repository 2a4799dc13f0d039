"""Providers report refused addresses: signed messages suppress them, anything else writes
nothing."""

import base64
import json
import time

from cryptography.hazmat.primitives import hashes, serialization
from cryptography.hazmat.primitives.asymmetric import ec

from restock.db import Database
from restock.kit.signed import signature
from tests.conftest import serve
from tests.factories import AppClient, Shop
from tests.subscriptions.conftest import make_scene

KEY = ec.generate_private_key(ec.SECP256R1())
PUBLIC = base64.b64encode(
    KEY.public_key().public_bytes(
        serialization.Encoding.DER, serialization.PublicFormat.SubjectPublicKeyInfo
    )
).decode()
SECRET = "bounce-secret"


def _sendgrid_headers(body: bytes, timestamp: str) -> dict[str, str]:
    signed = KEY.sign(timestamp.encode() + body, ec.ECDSA(hashes.SHA256()))
    return {
        "x-twilio-email-event-webhook-signature": base64.b64encode(signed).decode(),
        "x-twilio-email-event-webhook-timestamp": timestamp,
        "content-type": "application/json",
    }


async def _suppressed(shop: Shop) -> dict[str, str]:
    found = (await shop.get("/admin/suppressions"))["suppressions"]
    return {s["email"]: s["reason"] for s in found}


async def test_sendgrid_events_suppress_refused_addresses(db: Database, admin_token: str) -> None:
    async with serve(db, sendgrid_webhook_public_key=PUBLIC) as client:
        shop = Shop(client, admin_token)
        events = [
            {"email": "Gone@x.io", "event": "bounce", "type": "bounce", "reason": "550 5.1.1"},
            {"email": "later@x.io", "event": "bounce", "type": "blocked"},  # temporary
            {"email": "spam@x.io", "event": "spamreport"},
            {"email": "left@x.io", "event": "unsubscribe"},
            {"email": "fine@x.io", "event": "delivered"},
            {"event": "dropped"},  # no address: ignored
            {"email": "bad\u0000@x.io", "event": "bounce"},  # not an address: ignored
            {"email": "odd@x.io", "event": "dropped", "reason": "nul \u0000 inside"},
        ]
        body = json.dumps(events).encode()
        now = str(int(time.time()))
        for headers in (
            _sendgrid_headers(body, now)
            | {"x-twilio-email-event-webhook-signature": base64.b64encode(b"x" * 70).decode()},
            _sendgrid_headers(body, str(int(time.time()) - 3600)),  # a replay, an hour old
            _sendgrid_headers(b"[]", now),  # signed another body
            {"content-type": "application/json"},
        ):
            refused = await client.post("/hooks/sendgrid", content=body, headers=headers)
            assert refused.status_code == 401, refused.text
        assert await _suppressed(shop) == {}

        answer = await client.post(
            "/hooks/sendgrid", content=body, headers=_sendgrid_headers(body, now)
        )
        assert answer.json() == {"suppressed": 4}
        assert await _suppressed(shop) == {
            "gone@x.io": "bounced",
            "spam@x.io": "complained",
            "left@x.io": "unsubscribed",
            "odd@x.io": "bounced",  # its detail, which no column holds, left out
        }
        junk = b"not json"
        bad = await client.post(
            "/hooks/sendgrid", content=junk, headers=_sendgrid_headers(junk, now)
        )
        assert bad.status_code == 400


async def _post_report(client: AppClient, body: bytes, timestamp: str, secret: str) -> int:
    headers = {
        "x-restock-timestamp": timestamp,
        "x-restock-signature": signature(secret, timestamp, body),
        "content-type": "application/json",
    }
    return (await client.post("/hooks/bounces", content=body, headers=headers)).status_code


async def test_a_signed_report_from_any_relay(db: Database, admin_token: str) -> None:
    report = {"events": [{"email": "hard@x.io", "reason": "bounced", "detail": "550 unknown"}]}
    body = json.dumps(report).encode()
    now = str(int(time.time()))
    async with serve(db) as client:  # not configured: not served
        assert await _post_report(client, body, now, SECRET) == 404
    async with serve(db, bounce_webhook_secret=SECRET) as client:
        shop = Shop(client, admin_token)
        assert await _post_report(client, body, now, "another secret") == 401
        assert await _post_report(client, body, str(int(time.time()) - 600), SECRET) == 401
        assert await _suppressed(shop) == {}
        bad = json.dumps({"events": [{"email": "x@x.io", "reason": "angry"}]}).encode()
        assert await _post_report(client, bad, now, SECRET) == 400
        assert await _suppressed(shop) == {}
        assert await _post_report(client, body, now, SECRET) == 200
        [row] = (await shop.get("/admin/suppressions"))["suppressions"]
        assert (row["email"], row["reason"], row["detail"]) == (
            "hard@x.io",
            "bounced",
            "550 unknown",
        )


async def test_a_refused_address_stops_waiting_at_once(db: Database, admin_token: str) -> None:
    async with serve(db, bounce_webhook_secret=SECRET) as client:
        scene = await make_scene(Shop(client, admin_token))
        for email in ("hard@x.io", "other@x.io"):
            await scene.subscribe({"variant_id": scene.sold_out, "email": email})
        body = json.dumps({"events": [{"email": "HARD@x.io", "reason": "complained"}]}).encode()
        assert await _post_report(client, body, str(int(time.time())), SECRET) == 200
        await scene.shop.settle()
        rows = {r["email"]: r["status"] for r in await scene.rows()}
    assert rows == {"hard@x.io": "cancelled", "other@x.io": "active"}

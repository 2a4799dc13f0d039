"""Opt-in: the whole way against a running Medusa 2.15 store (docs/medusa.md says how to start
one). Set RESTOCK_TEST_MEDUSA_URL, RESTOCK_TEST_MEDUSA_EMAIL and RESTOCK_TEST_MEDUSA_PASSWORD
(an admin's login), and RESTOCK_TEST_MEDUSA_SECRET_KEY or let the test make a secret key.

The test builds its own catalog in the store (names carry a random tag), mirrors the store,
subscribes through Restock with the store's publishable key, raises stock in Medusa, pulls, and
reads the email from a real SMTP server."""

import asyncio
import os
import secrets

import pytest

from restock.db import Database
from tests.conftest import serve
from tests.factories import Shop, expect
from tests.medusa.peer import MedusaAdmin, build_catalog
from tests.smtp_sink import smtp_sink

URL = os.environ.get("RESTOCK_TEST_MEDUSA_URL")
pytestmark = pytest.mark.skipif(
    not URL, reason="opt-in: RESTOCK_TEST_MEDUSA_URL names no running Medusa store"
)


async def test_a_restock_made_in_medusa_is_emailed(db: Database, admin_token: str) -> None:
    assert URL is not None
    admin = await asyncio.to_thread(
        MedusaAdmin,
        URL,
        os.environ["RESTOCK_TEST_MEDUSA_EMAIL"],
        os.environ["RESTOCK_TEST_MEDUSA_PASSWORD"],
    )
    tag = secrets.token_hex(3)
    made = await asyncio.to_thread(build_catalog, admin, tag)
    key = os.environ.get("RESTOCK_TEST_MEDUSA_SECRET_KEY") or await asyncio.to_thread(
        admin.secret_key, "restock live test"
    )
    with smtp_sink() as (sink, port):
        settings = {
            "medusa_url": URL,
            "medusa_secret_key": key,
            "notification_provider": "smtp",
            "smtp_port": port,
            "rate_limits_enabled": False,
        }
        async with serve(db, **settings) as client:
            shop = Shop(client, admin_token)
            mirror = client.app.state.restock.mirror
            await mirror.sync()
            body = {
                "variant_id": made.variants["kit"],
                "sales_channel_id": made.channels["web"],
                "email": "live-boots@example.com",
            }
            store = {"x-publishable-api-key": made.tokens["shop"]}
            answer = await client.post("/store/restock-subscriptions", json=body, headers=store)
            expect(answer, 201)
            await shop.settle()
            assert sink.messages == []

            await asyncio.to_thread(
                admin.set_stock, made.items["boot"], made.locations["berlin"], 4
            )
            await mirror.pull()
            await shop.settle()

    assert sink.to() == ["live-boots@example.com"]
    assert str(sink.messages[0]["Subject"]) == f"Boot kit {tag} (42) is back in stock"

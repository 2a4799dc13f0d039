"""GDPR: everything held about an address, exported; the address erased from every row, with
the figures and its unsubscribed state kept under a digest."""

import json
import os
import subprocess
from pathlib import Path

from sqlalchemy import text

from restock.db import Database
from restock.kit.crypto import erased_key
from tests.smtp_sink import SmtpSink
from tests.subscriptions.conftest import Scene, mail_scene
from tests.test_cli import RESTOCK

ADDRESS = "Erin@Example.com"
KEY = "erin@example.com"


async def _everywhere(db: Database, needle: str) -> list[str]:
    """The columns of the tables that could hold an address, where `needle` is found."""
    async with db.transaction() as session:
        found = []
        for table, column in (
            ("restock_subscription", "email"),
            ("restock_subscription", "email_key"),
            ("notification", '"to"'),
            ("notification", "CAST(data AS TEXT)"),
            ("suppression", "email_key"),
            ("customer", "email"),
            ("auth_identity", "email"),
        ):
            hits = await session.scalar(
                text(f"SELECT count(*) FROM {table} WHERE lower({column}) LIKE :n"),
                {"n": f"%{needle}%"},
            )
            if hits:
                found.append(f"{table}.{column}")
        return found


async def test_export_then_erase(db: Database, admin_token: str) -> None:
    async with mail_scene(db, admin_token) as (scene, sink):
        await _export_then_erase(db, scene, sink)


async def _export_then_erase(db: Database, scene: Scene, sink: SmtpSink) -> None:
    shop = scene.shop
    await scene.subscribe({"variant_id": scene.sold_out, "email": ADDRESS})
    items = await shop.items_of(scene.product["id"])
    await shop.stock(items[scene.sold_out], scene.location["id"], 2)
    await shop.settle()
    await shop.stock(items[scene.sold_out], scene.location["id"], 0)
    await scene.subscribe({"variant_id": scene.sold_out, "email": ADDRESS})  # waiting again
    [message] = sink.messages
    link = str(message["List-Unsubscribe"]).strip("<>").split("9000", 1)[1]

    account = await scene.customer(KEY)  # she has an account, too
    exported = (await shop.get("/admin/privacy/export", email=ADDRESS))["privacy_export"]
    assert exported["email"] == KEY
    [customer] = exported["customers"]
    assert (customer["email"], customer["has_account"]) == (KEY, True)
    assert [s["status"] for s in exported["subscriptions"]] == ["notified", "active"]
    [note] = exported["notifications"]
    assert (note["to"], note["status"]) == ("Erin@example.com", "success")  # domain lower-cased
    assert note["rendered"]["subject"] == "Shirt (M) is back in stock"
    assert exported["suppression"] is None

    await shop.client.post(link)  # unsubscribes: suppressed, the waiting one cancelled
    erased = (await shop.post("/admin/privacy/erase", {"email": ADDRESS}))["privacy_erasure"]
    assert erased == {
        "email": KEY,
        "subscriptions": 2,
        "notifications": 1,
        "suppressed": True,
        "customers": 1,
    }
    signed_out = await shop.client.get("/store/customers/me", headers=account)
    assert signed_out.status_code == 404, signed_out.text
    login = await shop.client.post(
        "/auth/customer/emailpass", json={"email": KEY, "password": "pw-123456"}
    )
    assert login.status_code == 401
    assert await _everywhere(db, KEY) == []
    # The notification stays, without its address or content.
    left = (await shop.get(f"/admin/notifications/{note['id']}"))["notification"]
    assert (left["to"], left["data"]) == (erased_key(KEY), None)
    assert "rendered" not in left
    gone = (await shop.get("/admin/privacy/export", email=ADDRESS))["privacy_export"]
    assert gone == {
        "email": KEY,
        "customers": [],
        "subscriptions": [],
        "notifications": [],
        "suppression": None,
    }
    # The rows stay, under the digest: the history counts, the address stays unsubscribed.
    async with db.transaction() as session:
        kept = await session.scalar(
            text("SELECT count(*) FROM restock_subscription WHERE email_key = :k"),
            {"k": erased_key(KEY)},
        )
    assert kept == 2
    again = await shop.client.post(link)  # an old email's link does not write it back
    assert again.status_code == 200
    assert await _everywhere(db, KEY) == []
    # Subscribing again is new data: it waits for the address to confirm, which is also its
    # way back from having unsubscribed (the digest's suppression stays until then).
    await scene.subscribe({"variant_id": scene.sold_out, "email": ADDRESS})
    await shop.settle()
    assert await _everywhere(db, KEY) == [
        "restock_subscription.email",
        "restock_subscription.email_key",
        'notification."to"',
    ]
    assert [s["status"] for s in await scene.rows(email=KEY)] == ["unconfirmed"]
    assert [str(m["Subject"]) for m in sink.messages][1:] == [
        "Confirm: tell me when Shirt (M) is back"
    ]

    refused = await shop.client.post(
        "/admin/privacy/erase", json={"email": "not an address"}, headers=shop.admin
    )
    assert refused.status_code == 400
    anonymous = await shop.client.get("/admin/privacy/export", params={"email": ADDRESS})
    assert anonymous.status_code == 401


def test_privacy_commands(tmp_path: Path) -> None:
    env = {
        **os.environ,
        "RESTOCK_DATABASE_URL": f"sqlite+aiosqlite:///{tmp_path / 'restock.db'}",
    }

    def run(*args: str) -> subprocess.CompletedProcess[str]:
        return subprocess.run(
            [RESTOCK, *args], capture_output=True, text=True, env=env, timeout=60, cwd=tmp_path
        )

    assert run("db", "migrate").returncode == 0
    exported = run("privacy", "export", "nobody@example.com")
    assert exported.returncode == 0, exported.stderr
    assert json.loads(exported.stdout) == {
        "email": "nobody@example.com",
        "customers": [],
        "subscriptions": [],
        "notifications": [],
        "suppression": None,
    }
    erased = run("privacy", "erase", "nobody@example.com")
    assert json.loads(erased.stdout)["subscriptions"] == 0
    bad = run("privacy", "erase", "nope")
    assert bad.returncode == 1 and "Invalid email address" in bad.stdout

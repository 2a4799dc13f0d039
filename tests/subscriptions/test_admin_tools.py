"""Admin search, CSV export and the check's dry run."""

import csv
import io
from typing import Any

from restock.db import Database
from tests.conftest import serve
from tests.factories import Shop
from tests.subscriptions.conftest import make_scene


async def test_search_and_export_hold_the_same_rows(db: Database, admin_token: str) -> None:
    async with serve(db, rate_limits_enabled=False) as client:
        shop = Shop(client, admin_token)
        scene = await make_scene(shop)
        for email in ("ann@a.io", "bob@b.io", "=cmd@c.io"):
            await scene.subscribe({"variant_id": scene.sold_out, "email": email})
        found = await shop.get("/admin/restock-subscriptions", q="B.IO")
        assert [r["email"] for r in found["restock_subscriptions"]] == ["bob@b.io"]
        by_product = await shop.get("/admin/restock-subscriptions", q="shir")
        assert by_product["count"] == 3
        assert (await shop.get("/admin/restock-subscriptions", q="_"))["count"] == 0

        exported = await client.get(
            "/admin/restock-subscriptions/export", params={"q": "io"}, headers=shop.admin
        )
        assert exported.headers["content-type"] == "text/csv; charset=utf-8"
        rows = list(csv.DictReader(io.StringIO(exported.text)))
        listed = (await shop.get("/admin/restock-subscriptions", q="io"))["restock_subscriptions"]
        assert [r["id"] for r in rows] == [r["id"] for r in listed]
        # A cell a spreadsheet would run as a formula is written as text.
        assert [r["email"] for r in rows] == ["'=cmd@c.io", "bob@b.io", "ann@a.io"]
        assert {(r["product_title"], r["variant_title"], r["status"]) for r in rows} == {
            ("Shirt", "M", "active")
        }
        nothing = await client.get(
            "/admin/restock-subscriptions/export",
            params={"status": "notified"},
            headers=shop.admin,
        )
        assert nothing.text.splitlines() == exported.text.splitlines()[:1]  # the header alone


async def test_preview_shows_what_the_check_does_and_writes_nothing(
    db: Database, admin_token: str
) -> None:
    # Only the check the test runs happens; fair release tells one subscriber per unit.
    settings: dict[str, Any] = {"rate_limits_enabled": False, "dispatcher_enabled": False}
    settings |= {"notifications_per_unit": 1, "trigger_delay_ms": 600_000}
    settings |= {"recheck_delay_ms": 600_000}
    async with serve(db, **settings) as client:
        shop = Shop(client, admin_token)
        scene = await make_scene(shop)
        for n in range(3):
            await scene.subscribe({"variant_id": scene.sold_out, "email": f"p{n}@x.io"})
        empty = await shop.get("/admin/restock-check/preview")
        assert empty == {"preview": {"pairs": [], "subscribers": 0, "listed": []}}
        items = await shop.items_of(scene.product["id"])
        await shop.stock(items[scene.sold_out], scene.location["id"], 2)  # fair: 2 of 3

        preview = (await shop.get("/admin/restock-check/preview", limit=1))["preview"]
        assert preview["pairs"] == [
            {
                "variant_id": scene.sold_out,
                "sales_channel_id": scene.channel["id"],
                "quantity": 2,
                "unlimited": False,
                "waiting": 3,
                "allowed": 2,
            }
        ]
        assert preview["subscribers"] == 2
        assert [w["email"] for w in preview["listed"]] == ["p0@x.io"]
        full = (await shop.get("/admin/restock-check/preview"))["preview"]
        assert [w["email"] for w in full["listed"]] == ["p0@x.io", "p1@x.io"]
        assert {r["status"] for r in await scene.rows()} == {"active"}
        assert (await shop.get("/admin/notifications"))["count"] == 0

        run = await shop.post("/admin/workflows-executions/job-check-restock/run", {})
        assert run["result"] == {"queued": 2, "subscribers": 2}
        queued = (await shop.get("/admin/notifications"))["notifications"]
        assert sorted(n["to"] for n in queued) == [w["email"] for w in full["listed"]]

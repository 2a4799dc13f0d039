"""The merchant's figures through the admin API."""

from datetime import UTC, datetime, timedelta

from restock.db import Database
from restock.kit.time import utcnow
from tests.conftest import serve
from tests.factories import Shop
from tests.subscriptions.conftest import make_scene


async def test_demand_daily_figures_and_summary(db: Database, admin_token: str) -> None:
    async with serve(db, rate_limits_enabled=False) as client:
        shop = Shop(client, admin_token)
        scene = await make_scene(shop)
        for n in range(3):
            await scene.subscribe({"variant_id": scene.sold_out, "email": f"w{n}@example.com"})
        await shop.settle()
        # The report reads the counts of the last refresh: none yet.
        assert (await shop.get("/admin/restock-insights/demand"))["demand"] == []
        before = utcnow() - timedelta(milliseconds=1)  # the answer keeps milliseconds
        [wanted] = (await shop.post("/admin/restock-insights/demand/refresh", {}))["demand"]
        assert [wanted] == (await shop.get("/admin/restock-insights/demand"))["demand"]
        first = (await scene.rows(email="w0@example.com"))[0]
        assert before <= datetime.fromisoformat(wanted.pop("refreshed_at")) <= utcnow()
        assert wanted == {
            "variant_id": scene.sold_out,
            "sales_channel_id": scene.channel["id"],
            "waiting": 3,
            "waiting_since": first["created_at"],
            "product_id": scene.product["id"],
            "product_title": "Shirt",
            "variant_title": "M",
            "variant_sku": wanted["variant_sku"],
            "sales_channel_name": scene.channel["name"],
        }
        other = await shop.get("/admin/restock-insights/demand", sales_channel_id="sc_none")
        assert other == {"demand": [], "limit": 20}

        items = await shop.items_of(scene.product["id"])
        await shop.stock(items[scene.sold_out], scene.location["id"], 5)
        await shop.settle()
        days = (await shop.get("/admin/restock-insights/daily", days=7))["days"]
        assert len(days) == 7 and days[-1]["date"] == utcnow().date().isoformat()
        assert days[-1] | {"date": ""} == {"date": "", "subscriptions": 3, "sent": 3, "failed": 0}
        assert all(d["subscriptions"] == d["sent"] == 0 for d in days[:-1])
        summary = (await shop.get("/admin/restock-insights/summary"))["summary"]
        median = summary.pop("median_seconds_to_send")
        assert 0 <= median < 60
        assert summary == {
            "live_subscriptions": 0,
            "sent_7d": 3,
            "failed_7d": 0,
            "sent_30d": 3,
            "failed_30d": 0,
        }
        assert (await shop.get("/admin/restock-insights/demand"))["demand"] != []
        await shop.post("/admin/restock-insights/demand/refresh", {})
        assert (await shop.get("/admin/restock-insights/demand"))["demand"] == []
        refused = await client.get(
            "/admin/restock-insights/daily", params={"days": 0}, headers=shop.admin
        )
        assert refused.status_code == 400
        anonymous = await client.get("/admin/restock-insights/summary")
        assert anonymous.status_code == 401


async def test_the_scheduler_counts_the_demand_every_minute(db: Database, admin_token: str) -> None:
    async with serve(db, rate_limits_enabled=False) as client:
        shop = Shop(client, admin_token)
        scene = await make_scene(shop)
        await scene.subscribe({"variant_id": scene.sold_out, "email": "tick@example.com"})
        runtime = client.app.state.restock
        [schedule] = [s for s in runtime.scheduler.schedules if s.name == "refresh-demand"]
        assert schedule.cron == "* * * * *"
        assert (await shop.get("/admin/restock-insights/demand"))["demand"] == []
        assert await runtime.scheduler.run_tick(schedule, datetime(2026, 11, 30, 9, 1, tzinfo=UTC))
        [counted] = (await shop.get("/admin/restock-insights/demand"))["demand"]
        assert (counted["variant_id"], counted["waiting"]) == (scene.sold_out, 1)

"""Retention on the scheduler: old history deleted in batches, long waits expired, the rest
kept."""

from datetime import UTC, datetime, timedelta
from typing import Any

import pytest
from sqlalchemy import select, update

from restock.db import Database
from restock.kit.ids import new_id
from restock.models import Notification, RestockSubscription
from restock.privacy import retention
from tests.conftest import serve
from tests.factories import Shop
from tests.subscriptions.conftest import make_scene

Sub = RestockSubscription


async def test_old_history_goes_long_waits_expire(
    db: Database, admin_token: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(retention, "BATCH", 1)  # every delete takes several batches
    settings = {"rate_limits_enabled": False, "retention_days": 30, "subscription_ttl_days": 60}
    settings |= {"dispatcher_enabled": False}
    async with serve(db, **settings) as client:
        shop = Shop(client, admin_token)
        scene = await make_scene(shop)
        emails = ["old-told", "old-told-2", "new-told", "old-cancel", "long-wait", "new-wait"]
        for name in emails:
            await scene.subscribe({"variant_id": scene.sold_out, "email": f"{name}@x.io"})
        now = datetime.now(UTC)
        ago = {n: now - timedelta(days=d) for n, d in (("40", 40), ("10", 10), ("90", 90))}
        history: dict[str, dict[str, Any]] = {
            "old-told": {"status": "notified", "notified_at": ago["40"]},
            "old-told-2": {"status": "notified", "notified_at": ago["40"]},
            "new-told": {"status": "notified", "notified_at": ago["10"]},
            "old-cancel": {"status": "cancelled", "cancelled_at": ago["40"]},
            "long-wait": {"created_at": ago["90"]},
        }
        async with db.transaction() as session:
            for name, values in history.items():
                await session.execute(
                    update(Sub).where(Sub.email == f"{name}@x.io").values(**values)
                )
            for to, status, updated in (
                ("sent-old@x.io", "success", ago["40"]),
                ("failed-old@x.io", "failure", ago["40"]),
                ("sent-new@x.io", "success", ago["10"]),
                ("pending-old@x.io", "pending", ago["40"]),
            ):
                session.add(
                    Notification(
                        id=new_id("noti"),
                        to=to,
                        channel="email",
                        status=status,
                        next_attempt_at=updated,
                        created_at=updated,
                        updated_at=updated,
                    )
                )

        runtime = client.app.state.restock
        [job] = [s for s in runtime.scheduler.schedules if s.name == "retention"]
        assert job.cron == "30 3 * * *"
        assert await runtime.scheduler.run_tick(job, datetime(2026, 11, 30, 3, 30, tzinfo=UTC))

        async with db.transaction() as session:
            left = {e: s for e, s in await session.execute(select(Sub.email, Sub.status))}
            kept = set(await session.scalars(select(Notification.to)))
        assert left == {
            "new-told@x.io": "notified",
            "long-wait@x.io": "cancelled",  # waited longer than the TTL: expired, kept as history
            "new-wait@x.io": "active",
        }
        assert kept == {"sent-new@x.io", "pending-old@x.io"}  # pending is never deleted

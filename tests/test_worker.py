"""`restock worker` as a real process: it sends what is queued, and on SIGTERM lets the send in
flight finish and settle before it exits."""

import asyncio
import os
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest
from pydantic import ValidationError
from sqlalchemy import select, update

from restock.config import Settings
from restock.db import Database
from restock.demo.catalog import load_demo
from restock.migrate import upgrade
from restock.models import InventoryLevel, Notification, RestockSubscription
from restock.subscriptions.check import check_restock
from restock.subscriptions.service import restock_subscription_service
from restock.subscriptions.workflows import SubscribeInput
from restock.users.service import user_service
from tests.smtp_sink import smtp_sink

RESTOCK = str(Path(sys.executable).parent / "restock")


async def _statuses(settings: Settings) -> tuple[list[str], list[str]]:
    database = Database(settings)
    async with database.transaction() as session:
        notifications = list(await session.scalars(select(Notification.status)))
        subscriptions = list(await session.scalars(select(RestockSubscription.status)))
    await database.dispose()
    return notifications, subscriptions


async def _queue_one_email(settings: Settings) -> None:
    database = Database(settings)
    async with database.engine.begin() as connection:
        await connection.run_sync(upgrade)
    async with database.transaction() as session:
        admin, _ = await user_service.create(session, "ops@example.com", "long-enough-pw")
        demo = await load_demo(session, admin.id)
        await restock_subscription_service.subscribe(
            session,
            settings,
            None,
            SubscribeInput(
                demo.sold_out_variant_id, "worker@x.io", None, None, [demo.sales_channel_id]
            ),
        )
    async with database.transaction() as session:
        await session.execute(update(InventoryLevel).values(stocked_quantity=7))
    assert (await check_restock(database, settings)).queued == 1
    await database.dispose()


def test_worker_finishes_the_send_in_flight_on_sigterm(tmp_path: Path) -> None:
    url = f"sqlite+aiosqlite:///{tmp_path / 'worker.db'}"
    asyncio.run(_queue_one_email(Settings(database_url=url)))
    with smtp_sink() as (sink, port):
        sink.delay = 1.5
        env = {
            **os.environ,
            "RESTOCK_DATABASE_URL": url,
            "RESTOCK_NOTIFICATION_PROVIDER": "smtp",
            "RESTOCK_SMTP_PORT": str(port),
            "RESTOCK_DISPATCH_POLL_SECONDS": "0.2",
        }
        worker = subprocess.Popen(
            [RESTOCK, "worker"],
            env=env,
            stdout=subprocess.PIPE,
            stderr=subprocess.PIPE,
            text=True,
            cwd=tmp_path,
        )
        try:
            started = time.monotonic()
            while not sink.receiving and time.monotonic() - started < 20:
                time.sleep(0.05)
            assert sink.messages == []  # the SMTP server is still taking the message
        finally:
            worker.send_signal(signal.SIGTERM)
            out, err = worker.communicate(timeout=20)
        assert sink.to() == ["worker@x.io"]
    assert worker.returncode == 0, err
    assert "worker stopped" in out
    assert asyncio.run(_statuses(Settings(database_url=url))) == (["success"], ["notified"])


def test_an_api_process_needs_redis_to_reach_the_workers() -> None:
    with pytest.raises(ValidationError, match="RESTOCK_ROLE=api needs RESTOCK_REDIS_URL"):
        Settings(role="api")


@pytest.mark.parametrize(
    ("name", "value"),
    [
        ("inventory_required", -1),
        ("notification_batch_size", 0),
        ("dispatch_concurrency", 0),
        ("notification_max_attempts", 0),
        ("notifications_per_unit", -2),
        ("dispatch_poll_seconds", 0),
    ],
)
def test_a_number_out_of_range_is_refused_with_its_name(name: str, value: int) -> None:
    with pytest.raises(ValidationError, match=name):
        Settings.model_validate({name: value})

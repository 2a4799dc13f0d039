"""Two API processes and two workers on PostgreSQL and Redis, under load, with a worker killed
(-9) in the middle of dispatch: every subscriber of a restocked pair is emailed, nobody else is,
and nothing stays claimed."""

import asyncio
import itertools
import os
import random
import signal
import subprocess
import time
from collections import Counter
from pathlib import Path

import httpx
from sqlalchemy import func, select

from restock.config import Settings
from restock.db import Database
from restock.models import Notification, RestockSubscription
from restock.notifications.dispatcher import RUNS_IN_FLIGHT
from testbed.bulk import BulkCatalog, restock_over_http, seed, subscribe_everyone
from tests.factories import sample
from tests.smtp_sink import SmtpSink, smtp_sink
from tests.system.harness import (
    ADMIN,
    REDIS_URL,
    Processes,
    empty_redis,
    needs_services,
    processes,
    throwaway_database,
    wait_until,
)

pytestmark = needs_services
PAIRS, PER_PAIR = 500, 20
S = RestockSubscription


async def _keep_subscribing(
    port: int, catalog: BulkCatalog, stop: asyncio.Event, answers: list[tuple[str, str, int]]
) -> None:
    """The load: new shoppers subscribe to random variants until told to stop."""
    counter = itertools.count()
    headers = {"x-publishable-api-key": catalog.key}
    async with httpx.AsyncClient(base_url=f"http://127.0.0.1:{port}", timeout=30) as client:

        async def shopper() -> None:
            while not stop.is_set():
                variant, email = random.choice(catalog.variant_ids), f"load-{next(counter)}@x.io"
                response = await client.post(
                    "/store/restock-subscriptions",
                    json={"variant_id": variant, "email": email},
                    headers=headers,
                )
                answers.append((variant, email, response.status_code))

        await asyncio.gather(*(shopper() for _ in range(4)))


async def _state(url: str) -> tuple[Counter[str], list[tuple[str, str, str]]]:
    database = Database(Settings(database_url=url))
    async with database.transaction() as session:
        outbox = Counter(
            dict(
                (
                    await session.execute(
                        select(Notification.status, func.count()).group_by(Notification.status)
                    )
                ).all()
            )
        )
        subscriptions = (await session.execute(select(S.variant_id, S.email, S.status))).all()
    await database.dispose()
    return outbox, [(row[0], row[1], row[2]) for row in subscriptions]


def test_cluster_tells_every_restocked_subscriber_once_through_a_worker_crash(
    tmp_path: Path,
) -> None:
    assert REDIS_URL is not None
    empty_redis(REDIS_URL)
    with (
        throwaway_database(f"restock_system_{os.getpid()}") as url,
        smtp_sink() as (sink, smtp_port),
    ):
        catalog = asyncio.run(seed(url, PAIRS))
        asyncio.run(subscribe_everyone(url, catalog, PER_PAIR))
        restocked = catalog.variant_ids[::2]
        env = {
            "RESTOCK_DATABASE_URL": url,
            "RESTOCK_REDIS_URL": REDIS_URL,
            "RESTOCK_NOTIFICATION_PROVIDER": "smtp",
            "RESTOCK_SMTP_PORT": str(smtp_port),
            "RESTOCK_NOTIFICATION_LEASE_SECONDS": "5",
            "RESTOCK_EVENT_REDELIVERY_SECONDS": "3",
            "RESTOCK_DISPATCH_POLL_SECONDS": "0.5",
            "RESTOCK_RATE_LIMITS_ENABLED": "false",
            "RESTOCK_LOG_LEVEL": "warning",
            "RESTOCK_DATABASE_POOL_SIZE": "5",
            "RESTOCK_METRICS_DIR": str(tmp_path / "metrics"),
        }
        with processes(tmp_path, env) as cluster:
            port = cluster.api("api", workers=2, RESTOCK_ROLE="api")
            doomed = cluster.start("worker-1", "worker")
            cluster.start("worker-2", "worker")
            time.sleep(2)  # the workers join the consumer group
            answers = asyncio.run(
                _restock_under_load(port, catalog, restocked, cluster, doomed, sink)
            )
            wait_until(lambda: _settled(url), 120, "every claim to be sent and settled")
            outbox, subscriptions = asyncio.run(_state(url))
            metrics = httpx.get(f"http://127.0.0.1:{port}/metrics").text
        _check(doomed.returncode, restocked, answers, outbox, subscriptions, sink.to())
        # /metrics on one API process adds up every process of the host, workers included
        # (the killed one's files stay, as a dead process's counters should).
        sent = dict(provider="smtp", outcome="sent")
        assert sample(metrics, "restock_notifications_total", **sent) == outbox["success"]
        created = sum(code == 201 for *_, code in answers)
        assert sample(metrics, "restock_subscriptions_total", change="created") == created


async def _restock_under_load(
    port: int,
    catalog: BulkCatalog,
    restocked: list[str],
    cluster: Processes,
    doomed: subprocess.Popen[bytes],
    sink: SmtpSink,
) -> list[tuple[str, str, int]]:
    stop, answers = asyncio.Event(), list[tuple[str, str, int]]()
    load = asyncio.create_task(_keep_subscribing(port, catalog, stop, answers))
    await asyncio.sleep(1)
    items = [catalog.item_of[v] for v in restocked]
    base = f"http://127.0.0.1:{port}"
    codes = await restock_over_http(base, ADMIN, items, catalog.location_id, 1000)
    assert set(codes) == {200}
    # Kill a worker in the middle of dispatch, then start a new one.
    deadline = time.monotonic() + 60
    while len(sink.messages) < 1500 and time.monotonic() < deadline:  # noqa: ASYNC110
        await asyncio.sleep(0.05)
    assert len(sink.messages) >= 1500, "dispatch did not get going"
    os.kill(doomed.pid, signal.SIGKILL)
    cluster.start("worker-3", "worker")
    await asyncio.sleep(2)
    stop.set()
    await load
    return answers


def _settled(url: str) -> bool:
    outbox, subscriptions = asyncio.run(_state(url))
    return outbox["pending"] == 0 and not any(s[2] == "notifying" for s in subscriptions)


def _check(
    doomed_code: int | None,
    restocked: list[str],
    answers: list[tuple[str, str, int]],
    outbox: Counter[str],
    subscriptions: list[tuple[str, str, str]],
    delivered: list[str],
) -> None:
    assert doomed_code == -signal.SIGKILL
    back = set(restocked)
    emails = Counter(delivered)
    told = [s for s in subscriptions if s[0] in back]
    waiting = [s for s in subscriptions if s[0] not in back]
    assert len(told) >= len(restocked) * PER_PAIR and len(waiting) >= len(restocked) * PER_PAIR
    assert {s[2] for s in told} == {"notified"}, Counter(s[2] for s in told)
    assert {s[2] for s in waiting} == {"active"}
    assert [s[1] for s in told if emails[s[1]] == 0] == []  # nobody missed
    assert [s[1] for s in waiting if emails[s[1]]] == []  # nobody told for a pair not back
    assert outbox["failure"] == 0
    # The load went on throughout: subscriptions to sold-out variants were taken (201), and
    # to variants already back refused (400), never an error.
    assert {code for _, _, code in answers} <= {201, 400} and any(c == 201 for *_, c in answers)
    duplicates = {email: n for email, n in emails.items() if n > 1}
    # A worker killed after the SMTP server accepted a message and before it recorded the
    # success leaves that row leased; it is sent again when the lease runs out. That window
    # is the rows of the dispatcher's runs in flight at the kill, never more.
    print(f"duplicates after the kill: {len(duplicates)} of {len(delivered)} emails")
    assert len(duplicates) <= RUNS_IN_FLIGHT * Settings().dispatch_concurrency

"""Faults with real processes: Redis stopped and restarted during event traffic (a Redis server
of the test's own) with two workers running the scheduler, and PostgreSQL taken away behind a
proxy."""

import asyncio
import os
import re
import subprocess
import time
from collections import Counter
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import httpx
from sqlalchemy.engine import make_url

from testbed.bulk import restock_over_http, seed, subscribe_everyone
from tests.ports import free_port
from tests.smtp_sink import smtp_sink
from tests.system.harness import (
    ADMIN,
    needs_services,
    processes,
    throwaway_database,
    wait_for_port,
    wait_until,
)
from tests.tcp_proxy import tcp_proxy

pytestmark = needs_services
PER_PAIR = 5


@contextmanager
def redis_server(port: int) -> Iterator[subprocess.Popen[bytes]]:
    server = subprocess.Popen(
        [
            "redis-server",
            "--port",
            str(port),
            "--bind",
            "127.0.0.1",
            "--save",
            "",
            "--appendonly",
            "no",
        ],
        stdout=subprocess.DEVNULL,
    )
    try:
        wait_for_port(port)
        yield server
    finally:
        server.terminate()
        server.wait(10)


def _restock(port: int, items: list[str], location: str) -> list[int]:
    base = f"http://127.0.0.1:{port}"
    return asyncio.run(restock_over_http(base, ADMIN, items, location, 10, concurrency=1))


def test_restocks_missed_while_redis_was_down_are_caught_by_the_schedule(
    tmp_path: Path,
) -> None:
    redis_port = free_port()
    with (
        throwaway_database(f"restock_faults_{os.getpid()}") as url,
        smtp_sink() as (sink, smtp_port),
    ):
        catalog = asyncio.run(seed(url, 15))
        asyncio.run(subscribe_everyone(url, catalog, PER_PAIR))
        before, during = catalog.variant_ids[:5], catalog.variant_ids[5:10]
        env = {
            "RESTOCK_DATABASE_URL": url,
            "RESTOCK_REDIS_URL": f"redis://127.0.0.1:{redis_port}/0",
            "RESTOCK_NOTIFICATION_PROVIDER": "smtp",
            "RESTOCK_SMTP_PORT": str(smtp_port),
            "RESTOCK_CRON": "* * * * *",
            "RESTOCK_DISPATCH_POLL_SECONDS": "0.5",
            "RESTOCK_LOG_LEVEL": "info",
        }
        with redis_server(redis_port) as redis, processes(tmp_path, env) as cluster:
            port = cluster.api("api", workers=1, RESTOCK_ROLE="api")
            cluster.start("worker-1", "worker")
            cluster.start("worker-2", "worker")
            time.sleep(2)
            items = catalog.item_of
            _restock(port, [items[v] for v in before], catalog.location_id)
            wait_until(lambda: len(sink.messages) == 5 * PER_PAIR, 30, "the event-driven sends")

            redis.terminate()
            redis.wait(10)
            ready = httpx.get(f"http://127.0.0.1:{port}/ready")
            assert (ready.status_code, ready.json()) == (
                503,
                {"database": "ok", "redis": "unreachable"},
            )
            # The restock commits; its events cannot be published and are logged as lost.
            codes = _restock(port, [items[v] for v in during], catalog.location_id)
            assert codes == [200] * 5
            with redis_server(redis_port):
                wait_until(
                    lambda: len(sink.messages) == 10 * PER_PAIR,
                    75,
                    "the scheduled check to catch the restocks the events missed",
                )
                time.sleep(2)  # nothing more arrives
                ticks = re.findall(
                    r"running check-restock for the tick of (\S+)",
                    cluster.log("worker-1") + cluster.log("worker-2"),
                )
        assert "publishing events failed after commit; they are lost" in cluster.log("api")
    # Every subscriber of the ten restocked variants once; nobody of the five others.
    expected = [f"seed-{v}-{k}@example.com" for v in range(10) for k in range(PER_PAIR)]
    assert Counter(sink.to()) == Counter(expected)
    assert ticks and len(ticks) == len(set(ticks))  # each tick ran in one worker only


def test_a_database_outage_is_503_then_the_api_recovers_without_restart(tmp_path: Path) -> None:
    with throwaway_database(f"restock_outage_{os.getpid()}") as url:
        real = make_url(url)
        with tcp_proxy(real.host or "127.0.0.1", real.port or 5432) as proxy:
            through = real.set(host="127.0.0.1", port=proxy.port).render_as_string(False)
            env = {"RESTOCK_DATABASE_URL": through, "RESTOCK_SCHEDULER_ENABLED": "false"}
            with processes(tmp_path, env) as cluster:
                base = f"http://127.0.0.1:{cluster.api('api', workers=2)}"
                login = httpx.post(
                    f"{base}/auth/user/emailpass", json={"email": ADMIN[0], "password": ADMIN[1]}
                )
                headers = {"authorization": f"Bearer {login.json()['token']}"}
                made = httpx.post(
                    f"{base}/admin/sales-channels", json={"name": "Kept"}, headers=headers
                )
                assert made.status_code == 200
                proxy.cut()
                for _ in range(4):  # both processes, fresh and pooled connections
                    down = httpx.get(f"{base}/admin/sales-channels", headers=headers)
                    assert (down.status_code, down.json()["type"]) == (503, "unavailable")
                    assert httpx.get(f"{base}/ready").status_code == 503
                proxy.restore()
                wait_until(lambda: httpx.get(f"{base}/ready").status_code == 200, 20, "readiness")
                listed = httpx.get(f"{base}/admin/sales-channels", headers=headers).json()
        assert [c["name"] for c in listed["sales_channels"]] == ["Kept"]

"""Real Restock processes on this machine's PostgreSQL and Redis, for the system tests.

Each test gets a throwaway database on the server of RESTOCK_TEST_DATABASE_URL and empties the
Redis database of RESTOCK_TEST_REDIS_URL. Processes log to files under the test's tmp_path,
shown when a test fails.
"""

import asyncio
import os
import signal
import socket
import subprocess
import sys
import time
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import pytest
import redis

from restock.config import Settings
from restock.db import Database
from restock.users.service import user_service
from testbed import databases
from tests.ports import free_port

PG_URL = os.environ.get("RESTOCK_TEST_DATABASE_URL")
REDIS_URL = os.environ.get("RESTOCK_TEST_REDIS_URL")
RESTOCK = str(Path(sys.executable).parent / "restock")
ADMIN = ("ops@example.com", "cluster-password")
needs_services = pytest.mark.skipif(
    PG_URL is None or REDIS_URL is None,
    reason="needs RESTOCK_TEST_DATABASE_URL and RESTOCK_TEST_REDIS_URL (CI sets both)",
)


@contextmanager
def throwaway_database(name: str) -> Iterator[str]:
    """A fresh, migrated database with an admin user; yields its URL."""
    assert PG_URL is not None

    async def add_admin(url: str) -> None:
        database = Database(Settings(database_url=url))
        async with database.transaction() as session:
            await user_service.create(session, *ADMIN)
        await database.dispose()

    with databases.throwaway_database(PG_URL, name) as url:
        asyncio.run(add_admin(url))
        yield url


def empty_redis(url: str) -> None:
    client = redis.Redis.from_url(url)
    client.flushdb()
    client.close()


class Processes:
    """Starts `restock` commands with a shared environment; kills what is left at the end."""

    def __init__(self, logs: Path, env: dict[str, str]) -> None:
        self.logs, self.env = logs, env
        self.running: list[subprocess.Popen[bytes]] = []

    def start(self, name: str, *args: str, **env: str) -> subprocess.Popen[bytes]:
        log = (self.logs / f"{name}.log").open("wb")
        process = subprocess.Popen(
            [RESTOCK, *args],
            env={**os.environ, **self.env, **env},
            stdout=log,
            stderr=subprocess.STDOUT,
            cwd=self.logs,
        )
        self.running.append(process)
        return process

    def api(self, name: str, workers: int = 2, **env: str) -> int:
        port = free_port()
        self.start(name, "serve", "--port", str(port), "--workers", str(workers), **env)
        wait_for_port(port)
        return port

    def log(self, name: str) -> str:
        return (self.logs / f"{name}.log").read_text(errors="replace")

    def stop_all(self) -> None:
        for process in self.running:
            if process.poll() is None:
                process.send_signal(signal.SIGTERM)
        for process in self.running:
            try:
                process.wait(timeout=20)
            except subprocess.TimeoutExpired:
                process.kill()
                process.wait()


@contextmanager
def processes(logs: Path, env: dict[str, str]) -> Iterator[Processes]:
    group = Processes(logs, env)
    try:
        yield group
    except BaseException:
        for path in sorted(logs.glob("*.log")):
            print(f"--- {path.name} (last 3000 characters)\n{path.read_text()[-3000:]}")
        raise
    finally:
        group.stop_all()


def wait_for_port(port: int, seconds: float = 30) -> None:
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        try:
            with socket.create_connection(("127.0.0.1", port), timeout=0.5):
                time.sleep(1.0)  # every uvicorn worker process has started too
                return
        except OSError:
            time.sleep(0.1)
    raise RuntimeError(f"nothing listens on {port}")


def wait_until(condition: object, seconds: float, what: str) -> None:
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        if condition():  # type: ignore[operator]
            return
        time.sleep(0.2)
    raise AssertionError(f"timed out after {seconds}s waiting for {what}")

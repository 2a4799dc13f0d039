"""The `restock` command, run as a real process on a fresh SQLite file."""

import os
import socket
import sqlite3
import subprocess
import sys
import time
from contextlib import closing
from pathlib import Path

import pytest

from restock.config import Settings
from tests.ports import free_port
from tests.system.harness import wait_for_port

RESTOCK = str(Path(sys.executable).parent / "restock")


def _run(tmp_path: Path, *args: str, **env: str) -> subprocess.CompletedProcess[str]:
    environment = {
        **os.environ,
        "RESTOCK_DATABASE_URL": f"sqlite+aiosqlite:///{tmp_path / 'var' / 'restock.db'}",
        **env,
    }
    return subprocess.run(
        [RESTOCK, *args], capture_output=True, text=True, env=environment, timeout=60, cwd=tmp_path
    )


@pytest.fixture
def migrated(tmp_path: Path) -> Path:
    result = _run(tmp_path, "db", "migrate")
    assert result.returncode == 0, result.stderr
    return tmp_path


def test_user_command(migrated: Path) -> None:
    created = _run(migrated, "user", "-e", "ops@example.com", "-p", "long-enough-pw")
    assert created.returncode == 0 and "created" in created.stdout
    again = _run(migrated, "user", "-e", "OPS@example.com", "-p", "long-enough-pw")
    assert again.returncode == 1 and "already exists" in again.stdout
    short = _run(migrated, "user", "-e", "x@example.com", "-p", "short")
    assert short.returncode == 1 and "at least 8" in short.stdout


def test_demo_seed_is_idempotent_and_prints_a_curl(migrated: Path) -> None:
    first = _run(migrated, "seed", "--demo")
    assert first.returncode == 0, first.stderr
    assert "demo catalog loaded" in first.stdout and "x-publishable-api-key: pk_" in first.stdout
    second = _run(migrated, "seed", "--demo")
    assert "already present" in second.stdout
    curl = [line for line in first.stdout.splitlines() if "variant_id" in line]
    assert curl == [line for line in second.stdout.splitlines() if "variant_id" in line]


def test_a_bad_setting_stops_a_command_naming_it(tmp_path: Path) -> None:
    bad = _run(tmp_path, "db", "migrate", RESTOCK_ROLE="boss", RESTOCK_NOTIFICATION_BATCH_SIZE="0")
    assert (bad.returncode, bad.stdout) == (2, "")
    assert bad.stderr.splitlines() == [
        "restock: RESTOCK_ROLE: Input should be 'all', 'api' or 'worker' (got 'boss')",
        "restock: RESTOCK_NOTIFICATION_BATCH_SIZE: Input should be greater than 0 (got '0')",
    ]
    clash = _run(tmp_path, "db", "migrate", RESTOCK_ENV="production")
    assert (clash.returncode, clash.stdout) == (2, "")
    assert clash.stderr.splitlines() == ["restock: RESTOCK_JWT_SECRET must be set in production"]
    assert not (tmp_path / "var").exists()  # nothing was migrated


def test_dev_refuses_outside_development(tmp_path: Path) -> None:
    refused = _run(
        tmp_path,
        "dev",
        RESTOCK_ENV="production",
        RESTOCK_JWT_SECRET="a-production-secret-of-enough-length-123",
        RESTOCK_LINK_SECRET="a-production-link-key-of-enough-length-456",
    )
    assert refused.returncode == 1 and "development mode only" in refused.stdout
    assert not (tmp_path / "var" / "restock.db").exists()


def test_production_refuses_the_default_jwt_secret(tmp_path: Path) -> None:
    refused = _run(tmp_path, "db", "migrate", RESTOCK_ENV="production")
    assert refused.returncode != 0 and "RESTOCK_JWT_SECRET must be set" in refused.stderr


def test_production_refuses_the_development_link_secret(tmp_path: Path) -> None:
    secret = "a-production-secret-of-enough-length-123"
    refused = _run(tmp_path, "db", "migrate", RESTOCK_ENV="production", RESTOCK_JWT_SECRET=secret)
    assert refused.returncode == 2
    assert refused.stderr.splitlines() == [
        "restock: RESTOCK_LINK_SECRET must be set in production, at least 32 characters (to "
        "keep links of emails already sent working, add the key that signed them to "
        "RESTOCK_LINK_OLD_SECRETS)"
    ]


def test_check_restock_sends_through_the_log_provider(migrated: Path) -> None:
    assert _run(migrated, "seed", "--demo").returncode == 0
    nothing = _run(migrated, "check-restock")
    assert nothing.returncode == 0, nothing.stderr
    assert "queued 0; sent 0" in nothing.stdout


def test_check_restock_tells_the_subscriber_of_a_restocked_variant_once(migrated: Path) -> None:
    assert _run(migrated, "seed", "--demo").returncode == 0
    with closing(sqlite3.connect(migrated / "var" / "restock.db")) as db, db:
        # The demo's sold-out tee (size M), restocked, with one subscriber waiting for it.
        variant_id, item_id = db.execute(
            "SELECT l.variant_id, i.id FROM inventory_item i "
            "JOIN product_variant_inventory_item l ON l.inventory_item_id = i.id "
            "WHERE i.sku = 'DEMO-TEE-M'"
        ).fetchone()
        (channel_id,) = db.execute("SELECT id FROM sales_channel").fetchone()
        db.execute(
            "INSERT INTO restock_subscription (id, variant_id, sales_channel_id, email, "
            "email_key, status, created_at, updated_at) VALUES ('rsub_cli', ?, ?, "
            "'Fan@x.io', 'fan@x.io', 'active', '2026-01-01 00:00:00', '2026-01-01 00:00:00')",
            (variant_id, channel_id),
        )
        db.execute(
            "UPDATE inventory_level SET stocked_quantity = 4 WHERE inventory_item_id = ?",
            (item_id,),
        )
    first = _run(migrated, "check-restock")
    assert first.returncode == 0, first.stderr
    assert "queued 1; sent 1, retrying 0, failed 0, suppressed 0" in first.stdout
    assert first.stderr.count("Attempting to send a notification to: 'Fan@x.io'") == 1
    again = _run(migrated, "check-restock")
    assert "queued 0; sent 0" in again.stdout and "Attempting" not in again.stderr
    with closing(sqlite3.connect(migrated / "var" / "restock.db")) as db:
        statuses = db.execute(
            "SELECT s.status, n.status FROM restock_subscription s "
            "JOIN notification n ON n.resource_id = s.id"
        ).fetchall()
    assert statuses == [("notified", "success")]


def test_served_app_prints_the_log_providers_line(migrated: Path) -> None:
    """The default provider logs through the `restock` logger: it must reach the terminal."""
    script = (
        "import logging; from restock.app import create_app; create_app(); "
        "logging.getLogger('restock.notifications').info('Attempting to send a notification')"
    )
    result = subprocess.run(
        [sys.executable, "-c", script], capture_output=True, text=True, timeout=60, cwd=migrated
    )
    assert "restock.notifications: Attempting to send a notification" in result.stderr


def test_worker_refuses_a_concurrency_below_one(migrated: Path) -> None:
    refused = _run(migrated, "worker", "--concurrency", "0")
    assert refused.returncode == 2 and "--concurrency" in refused.stderr


def test_the_demo_seed_refuses_outside_development(migrated: Path) -> None:
    """It would create the development admin (admin@example.com / supersecret)."""
    refused = _run(
        migrated,
        "seed",
        "--demo",
        RESTOCK_ENV="production",
        RESTOCK_JWT_SECRET="a-production-secret-of-enough-length-123",
        RESTOCK_LINK_SECRET="a-production-link-key-of-enough-length-456",
    )
    assert refused.returncode == 1 and "development mode only" in refused.stdout
    with closing(sqlite3.connect(migrated / "var" / "restock.db")) as connection:
        assert connection.execute("SELECT count(*) FROM user").fetchone() == (0,)
        assert connection.execute("SELECT count(*) FROM product").fetchone() == (0,)


@pytest.mark.parametrize("secret", [" " * 40, "ab" * 20, "x" * 64])
def test_production_refuses_a_secret_that_is_not_random(tmp_path: Path, secret: str) -> None:
    refused = _run(tmp_path, "db", "migrate", RESTOCK_ENV="production", RESTOCK_JWT_SECRET=secret)
    assert refused.returncode == 2
    assert refused.stderr.splitlines() == [
        "restock: RESTOCK_JWT_SECRET must be random: it is blank or repeats a few characters"
    ]


def test_the_server_closes_an_idle_keep_alive_connection(migrated: Path) -> None:
    port = free_port()
    env = {"RESTOCK_PORT": str(port), "RESTOCK_KEEP_ALIVE_SECONDS": "1"}
    environment = {
        **os.environ,
        "RESTOCK_DATABASE_URL": f"sqlite+aiosqlite:///{migrated / 'var' / 'restock.db'}",
        **env,
    }
    server = subprocess.Popen(
        [RESTOCK, "serve"], env=environment, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL
    )
    try:
        wait_for_port(port)
        with socket.create_connection(("127.0.0.1", port), timeout=10) as connection:
            connection.sendall(b"GET /health HTTP/1.1\r\nhost: t\r\n\r\n")
            answer = b""
            while not answer.endswith(b"\r\n\r\nOK"):
                answer += connection.recv(4096)
            assert answer.startswith(b"HTTP/1.1 200")
            started = time.monotonic()
            assert connection.recv(4096) == b""  # closed by the server, idle
            assert 0.5 <= time.monotonic() - started <= 3  # the setting, not uvicorn's 5 s
    finally:
        server.terminate()
        server.wait(timeout=30)


def test_links_follow_the_served_address_unless_set() -> None:
    assert Settings(port=9123).public_url == "http://127.0.0.1:9123"
    assert Settings(host="0.0.0.0", port=80).public_url == "http://localhost:80"
    assert Settings(host="::1", port=8080).public_url == "http://[::1]:8080"
    given = Settings(port=9123, public_url="https://restock.shop.example")
    assert given.public_url == "https://restock.shop.example"


def test_a_bad_cors_expression_stops_a_command(tmp_path: Path) -> None:
    bad = _run(tmp_path, "db", "migrate", RESTOCK_STORE_CORS="https://a.example,/[unclosed/")
    assert bad.returncode == 2
    assert bad.stderr.splitlines() == [
        "restock: RESTOCK_STORE_CORS: Value error, not a regular expression between slashes: "
        "unterminated character set at position 0 (got 'https://a.example,/[unclosed/')"
    ]

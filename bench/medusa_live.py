"""The delay from a stock change made in a running Medusa store to Restock's email, by pull and
by hook (`python -m bench.medusa --live ...` runs it; docs/medusa.md starts such a store)."""

import argparse
import json
import os
import secrets
import statistics
import subprocess
import tempfile
import threading
import time
import urllib.request
from collections.abc import Iterator
from contextlib import contextmanager
from typing import Any

from aiosmtpd.controller import Controller

from bench.common import RESTOCK, free_port
from tests.medusa.peer import Catalog, MedusaAdmin, build_catalog


class Inbox:
    """A real SMTP server that notes when each recipient's email arrived."""

    def __init__(self) -> None:
        self.arrived: dict[str, float] = {}
        self.changed = threading.Condition()

    async def handle_DATA(self, server: Any, session: Any, envelope: Any) -> str:  # noqa: N802
        with self.changed:
            for to in envelope.rcpt_tos:
                self.arrived[to] = time.monotonic()
            self.changed.notify_all()
        return "250 OK"

    def wait_for(self, to: str, seconds: float) -> float | None:
        with self.changed:
            self.changed.wait_for(lambda: to in self.arrived, seconds)
            return self.arrived.get(to)


def _get(url: str) -> dict[str, Any]:
    with urllib.request.urlopen(url, timeout=5) as answer:
        body: dict[str, Any] = json.loads(answer.read())
        return body


@contextmanager
def _restock(env: dict[str, str], port: int) -> Iterator[str]:
    """`restock serve` mirroring the store, once its first import has finished."""
    subprocess.run([RESTOCK, "db", "migrate"], env=env, check=True, capture_output=True)
    server = subprocess.Popen(
        [RESTOCK, "serve", "--port", str(port)],
        env=env,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    base = f"http://127.0.0.1:{port}"
    try:
        deadline = time.monotonic() + 120
        while time.monotonic() < deadline:
            try:
                if _get(f"{base}/ready").get("medusa_lag_seconds") is not None:
                    break
            except OSError:
                pass
            time.sleep(0.2)
        yield base
    finally:
        server.terminate()
        server.wait(timeout=20)


def _subscribe(base: str, made: Catalog, email: str) -> None:
    body = json.dumps(
        {
            "variant_id": made.variants["kit"],
            "sales_channel_id": made.channels["web"],
            "email": email,
        }
    ).encode()
    request = urllib.request.Request(
        f"{base}/store/restock-subscriptions",
        data=body,
        headers={"content-type": "application/json", "x-publishable-api-key": made.tokens["shop"]},
    )
    urllib.request.urlopen(request, timeout=5).read()


def _trials(
    admin: MedusaAdmin, made: Catalog, base: str, inbox: Inbox, settle: float, trials: int
) -> list[float]:
    took = []
    for trial in range(trials):
        admin.set_stock(made.items["boot"], made.locations["berlin"], 0)
        time.sleep(settle)  # the mirror knows the kit is sold out
        email = f"trial-{trial}-{secrets.token_hex(3)}@example.com"
        _subscribe(base, made, email)
        time.sleep(1)
        began = time.monotonic()
        admin.set_stock(made.items["boot"], made.locations["berlin"], 4)
        arrived = inbox.wait_for(email, 60)
        if arrived is not None:
            took.append(arrived - began)
    return took


def delays(given: argparse.Namespace) -> list[dict[str, Any]]:
    admin = MedusaAdmin(given.live, given.email, given.password)
    made = build_catalog(admin, secrets.token_hex(3))
    key = admin.secret_key("restock bench")
    inbox = Inbox()
    smtp_port = free_port()
    controller = Controller(inbox, hostname="127.0.0.1", port=smtp_port)
    controller.start()
    lines = []
    try:
        for way in ("pull", "hook"):
            with tempfile.TemporaryDirectory() as folder:
                env = {
                    **os.environ,
                    "RESTOCK_DATABASE_URL": f"sqlite+aiosqlite:///{folder}/restock.db",
                    "RESTOCK_MEDUSA_URL": given.live,
                    "RESTOCK_MEDUSA_SECRET_KEY": key,
                    "RESTOCK_NOTIFICATION_PROVIDER": "smtp",
                    "RESTOCK_SMTP_PORT": str(smtp_port),
                    "RESTOCK_RATE_LIMITS_ENABLED": "false",
                    "RESTOCK_LOG_LEVEL": "warning",
                }
                if way == "hook":
                    env["RESTOCK_MEDUSA_WEBHOOK_SECRET"] = given.hook_secret
                settle = 1.0 if way == "hook" else 12.0
                with _restock(env, given.hook_port) as base:
                    took = _trials(admin, made, base, inbox, settle, given.trials)
            lines.append(
                {
                    "bench": "medusa_restock_to_email",
                    "way": way,
                    "trials": given.trials,
                    "emailed": len(took),
                    "p50_s": round(statistics.median(took), 3) if took else None,
                    "max_s": round(max(took), 3) if took else None,
                }
            )
    finally:
        controller.stop()
    return lines

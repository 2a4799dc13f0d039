"""Restock-to-email latency, event-driven, against a running `restock serve` on PostgreSQL.

    .venv/bin/python -m bench.latency [--restocks 20]

Each of `restocks` sold-out variants has one subscriber; the bench raises its stock through the
admin API and times the moment until the email reaches a local SMTP server. Prints one JSON line:
p50, p90 and max latency in ms.
"""

import argparse
import asyncio
import json
import os
import statistics
import threading
import time

import httpx
from aiosmtpd.controller import Controller

from bench.common import free_port, running_server, throwaway_database
from restock.config import Settings
from restock.db import Database
from restock.users.service import user_service
from testbed.bulk import seed

PASSWORD = "bench-password-1"


class Sink:
    def __init__(self) -> None:
        self.arrived: dict[str, float] = {}
        self.changed = threading.Event()

    async def handle_DATA(self, server: object, session: object, envelope: object) -> str:
        for recipient in envelope.rcpt_tos:  # type: ignore[attr-defined]
            self.arrived[recipient] = time.perf_counter()
        self.changed.set()
        return "250 OK"


async def admin(url: str) -> None:
    database = Database(Settings(database_url=url))
    async with database.transaction() as session:
        await user_service.create(session, "bench@example.com", PASSWORD)
    await database.dispose()


async def measure(port: int, token: str, variants: list[str], sink: Sink) -> list[float]:
    async with httpx.AsyncClient(base_url=f"http://127.0.0.1:{port}") as client:
        login = await client.post(
            "/auth/user/emailpass", json={"email": "bench@example.com", "password": PASSWORD}
        )
        headers = {"authorization": f"Bearer {login.json()['token']}"}
        location = (await client.get("/admin/stock-locations", headers=headers)).json()[
            "stock_locations"
        ][0]["id"]
        catalog = (
            await client.get(
                "/admin/products",
                headers=headers,
                params={"fields": "*variants.inventory_items", "limit": 1000},
            )
        ).json()["products"]
        item_of = {
            v["id"]: v["inventory_items"][0]["inventory_item_id"]
            for p in catalog
            for v in p["variants"]
        }
        latencies = []
        for n, variant in enumerate(variants):
            email = f"lat{n}@bench.example"
            answer = await client.post(
                "/store/restock-subscriptions",
                headers={"x-publishable-api-key": token},
                json={"variant_id": variant, "email": email},
            )
            assert answer.status_code == 201, answer.text
            started = time.perf_counter()
            await client.post(
                f"/admin/inventory-items/{item_of[variant]}/location-levels",
                headers=headers,
                json={"location_id": location, "stocked_quantity": 3},
            )
            while email not in sink.arrived and time.perf_counter() - started < 10:  # noqa: ASYNC110
                await asyncio.sleep(0.005)
            latencies.append((sink.arrived.get(email, float("inf")) - started) * 1000)
        return latencies


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--restocks", type=int, default=20)
    args = parser.parse_args()
    sink, smtp_port = Sink(), free_port()
    controller = Controller(sink, hostname="127.0.0.1", port=smtp_port)
    controller.start()
    try:
        with throwaway_database(f"restock_latency_{os.getpid()}") as url:
            catalog = asyncio.run(seed(url, args.restocks))
            token, variants = catalog.key, catalog.variant_ids
            asyncio.run(admin(url))
            env = {
                "RESTOCK_DATABASE_URL": url,
                "RESTOCK_RATE_LIMITS_ENABLED": "false",
                "RESTOCK_NOTIFICATION_PROVIDER": "smtp",
                "RESTOCK_SMTP_PORT": str(smtp_port),
            }
            with running_server(env, 1) as server:
                latencies = asyncio.run(
                    measure(server.port, token, variants[: args.restocks], sink)
                )
    finally:
        controller.stop()
    ordered = sorted(latencies)
    print(
        json.dumps(
            {
                "bench": "restock_to_email",
                "restocks": len(ordered),
                "p50_ms": round(statistics.median(ordered), 1),
                "p90_ms": round(ordered[int(len(ordered) * 0.9) - 1], 1),
                "max_ms": round(ordered[-1], 1),
            }
        )
    )


if __name__ == "__main__":
    main()

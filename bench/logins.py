"""Whether password checks stall other requests, against `restock serve --workers 1`.

    .venv/bin/python -m bench.logins [--logins 4] [--seconds 5]

Measures `/health` (one request at a time) alone, then while `logins` clients keep sending bad
passwords to `/auth/user/emailpass`. Prints one JSON line per phase: health p50, p90 and max in
ms, and the logins answered. argon2 takes tens of milliseconds of CPU per check: on the event
loop every other request would wait for it.
"""

import argparse
import asyncio
import json
import os
import statistics
import time
from typing import Any

import httpx

from bench.common import running_server, throwaway_database
from restock.config import Settings
from restock.db import Database
from restock.users.service import user_service

EMAIL, PASSWORD = "bench@example.com", "bench-password-1"


async def admin(url: str) -> None:
    database = Database(Settings(database_url=url))
    async with database.transaction() as session:
        await user_service.create(session, EMAIL, PASSWORD)
    await database.dispose()


async def phase(port: int, logins: int, seconds: float) -> dict[str, Any]:
    base = f"http://127.0.0.1:{port}"
    stop = asyncio.Event()
    answered = 0

    async def bad_logins() -> None:
        nonlocal answered
        async with httpx.AsyncClient(base_url=base, timeout=30) as client:
            while not stop.is_set():
                body = {"email": EMAIL, "password": "wrong-password"}
                await client.post("/auth/user/emailpass", json=body)
                answered += 1

    latencies: list[float] = []
    attackers = [asyncio.create_task(bad_logins()) for _ in range(logins)]
    async with httpx.AsyncClient(base_url=base, timeout=30) as client:
        await asyncio.sleep(0.5)
        deadline = time.perf_counter() + seconds
        while time.perf_counter() < deadline:
            started = time.perf_counter()
            await client.get("/health")
            latencies.append((time.perf_counter() - started) * 1000)
            await asyncio.sleep(0.01)
    stop.set()
    await asyncio.gather(*attackers)
    ordered = sorted(latencies)
    return {
        "bench": "logins",
        "concurrent_bad_logins": logins,
        "health_requests": len(ordered),
        "health_p50_ms": round(statistics.median(ordered), 2),
        "health_p90_ms": round(ordered[int(len(ordered) * 0.9)], 2),
        "health_max_ms": round(ordered[-1], 2),
        "logins_answered": answered,
    }


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--logins", type=int, default=4)
    parser.add_argument("--seconds", type=float, default=5)
    args = parser.parse_args()
    with throwaway_database(f"restock_logins_{os.getpid()}") as url:
        asyncio.run(admin(url))
        env = {"RESTOCK_DATABASE_URL": url, "RESTOCK_RATE_LIMITS_ENABLED": "false"}
        with running_server(env, 1) as server:
            for logins in (0, args.logins):
                print(json.dumps(asyncio.run(phase(server.port, logins, args.seconds))), flush=True)


if __name__ == "__main__":
    main()

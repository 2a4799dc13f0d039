"""Dispatch throughput of one dispatcher, into a local SMTP server and with the log provider.

    .venv/bin/python -m bench.dispatch [--emails 3000]

Seeds `emails` pending notifications in a throwaway PostgreSQL database, drains them with one
dispatcher, and prints one JSON line per provider: emails sent (each accepted by the server with
250), seconds, emails/s and the CPU seconds the dispatcher (and the SMTP server) used. The SMTP
server is aiosmtpd's discarding Sink, in its own process.
"""

import argparse
import json
import logging
import os
import subprocess
import sys
import time

import uvloop
from sqlalchemy import text

from bench.common import cpu_seconds, free_port, throwaway_database
from restock.config import Settings
from restock.db import Database
from restock.notifications.dispatcher import Dispatcher

SEED = """
INSERT INTO notification (id, "to", channel, template, data, status, attempts, next_attempt_at,
                          created_at, updated_at)
SELECT 'noti_' || :run || '_' || n, 'u' || n || '@bench.example', 'email', 'variant-restock',
       '{"variant": {"id": "variant_1", "title": "M", "options": [],
                     "product": {"title": "Shirt", "handle": "shirt"}}}',
       'pending', 0, now(), now(), now()
FROM generate_series(1, :emails) AS n
"""


async def drain(url: str, emails: int, run: str, **overrides: object) -> dict[str, object]:
    settings = Settings(database_url=url, **overrides)  # type: ignore[arg-type]
    database = Database(settings)
    async with database.engine.begin() as connection:
        await connection.execute(text(SEED), {"emails": emails, "run": run})
    dispatcher = Dispatcher(database, settings)
    started, cpu = time.perf_counter(), time.process_time()
    report = await dispatcher.drain()
    elapsed, cpu = time.perf_counter() - started, time.process_time() - cpu
    await database.dispose()
    return {
        "bench": "dispatch",
        "provider": settings.notification_provider,
        "emails": report.sent,
        "seconds": round(elapsed, 2),
        "emails_per_s": round(report.sent / elapsed, 1),
        "dispatcher_cpu_s": round(cpu, 2),
    }


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--emails", type=int, default=3000)
    args = parser.parse_args()
    logging.getLogger("restock.notifications").setLevel(logging.WARNING)  # a log line per email
    # The SMTP server runs in its own process, as a real one would: in this process it would
    # compete with the dispatcher for the interpreter.
    port = free_port()
    sink = subprocess.Popen(
        [
            sys.executable,
            "-m",
            "aiosmtpd",
            "-n",
            "-c",
            "aiosmtpd.handlers.Sink",
            "-l",
            f"127.0.0.1:{port}",
        ]
    )
    try:
        time.sleep(1.5)
        with throwaway_database(f"restock_dispatch_{os.getpid()}") as url:
            sink_cpu = cpu_seconds(sink.pid)
            smtp = uvloop.run(
                drain(url, args.emails, "smtp", notification_provider="smtp", smtp_port=port)
            )
            smtp["smtp_server_cpu_s"] = round(cpu_seconds(sink.pid) - sink_cpu, 2)
            print(json.dumps(smtp), flush=True)
            print(json.dumps(uvloop.run(drain(url, args.emails, "log"))), flush=True)
    finally:
        sink.terminate()
        sink.wait(timeout=10)


if __name__ == "__main__":
    main()

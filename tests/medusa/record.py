"""Records what a real Medusa v2 store answers the mirror, as the contract fixtures of
`tests/medusa/`. Run against a fresh store (docs/medusa.md says how to start one):

    python -m tests.medusa.record --url http://127.0.0.1:9100 \\
        --email admin@example.com --password secret

It builds the catalog of `peer.build_catalog`, then runs Restock's mirror against the store
through a transport that keeps every request and answer, phase by phase:
- `import`: a full import (`restock medusa sync`), with pages of two rows, and the lists of
  ids that the sweep after a resumed import reads;
- `pull-unchanged`: a pull right after it, when nothing changed;
- `pull-changed`: a pull after `peer.change_catalog`;
- `hook`: what a hook naming the kit's boots and the tee reads;
- `refused`: the answer to a wrong secret key.
`catalog.json` names the ids the store gave to what was built."""

import argparse
import asyncio
import contextlib
import dataclasses
import json
import secrets
import tempfile
from pathlib import Path
from typing import Any

import httpx

from restock.config import Settings
from restock.db import Database
from restock.medusa.client import MedusaClient, MedusaRefused
from restock.medusa.service import PULL, Mirror
from restock.migrate import upgrade
from tests.medusa.peer import Catalog, MedusaAdmin, build_catalog, change_catalog

FIXTURES = Path(__file__).parent / "fixtures"
PAGE_SIZE = 2


class RecordingTransport(httpx.AsyncBaseTransport):
    def __init__(self) -> None:
        self.inner = httpx.AsyncHTTPTransport()
        self.exchanges: list[dict[str, Any]] = []

    async def handle_async_request(self, request: httpx.Request) -> httpx.Response:
        answer = await self.inner.handle_async_request(request)
        body = await answer.aread()
        self.exchanges.append(
            {
                "target": request.url.raw_path.decode(),
                "status": answer.status_code,
                "body": json.loads(body) if body else None,
            }
        )
        return httpx.Response(answer.status_code, headers=answer.headers, content=body)


async def _record(url: str, secret_key: str, made: Catalog, admin: MedusaAdmin) -> None:
    phases: dict[str, list[dict[str, Any]]] = {}
    with tempfile.TemporaryDirectory() as folder:
        settings = Settings(
            env="test",
            database_url=f"sqlite+aiosqlite:///{folder}/mirror.db",
            medusa_url=url,
            medusa_secret_key=secret_key,
            medusa_page_size=PAGE_SIZE,
        )
        database = Database(settings)
        async with database.engine.begin() as connection:
            await connection.run_sync(upgrade)

        async def phase(name: str, run: Any) -> None:
            transport = RecordingTransport()
            client = MedusaClient(url, secret_key, transport=transport)
            await run(Mirror(database, settings, client))
            await client.close()
            phases[name] = transport.exchanges

        async def import_and_list(mirror: Mirror) -> None:
            await mirror.sync()
            for resource in PULL:  # what a resumed import lists to sweep
                await mirror.sweep(resource)

        await phase("import", import_and_list)
        await phase("pull-unchanged", lambda mirror: mirror.pull())
        change_catalog(admin, made)
        await phase("pull-changed", lambda mirror: mirror.pull())
        await phase(
            "hook",
            lambda mirror: mirror.pull_named([made.items["boot"]], [made.products["tee"]]),
        )
        await database.dispose()
    refused = RecordingTransport()
    wrong = MedusaClient(url, "sk_" + "0" * 64, transport=refused, attempts=1)
    with contextlib.suppress(MedusaRefused):  # the 401 is what is recorded
        await wrong.get("/admin/sales-channels", [("limit", 1)])
    await wrong.close()
    phases["refused"] = refused.exchanges
    FIXTURES.mkdir(exist_ok=True)
    for name, exchanges in phases.items():
        (FIXTURES / f"{name}.json").write_text(json.dumps(exchanges, indent=1) + "\n")
    (FIXTURES / "catalog.json").write_text(json.dumps(dataclasses.asdict(made), indent=1) + "\n")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--url", required=True)
    parser.add_argument("--email", required=True)
    parser.add_argument("--password", required=True)
    args = parser.parse_args()
    admin = MedusaAdmin(args.url, args.email, args.password)
    made = build_catalog(admin, secrets.token_hex(3))
    secret_key = admin.secret_key("restock fixtures")
    asyncio.run(_record(args.url, secret_key, made, admin))
    print(f"recorded into {FIXTURES}")


if __name__ == "__main__":
    main()

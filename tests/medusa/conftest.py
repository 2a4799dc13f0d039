from collections.abc import AsyncIterator, Iterator
from dataclasses import dataclass
from typing import Any

import pytest
from sqlalchemy import text

from restock.db import Database
from restock.medusa.service import Mirror
from tests.conftest import serve
from tests.factories import AppClient, Shop
from tests.medusa.fixture_server import (
    SECRET_KEY,
    MedusaFixtures,
    medusa_fixtures,
    recorded_catalog,
)

HOOK_SECRET = "hook-secret-" + "h" * 20


@dataclass
class Mirrored:
    """An app mirroring the recorded store, served by the fixture server."""

    medusa: MedusaFixtures
    shop: Shop
    ids: dict[str, dict[str, str]]
    db: Database

    @property
    def client(self) -> AppClient:
        return self.shop.client

    @property
    def mirror(self) -> Mirror:
        mirror: Mirror = self.client.app.state.restock.mirror
        return mirror

    async def rows(self, sql: str, **params: Any) -> list[tuple[Any, ...]]:
        async with self.db.transaction() as session:
            return [tuple(row) for row in await session.execute(text(sql), params)]


@pytest.fixture
def medusa() -> Iterator[MedusaFixtures]:
    with medusa_fixtures() as fixtures:
        yield fixtures


@pytest.fixture
async def mirrored(
    db: Database, admin_token: str, medusa: MedusaFixtures
) -> AsyncIterator[Mirrored]:
    settings = {
        "medusa_url": medusa.url,
        "medusa_secret_key": SECRET_KEY,
        "medusa_page_size": 2,
        "medusa_webhook_secret": HOOK_SECRET,
    }
    async with serve(db, **settings) as client:
        client.app.state.restock.mirror.client.first_pause = 0.01
        yield Mirrored(medusa, Shop(client, admin_token), recorded_catalog(), db)

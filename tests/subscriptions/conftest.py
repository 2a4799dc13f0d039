from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from dataclasses import dataclass
from typing import Any

import pytest

from restock.db import Database
from tests.conftest import serve
from tests.factories import Shop, expect
from tests.smtp_sink import SmtpSink, smtp_sink

# What a subscribe answer holds: nothing more, whatever is stored (it tells nothing).
ANSWER_KEYS = {
    "id",
    "variant_id",
    "sales_channel_id",
    "email",
    "customer_id",
    "created_at",
    "updated_at",
}


@dataclass
class Scene:
    """A storefront whose shirt has a sold-out variant M and an in-stock variant S."""

    shop: Shop
    channel: dict[str, Any]
    location: dict[str, Any]
    store: dict[str, str]
    product: dict[str, Any]
    sold_out: str
    in_stock: str

    async def subscribe(
        self, body: dict[str, Any], code: int = 201, headers: dict[str, str] | None = None
    ) -> dict[str, Any]:
        response = await self.shop.client.post(
            "/store/restock-subscriptions",
            json=body,
            headers=self.store if headers is None else headers,
        )
        return expect(response, code)

    async def rows(self, **filters: Any) -> list[dict[str, Any]]:
        listed = await self.shop.get("/admin/restock-subscriptions", **filters)
        rows: list[dict[str, Any]] = listed["restock_subscriptions"]
        return rows

    async def customer(self, email: str, password: str = "pw-123456") -> dict[str, str]:
        """Signs a customer up and returns headers that carry its token and the store key."""
        client = self.shop.client
        creds = {"email": email, "password": password}
        token = expect(await client.post("/auth/customer/emailpass/register", json=creds))
        expect(
            await client.post(
                "/store/customers",
                json={"email": email},
                headers={"authorization": f"Bearer {token['token']}", **self.store},
            )
        )
        login = expect(await client.post("/auth/customer/emailpass", json=creds))
        return {"authorization": f"Bearer {login['token']}", **self.store}


async def make_scene(shop: Shop) -> Scene:
    channel, location, store = await shop.storefront()
    product = await shop.product([channel["id"]])
    small, medium = (v["id"] for v in product["variants"])
    items = await shop.items_of(product["id"])
    await shop.stock(items[small], location["id"], 5)
    await shop.stock(items[medium], location["id"], 0)
    return Scene(shop, channel, location, store, product, sold_out=medium, in_stock=small)


@pytest.fixture
async def scene(shop: Shop) -> Scene:
    return await make_scene(shop)


@asynccontextmanager
async def mail_scene(
    db: Database, admin_token: str, **overrides: Any
) -> AsyncIterator[tuple[Scene, SmtpSink]]:
    """A scene whose app emails through a real SMTP server in this process. Retries are
    immediate and nothing sends in the background, so that tests drive each step."""
    with smtp_sink() as (sink, port):
        settings = {
            "notification_provider": "smtp",
            "smtp_port": port,
            "notification_retry_seconds": 0,
            "dispatcher_enabled": False,
            "rate_limits_enabled": False,
            **overrides,
        }
        async with serve(db, **settings) as client:
            yield await make_scene(Shop(client, admin_token)), sink


@pytest.fixture
async def mail(db: Database, admin_token: str) -> AsyncIterator[tuple[Scene, SmtpSink]]:
    async with mail_scene(db, admin_token) as pair:
        yield pair

"""Builders that set up a shop through the admin API, with keyword overrides."""

import re
from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from typing import Any

import httpx
from fastapi import FastAPI
from sqlalchemy import event

from restock.db import Database
from restock.events import Event, EventName
from restock.events.bus import EventBus
from restock.runtime import Runtime


class Recorder:
    """Collects every event published on a bus, in order."""

    def __init__(self) -> None:
        self.events: list[Event] = []

    def attach(self, bus: EventBus) -> None:
        for name in EventName:
            bus.subscribe(name, self._record)

    async def _record(self, event: Event) -> None:
        self.events.append(event)

    def names(self) -> list[str]:
        return [e.name.value for e in self.events]

    def of(self, name: str) -> list[dict[str, Any]]:
        return [e.data for e in self.events if e.name == name]


def expect(response: httpx.Response, code: int = 200) -> dict[str, Any]:
    assert response.status_code == code, response.text
    body: dict[str, Any] = response.json()
    return body


@contextmanager
def statements(db: Database) -> Iterator[list[str]]:
    """The SQL statements run on `db` inside the block, in order."""
    seen: list[str] = []

    def note(_connection: Any, _cursor: Any, statement: str, *_: Any) -> None:
        seen.append(statement)

    event.listen(db.engine.sync_engine, "before_cursor_execute", note)
    try:
        yield seen
    finally:
        event.remove(db.engine.sync_engine, "before_cursor_execute", note)


class AppClient(httpx.AsyncClient):
    """An HTTP client over real ASGI HTTP to an app in this process; tests reach the app's state
    through it (settings, the runtime to wait for background work)."""

    def __init__(self, app: FastAPI, base_url: str = "http://restock.test") -> None:
        super().__init__(transport=httpx.ASGITransport(app=app), base_url=base_url)
        self.app = app


class Shop:
    def __init__(self, client: AppClient, admin_token: str) -> None:
        self.client = client
        self.admin = {"authorization": f"Bearer {admin_token}"}

    async def settle(self) -> None:
        """Wait until event-driven checks and due sends of the app have finished."""
        runtime: Runtime = self.client.app.state.restock
        bus = runtime.database.bus
        await bus.drain()
        await runtime.trigger.wait()
        await runtime.recheck.wait()
        await bus.drain()
        await runtime.dispatcher.drain()
        await bus.drain()

    async def post(self, path: str, body: Any, code: int = 200) -> dict[str, Any]:
        return expect(await self.client.post(path, json=body, headers=self.admin), code)

    async def get(self, path: str, code: int = 200, **params: Any) -> dict[str, Any]:
        return expect(await self.client.get(path, params=params, headers=self.admin), code)

    async def delete(self, path: str, code: int = 200) -> dict[str, Any]:
        return expect(await self.client.delete(path, headers=self.admin), code)

    async def channel(self, name: str = "Webshop", **overrides: Any) -> dict[str, Any]:
        body = await self.post("/admin/sales-channels", {"name": name, **overrides})
        channel: dict[str, Any] = body["sales_channel"]
        return channel

    async def location(
        self, name: str = "Warehouse", channels: Sequence[str] = (), **overrides: Any
    ) -> dict[str, Any]:
        body = await self.post("/admin/stock-locations", {"name": name, **overrides})
        location: dict[str, Any] = body["stock_location"]
        if channels:
            await self.post(
                f"/admin/stock-locations/{location['id']}/sales-channels", {"add": list(channels)}
            )
        return location

    async def key(self, channels: Sequence[str] = (), type: str = "publishable") -> dict[str, Any]:
        body = await self.post("/admin/api-keys", {"title": "web", "type": type})
        key: dict[str, Any] = body["api_key"]
        if channels:
            await self.post(f"/admin/api-keys/{key['id']}/sales-channels", {"add": list(channels)})
        return key

    async def product(self, channels: Sequence[str] = (), **overrides: Any) -> dict[str, Any]:
        body = {
            "title": "Shirt",
            "status": "published",
            "options": [{"title": "Size", "values": ["S", "M"]}],
            "variants": [
                {
                    "title": "S",
                    "options": {"Size": "S"},
                    "prices": [{"currency_code": "eur", "amount": 10}],
                },
                {"title": "M", "options": {"Size": "M"}, "prices": []},
            ],
            "sales_channels": [{"id": c} for c in channels],
            **overrides,
        }
        product: dict[str, Any] = (await self.post("/admin/products", body))["product"]
        return product

    async def items_of(self, product_id: str) -> dict[str, str]:
        """variant id -> its (first) inventory item id."""
        product = (
            await self.get(f"/admin/products/{product_id}", fields="*variants.inventory_items")
        )["product"]
        return {
            v["id"]: v["inventory_items"][0]["inventory_item_id"]
            for v in product["variants"]
            if v["inventory_items"]
        }

    async def item(self, sku: str | None = None, **overrides: Any) -> dict[str, Any]:
        body = await self.post("/admin/inventory-items", {"sku": sku, **overrides})
        item: dict[str, Any] = body["inventory_item"]
        return item

    async def stock(self, item_id: str, location_id: str, stocked: int) -> dict[str, Any]:
        """Sets the level, creating it when missing."""
        item = (await self.get(f"/admin/inventory-items/{item_id}"))["inventory_item"]
        if any(lv["location_id"] == location_id for lv in item["location_levels"]):
            path = f"/admin/inventory-items/{item_id}/location-levels/{location_id}"
            return await self.post(path, {"stocked_quantity": stocked})
        return await self.post(
            f"/admin/inventory-items/{item_id}/location-levels",
            {"location_id": location_id, "stocked_quantity": stocked},
        )

    async def storefront(self) -> tuple[dict[str, Any], dict[str, Any], dict[str, str]]:
        """A channel supplied by one location, and a publishable key for it (as headers)."""
        channel = await self.channel()
        location = await self.location(channels=[channel["id"]])
        key = await self.key([channel["id"]])
        return channel, location, {"x-publishable-api-key": key["token"]}


def sample(text: str, name: str, **labels: str) -> float:
    """One sample's value in Prometheus' text format (0 when absent)."""
    wanted = ",".join(f'{k}="{v}"' for k, v in sorted(labels.items()))
    for line in text.splitlines():
        match = re.fullmatch(r"([a-z_]+)(?:\{(.*)\})? (\S+)", line)
        if match and match[1] == name:
            got = ",".join(sorted((match[2] or "").split(","))) if match[2] else ""
            if got == wanted:
                return float(match[3])
    return 0.0

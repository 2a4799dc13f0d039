"""A large sold-out catalog for benchmarks and system tests: one channel, one location linked
to it, a publishable key, and N variants without stock (10 per product); and guest
subscribers for all of them, inserted in one statement (the subscribe workflow is what the
benchmarks measure, not what they set up with)."""

import asyncio
import itertools
from dataclasses import dataclass

import httpx
from sqlalchemy import insert

from restock.api_keys.schemas import ApiKeyCreate
from restock.api_keys.service import api_key_service
from restock.config import Settings
from restock.db import Database
from restock.kit.ids import new_id
from restock.kit.schema import LinkChange
from restock.kit.time import utcnow
from restock.models import RestockSubscription
from restock.products import repository as products
from restock.products.schemas import ChannelRef, OptionIn, ProductCreate, VariantCreate
from restock.products.service import product_service
from restock.sales_channels.schemas import SalesChannelCreate
from restock.sales_channels.service import sales_channel_service
from restock.stock_locations.schemas import StockLocationCreate
from restock.stock_locations.service import stock_location_service


@dataclass(frozen=True)
class BulkCatalog:
    key: str  # the publishable key's token
    channel_id: str
    location_id: str
    variant_ids: list[str]
    item_of: dict[str, str]  # variant id -> its inventory item id


async def seed(url: str, variants: int) -> BulkCatalog:
    database = Database(Settings(database_url=url))
    async with database.transaction() as session:
        channel = await sales_channel_service.create(session, SalesChannelCreate(name="Bench"))
        location = await stock_location_service.create(session, StockLocationCreate(name="W"))
        await stock_location_service.change_channels(
            session, location.id, LinkChange(add=[channel.id])
        )
        key, token = await api_key_service.create(
            session, ApiKeyCreate(title="bench", type="publishable"), "user_bench"
        )
        await api_key_service.change_channels(session, key.id, LinkChange(add=[channel.id]))
        ids = []
        for p in range(-(-variants // 10)):
            sizes = [str(i) for i in range(min(10, variants - p * 10))]
            product = await product_service.create(
                session,
                ProductCreate(
                    title=f"Bench {p}",
                    status="published",
                    options=[OptionIn(title="Size", values=sizes)],
                    variants=[
                        VariantCreate(title=s, options={"Size": s}, prices=[]) for s in sizes
                    ],
                    sales_channels=[ChannelRef(id=channel.id)],
                ),
            )
            ids += [v.id for v in await products.variants_of(session, [product.id])]
        links = await products.inventory_links_of(session, ids)
    await database.dispose()
    item_of = {link.variant_id: link.inventory_item_id for link in links}
    return BulkCatalog(token, channel.id, location.id, ids, item_of)


async def subscribe_everyone(url: str, catalog: BulkCatalog, per_pair: int) -> None:
    """`per_pair` guest subscribers for every variant of the catalog, written directly."""
    now, rows = utcnow(), []
    for v, k in itertools.product(range(len(catalog.variant_ids)), range(per_pair)):
        variant, email = catalog.variant_ids[v], f"seed-{v}-{k}@example.com"
        rows.append(
            {
                "id": new_id("rsub"),
                "variant_id": variant,
                "sales_channel_id": catalog.channel_id,
                "email": email,
                "email_key": email,
                "status": "active",
                "created_at": now,
                "updated_at": now,
            }
        )
    database = Database(Settings(database_url=url))
    async with database.transaction() as session:
        await session.execute(insert(RestockSubscription), rows)
    await database.dispose()


async def restock_over_http(
    base_url: str,
    admin: tuple[str, str],
    item_ids: list[str],
    location_id: str,
    quantity: int,
    concurrency: int = 8,
) -> list[int]:
    """Set the level of each item at the location through the admin API, as an ERP would;
    the answers' statuses, in order."""
    async with httpx.AsyncClient(base_url=base_url, timeout=60) as client:
        login = await client.post(
            "/auth/user/emailpass", json={"email": admin[0], "password": admin[1]}
        )
        headers = {"authorization": f"Bearer {login.json()['token']}"}
        limit = asyncio.Semaphore(concurrency)

        async def one(item: str) -> int:
            async with limit:
                answer = await client.post(
                    f"/admin/inventory-items/{item}/location-levels",
                    json={"location_id": location_id, "stocked_quantity": quantity},
                    headers=headers,
                )
                return answer.status_code

        return list(await asyncio.gather(*(one(item) for item in item_ids)))

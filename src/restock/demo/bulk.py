"""A large sold-out catalog for benchmarks and system tests: one channel, one location linked
to it, a publishable key, and N variants without stock (10 per product)."""

from dataclasses import dataclass

from restock.api_keys.schemas import ApiKeyCreate
from restock.api_keys.service import api_key_service
from restock.config import Settings
from restock.db import Database
from restock.kit.schema import LinkChange
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

"""Loads the demo catalog through the services, once: a second run finds it and changes nothing."""

from dataclasses import dataclass

from sqlalchemy.ext.asyncio import AsyncSession

from restock.api_keys.schemas import ApiKeyCreate
from restock.api_keys.service import api_key_service
from restock.demo import repository
from restock.inventory.schemas import InventoryItemCreate, LevelCreate
from restock.inventory.service import inventory_service
from restock.kit.schema import LinkChange
from restock.products import repository as products
from restock.products.schemas import (
    ChannelRef,
    InventoryLinkIn,
    OptionIn,
    PriceIn,
    ProductCreate,
    VariantCreate,
)
from restock.products.service import product_service
from restock.sales_channels.schemas import SalesChannelCreate
from restock.sales_channels.service import sales_channel_service
from restock.stock_locations.schemas import StockLocationCreate
from restock.stock_locations.service import stock_location_service

KEY_TITLE = "Demo storefront"
TEE_HANDLE = "demo-tee"
SOLD_OUT_SKU = "DEMO-TEE-M"
CHANNEL_NAME = "Demo webshop"


@dataclass(frozen=True)
class Demo:
    publishable_key: str
    sales_channel_id: str
    sold_out_variant_id: str
    created: bool


def _price(amount: float) -> list[PriceIn]:
    return [PriceIn(currency_code="eur", amount=amount)]


async def loaded_demo(session: AsyncSession) -> Demo | None:
    """The demo catalog loaded earlier, if any."""
    key, variant, channel = await repository.find_loaded(
        session, KEY_TITLE, SOLD_OUT_SKU, CHANNEL_NAME
    )
    if key is None or variant is None or channel is None:
        return None
    return Demo(key.token, channel.id, variant.id, created=False)


async def load_demo(session: AsyncSession, admin_id: str) -> Demo:
    found = await loaded_demo(session)
    if found is not None:
        return found
    channel = await sales_channel_service.create(
        session, SalesChannelCreate(name=CHANNEL_NAME, description="Restock demo storefront")
    )
    warehouse = await stock_location_service.create(
        session, StockLocationCreate(name="Demo warehouse")
    )
    await stock_location_service.change_channels(
        session, warehouse.id, LinkChange(add=[channel.id])
    )
    key, token = await api_key_service.create(
        session, ApiKeyCreate(title=KEY_TITLE, type="publishable"), admin_id
    )
    await api_key_service.change_channels(session, key.id, LinkChange(add=[channel.id]))

    sizes = {"S": 12, "M": 0, "L": 3}
    tee = await product_service.create(
        session,
        ProductCreate(
            title="Demo Tee",
            handle=TEE_HANDLE,
            status="published",
            options=[OptionIn(title="Size", values=list(sizes))],
            variants=[
                VariantCreate(
                    title=f"Tee {size}",
                    sku=f"DEMO-TEE-{size}",
                    options={"Size": size},
                    prices=_price(25),
                )
                for size in sizes
            ],
            sales_channels=[ChannelRef(id=channel.id)],
        ),
    )
    socks = await inventory_service.create_item(
        session, InventoryItemCreate(sku="DEMO-SOCK", title="Demo sock")
    )
    await product_service.create(
        session,
        ProductCreate(
            title="Demo Sock Pair",
            handle="demo-sock-pair",
            status="published",
            variants=[
                VariantCreate(
                    title="Pair",
                    sku="DEMO-SOCK-PAIR",
                    prices=_price(9),
                    inventory_items=[
                        InventoryLinkIn(inventory_item_id=socks.id, required_quantity=2)
                    ],
                )
            ],
            sales_channels=[ChannelRef(id=channel.id)],
        ),
    )
    await product_service.create(
        session,
        ProductCreate(
            title="Demo Gift Card",
            handle="demo-gift-card",
            status="published",
            variants=[VariantCreate(title="Gift card", manage_inventory=False, prices=_price(50))],
            sales_channels=[ChannelRef(id=channel.id)],
        ),
    )
    await inventory_service.create_level(
        session, socks.id, LevelCreate(location_id=warehouse.id, stocked_quantity=1)
    )
    links = await products.inventory_links_of(
        session, [v.id for v in await products.variants_of(session, [tee.id])]
    )
    variants = {v.id: v for v in await products.variants_of(session, [tee.id])}
    sold_out = ""
    for link in links:
        variant = variants[link.variant_id]
        size = (variant.sku or "").rsplit("-", 1)[-1]
        await inventory_service.create_level(
            session,
            link.inventory_item_id,
            LevelCreate(
                location_id=warehouse.id,
                stocked_quantity=sizes[size],
            ),
        )
        if variant.sku == SOLD_OUT_SKU:
            sold_out = variant.id
    return Demo(token, channel.id, sold_out, created=True)

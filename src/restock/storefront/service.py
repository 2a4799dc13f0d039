"""The demo shop's catalog: the demo storefront's products with prices and stock."""

from dataclasses import dataclass
from typing import Any

from sqlalchemy.ext.asyncio import AsyncSession

from restock.demo.catalog import Demo, loaded_demo
from restock.inventory.availability import availability
from restock.products import repository as products
from restock.products.views import product_views

SHOP_SIZE = 50  # the demo catalog is a handful of products


@dataclass(frozen=True)
class ShopVariant:
    id: str
    title: str
    price: str
    in_stock: bool


@dataclass(frozen=True)
class ShopProduct:
    id: str
    title: str
    handle: str
    variants: list[ShopVariant]


@dataclass(frozen=True)
class Shop:
    demo: Demo
    products: list[ShopProduct]


def _price(variant: dict[str, Any]) -> str:
    prices = variant.get("prices") or []
    if not prices:
        return ""
    price = prices[0]
    return f"{price['amount']:.2f} {price['currency_code'].upper()}"


async def demo_shop(session: AsyncSession) -> Shop | None:
    """None until the demo catalog is loaded (`restock seed --demo`)."""
    demo = await loaded_demo(session)
    if demo is None:
        return None
    channel = demo.sales_channel_id
    rows, _ = await products.list_page(
        session, limit=SHOP_SIZE, offset=0, status="published", sales_channel_ids=[channel]
    )
    views = await product_views.views(session, rows, sales_channels=False)
    pairs = [(v["id"], channel) for p in views for v in p["variants"]]
    stock = await availability(session, pairs)
    shop_products = [
        ShopProduct(
            id=p["id"],
            title=p["title"],
            handle=p["handle"],
            variants=[
                ShopVariant(
                    id=v["id"],
                    title=v["title"],
                    price=_price(v),
                    in_stock=(v["id"], channel) in stock and stock[(v["id"], channel)].in_stock,
                )
                for v in p["variants"]
            ],
        )
        for p in views
    ]
    return Shop(demo, shop_products)

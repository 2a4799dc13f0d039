"""All SQL for products, options, variants, prices and their links."""

from collections.abc import Iterable
from typing import Any

from sqlalchemy import delete, exists, func, select
from sqlalchemy.ext.asyncio import AsyncSession
from sqlalchemy.sql import ColumnElement

from restock.kit.repository import page
from restock.models import (
    Price,
    Product,
    ProductOption,
    ProductOptionValue,
    ProductSalesChannel,
    ProductVariant,
    ProductVariantOption,
    VariantInventoryItem,
)


async def get_variant(session: AsyncSession, variant_id: str) -> ProductVariant | None:
    return await session.get(ProductVariant, variant_id)


async def handle_taken(session: AsyncSession, handle: str, except_id: str | None = None) -> bool:
    query = select(Product.id).where(Product.handle == handle)
    if except_id is not None:
        query = query.where(Product.id != except_id)
    return await session.scalar(query.limit(1)) is not None


async def skus_taken(
    session: AsyncSession, skus: Iterable[str], except_variant: str | None = None
) -> set[str]:
    query = select(ProductVariant.sku).where(ProductVariant.sku.in_(set(skus)))
    if except_variant is not None:
        query = query.where(ProductVariant.id != except_variant)
    return {sku for sku in await session.scalars(query) if sku is not None}


async def list_page(
    session: AsyncSession,
    *,
    limit: int,
    offset: int,
    q: str | None = None,
    handle: str | None = None,
    status: str | None = None,
    sales_channel_ids: list[str] | None = None,
    product_id: str | None = None,
) -> tuple[list[Product], int]:
    query = select(Product)
    if product_id is not None:
        query = query.where(Product.id == product_id)
    if q:
        query = query.where(func.lower(Product.title).like(f"%{q.lower()}%"))
    if handle is not None:
        query = query.where(Product.handle == handle)
    if status is not None:
        query = query.where(Product.status == status)
    if sales_channel_ids is not None:
        query = query.where(
            exists().where(
                ProductSalesChannel.product_id == Product.id,
                ProductSalesChannel.sales_channel_id.in_(sales_channel_ids),
            )
        )
    return await page(session, query, (Product.id,), limit, offset)


async def options_of(session: AsyncSession, product_ids: Iterable[str]) -> list[Any]:
    """Rows of (option id, product_id, title, value id, value), in creation order."""
    result = await session.execute(
        select(
            ProductOption.id.label("option_id"),
            ProductOption.product_id,
            ProductOption.title,
            ProductOptionValue.id.label("value_id"),
            ProductOptionValue.value,
        )
        .join(ProductOptionValue, ProductOptionValue.option_id == ProductOption.id)
        .where(ProductOption.product_id.in_(set(product_ids)))
        .order_by(ProductOption.id, ProductOptionValue.id)
    )
    return list(result)


async def variants_of(session: AsyncSession, product_ids: Iterable[str]) -> list[ProductVariant]:
    rows = await session.scalars(
        select(ProductVariant)
        .where(ProductVariant.product_id.in_(set(product_ids)))
        .order_by(ProductVariant.variant_rank, ProductVariant.id)
        .execution_options(populate_existing=True)
    )
    return list(rows)


async def variant_option_values(
    session: AsyncSession, variant_ids: Iterable[str]
) -> list[tuple[str, str]]:
    result = await session.execute(
        select(ProductVariantOption.variant_id, ProductVariantOption.option_value_id).where(
            ProductVariantOption.variant_id.in_(set(variant_ids))
        )
    )
    return [(row.variant_id, row.option_value_id) for row in result]


async def prices_of(session: AsyncSession, variant_ids: Iterable[str]) -> list[Price]:
    rows = await session.scalars(
        select(Price).where(Price.variant_id.in_(set(variant_ids))).order_by(Price.id)
    )
    return list(rows)


async def inventory_links_of(
    session: AsyncSession, variant_ids: Iterable[str]
) -> list[VariantInventoryItem]:
    rows = await session.scalars(
        select(VariantInventoryItem)
        .where(VariantInventoryItem.variant_id.in_(set(variant_ids)))
        .order_by(VariantInventoryItem.inventory_item_id)
    )
    return list(rows)


async def replace_prices(session: AsyncSession, variant_id: str, prices: list[Price]) -> None:
    await session.execute(delete(Price).where(Price.variant_id == variant_id))
    session.add_all(prices)


async def replace_variant_options(
    session: AsyncSession, variant_id: str, value_ids: Iterable[str]
) -> None:
    await session.execute(
        delete(ProductVariantOption).where(ProductVariantOption.variant_id == variant_id)
    )
    session.add_all(
        ProductVariantOption(variant_id=variant_id, option_value_id=v) for v in value_ids
    )


async def remove_product(session: AsyncSession, product_id: str) -> None:
    await session.execute(delete(Product).where(Product.id == product_id))


async def remove_variant(session: AsyncSession, variant_id: str) -> None:
    await session.execute(delete(ProductVariant).where(ProductVariant.id == variant_id))


async def variants_by_ids(session: AsyncSession, ids: Iterable[str]) -> list[ProductVariant]:
    rows = await session.scalars(
        select(ProductVariant)
        .where(ProductVariant.id.in_(set(ids)))
        .execution_options(populate_existing=True)
    )
    return list(rows)


async def products_by_ids(session: AsyncSession, ids: Iterable[str]) -> list[Product]:
    query = select(Product).where(Product.id.in_(set(ids))).order_by(Product.id)
    rows = await session.scalars(query)
    return list(rows)


def sold_in(variant_id: Any, channel_id: Any) -> ColumnElement[bool]:
    """SQL: the variant exists, its product is published, and the channel sells it."""
    return exists(
        select(ProductVariant.id)
        .join(Product, Product.id == ProductVariant.product_id)
        .join(ProductSalesChannel, ProductSalesChannel.product_id == Product.id)
        .where(
            ProductVariant.id == variant_id,
            Product.status == "published",
            ProductSalesChannel.sales_channel_id == channel_id,
        )
    )


async def variants_of_items(session: AsyncSession, item_ids: Iterable[str]) -> set[str]:
    rows = await session.scalars(
        select(VariantInventoryItem.variant_id).where(
            VariantInventoryItem.inventory_item_id.in_(set(item_ids))
        )
    )
    return set(rows)

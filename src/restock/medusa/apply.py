"""One page of a Medusa resource, written into the mirror's tables in the caller's transaction.

Each writer replaces what the page says completely (a product's variants, options, prices and
links; an item's levels) and returns what changed for the restock check. A link to a row the
mirror does not hold yet (created in Medusa after its resource was read) is left for the next
pull rather than failing the page."""

from collections.abc import Iterable
from dataclasses import dataclass, field
from typing import Any, cast

from sqlalchemy import Table
from sqlalchemy.ext.asyncio import AsyncSession

from restock.events import CatalogMirrored, EventName, VariantChanged, record
from restock.medusa import repository
from restock.medusa.schemas import (
    MedusaChannel,
    MedusaItem,
    MedusaKey,
    MedusaLocation,
    MedusaProduct,
    MedusaReservation,
    MedusaVariant,
)
from restock.models import (
    ApiKey,
    ApiKeySalesChannel,
    InventoryItem,
    InventoryLevel,
    Price,
    Product,
    ProductOption,
    ProductOptionValue,
    ProductSalesChannel,
    ProductVariant,
    ProductVariantOption,
    ReservationItem,
    SalesChannel,
    SalesChannelStockLocation,
    StockLocation,
    VariantInventoryItem,
)


def _table(model: type[Any]) -> Table:
    return cast(Table, model.__table__)


CHANNEL = _table(SalesChannel)
LOCATION = _table(StockLocation)
SUPPLY = _table(SalesChannelStockLocation)
ITEM = _table(InventoryItem)
LEVEL = _table(InventoryLevel)
PRODUCT = _table(Product)
OPTION = _table(ProductOption)
VALUE = _table(ProductOptionValue)
VARIANT = _table(ProductVariant)
VARIANT_VALUE = _table(ProductVariantOption)
PRICE = _table(Price)
STOCK_LINK = _table(VariantInventoryItem)
LISTING = _table(ProductSalesChannel)
RESERVATION = _table(ReservationItem)
KEY = _table(ApiKey)
KEY_CHANNEL = _table(ApiKeySalesChannel)


@dataclass
class Changes:
    """What a page changed: rows written or removed, and what the restock check must see."""

    written: int = 0
    removed: int = 0
    variants: set[str] = field(default_factory=set)
    items: set[str] = field(default_factory=set)
    everything: bool = False

    def record(self, session: AsyncSession) -> None:
        if self.variants or self.items or self.everything:
            record(
                session,
                EventName.CATALOG_MIRRORED,
                CatalogMirrored(sorted(self.variants), sorted(self.items), self.everything),
            )


async def _links(
    session: AsyncSession,
    table: Any,
    parent: str,
    parents: Iterable[str],
    rows: list[dict[str, Any]],
    keys: tuple[str, str],
    target: tuple[str, Any],
) -> set[str]:
    """Make the links of `parents` exactly `rows`; the parents whose links changed. Links to a
    `target` row the mirror does not hold are left out."""
    column, target_table = target
    held = await repository.existing(session, target_table, (r[column] for r in rows))
    rows = [r for r in rows if r[column] in held]
    lost = await repository.remove_children(
        session, table, parent, parents, ((r[keys[0]], r[keys[1]]) for r in rows), keys
    )
    written = await repository.write_rows(session, table, rows, keys, returning=parent)
    return {row[0] for row in lost} | written


async def channels(session: AsyncSession, rows: list[dict[str, Any]]) -> Changes:
    parsed = [MedusaChannel.model_validate(r).row() for r in rows]
    written = await repository.write_rows(session, CHANNEL, parsed)
    # A channel enabled again can sell what it stocks.
    return Changes(written=len(written), everything=bool(written))


async def locations(session: AsyncSession, rows: list[dict[str, Any]]) -> Changes:
    parsed = [MedusaLocation.model_validate(r) for r in rows]
    written = await repository.write_rows(session, LOCATION, [p.row() for p in parsed])
    links = [
        {"sales_channel_id": c.id, "stock_location_id": p.id}
        for p in parsed
        for c in p.sales_channels
    ]
    relinked = await _links(
        session,
        SUPPLY,
        "stock_location_id",
        (p.id for p in parsed),
        links,
        ("sales_channel_id", "stock_location_id"),
        ("sales_channel_id", CHANNEL),
    )
    return Changes(written=len(written | relinked), everything=bool(relinked))


async def items(session: AsyncSession, rows: list[dict[str, Any]]) -> Changes:
    parsed = [MedusaItem.model_validate(r) for r in rows]
    item_rows = [p.row() for p in parsed]
    await repository.displace(session, ITEM, "sku", item_rows)
    written = await repository.write_rows(session, ITEM, item_rows)
    held = await repository.existing(
        session, LOCATION, (level.location_id for p in parsed for level in p.location_levels)
    )
    levels = [
        {
            "id": level.id,
            "inventory_item_id": p.id,
            "location_id": level.location_id,
            "stocked_quantity": max(level.stocked_quantity, 0),
            "reserved_quantity": max(level.reserved_quantity, 0),
            "incoming_quantity": max(level.incoming_quantity, 0),
            "created_at": level.created_at,
            "updated_at": level.updated_at,
        }
        for p in parsed
        for level in p.location_levels
        if level.location_id in held
    ]
    emptied = await repository.remove_children(
        session,
        LEVEL,
        "inventory_item_id",
        (p.id for p in parsed),
        ((level["id"],) for level in levels),
        ("id",),
    )
    stock = {row[0] for row in emptied}
    stock |= await repository.write_rows(session, LEVEL, levels, returning="inventory_item_id")
    return Changes(written=len(written | stock), items=stock)


async def products(session: AsyncSession, rows: list[dict[str, Any]]) -> Changes:
    """A product with `deleted_at` (pulls ask Medusa for deleted ones too) is removed."""
    parsed = [MedusaProduct.model_validate(r) for r in rows]
    gone = [p.id for p in parsed if p.deleted_at is not None]
    live = [p for p in parsed if p.deleted_at is None]
    await remove_products(session, gone)
    product_rows = [p.row() for p in live]
    await repository.displace(session, PRODUCT, "handle", product_rows)
    changed_products = await repository.write_rows(session, PRODUCT, product_rows)
    ids = [p.id for p in live]
    options = [{"id": o.id, "product_id": p.id, "title": o.title} for p in live for o in p.options]
    await repository.remove_children(
        session, OPTION, "product_id", ids, ((o["id"],) for o in options), ("id",)
    )
    await repository.write_rows(session, OPTION, options)
    values = [
        {"id": v.id, "option_id": o.id, "value": v.value}
        for p in live
        for o in p.options
        for v in o.values
    ]
    await repository.remove_children(
        session,
        VALUE,
        "option_id",
        (o["id"] for o in options),
        ((v["id"],) for v in values),
        ("id",),
    )
    await repository.write_rows(session, VALUE, values)
    listed = await _links(
        session,
        LISTING,
        "product_id",
        ids,
        [{"product_id": p.id, "sales_channel_id": c.id} for p in live for c in p.sales_channels],
        ("product_id", "sales_channel_id"),
        ("sales_channel_id", CHANNEL),
    )
    pairs = [(p.id, v) for p in live for v in p.variants]
    dropped = await repository.remove_children(
        session, VARIANT, "product_id", ids, ((v.id,) for _, v in pairs), ("id",)
    )
    _variants_gone(session, [(variant_id, product_id) for product_id, variant_id in dropped])
    changes = await _variants(session, pairs)
    await _links(
        session,
        VARIANT_VALUE,
        "variant_id",
        (v.id for _, v in pairs),
        [{"variant_id": v.id, "option_value_id": o.id} for _, v in pairs for o in v.options],
        ("variant_id", "option_value_id"),
        ("option_value_id", VALUE),
    )
    # A product published, or listed in another channel, can sell all its variants.
    touched = changed_products | listed
    changes.variants |= {v.id for product_id, v in pairs if product_id in touched}
    changes.written += len(changed_products) + len(gone)
    return changes


async def remove_products(session: AsyncSession, ids: Iterable[str]) -> None:
    """Remove products with their variants, whose subscriptions are then closed."""
    ids = list(ids)
    variants_of = await repository.ids_with(session, VARIANT, "product_id", ids, "product_id")
    await repository.remove(session, PRODUCT, ids)
    _variants_gone(session, variants_of)


async def remove_variants(session: AsyncSession, ids: Iterable[str]) -> None:
    held = await repository.ids_with(session, VARIANT, "id", ids, "product_id")
    await repository.remove(session, VARIANT, [variant_id for variant_id, _ in held])
    _variants_gone(session, held)


def _variants_gone(session: AsyncSession, variants: Iterable[tuple[str, str]]) -> None:
    """The event Restock's own catalog records for a deleted variant: nobody can be told it is
    back, so its subscriptions close."""
    for variant_id, product_id in variants:
        record(session, EventName.PRODUCT_VARIANT_DELETED, VariantChanged(variant_id, product_id))


async def variants(session: AsyncSession, rows: list[dict[str, Any]]) -> Changes:
    """Variants read on their own (Medusa does not move a variant's `updated_at` when it is
    edited, so pulls read them all): those of products the mirror holds."""
    parsed = [MedusaVariant.model_validate(r) for r in rows]
    held = await repository.existing(session, PRODUCT, (v.product_id for v in parsed))
    return await _variants(session, [(v.product_id, v) for v in parsed if v.product_id in held])


async def _variants(session: AsyncSession, pairs: list[tuple[str, MedusaVariant]]) -> Changes:
    variant_rows = [v.row() for _, v in pairs]
    await repository.displace(session, VARIANT, "sku", variant_rows)
    changed = await repository.write_rows(session, VARIANT, variant_rows)
    ids = [v.id for _, v in pairs]
    prices = [
        {
            "id": price.id,
            "variant_id": v.id,
            "currency_code": price.currency_code,
            "amount": price.amount,
            "created_at": price.created_at,
            "updated_at": price.updated_at,
        }
        for _, v in pairs
        for price in v.prices
        if price.is_base
    ]
    await repository.remove_children(
        session, PRICE, "variant_id", ids, ((p["id"],) for p in prices), ("id",)
    )
    await repository.write_rows(session, PRICE, prices)
    changed |= await _links(
        session,
        STOCK_LINK,
        "variant_id",
        ids,
        [
            {
                "variant_id": v.id,
                "inventory_item_id": link.inventory_item_id,
                "required_quantity": max(link.required_quantity, 1),
            }
            for _, v in pairs
            for link in v.inventory_items
        ],
        ("variant_id", "inventory_item_id"),
        ("inventory_item_id", ITEM),
    )
    return Changes(written=len(changed), variants=changed)


async def reservations(session: AsyncSession, rows: list[dict[str, Any]]) -> Changes:
    """Kept for the record: the levels' `reserved_quantity` already counts them."""
    parsed = [MedusaReservation.model_validate(r).row() for r in rows]
    items_held = await repository.existing(session, ITEM, (r["inventory_item_id"] for r in parsed))
    places = await repository.existing(session, LOCATION, (r["location_id"] for r in parsed))
    kept = [
        r for r in parsed if r["inventory_item_id"] in items_held and r["location_id"] in places
    ]
    return Changes(written=len(await repository.write_rows(session, RESERVATION, kept)))


async def keys(session: AsyncSession, rows: list[dict[str, Any]]) -> Changes:
    parsed = [MedusaKey.model_validate(r) for r in rows]
    key_rows = [k.row() for k in parsed if k.type == "publishable"]
    await repository.displace(session, KEY, "token", key_rows)
    written = await repository.write_rows(session, KEY, key_rows)
    relinked = await _links(
        session,
        KEY_CHANNEL,
        "api_key_id",
        (k["id"] for k in key_rows),
        [
            {"api_key_id": k.id, "sales_channel_id": c.id}
            for k in parsed
            if k.type == "publishable"
            for c in k.sales_channels
        ],
        ("api_key_id", "sales_channel_id"),
        ("sales_channel_id", CHANNEL),
    )
    return Changes(written=len(written | relinked))

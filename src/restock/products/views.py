"""The read model of products: their API shapes, built for many products in a fixed number of
queries, and what the store shows of them."""

from collections import defaultdict
from collections.abc import Iterable
from typing import Any

from sqlalchemy.ext.asyncio import AsyncSession

from restock.errors import InvalidData
from restock.inventory.availability import availability
from restock.models import Product, ProductVariant
from restock.products import repository
from restock.products.schemas import price_out, product_out, variant_out
from restock.products.service import LINK
from restock.sales_channels.service import sales_channel_service as channels


class ProductViews:
    async def views(
        self,
        session: AsyncSession,
        products: list[Product],
        *,
        inventory_items: bool = False,
        prices: bool = True,
        sales_channels: bool = True,
        variants: list[ProductVariant] | None = None,
    ) -> list[dict[str, Any]]:
        """API shapes for many products in a fixed number of queries; with `variants` (loaded
        by the caller), each product lists just those of its variants."""
        ids = [p.id for p in products]
        options: dict[str, list[dict[str, Any]]] = defaultdict(list)
        value_info: dict[str, dict[str, Any]] = {}
        by_option: dict[str, dict[str, Any]] = {}
        for row in await repository.options_of(session, ids):
            option = by_option.get(row.option_id)
            if option is None:
                option = {
                    "id": row.option_id,
                    "title": row.title,
                    "product_id": row.product_id,
                    "values": [],
                }
                by_option[row.option_id] = option
                options[row.product_id].append(option)
            value = {"id": row.value_id, "value": row.value, "option_id": row.option_id}
            option["values"].append(value)
            value_info[row.value_id] = {
                **value,
                "option": {"id": row.option_id, "title": row.title},
            }
        if variants is None:
            variants = await repository.variants_of(session, ids)
        variant_ids = [v.id for v in variants]
        chosen: dict[str, list[dict[str, Any]]] = defaultdict(list)
        for variant_id, value_id in await repository.variant_option_values(session, variant_ids):
            chosen[variant_id].append(value_info[value_id])
        price_map: dict[str, list[dict[str, Any]]] = defaultdict(list)
        if prices:
            for price in await repository.prices_of(session, variant_ids):
                price_map[price.variant_id].append(price_out(price))
        links: dict[str, list[dict[str, Any]]] = defaultdict(list)
        if inventory_items:
            for link in await repository.inventory_links_of(session, variant_ids):
                links[link.variant_id].append(
                    {
                        "variant_id": link.variant_id,
                        "inventory_item_id": link.inventory_item_id,
                        "required_quantity": link.required_quantity,
                    }
                )
        by_product: dict[str, list[dict[str, Any]]] = defaultdict(list)
        for variant in variants:
            by_product[variant.product_id].append(
                variant_out(
                    variant,
                    chosen[variant.id],
                    price_map[variant.id] if prices else None,
                    links[variant.id] if inventory_items else None,
                )
            )
        linked = await channels.channels_linked(session, LINK, ids) if sales_channels else {}
        return [
            product_out(
                p, options[p.id], by_product[p.id], linked.get(p.id, []) if sales_channels else None
            )
            for p in products
        ]

    async def variant_views(
        self, session: AsyncSession, variant_ids: Iterable[str]
    ) -> dict[str, dict[str, Any]]:
        """Variants by id, each with its options, its prices and a summary of its product."""
        variants = await repository.variants_by_ids(session, variant_ids)
        products = await repository.products_by_ids(session, {v.product_id for v in variants})
        found: dict[str, dict[str, Any]] = {}
        views = await self.views(session, products, sales_channels=False, variants=variants)
        for product in views:
            summary = {k: product[k] for k in ("id", "title", "handle", "thumbnail")}
            for variant in product["variants"]:
                found[variant["id"]] = {**variant, "product": summary}
        return found

    def channel_for_quantities(
        self, key_channel_ids: list[str], sales_channel_id: str | None, fields: frozenset[str]
    ) -> str | None:
        """The one channel whose availability the store shows, as Medusa chooses it."""
        if sales_channel_id is not None:
            if sales_channel_id not in key_channel_ids:
                raise InvalidData(
                    "Requested sales channel is not part of the publishable key: "
                    f"{sales_channel_id}"
                )
            return sales_channel_id
        if len(key_channel_ids) == 1:
            return key_channel_ids[0]
        if "variants.inventory_quantity" in fields:
            raise InvalidData(
                "Inventory availability cannot be calculated in the given context. Either provide "
                "a sales channel id or configure a single sales channel in the publishable key"
            )
        return None

    async def store_views(
        self, session: AsyncSession, products: list[Product], channel_id: str | None
    ) -> list[dict[str, Any]]:
        views = await self.views(session, products, prices=False, sales_channels=False)
        if channel_id is None:
            return views
        managed = [v for p in views for v in p["variants"] if v["manage_inventory"]]
        found = await availability(session, [(v["id"], channel_id) for v in managed])
        for variant in managed:
            known = found.get((variant["id"], channel_id))
            variant["inventory_quantity"] = known.quantity if known else 0
        return views


product_views = ProductViews()

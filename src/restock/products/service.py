"""Product and variant use cases. Their API shapes are built in `views.py`."""

import re

from sqlalchemy.ext.asyncio import AsyncSession

from restock.errors import Duplicate, InvalidData, NotFound
from restock.events import Changed, EventName, VariantChanged, record
from restock.inventory.schemas import InventoryItemCreate
from restock.inventory.service import inventory_service
from restock.kit.ids import new_id
from restock.kit.repository import get_or_404
from restock.models import (
    Price,
    Product,
    ProductOption,
    ProductOptionValue,
    ProductSalesChannel,
    ProductVariant,
    VariantInventoryItem,
)
from restock.products import repository
from restock.products.schemas import (
    PriceIn,
    ProductCreate,
    ProductUpdate,
    VariantCreate,
    VariantUpdate,
)
from restock.sales_channels import repository as channels
from restock.sales_channels.service import sales_channel_service

LINK = ProductSalesChannel.product_id
OptionIndex = dict[str, dict[str, str]]  # option title -> value -> option value id


def slugify(title: str) -> str:
    return re.sub(r"[^a-z0-9]+", "-", title.lower()).strip("-") or "product"


class ProductService:
    async def create(self, session: AsyncSession, body: ProductCreate) -> Product:
        channel_ids = [c.id for c in body.sales_channels]
        await sales_channel_service.ensure_exist(session, channel_ids)
        handle = body.handle or slugify(body.title)
        if await repository.handle_taken(session, handle):
            raise Duplicate(f"Product with handle: {handle}, already exists.")
        titles = [o.title for o in body.options]
        if len(set(titles)) != len(titles):
            raise InvalidData("Product options must have unique titles")
        product = Product(
            id=new_id("prod"),
            title=body.title,
            handle=handle,
            subtitle=body.subtitle,
            description=body.description,
            status=body.status,
            thumbnail=body.thumbnail,
            metadata_=body.metadata,
        )
        session.add(product)
        index: OptionIndex = {}
        for option_in in body.options:
            option = ProductOption(id=new_id("popt"), product_id=product.id, title=option_in.title)
            session.add(option)
            index[option.title] = {}
            for value in dict.fromkeys(option_in.values):
                row = ProductOptionValue(id=new_id("optval"), option_id=option.id, value=value)
                session.add(row)
                index[option.title][value] = row.id
        await session.flush()
        await self._check_variants(session, body.variants, index, existing={})
        for rank, variant_in in enumerate(body.variants):
            await self._add_variant(session, product.id, variant_in, index, rank)
        await channels.link_channels(session, LINK, product.id, channel_ids)
        record(session, EventName.PRODUCT_CREATED, Changed(product.id))
        return product

    async def retrieve(self, session: AsyncSession, product_id: str) -> Product:
        return await get_or_404(session, Product, product_id, "Product")

    async def update(self, session: AsyncSession, product_id: str, body: ProductUpdate) -> Product:
        product = await self.retrieve(session, product_id)
        changes = body.model_dump(exclude_unset=True)
        for required in ("title", "handle", "status"):
            if required in changes and changes[required] is None:
                raise InvalidData(f"Invalid request: Field '{required}' cannot be null")
        handle = changes.get("handle")
        if handle and await repository.handle_taken(session, handle, except_id=product.id):
            raise Duplicate(f"Product with handle: {handle}, already exists.")
        if body.sales_channels is not None:
            channel_ids = [c.id for c in body.sales_channels]
            await sales_channel_service.ensure_exist(session, channel_ids)
            await channels.unlink_channels(session, LINK, product.id)
            await channels.link_channels(session, LINK, product.id, channel_ids)
        for field, value in changes.items():
            if field != "sales_channels":
                setattr(product, "metadata_" if field == "metadata" else field, value)
        await session.flush()
        record(session, EventName.PRODUCT_UPDATED, Changed(product.id))
        return product

    async def delete(self, session: AsyncSession, product_id: str) -> None:
        await self.retrieve(session, product_id)
        variant_ids = [v.id for v in await repository.variants_of(session, [product_id])]
        await repository.remove_product(session, product_id)
        for variant_id in variant_ids:
            record(
                session, EventName.PRODUCT_VARIANT_DELETED, VariantChanged(variant_id, product_id)
            )
        record(session, EventName.PRODUCT_DELETED, Changed(product_id))

    async def create_variant(
        self, session: AsyncSession, product_id: str, body: VariantCreate
    ) -> ProductVariant:
        await self.retrieve(session, product_id)
        index, existing = await self._option_state(session, product_id)
        await self._check_variants(session, [body], index, existing)
        variant = await self._add_variant(session, product_id, body, index, len(existing))
        return variant

    async def update_variant(
        self, session: AsyncSession, product_id: str, variant_id: str, body: VariantUpdate
    ) -> ProductVariant:
        variant = await self._variant_of(session, product_id, variant_id)
        changes = body.model_dump(exclude_unset=True)
        if "title" in changes and changes["title"] is None:
            raise InvalidData("Invalid request: Field 'title' cannot be null")
        if body.sku and await repository.skus_taken(session, [body.sku], except_variant=variant.id):
            raise Duplicate(f"Product variant with sku: {body.sku}, already exists.")
        if body.options is not None:
            index, existing = await self._option_state(session, product_id)
            existing.pop(variant.id, None)
            probe = VariantCreate(
                title=body.title or variant.title, options=body.options, prices=[]
            )
            await self._check_variants(session, [probe], index, existing)
            await repository.replace_variant_options(
                session, variant.id, self._value_ids(index, body.options)
            )
        if body.prices is not None:
            await repository.replace_prices(
                session, variant.id, self._prices(variant.id, body.prices)
            )
        scalars = {k: v for k, v in changes.items() if k not in ("options", "prices")}
        for field, value in scalars.items():
            if field in ("manage_inventory", "allow_backorder") and value is None:
                continue
            setattr(variant, "metadata_" if field == "metadata" else field, value)
        await session.flush()
        if variant.manage_inventory and not await repository.inventory_links_of(
            session, [variant.id]
        ):
            await self._create_inventory_item(session, variant)
        updated = VariantChanged(variant.id, product_id, sorted(changes))
        record(session, EventName.PRODUCT_VARIANT_UPDATED, updated)
        return variant

    async def delete_variant(self, session: AsyncSession, product_id: str, variant_id: str) -> None:
        await self._variant_of(session, product_id, variant_id)
        await repository.remove_variant(session, variant_id)
        record(session, EventName.PRODUCT_VARIANT_DELETED, VariantChanged(variant_id, product_id))

    async def _variant_of(
        self, session: AsyncSession, product_id: str, variant_id: str
    ) -> ProductVariant:
        await self.retrieve(session, product_id)
        variant = await repository.get_variant(session, variant_id)
        if variant is None or variant.product_id != product_id:
            raise NotFound(f"Variant with id: {variant_id} was not found")
        return variant

    async def _option_state(
        self, session: AsyncSession, product_id: str
    ) -> tuple[OptionIndex, dict[str, frozenset[str]]]:
        """The product's options, and each existing variant's combination of option value ids."""
        index: OptionIndex = {}
        for row in await repository.options_of(session, [product_id]):
            index.setdefault(row.title, {})[row.value] = row.value_id
        variants = await repository.variants_of(session, [product_id])
        combos: dict[str, set[str]] = {v.id: set() for v in variants}
        for variant_id, value_id in await repository.variant_option_values(session, combos):
            combos[variant_id].add(value_id)
        return index, {k: frozenset(v) for k, v in combos.items()}

    async def _check_variants(
        self,
        session: AsyncSession,
        variants: list[VariantCreate],
        index: OptionIndex,
        existing: dict[str, frozenset[str]],
    ) -> None:
        seen = set(existing.values())
        for variant in variants:
            given, expected = set(variant.options), set(index)
            if given != expected:
                raise InvalidData(
                    f"Product has {len(expected)} option values but there were {len(given)} "
                    f"provided option values for the variant: {variant.title}."
                )
            for title, value in variant.options.items():
                if value not in index[title]:
                    raise InvalidData(f"Option value {value} does not exist for option {title}")
            combo = frozenset(self._value_ids(index, variant.options))
            if combo in seen and index:
                raise InvalidData(
                    f"Variant {variant.title} has the same combination of option values "
                    "as another variant"
                )
            seen.add(combo)
        skus = [v.sku for v in variants if v.sku]
        if len(set(skus)) != len(skus):
            raise Duplicate("Product variant skus must be unique")
        taken = await repository.skus_taken(session, skus)
        if taken:
            raise Duplicate(f"Product variant with sku: {sorted(taken)[0]}, already exists.")
        for variant in variants:
            if variant.inventory_items:
                item_ids = [link.inventory_item_id for link in variant.inventory_items]
                if len(set(item_ids)) != len(item_ids):
                    raise InvalidData("An inventory item may be linked to a variant only once")
                await inventory_service.ensure_items_exist(session, item_ids)

    @staticmethod
    def _value_ids(index: OptionIndex, options: dict[str, str]) -> list[str]:
        return [index[title][value] for title, value in options.items()]

    @staticmethod
    def _prices(variant_id: str, prices: list[PriceIn]) -> list[Price]:
        return [
            Price(
                id=new_id("price"),
                variant_id=variant_id,
                currency_code=p.currency_code.lower(),
                amount=p.amount,
            )
            for p in prices
        ]

    async def _add_variant(
        self,
        session: AsyncSession,
        product_id: str,
        body: VariantCreate,
        index: OptionIndex,
        rank: int,
    ) -> ProductVariant:
        variant = ProductVariant(
            id=new_id("variant"),
            product_id=product_id,
            title=body.title,
            sku=body.sku,
            barcode=body.barcode,
            ean=body.ean,
            upc=body.upc,
            manage_inventory=body.manage_inventory,
            allow_backorder=body.allow_backorder,
            variant_rank=body.variant_rank if body.variant_rank is not None else rank,
            metadata_=body.metadata,
        )
        session.add(variant)
        await session.flush()
        await repository.replace_variant_options(
            session, variant.id, self._value_ids(index, body.options)
        )
        session.add_all(self._prices(variant.id, body.prices))
        if body.inventory_items:
            session.add_all(
                VariantInventoryItem(
                    variant_id=variant.id,
                    inventory_item_id=link.inventory_item_id,
                    required_quantity=link.required_quantity,
                )
                for link in body.inventory_items
            )
        elif variant.manage_inventory:
            await self._create_inventory_item(session, variant)
        await session.flush()
        record(session, EventName.PRODUCT_VARIANT_CREATED, VariantChanged(variant.id, product_id))
        return variant

    async def _create_inventory_item(self, session: AsyncSession, variant: ProductVariant) -> None:
        """A managed variant without items gets its own, as in Medusa (no levels: out of stock)."""
        item = await inventory_service.create_item(
            session, InventoryItemCreate(sku=variant.sku, title=variant.title)
        )
        session.add(VariantInventoryItem(variant_id=variant.id, inventory_item_id=item.id))
        await session.flush()


product_service = ProductService()

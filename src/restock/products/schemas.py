from typing import Any, Literal

from pydantic import Field

from restock.kit.responses import ChannelSummary, Deleted, ListMeta, Out, Timestamps
from restock.kit.schema import Body, Count, Metadata, Positive
from restock.kit.serialize import timestamps

Status = Literal["draft", "proposed", "published", "rejected"]


class OptionIn(Body):
    title: str = Field(min_length=1)
    values: list[str] = Field(min_length=1)


class PriceIn(Body):
    currency_code: str = Field(min_length=3, max_length=3)
    amount: float = Field(ge=0)


class InventoryLinkIn(Body):
    inventory_item_id: str
    required_quantity: Positive = 1


class VariantCreate(Body):
    title: str = Field(min_length=1)
    sku: str | None = None
    barcode: str | None = None
    ean: str | None = None
    upc: str | None = None
    manage_inventory: bool = True
    allow_backorder: bool = False
    variant_rank: Count | None = None
    options: dict[str, str] = {}
    prices: list[PriceIn]
    inventory_items: list[InventoryLinkIn] | None = None
    metadata: Metadata = None


class VariantUpdate(Body):
    title: str | None = Field(default=None, min_length=1)
    sku: str | None = None
    barcode: str | None = None
    ean: str | None = None
    upc: str | None = None
    manage_inventory: bool | None = None
    allow_backorder: bool | None = None
    variant_rank: Count | None = None
    options: dict[str, str] | None = None
    prices: list[PriceIn] | None = None
    metadata: Metadata = None


class ChannelRef(Body):
    id: str


class ProductCreate(Body):
    title: str = Field(min_length=1)
    subtitle: str | None = None
    description: str | None = None
    handle: str | None = None
    status: Status = "draft"
    thumbnail: str | None = None
    options: list[OptionIn] = []
    variants: list[VariantCreate] = []
    sales_channels: list[ChannelRef] = []
    metadata: Metadata = None


class ProductUpdate(Body):
    title: str | None = Field(default=None, min_length=1)
    subtitle: str | None = None
    description: str | None = None
    handle: str | None = Field(default=None, min_length=1)
    status: Status | None = None
    thumbnail: str | None = None
    sales_channels: list[ChannelRef] | None = None
    metadata: Metadata = None


class PriceOut(Timestamps):
    id: str
    currency_code: str
    amount: float
    variant_id: str


class OptionValueOut(Out):
    id: str
    value: str
    option_id: str


class OptionOut(Out):
    id: str
    title: str
    product_id: str
    values: list[OptionValueOut]


class OptionTitle(Out):
    id: str
    title: str


class ChosenValueOut(OptionValueOut):
    """A variant's value of one option, with its option."""

    option: OptionTitle


class InventoryLinkOut(Out):
    variant_id: str
    inventory_item_id: str
    required_quantity: int


class VariantOut(Timestamps):
    id: str
    title: str
    sku: str | None
    barcode: str | None
    ean: str | None
    upc: str | None
    allow_backorder: bool
    manage_inventory: bool
    variant_rank: int | None
    product_id: str
    metadata: dict[str, Any] | None
    options: list[ChosenValueOut]
    prices: list[PriceOut] | None = None  # admin answers
    inventory_items: list[InventoryLinkOut] | None = None  # fields=*variants.inventory_items
    inventory_quantity: int | None = None  # store answers, for one sales channel


class ProductOut(Timestamps):
    id: str
    title: str
    subtitle: str | None
    description: str | None
    handle: str
    status: str
    thumbnail: str | None
    metadata: dict[str, Any] | None
    options: list[OptionOut]
    variants: list[VariantOut]
    sales_channels: list[ChannelSummary] | None = None  # admin answers


class ProductAnswer(Out):
    product: ProductOut


class ProductList(ListMeta):
    products: list[ProductOut]


class VariantDeleted(Deleted):
    parent: ProductOut


class ProductSummary(Out):
    id: str
    title: str
    handle: str
    thumbnail: str | None


class VariantView(VariantOut):
    """A variant as notifications and subscriptions show it: with a summary of its product."""

    product: ProductSummary


def price_out(price: Any) -> dict[str, Any]:
    return {
        "id": price.id,
        "currency_code": price.currency_code,
        "amount": price.amount,
        "variant_id": price.variant_id,
        **timestamps(price),
    }


def variant_out(
    variant: Any,
    options: list[dict[str, Any]],
    prices: list[dict[str, Any]] | None,
    inventory_items: list[dict[str, Any]] | None,
) -> dict[str, Any]:
    out = {
        "id": variant.id,
        "title": variant.title,
        "sku": variant.sku,
        "barcode": variant.barcode,
        "ean": variant.ean,
        "upc": variant.upc,
        "allow_backorder": variant.allow_backorder,
        "manage_inventory": variant.manage_inventory,
        "variant_rank": variant.variant_rank,
        "product_id": variant.product_id,
        "metadata": variant.metadata_,
        "options": options,
        **timestamps(variant),
    }
    if prices is not None:
        out["prices"] = prices
    if inventory_items is not None:
        out["inventory_items"] = inventory_items
    return out


def product_out(
    product: Any,
    options: list[dict[str, Any]],
    variants: list[dict[str, Any]],
    sales_channels: list[dict[str, str]] | None,
) -> dict[str, Any]:
    out = {
        "id": product.id,
        "title": product.title,
        "subtitle": product.subtitle,
        "description": product.description,
        "handle": product.handle,
        "status": product.status,
        "thumbnail": product.thumbnail,
        "metadata": product.metadata_,
        "options": options,
        "variants": variants,
        **timestamps(product),
    }
    if sales_channels is not None:
        out["sales_channels"] = sales_channels
    return out

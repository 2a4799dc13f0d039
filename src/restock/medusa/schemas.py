"""What the mirror reads from Medusa's admin API, and the rows it makes of it.

Medusa adds fields from release to release: every model ignores what it does not name, so a
field we do not know is never a crash. Timestamps keep Medusa's values."""

from datetime import datetime
from typing import Annotated, Any

from pydantic import BaseModel, ConfigDict, Field, StringConstraints


class MedusaModel(BaseModel):
    model_config = ConfigDict(extra="ignore")


class Ref(MedusaModel):
    id: str


class Stamped(MedusaModel):
    id: str
    created_at: datetime
    updated_at: datetime
    deleted_at: datetime | None = None

    def stamps(self) -> dict[str, Any]:
        return {"id": self.id, "created_at": self.created_at, "updated_at": self.updated_at}


class MedusaChannel(Stamped):
    name: str
    description: str | None = None
    is_disabled: bool = False
    metadata: dict[str, Any] | None = None

    def row(self) -> dict[str, Any]:
        return {
            **self.stamps(),
            "name": self.name,
            "description": self.description,
            "is_disabled": self.is_disabled,
            "metadata": self.metadata,
        }


class MedusaLocation(Stamped):
    name: str
    address: dict[str, Any] | None = None
    metadata: dict[str, Any] | None = None
    sales_channels: list[Ref] = Field(default_factory=list)

    def row(self) -> dict[str, Any]:
        address = None
        if self.address:  # Medusa's address row carries its own id and stamps: not ours
            address = {
                k: v
                for k, v in self.address.items()
                if k not in {"id", "created_at", "updated_at", "deleted_at", "metadata"}
            }
        return {**self.stamps(), "name": self.name, "address": address, "metadata": self.metadata}


class MedusaLevel(MedusaModel):
    id: str
    location_id: str
    stocked_quantity: int = 0
    reserved_quantity: int = 0
    incoming_quantity: int = 0
    created_at: datetime
    updated_at: datetime


class MedusaItem(Stamped):
    sku: str | None = None
    title: str | None = None
    description: str | None = None
    requires_shipping: bool = True
    metadata: dict[str, Any] | None = None
    location_levels: list[MedusaLevel] = Field(default_factory=list)

    def row(self) -> dict[str, Any]:
        return {
            **self.stamps(),
            "sku": self.sku,
            "title": self.title,
            "description": self.description,
            "requires_shipping": self.requires_shipping,
            "metadata": self.metadata,
        }


class MedusaPrice(MedusaModel):
    id: str
    currency_code: str
    amount: float
    rules: dict[str, Any] | None = None
    min_quantity: float | None = None
    max_quantity: float | None = None
    created_at: datetime
    updated_at: datetime

    @property
    def is_base(self) -> bool:
        """A price for any buyer and quantity: the one a restock email shows."""
        return not self.rules and self.min_quantity is None and self.max_quantity is None


class MedusaInventoryLink(MedusaModel):
    inventory_item_id: str
    required_quantity: int = 1


class MedusaVariant(Stamped):
    title: str
    sku: str | None = None
    barcode: str | None = None
    ean: str | None = None
    upc: str | None = None
    manage_inventory: bool = True
    allow_backorder: bool = False
    variant_rank: int | None = 0
    metadata: dict[str, Any] | None = None
    options: list[Ref] = Field(default_factory=list)
    prices: list[MedusaPrice] = Field(default_factory=list)
    inventory_items: list[MedusaInventoryLink] = Field(default_factory=list)

    def row(self, product_id: str) -> dict[str, Any]:
        return {
            **self.stamps(),
            "product_id": product_id,
            "title": self.title,
            "sku": self.sku,
            "barcode": self.barcode,
            "ean": self.ean,
            "upc": self.upc,
            "manage_inventory": self.manage_inventory,
            "allow_backorder": self.allow_backorder,
            "variant_rank": self.variant_rank or 0,
            "metadata": self.metadata,
        }


class MedusaOptionValue(MedusaModel):
    id: str
    value: str


class MedusaOption(MedusaModel):
    id: str
    title: str
    values: list[MedusaOptionValue] = Field(default_factory=list)


class MedusaProduct(Stamped):
    title: str
    handle: str
    subtitle: str | None = None
    description: str | None = None
    status: str = "draft"
    thumbnail: str | None = None
    metadata: dict[str, Any] | None = None
    options: list[MedusaOption] = Field(default_factory=list)
    variants: list[MedusaVariant] = Field(default_factory=list)
    sales_channels: list[Ref] = Field(default_factory=list)

    def row(self) -> dict[str, Any]:
        return {
            **self.stamps(),
            "title": self.title,
            "handle": self.handle,
            "subtitle": self.subtitle,
            "description": self.description,
            "status": self.status,
            "thumbnail": self.thumbnail,
            "metadata": self.metadata,
        }


class MedusaReservation(Stamped):
    inventory_item_id: str
    location_id: str
    quantity: int
    line_item_id: str | None = None
    description: str | None = None
    metadata: dict[str, Any] | None = None

    def row(self) -> dict[str, Any]:
        return {
            **self.stamps(),
            "inventory_item_id": self.inventory_item_id,
            "location_id": self.location_id,
            "quantity": self.quantity,
            "line_item_id": self.line_item_id,
            "description": self.description,
            "metadata": self.metadata,
        }


class MedusaKey(Stamped):
    title: str
    token: str
    redacted: str
    type: str
    created_by: str = ""
    revoked_by: str | None = None
    revoked_at: datetime | None = None
    last_used_at: datetime | None = None
    sales_channels: list[Ref] = Field(default_factory=list)

    def row(self) -> dict[str, Any]:
        return {
            **self.stamps(),
            "title": self.title,
            "token": self.token,
            "redacted": self.redacted,
            "type": self.type,
            "created_by": self.created_by,
            "revoked_by": self.revoked_by,
            "revoked_at": self.revoked_at,
            "last_used_at": self.last_used_at,
        }


_Id = Annotated[str, StringConstraints(min_length=1, max_length=100)]


class MedusaHook(BaseModel):
    """What the subscriber shipped in `integrations/medusa/` posts for each Medusa event: the
    event's name, and the inventory items and products it touched."""

    model_config = ConfigDict(extra="ignore")

    name: Annotated[str, StringConstraints(min_length=1, max_length=200)]
    inventory_item_ids: list[_Id] = Field(default_factory=list, max_length=1000)
    product_ids: list[_Id] = Field(default_factory=list, max_length=1000)


class HookPulled(BaseModel):
    """What the hook read from Medusa at once: rows by resource."""

    pulled: dict[str, int]

"""What the mirror reads from Medusa's admin API, and the rows it makes of it.

Medusa adds fields from release to release: every model ignores what it does not name, so a
field we do not know is never a crash. Timestamps keep Medusa's values."""

from datetime import datetime
from typing import Annotated, Any, ClassVar

from pydantic import BaseModel, BeforeValidator, ConfigDict, Field, StringConstraints


class MedusaModel(BaseModel):
    model_config = ConfigDict(extra="ignore")


class Ref(MedusaModel):
    id: str


class Stamped(MedusaModel):
    """A row of a Medusa table whose fields, but for `NESTED` ones, are the mirror's columns."""

    NESTED: ClassVar[frozenset[str]] = frozenset()

    id: str
    created_at: datetime
    updated_at: datetime
    deleted_at: datetime | None = None

    def row(self) -> dict[str, Any]:
        return self.model_dump(exclude={"deleted_at", *self.NESTED})


class MedusaChannel(Stamped):
    name: str
    description: str | None = None
    is_disabled: bool = False
    metadata: dict[str, Any] | None = None


class MedusaLocation(Stamped):
    NESTED = frozenset({"sales_channels"})

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
        return {**super().row(), "address": address}


class MedusaLevel(MedusaModel):
    id: str
    location_id: str
    stocked_quantity: int = 0
    reserved_quantity: int = 0
    incoming_quantity: int = 0
    created_at: datetime
    updated_at: datetime


class MedusaItem(Stamped):
    NESTED = frozenset({"location_levels"})

    sku: str | None = None
    title: str | None = None
    description: str | None = None
    requires_shipping: bool = True
    metadata: dict[str, Any] | None = None
    location_levels: list[MedusaLevel] = Field(default_factory=list)


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
    NESTED = frozenset({"options", "prices", "inventory_items"})

    product_id: str
    title: str
    sku: str | None = None
    barcode: str | None = None
    ean: str | None = None
    upc: str | None = None
    manage_inventory: bool = True
    allow_backorder: bool = False
    variant_rank: Annotated[int, BeforeValidator(lambda rank: rank or 0)] = 0
    metadata: dict[str, Any] | None = None
    options: list[Ref] = Field(default_factory=list)
    prices: list[MedusaPrice] = Field(default_factory=list)
    inventory_items: list[MedusaInventoryLink] = Field(default_factory=list)


class MedusaOptionValue(MedusaModel):
    id: str
    value: str


class MedusaOption(MedusaModel):
    id: str
    title: str
    values: list[MedusaOptionValue] = Field(default_factory=list)


class MedusaProduct(Stamped):
    NESTED = frozenset({"options", "variants", "sales_channels"})

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


class MedusaReservation(Stamped):
    inventory_item_id: str
    location_id: str
    quantity: int
    line_item_id: str | None = None
    description: str | None = None
    metadata: dict[str, Any] | None = None


class MedusaKey(Stamped):
    NESTED = frozenset({"sales_channels"})

    title: str
    token: str
    redacted: str
    type: str
    created_by: str = ""
    revoked_by: str | None = None
    revoked_at: datetime | None = None
    last_used_at: datetime | None = None
    sales_channels: list[Ref] = Field(default_factory=list)


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

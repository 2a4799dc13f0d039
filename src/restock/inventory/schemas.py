from typing import Any

from restock.kit.responses import Deleted, ListMeta, Out, Timestamps
from restock.kit.schema import Body, Count, Metadata, Positive
from restock.kit.serialize import timestamps
from restock.models import InventoryItem, InventoryLevel, ReservationItem


class InventoryItemCreate(Body):
    sku: str | None = None
    title: str | None = None
    description: str | None = None
    requires_shipping: bool = True
    metadata: Metadata = None


class InventoryItemUpdate(Body):
    sku: str | None = None
    title: str | None = None
    description: str | None = None
    requires_shipping: bool | None = None
    metadata: Metadata = None


class LevelCreate(Body):
    location_id: str
    stocked_quantity: Count = 0
    incoming_quantity: Count = 0


class LevelUpdate(Body):
    stocked_quantity: Count | None = None
    incoming_quantity: Count | None = None


class ReservationCreate(Body):
    location_id: str
    inventory_item_id: str
    quantity: Positive
    line_item_id: str | None = None
    description: str | None = None
    metadata: Metadata = None


class LevelOut(Timestamps):
    id: str
    inventory_item_id: str
    location_id: str
    stocked_quantity: int
    reserved_quantity: int
    incoming_quantity: int
    available_quantity: int


class InventoryItemOut(Timestamps):
    id: str
    sku: str | None
    title: str | None
    description: str | None
    requires_shipping: bool
    metadata: dict[str, Any] | None
    # With its levels: each level, and the totals over them.
    location_levels: list[LevelOut] | None = None
    stocked_quantity: int | None = None
    reserved_quantity: int | None = None


class InventoryItemAnswer(Out):
    inventory_item: InventoryItemOut


class InventoryItemList(ListMeta):
    inventory_items: list[InventoryItemOut]


class LevelDeleted(Deleted):
    parent: InventoryItemOut


class ReservationOut(Timestamps):
    id: str
    inventory_item_id: str
    location_id: str
    quantity: int
    line_item_id: str | None
    description: str | None
    metadata: dict[str, Any] | None


class ReservationAnswer(Out):
    reservation: ReservationOut


def level_out(level: InventoryLevel) -> dict[str, Any]:
    return {
        "id": level.id,
        "inventory_item_id": level.inventory_item_id,
        "location_id": level.location_id,
        "stocked_quantity": level.stocked_quantity,
        "reserved_quantity": level.reserved_quantity,
        "incoming_quantity": level.incoming_quantity,
        "available_quantity": level.stocked_quantity - level.reserved_quantity,
        **timestamps(level),
    }


def item_out(item: InventoryItem, levels: list[InventoryLevel] | None = None) -> dict[str, Any]:
    out = {
        "id": item.id,
        "sku": item.sku,
        "title": item.title,
        "description": item.description,
        "requires_shipping": item.requires_shipping,
        "metadata": item.metadata_,
        **timestamps(item),
    }
    if levels is not None:
        out["location_levels"] = [level_out(level) for level in levels]
        out["stocked_quantity"] = sum(level.stocked_quantity for level in levels)
        out["reserved_quantity"] = sum(level.reserved_quantity for level in levels)
    return out


def reservation_out(reservation: ReservationItem) -> dict[str, Any]:
    return {
        "id": reservation.id,
        "inventory_item_id": reservation.inventory_item_id,
        "location_id": reservation.location_id,
        "quantity": reservation.quantity,
        "line_item_id": reservation.line_item_id,
        "description": reservation.description,
        "metadata": reservation.metadata_,
        **timestamps(reservation),
    }

"""Inventory use cases. Every change that can move availability records an event."""

from sqlalchemy.ext.asyncio import AsyncSession

from restock.errors import Duplicate, NotAllowed, NotFound
from restock.events import Changed, EventName, StockChanged, record
from restock.inventory import repository
from restock.inventory.schemas import (
    InventoryItemCreate,
    InventoryItemUpdate,
    LevelCreate,
    LevelUpdate,
    ReservationCreate,
)
from restock.kit.ids import new_id
from restock.kit.repository import get_or_404, missing_ids
from restock.models import InventoryItem, InventoryLevel, ReservationItem
from restock.stock_locations.service import stock_location_service


def _not_stocked(item_id: str, location_id: str) -> NotFound:
    return NotFound(f"Item {item_id} is not stocked at location {location_id}")


class InventoryService:
    async def create_item(self, session: AsyncSession, body: InventoryItemCreate) -> InventoryItem:
        if body.sku is not None and await repository.sku_taken(session, body.sku):
            raise Duplicate(f"Inventory item with sku: {body.sku}, already exists.")
        item = InventoryItem(
            id=new_id("iitem"),
            sku=body.sku,
            title=body.title,
            description=body.description,
            requires_shipping=body.requires_shipping,
            metadata_=body.metadata,
        )
        session.add(item)
        await session.flush()
        record(session, EventName.INVENTORY_ITEM_CREATED, Changed(item.id))
        return item

    async def retrieve_item(self, session: AsyncSession, item_id: str) -> InventoryItem:
        return await get_or_404(session, InventoryItem, item_id, "Inventory item")

    async def ensure_items_exist(self, session: AsyncSession, ids: list[str]) -> None:
        missing = await missing_ids(session, InventoryItem.id, ids)
        if missing:
            raise NotFound(f"Inventory item with id: {', '.join(missing)} was not found")

    async def update_item(
        self, session: AsyncSession, item_id: str, body: InventoryItemUpdate
    ) -> InventoryItem:
        item = await self.retrieve_item(session, item_id)
        changes = body.model_dump(exclude_unset=True)
        sku = changes.get("sku")
        if sku is not None and await repository.sku_taken(session, sku, except_id=item.id):
            raise Duplicate(f"Inventory item with sku: {sku}, already exists.")
        for field, value in changes.items():
            if field == "requires_shipping" and value is None:
                continue
            setattr(item, "metadata_" if field == "metadata" else field, value)
        await session.flush()
        record(session, EventName.INVENTORY_ITEM_UPDATED, Changed(item.id))
        return item

    async def delete_item(self, session: AsyncSession, item_id: str) -> None:
        await self.retrieve_item(session, item_id)
        await repository.remove_item(session, item_id)
        record(session, EventName.INVENTORY_ITEM_DELETED, Changed(item_id))

    async def create_level(
        self, session: AsyncSession, item_id: str, body: LevelCreate
    ) -> InventoryLevel:
        await self.retrieve_item(session, item_id)
        await stock_location_service.ensure_exist(session, [body.location_id])
        if await repository.level_at(session, item_id, body.location_id) is not None:
            raise Duplicate(
                f"Inventory level for item {item_id} at location {body.location_id} already exists"
            )
        level = InventoryLevel(
            id=new_id("ilev"),
            inventory_item_id=item_id,
            location_id=body.location_id,
            stocked_quantity=body.stocked_quantity,
            reserved_quantity=0,
            incoming_quantity=body.incoming_quantity,
        )
        session.add(level)
        await session.flush()
        self._stock_event(session, EventName.INVENTORY_LEVEL_CREATED, level)
        return level

    async def update_level(
        self, session: AsyncSession, item_id: str, location_id: str, body: LevelUpdate
    ) -> InventoryLevel:
        await self.retrieve_item(session, item_id)
        level = await repository.level_at(session, item_id, location_id)
        if level is None:
            raise _not_stocked(item_id, location_id)
        if body.stocked_quantity is not None:
            level.stocked_quantity = body.stocked_quantity
        if body.incoming_quantity is not None:
            level.incoming_quantity = body.incoming_quantity
        await session.flush()
        self._stock_event(session, EventName.INVENTORY_LEVEL_UPDATED, level)
        return level

    async def delete_level(self, session: AsyncSession, item_id: str, location_id: str) -> None:
        await self.retrieve_item(session, item_id)
        level = await repository.level_at(session, item_id, location_id)
        if level is None:
            raise _not_stocked(item_id, location_id)
        if level.reserved_quantity > 0:
            raise NotAllowed(
                f"Cannot remove Inventory Level {level.id} at Location {location_id} because "
                "there are reservations at location"
            )
        await repository.remove_level(session, level.id)
        self._stock_event(session, EventName.INVENTORY_LEVEL_DELETED, level)

    async def create_reservation(
        self, session: AsyncSession, body: ReservationCreate
    ) -> ReservationItem:
        await self.retrieve_item(session, body.inventory_item_id)
        await stock_location_service.ensure_exist(session, [body.location_id])
        if await repository.level_at(session, body.inventory_item_id, body.location_id) is None:
            raise _not_stocked(body.inventory_item_id, body.location_id)
        if not await repository.reserve(
            session, body.inventory_item_id, body.location_id, body.quantity
        ):
            raise NotAllowed(
                f"Not enough stock available for item {body.inventory_item_id} "
                f"at location {body.location_id}"
            )
        reservation = ReservationItem(
            id=new_id("resitem"),
            inventory_item_id=body.inventory_item_id,
            location_id=body.location_id,
            quantity=body.quantity,
            line_item_id=body.line_item_id,
            description=body.description,
            metadata_=body.metadata,
        )
        session.add(reservation)
        await session.flush()
        self._stock_event(session, EventName.RESERVATION_ITEM_CREATED, reservation)
        return reservation

    async def delete_reservation(self, session: AsyncSession, reservation_id: str) -> None:
        reservation = await get_or_404(session, ReservationItem, reservation_id, "Reservation item")
        await repository.release(
            session, reservation.inventory_item_id, reservation.location_id, reservation.quantity
        )
        await repository.remove_reservation(session, reservation.id)
        self._stock_event(session, EventName.RESERVATION_ITEM_DELETED, reservation)

    @staticmethod
    def _stock_event(
        session: AsyncSession, name: EventName, row: InventoryLevel | ReservationItem
    ) -> None:
        """Level and reservation events name the item and location: what availability reads."""
        record(session, name, StockChanged(row.id, row.inventory_item_id, row.location_id))


inventory_service = InventoryService()

from typing import Annotated, Any

from fastapi import APIRouter, Depends
from sqlalchemy.ext.asyncio import AsyncSession

from restock.auth.dependencies import AdminUser
from restock.db import Session
from restock.errors import error_responses
from restock.inventory import repository
from restock.inventory.schemas import (
    InventoryItemAnswer,
    InventoryItemCreate,
    InventoryItemList,
    InventoryItemUpdate,
    LevelCreate,
    LevelDeleted,
    LevelUpdate,
    ReservationAnswer,
    ReservationCreate,
    item_out,
    reservation_out,
)
from restock.inventory.service import inventory_service as service
from restock.kit.fields import fields_param
from restock.kit.pagination import Page, page_params
from restock.kit.responses import ContractRoute, Deleted
from restock.kit.serialize import deleted

router = APIRouter(tags=["admin: inventory"], route_class=ContractRoute)
Paging = Annotated[Page, Depends(page_params)]
Fields = Annotated[frozenset[str], Depends(fields_param)]


async def _item(session: AsyncSession, item_id: str) -> dict[str, Any]:
    """An item with its location levels."""
    item = await service.retrieve_item(session, item_id)
    levels = await repository.levels_of(session, [item.id])
    return item_out(item, levels.get(item.id, []))


@router.post(
    "/admin/inventory-items", response_model=InventoryItemAnswer, responses=error_responses(422)
)
async def create_item(body: InventoryItemCreate, session: Session, _: AdminUser) -> dict[str, Any]:
    item = await service.create_item(session, body)
    return {"inventory_item": item_out(item, [])}


@router.get("/admin/inventory-items", response_model=InventoryItemList)
async def list_items(
    session: Session,
    _: AdminUser,
    page: Paging,
    fields: Fields,
    sku: str | None = None,
    q: str | None = None,
) -> dict[str, Any]:
    rows, count = await repository.list_items(
        session, limit=page.limit, offset=page.offset, sku=sku, q=q
    )
    levels = (
        await repository.levels_of(session, [r.id for r in rows])
        if "location_levels" in fields
        else None
    )
    items = [item_out(r, levels.get(r.id, []) if levels is not None else None) for r in rows]
    return page.envelope("inventory_items", items, count)


@router.get("/admin/inventory-items/{item_id}", response_model=InventoryItemAnswer)
async def retrieve_item(item_id: str, session: Session, _: AdminUser) -> dict[str, Any]:
    return {"inventory_item": await _item(session, item_id)}


@router.post(
    "/admin/inventory-items/{item_id}",
    response_model=InventoryItemAnswer,
    responses=error_responses(422),
)
async def update_item(
    item_id: str, body: InventoryItemUpdate, session: Session, _: AdminUser
) -> dict[str, Any]:
    await service.update_item(session, item_id, body)
    return {"inventory_item": await _item(session, item_id)}


@router.delete("/admin/inventory-items/{item_id}", response_model=Deleted)
async def delete_item(item_id: str, session: Session, _: AdminUser) -> dict[str, Any]:
    await service.delete_item(session, item_id)
    return deleted(item_id, "inventory_item")


@router.post(
    "/admin/inventory-items/{item_id}/location-levels",
    response_model=InventoryItemAnswer,
    responses=error_responses(422),
)
async def create_level(
    item_id: str, body: LevelCreate, session: Session, _: AdminUser
) -> dict[str, Any]:
    await service.create_level(session, item_id, body)
    return {"inventory_item": await _item(session, item_id)}


@router.post(
    "/admin/inventory-items/{item_id}/location-levels/{location_id}",
    response_model=InventoryItemAnswer,
)
async def update_level(
    item_id: str, location_id: str, body: LevelUpdate, session: Session, _: AdminUser
) -> dict[str, Any]:
    await service.update_level(session, item_id, location_id, body)
    return {"inventory_item": await _item(session, item_id)}


@router.delete(
    "/admin/inventory-items/{item_id}/location-levels/{location_id}", response_model=LevelDeleted
)
async def delete_level(
    item_id: str, location_id: str, session: Session, _: AdminUser
) -> dict[str, Any]:
    await service.delete_level(session, item_id, location_id)
    return deleted(location_id, "inventory-level", parent=await _item(session, item_id))


@router.post(
    "/admin/reservations", response_model=ReservationAnswer, responses=error_responses(404)
)
async def create_reservation(
    body: ReservationCreate, session: Session, _: AdminUser
) -> dict[str, Any]:
    return {"reservation": reservation_out(await service.create_reservation(session, body))}


@router.delete("/admin/reservations/{reservation_id}", response_model=Deleted)
async def delete_reservation(reservation_id: str, session: Session, _: AdminUser) -> dict[str, Any]:
    await service.delete_reservation(session, reservation_id)
    return deleted(reservation_id, "reservation")

from typing import Annotated, Any

from fastapi import APIRouter, Depends
from sqlalchemy.ext.asyncio import AsyncSession

from restock.auth.dependencies import AdminUser
from restock.db import Session
from restock.kit.pagination import Page, page_params
from restock.kit.responses import ContractRoute, Deleted
from restock.kit.schema import LinkChange
from restock.kit.serialize import deleted
from restock.models import StockLocation
from restock.sales_channels.service import sales_channel_service as channels
from restock.stock_locations import repository
from restock.stock_locations.schemas import (
    StockLocationAnswer,
    StockLocationCreate,
    StockLocationList,
    StockLocationUpdate,
    stock_location_out,
)
from restock.stock_locations.service import LINK
from restock.stock_locations.service import stock_location_service as service

router = APIRouter(
    prefix="/admin/stock-locations", tags=["admin: stock locations"], route_class=ContractRoute
)
Paging = Annotated[Page, Depends(page_params)]


async def _out(session: AsyncSession, location: StockLocation) -> dict[str, Any]:
    linked = await channels.channels_linked(session, LINK, [location.id])
    return {"stock_location": stock_location_out(location, linked.get(location.id))}


@router.post("", response_model=StockLocationAnswer)
async def create(body: StockLocationCreate, session: Session, _: AdminUser) -> dict[str, Any]:
    return await _out(session, await service.create(session, body))


@router.get("", response_model=StockLocationList)
async def list_(
    session: Session, _: AdminUser, page: Paging, name: str | None = None
) -> dict[str, Any]:
    rows, count = await repository.list_page(
        session, limit=page.limit, offset=page.offset, name=name
    )
    linked = await channels.channels_linked(session, LINK, [r.id for r in rows])
    items = [stock_location_out(r, linked.get(r.id)) for r in rows]
    return page.envelope("stock_locations", items, count)


@router.get("/{location_id}", response_model=StockLocationAnswer)
async def retrieve(location_id: str, session: Session, _: AdminUser) -> dict[str, Any]:
    return await _out(session, await service.retrieve(session, location_id))


@router.post("/{location_id}", response_model=StockLocationAnswer)
async def update(
    location_id: str, body: StockLocationUpdate, session: Session, _: AdminUser
) -> dict[str, Any]:
    return await _out(session, await service.update(session, location_id, body))


@router.post("/{location_id}/sales-channels", response_model=StockLocationAnswer)
async def change_channels(
    location_id: str, body: LinkChange, session: Session, _: AdminUser
) -> dict[str, Any]:
    return await _out(session, await service.change_channels(session, location_id, body))


@router.delete("/{location_id}", response_model=Deleted)
async def delete(location_id: str, session: Session, _: AdminUser) -> dict[str, Any]:
    await service.delete(session, location_id)
    return deleted(location_id, "stock_location")

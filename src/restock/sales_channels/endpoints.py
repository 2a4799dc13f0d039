from typing import Annotated, Any

from fastapi import APIRouter, Depends

from restock.auth.dependencies import AdminUser
from restock.db import Session
from restock.kit.pagination import Page, page_params
from restock.kit.responses import ContractRoute, Deleted
from restock.kit.serialize import deleted
from restock.sales_channels import repository
from restock.sales_channels.schemas import (
    SalesChannelAnswer,
    SalesChannelCreate,
    SalesChannelList,
    SalesChannelUpdate,
    sales_channel_out,
)
from restock.sales_channels.service import sales_channel_service as service

router = APIRouter(
    prefix="/admin/sales-channels", tags=["admin: sales channels"], route_class=ContractRoute
)
Paging = Annotated[Page, Depends(page_params)]


@router.post("", response_model=SalesChannelAnswer)
async def create(body: SalesChannelCreate, session: Session, _: AdminUser) -> dict[str, Any]:
    return {"sales_channel": sales_channel_out(await service.create(session, body))}


@router.get("", response_model=SalesChannelList)
async def list_(
    session: Session, _: AdminUser, page: Paging, name: str | None = None
) -> dict[str, Any]:
    rows, count = await repository.list_page(
        session, limit=page.limit, offset=page.offset, name=name
    )
    return page.envelope("sales_channels", [sales_channel_out(r) for r in rows], count)


@router.get("/{channel_id}", response_model=SalesChannelAnswer)
async def retrieve(channel_id: str, session: Session, _: AdminUser) -> dict[str, Any]:
    return {"sales_channel": sales_channel_out(await service.retrieve(session, channel_id))}


@router.post("/{channel_id}", response_model=SalesChannelAnswer)
async def update(
    channel_id: str, body: SalesChannelUpdate, session: Session, _: AdminUser
) -> dict[str, Any]:
    return {"sales_channel": sales_channel_out(await service.update(session, channel_id, body))}


@router.delete("/{channel_id}", response_model=Deleted)
async def delete(channel_id: str, session: Session, _: AdminUser) -> dict[str, Any]:
    await service.delete(session, channel_id)
    return deleted(channel_id, "sales-channel")

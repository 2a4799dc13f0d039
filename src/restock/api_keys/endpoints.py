from typing import Annotated, Any, Literal

from fastapi import APIRouter, Depends
from sqlalchemy.ext.asyncio import AsyncSession

from restock.api_keys import repository
from restock.api_keys.schemas import (
    ApiKeyAnswer,
    ApiKeyCreate,
    ApiKeyList,
    ApiKeyRevoke,
    ApiKeyUpdate,
    api_key_out,
)
from restock.api_keys.service import api_key_service as service
from restock.auth.dependencies import AdminUser
from restock.db import Session
from restock.kit.pagination import Page, page_params
from restock.kit.responses import ContractRoute, Deleted
from restock.kit.schema import LinkChange
from restock.kit.serialize import deleted
from restock.models import ApiKey, ApiKeySalesChannel
from restock.sales_channels.service import sales_channel_service as sales_channels

router = APIRouter(prefix="/admin/api-keys", tags=["admin: api keys"], route_class=ContractRoute)
Paging = Annotated[Page, Depends(page_params)]
LINK = ApiKeySalesChannel.api_key_id


async def _out(session: AsyncSession, key: ApiKey, token: str | None = None) -> dict[str, Any]:
    channels = await sales_channels.channels_linked(session, LINK, [key.id])
    return {"api_key": api_key_out(key, channels.get(key.id, []), token)}


@router.post("", response_model=ApiKeyAnswer)
async def create(body: ApiKeyCreate, session: Session, user_id: AdminUser) -> dict[str, Any]:
    key, token = await service.create(session, body, user_id)
    return await _out(session, key, token)


@router.get("", response_model=ApiKeyList)
async def list_(
    session: Session,
    _: AdminUser,
    page: Paging,
    type: Literal["publishable", "secret"] | None = None,
) -> dict[str, Any]:
    rows, count = await repository.list_page(
        session, limit=page.limit, offset=page.offset, key_type=type
    )
    channels = await sales_channels.channels_linked(session, LINK, [r.id for r in rows])
    items = [api_key_out(r, channels.get(r.id, [])) for r in rows]
    return page.envelope("api_keys", items, count)


@router.get("/{key_id}", response_model=ApiKeyAnswer)
async def retrieve(key_id: str, session: Session, _: AdminUser) -> dict[str, Any]:
    return await _out(session, await service.retrieve(session, key_id))


@router.post("/{key_id}", response_model=ApiKeyAnswer)
async def update(key_id: str, body: ApiKeyUpdate, session: Session, _: AdminUser) -> dict[str, Any]:
    return await _out(session, await service.update_title(session, key_id, body.title))


@router.post("/{key_id}/sales-channels", response_model=ApiKeyAnswer)
async def change_channels(
    key_id: str, body: LinkChange, session: Session, _: AdminUser
) -> dict[str, Any]:
    return await _out(session, await service.change_channels(session, key_id, body))


@router.post("/{key_id}/revoke", response_model=ApiKeyAnswer)
async def revoke(
    key_id: str, body: ApiKeyRevoke, session: Session, user_id: AdminUser
) -> dict[str, Any]:
    return await _out(session, await service.revoke(session, key_id, user_id, body.revoke_in))


@router.delete("/{key_id}", response_model=Deleted)
async def delete(key_id: str, session: Session, _: AdminUser) -> dict[str, Any]:
    await service.delete(session, key_id)
    return deleted(key_id, "api_key")

from typing import Annotated, Any

from fastapi import APIRouter, Depends
from sqlalchemy.ext.asyncio import AsyncSession

from restock.auth.dependencies import AdminUser, Store
from restock.db import Session
from restock.errors import NotFound, error_responses
from restock.kit.fields import fields_param
from restock.kit.pagination import Page, page_params
from restock.kit.responses import ContractRoute, Deleted
from restock.kit.serialize import deleted
from restock.products import repository
from restock.products.schemas import (
    ProductAnswer,
    ProductCreate,
    ProductList,
    ProductUpdate,
    Status,
    VariantCreate,
    VariantDeleted,
    VariantUpdate,
)
from restock.products.service import product_service as service
from restock.products.views import product_views as views

admin = APIRouter(prefix="/admin/products", tags=["admin: products"], route_class=ContractRoute)
store = APIRouter(prefix="/store/products", tags=["store: products"], route_class=ContractRoute)
Paging = Annotated[Page, Depends(page_params)]
Fields = Annotated[frozenset[str], Depends(fields_param)]


async def _one(session: AsyncSession, product_id: str, fields: frozenset[str]) -> dict[str, Any]:
    product = await service.retrieve(session, product_id)
    [view] = await views.views(
        session, [product], inventory_items="variants.inventory_items" in fields
    )
    return {"product": view}


@admin.post("", response_model=ProductAnswer, responses=error_responses(404, 422))
async def create(body: ProductCreate, session: Session, _: AdminUser) -> dict[str, Any]:
    product = await service.create(session, body)
    return await _one(session, product.id, frozenset())


@admin.get("", response_model=ProductList)
async def list_(
    session: Session,
    _: AdminUser,
    page: Paging,
    fields: Fields,
    q: str | None = None,
    handle: str | None = None,
    status: Status | None = None,
) -> dict[str, Any]:
    rows, count = await repository.list_page(
        session, limit=page.limit, offset=page.offset, q=q, handle=handle, status=status
    )
    shown = await views.views(session, rows, inventory_items="variants.inventory_items" in fields)
    return page.envelope("products", shown, count)


@admin.get("/{product_id}", response_model=ProductAnswer)
async def retrieve(
    product_id: str, session: Session, _: AdminUser, fields: Fields
) -> dict[str, Any]:
    return await _one(session, product_id, fields)


@admin.post("/{product_id}", response_model=ProductAnswer, responses=error_responses(422))
async def update(
    product_id: str, body: ProductUpdate, session: Session, _: AdminUser
) -> dict[str, Any]:
    await service.update(session, product_id, body)
    return await _one(session, product_id, frozenset())


@admin.delete("/{product_id}", response_model=Deleted)
async def delete(product_id: str, session: Session, _: AdminUser) -> dict[str, Any]:
    await service.delete(session, product_id)
    return deleted(product_id, "product")


@admin.post(
    "/{product_id}/variants", response_model=ProductAnswer, responses=error_responses(404, 422)
)
async def create_variant(
    product_id: str, body: VariantCreate, session: Session, _: AdminUser
) -> dict[str, Any]:
    await service.create_variant(session, product_id, body)
    return await _one(session, product_id, frozenset())


@admin.post(
    "/{product_id}/variants/{variant_id}",
    response_model=ProductAnswer,
    responses=error_responses(422),
)
async def update_variant(
    product_id: str, variant_id: str, body: VariantUpdate, session: Session, _: AdminUser
) -> dict[str, Any]:
    await service.update_variant(session, product_id, variant_id, body)
    return await _one(session, product_id, frozenset())


@admin.delete("/{product_id}/variants/{variant_id}", response_model=VariantDeleted)
async def delete_variant(
    product_id: str, variant_id: str, session: Session, _: AdminUser
) -> dict[str, Any]:
    await service.delete_variant(session, product_id, variant_id)
    parent = await _one(session, product_id, frozenset())
    return deleted(variant_id, "variant", parent=parent["product"])


@store.get("", response_model=ProductList)
async def store_list(
    session: Session,
    context: Store,
    page: Paging,
    fields: Fields,
    q: str | None = None,
    handle: str | None = None,
    sales_channel_id: str | None = None,
) -> dict[str, Any]:
    channel_id = views.channel_for_quantities(context.sales_channel_ids, sales_channel_id, fields)
    rows, count = await repository.list_page(
        session,
        limit=page.limit,
        offset=page.offset,
        q=q,
        handle=handle,
        status="published",
        sales_channel_ids=[sales_channel_id] if sales_channel_id else context.sales_channel_ids,
    )
    return page.envelope("products", await views.store_views(session, rows, channel_id), count)


@store.get("/{product_id}", response_model=ProductAnswer)
async def store_retrieve(
    product_id: str,
    session: Session,
    context: Store,
    fields: Fields,
    sales_channel_id: str | None = None,
) -> dict[str, Any]:
    channel_id = views.channel_for_quantities(context.sales_channel_ids, sales_channel_id, fields)
    rows, _ = await repository.list_page(
        session,
        limit=1,
        offset=0,
        status="published",
        sales_channel_ids=[sales_channel_id] if sales_channel_id else context.sales_channel_ids,
        product_id=product_id,
    )
    if not rows:
        raise NotFound(f"Product with id: {product_id} was not found")
    [view] = await views.store_views(session, rows, channel_id)
    return {"product": view}

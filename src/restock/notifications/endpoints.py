from typing import Annotated, Any

from fastapi import APIRouter, Depends

from restock.auth.dependencies import AdminUser
from restock.db import Session
from restock.kit.pagination import Page, page_params
from restock.kit.responses import ContractRoute
from restock.models import NotificationStatus
from restock.notifications import repository
from restock.notifications.schemas import NotificationList, notification_out

admin = APIRouter(
    prefix="/admin/notifications", tags=["admin: notifications"], route_class=ContractRoute
)
Paging = Annotated[Page, Depends(page_params)]


@admin.get("", response_model=NotificationList)
async def list_notifications(
    _: AdminUser,
    session: Session,
    page: Paging,
    q: str | None = None,
    channel: str | None = None,
    to: str | None = None,
    status: NotificationStatus | None = None,
) -> dict[str, Any]:
    rows, count = await repository.list_page(
        session, limit=page.limit, offset=page.offset, q=q, channel=channel, to=to, status=status
    )
    return page.envelope("notifications", [notification_out(r) for r in rows], count)

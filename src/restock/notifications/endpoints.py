from html import escape
from typing import Annotated, Any, Literal

from fastapi import APIRouter, Depends
from fastapi.responses import HTMLResponse

from restock.auth.dependencies import AdminUser, AppSettings
from restock.db import Session
from restock.kit.pagination import Page, page_params
from restock.notifications import repository
from restock.notifications.schemas import notification_out
from restock.notifications.service import unsubscribe_service as service

admin = APIRouter(prefix="/admin/notifications", tags=["admin: notifications"])
public = APIRouter(prefix="/unsubscribe", tags=["unsubscribe"])
Paging = Annotated[Page, Depends(page_params)]

_PAGE = """<!doctype html><html><head><meta charset="utf-8"><title>Unsubscribe</title></head>
<body style="font-family: sans-serif; max-width: 32rem; margin: 3rem auto">{}</body></html>"""


@admin.get("")
async def list_notifications(
    _: AdminUser,
    session: Session,
    page: Paging,
    q: str | None = None,
    channel: str | None = None,
    to: str | None = None,
    status: Literal["pending", "success", "failure"] | None = None,
) -> dict[str, Any]:
    rows, count = await repository.list_page(
        session, limit=page.limit, offset=page.offset, q=q, channel=channel, to=to, status=status
    )
    return page.envelope("notifications", [notification_out(r) for r in rows], count)


@public.get("/{token}", response_class=HTMLResponse)
async def confirm_page(token: str, settings: AppSettings) -> str:
    """Shows a button and changes nothing: mail scanners follow links, people press buttons."""
    email = service.address_of(settings, token)
    return _PAGE.format(
        f"<p>Stop all back-in-stock emails to <strong>{escape(email)}</strong>?</p>"
        f'<form method="post"><button type="submit">Unsubscribe</button></form>'
    )


@public.post("/{token}", response_class=HTMLResponse)
async def unsubscribe(token: str, session: Session, settings: AppSettings) -> str:
    """The button's target, and RFC 8058's one-click POST."""
    email = await service.unsubscribe(session, settings, token)
    return _PAGE.format(f"<p>{escape(email)} will get no more back-in-stock emails.</p>")

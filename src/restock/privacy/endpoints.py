from typing import Any

from fastapi import APIRouter

from restock.auth.dependencies import AdminUser, AppSettings
from restock.db import Session
from restock.errors import error_responses
from restock.kit.responses import ContractRoute
from restock.privacy.schemas import AddressBody, ErasedAnswer, ExportAnswer
from restock.privacy.service import privacy_service as service

admin = APIRouter(prefix="/admin/privacy", tags=["admin: privacy"], route_class=ContractRoute)


@admin.get("/export", response_model=ExportAnswer, responses=error_responses(400))
async def export(email: str, _: AdminUser, session: Session, settings: AppSettings) -> Any:
    """Everything held about an address (GDPR access): its subscriptions with their history,
    the notifications sent to it with their content, and its suppression."""
    return {"privacy_export": await service.export(session, settings, email)}


@admin.post("/erase", response_model=ErasedAnswer, responses=error_responses(400))
async def erase(body: AddressBody, _: AdminUser, session: Session) -> Any:
    """Erase an address (GDPR erasure): it is taken out of every row; the rows that figures and
    its unsubscribed state need are kept under a one-way digest of it. Its waiting
    subscriptions are cancelled and its pending emails never sent."""
    return {"privacy_erasure": await service.erase(session, body.email)}

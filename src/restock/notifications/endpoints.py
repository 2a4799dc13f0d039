import json
from typing import Annotated, Any

from fastapi import APIRouter, Depends, Request
from pydantic import ValidationError

from restock.auth.dependencies import AdminUser, AppSettings
from restock.db import Session
from restock.errors import InvalidData, error_responses
from restock.kit.fields import fields_param
from restock.kit.pagination import Page, page_params
from restock.kit.responses import ContractRoute, Deleted
from restock.kit.serialize import deleted
from restock.kit.signed import verified_body
from restock.kit.validation import describe
from restock.models import NotificationStatus
from restock.notifications import repository
from restock.notifications.inbound import Refusal, sendgrid_refusals, sendgrid_signed
from restock.notifications.providers.base import Provider
from restock.notifications.schemas import (
    HookAnswer,
    NotificationAnswer,
    NotificationList,
    RefusalReport,
    SuppressionList,
    TestEmailAnswer,
    TestEmailBody,
    notification_out,
    suppression_out,
)
from restock.notifications.service import notification_service as service
from restock.notifications.service import suppression_service

admin = APIRouter(
    prefix="/admin/notifications", tags=["admin: notifications"], route_class=ContractRoute
)
suppressions = APIRouter(
    prefix="/admin/suppressions", tags=["admin: suppressions"], route_class=ContractRoute
)
hooks = APIRouter(prefix="/hooks", tags=["hooks"], route_class=ContractRoute)
SENDGRID_HEADERS = (
    "x-twilio-email-event-webhook-signature",
    "x-twilio-email-event-webhook-timestamp",
)
Paging = Annotated[Page, Depends(page_params)]
Fields = Annotated[frozenset[str], Depends(fields_param)]


async def configured_provider(request: Request) -> Provider:
    provider: Provider = request.app.state.restock.dispatcher.provider
    return provider


@admin.get("", response_model=NotificationList)
async def list_notifications(
    _: AdminUser,
    session: Session,
    settings: AppSettings,
    page: Paging,
    fields: Fields,
    q: str | None = None,
    channel: str | None = None,
    to: str | None = None,
    status: NotificationStatus | None = None,
) -> dict[str, Any]:
    """With `fields=rendered`, each notification carries its email as the provider gets it."""
    rows, count = await repository.list_page(
        session, limit=page.limit, offset=page.offset, q=q, channel=channel, to=to, status=status
    )
    with_email = "rendered" in fields
    items = [
        notification_out(row, service.rendered(settings, row) if with_email else None)
        for row in rows
    ]
    return page.envelope("notifications", items, count)


@admin.post("/test", response_model=TestEmailAnswer, responses=error_responses(400))
async def send_test_email(
    body: TestEmailBody,
    _: AdminUser,
    session: Session,
    settings: AppSettings,
    provider: Annotated[Provider, Depends(configured_provider)],
) -> dict[str, Any]:
    """Send a test email now through the configured provider (not through the outbox), and
    show what the provider answered."""
    sent = await service.send_test(session, settings, provider, body.to)
    return {"test_email": sent.__dict__}


@admin.get("/{notification_id}", response_model=NotificationAnswer)
async def get_notification(
    notification_id: str, _: AdminUser, session: Session, settings: AppSettings
) -> dict[str, Any]:
    """One notification, with its email as the provider gets it."""
    row = await service.get(session, notification_id)
    return {"notification": notification_out(row, service.rendered(settings, row))}


@admin.post("/{notification_id}/retry", response_model=NotificationAnswer)
async def retry_notification(
    notification_id: str, _: AdminUser, session: Session
) -> dict[str, Any]:
    """Send a notification that failed for good once more (attempts start again)."""
    row = await service.retry(session, notification_id)
    return {"notification": notification_out(row)}


@suppressions.get("", response_model=SuppressionList)
async def list_suppressions(
    _: AdminUser, session: Session, page: Paging, q: str | None = None
) -> dict[str, Any]:
    """Addresses that unsubscribed: Restock sends them nothing. `q` searches the address."""
    rows, count = await suppression_service.page(session, page.limit, page.offset, q)
    return page.envelope("suppressions", [suppression_out(r) for r in rows], count)


@suppressions.delete("/{email}", response_model=Deleted)
async def remove_suppression(email: str, _: AdminUser, session: Session) -> dict[str, Any]:
    """Let the address be emailed again (its cancelled subscriptions stay cancelled)."""
    await suppression_service.remove(session, email)
    return deleted(email.strip().lower(), "suppression")


@hooks.post("/sendgrid", response_model=HookAnswer, responses=error_responses(400, 401, 404))
async def sendgrid_events(request: Request, session: Session, settings: AppSettings) -> Any:
    """SendGrid's Event Webhook (signed): bounces, drops, spam reports and unsubscribes
    suppress their addresses; other events are ignored."""
    body = await verified_body(
        request, settings.sendgrid_webhook_public_key, sendgrid_signed, SENDGRID_HEADERS
    )
    try:
        events = json.loads(body)
    except ValueError:
        raise InvalidData("The body is not JSON") from None
    return {"suppressed": await suppression_service.refused(session, sendgrid_refusals(events))}


@hooks.post(
    "/bounces",
    response_model=HookAnswer,
    responses=error_responses(400, 401, 404),
    openapi_extra={
        "requestBody": {
            "content": {"application/json": {"schema": RefusalReport.model_json_schema()}}
        }
    },
)
async def reported_refusals(request: Request, session: Session, settings: AppSettings) -> Any:
    """Any provider or relay: `{"events": [{"email", "reason", "detail"?}]}`, signed as
    Restock's webhook provider signs (`X-Restock-Timestamp`, `X-Restock-Signature: sha256=`
    HMAC-SHA256 of `<timestamp>.<body>` with RESTOCK_BOUNCE_WEBHOOK_SECRET)."""
    body = await verified_body(request, settings.bounce_webhook_secret)
    try:
        report = RefusalReport.model_validate_json(body)
    except ValidationError as error:
        raise InvalidData(describe(error.errors())) from None
    refusals = [Refusal(e.email, e.reason, e.detail) for e in report.events]
    return {"suppressed": await suppression_service.refused(session, refusals)}

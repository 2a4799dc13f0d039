from dataclasses import asdict
from typing import Any

from pydantic import Field

from restock.kit.responses import ListMeta, Out, Timestamps
from restock.kit.schema import Body
from restock.kit.serialize import timestamps
from restock.kit.time import isoformat
from restock.models import Notification, NotificationStatus, Suppression, SuppressionReason
from restock.notifications.templates import Rendered


class RenderedOut(Out):
    """The email as the provider gets it."""

    subject: str
    text: str
    html: str


class NotificationOut(Timestamps):
    id: str
    to: str
    from_: str | None = Field(alias="from")
    channel: str
    template: str | None
    data: dict[str, Any] | None
    provider_id: str | None
    status: NotificationStatus
    idempotency_key: str | None
    external_id: str | None
    resource_id: str | None
    resource_type: str | None
    attempts: int
    last_error: str | None
    next_attempt_at: str | None
    sent_at: str | None
    # With `fields=rendered` on the list, and always for one notification.
    rendered: RenderedOut | None = None


class NotificationList(ListMeta):
    notifications: list[NotificationOut]


class NotificationAnswer(Out):
    notification: NotificationOut


class TestEmailBody(Body):
    to: str


class TestEmailOut(Out):
    provider: str
    to: str
    accepted: bool  # whether the provider took the message
    external_id: str | None  # the provider's id for it, when it gives one
    error: str | None  # what the provider answered when it did not take it


class TestEmailAnswer(Out):
    test_email: TestEmailOut


class ReportedRefusal(Body):
    email: str
    reason: SuppressionReason
    detail: str | None = None


class RefusalReport(Body):
    """What a provider or relay reports, signed with RESTOCK_BOUNCE_WEBHOOK_SECRET."""

    events: list[ReportedRefusal]


class HookAnswer(Out):
    suppressed: int  # addresses now suppressed (or already)


class SuppressionOut(Out):
    email: str  # lower-cased
    reason: SuppressionReason  # unsubscribed, bounced (refused for good) or complained (spam)
    detail: str | None  # what the mail server answered, for a bounce
    created_at: str


class SuppressionList(ListMeta):
    suppressions: list[SuppressionOut]


def suppression_out(suppression: Suppression) -> dict[str, Any]:
    return {
        "email": suppression.email_key,
        "reason": suppression.reason,
        "detail": suppression.detail,
        "created_at": isoformat(suppression.created_at),
    }


def notification_out(
    notification: Notification, rendered: Rendered | None = None
) -> dict[str, Any]:
    extra = {"rendered": asdict(rendered)} if rendered is not None else {}
    return {
        **extra,
        "id": notification.id,
        "to": notification.to,
        "from": notification.from_,
        "channel": notification.channel,
        "template": notification.template,
        "data": notification.data,
        "provider_id": notification.provider_id,
        "status": notification.status,
        "idempotency_key": notification.idempotency_key,
        "external_id": notification.external_id,
        "resource_id": notification.resource_id,
        "resource_type": notification.resource_type,
        "attempts": notification.attempts,
        "last_error": notification.last_error,
        "next_attempt_at": isoformat(notification.next_attempt_at),
        "sent_at": isoformat(notification.sent_at),
        **timestamps(notification),
    }

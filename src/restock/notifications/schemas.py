from typing import Any

from pydantic import Field

from restock.kit.responses import ListMeta, Timestamps
from restock.kit.serialize import timestamps
from restock.kit.time import isoformat
from restock.models import Notification, NotificationStatus


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


class NotificationList(ListMeta):
    notifications: list[NotificationOut]


def notification_out(notification: Notification) -> dict[str, Any]:
    return {
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

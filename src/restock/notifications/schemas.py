from typing import Any

from restock.kit.serialize import timestamps
from restock.kit.time import isoformat
from restock.models import Notification


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

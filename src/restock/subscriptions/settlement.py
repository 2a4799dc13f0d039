"""What happens to a claimed subscription once the dispatcher settled its notification."""

from collections import defaultdict
from collections.abc import Iterable

from sqlalchemy.ext.asyncio import AsyncSession

from restock.events import EventName, SubscribersTold, record
from restock.kit.time import utcnow
from restock.models import Notification
from restock.models import SubscriptionStatus as Status
from restock.notifications.outcomes import Settled
from restock.subscriptions import check_repository as repository

EMAILS_PER_EVENT = 1000


async def settle_subscriptions(session: AsyncSession, settled: Settled) -> None:
    """Close what was sent, reopen what failed for good, cancel what was suppressed, and tell
    listeners which addresses were told (the v1 plugin's event)."""
    now = utcnow()
    await repository.settle_notifying(session, _ids(settled.sent), Status.NOTIFIED, now)
    await repository.settle_notifying(session, _ids(settled.failed), Status.ACTIVE, now)
    await repository.settle_notifying(session, _ids(settled.suppressed), Status.CANCELLED, now)
    told: dict[tuple[str, str], list[str]] = defaultdict(list)
    for notification in settled.sent:
        data = notification.data or {}
        variant_id = (data.get("variant") or {}).get("id", "")
        told[(variant_id, data.get("sales_channel_id", ""))].append(notification.to)
    for (variant_id, channel_id), emails in told.items():
        for start in range(0, len(emails), EMAILS_PER_EVENT):
            record(
                session,
                EventName.RESTOCK_NOTIFICATION_RESTOCKED,
                SubscribersTold(variant_id, channel_id, emails[start : start + EMAILS_PER_EVENT]),
            )


def _ids(rows: Iterable[Notification]) -> list[str]:
    return [row.resource_id for row in rows if row.resource_id]

"""Export everything held about an address, and erase it: the rows that figures and the
unsubscribed state need are kept under a one-way digest of the address; the address, and
everything written to it, are gone."""

from typing import Any

from sqlalchemy.ext.asyncio import AsyncSession

from restock.config import Settings
from restock.customers.schemas import customer_out
from restock.customers.service import customer_service
from restock.errors import InvalidData
from restock.kit.crypto import erased_key
from restock.kit.emails import normalize_email
from restock.notifications.schemas import notification_out, suppression_out
from restock.notifications.service import notification_service, suppression_service
from restock.subscriptions.schemas import subscription_out
from restock.subscriptions.service import restock_subscription_service


def _key(email: str) -> str:
    try:
        return normalize_email(email).lower()
    except ValueError as error:
        raise InvalidData(str(error)) from None


class PrivacyService:
    async def export(self, session: AsyncSession, settings: Settings, email: str) -> dict[str, Any]:
        key = _key(email)
        suppression = await suppression_service.of_address(session, key)
        held = await restock_subscription_service.of_address(session, key)
        sent = await notification_service.to_address(session, key)
        accounts = await customer_service.of_address(session, key)
        return {
            "email": key,
            "customers": [customer_out(c) for c in accounts],
            "subscriptions": [subscription_out(s, history=True) for s in held],
            "notifications": [
                notification_out(n, notification_service.rendered(settings, n)) for n in sent
            ],
            "suppression": suppression_out(suppression) if suppression else None,
        }

    async def erase(self, session: AsyncSession, email: str) -> dict[str, Any]:
        key = _key(email)
        rows = await restock_subscription_service.erase_address(session, key)
        accounts = await customer_service.erase_address(session, key)
        sent = await notification_service.erase_address(session, key)
        kept = await suppression_service.of_address(session, erased_key(key))
        return {
            "email": key,
            "subscriptions": rows,
            "notifications": sent,
            "suppressed": kept is not None,
            "customers": accounts,
        }


privacy_service = PrivacyService()

"""Suppressed addresses: the signed link in every email names an address that wants no more."""

from sqlalchemy.ext.asyncio import AsyncSession

from restock.config import Settings
from restock.errors import NotFound
from restock.kit.crypto import unsign
from restock.kit.time import utcnow
from restock.notifications import repository
from restock.notifications.dispatcher import UNSUBSCRIBE


class SuppressionService:
    def address_of(self, settings: Settings, token: str) -> str:
        """The address an unsubscribe link was made for (its lower-case key)."""
        email_key = unsign(settings.jwt_secret, UNSUBSCRIBE, token)
        if email_key is None:
            raise NotFound("Unsubscribe link not found")
        return email_key

    async def suppress(self, session: AsyncSession, email_key: str) -> None:
        """Send nothing more to the address, including notifications already queued."""
        await repository.suppress(session, email_key, utcnow())


suppression_service = SuppressionService()

"""Unsubscribing: the signed link in every email cancels an address's subscriptions for good."""

from sqlalchemy.ext.asyncio import AsyncSession

from restock.config import Settings
from restock.errors import NotFound
from restock.kit.crypto import unsign
from restock.kit.time import utcnow
from restock.notifications import repository
from restock.notifications.dispatcher import UNSUBSCRIBE
from restock.restock import repository as subscriptions


class UnsubscribeService:
    def address_of(self, settings: Settings, token: str) -> str:
        email_key = unsign(settings.jwt_secret, UNSUBSCRIBE, token)
        if email_key is None:
            raise NotFound("Unsubscribe link not found")
        return email_key

    async def unsubscribe(self, session: AsyncSession, settings: Settings, token: str) -> str:
        email_key = self.address_of(settings, token)
        now = utcnow()
        await subscriptions.cancel_all_for(session, now, email_key=email_key)
        await repository.suppress(session, email_key, now)
        return email_key


unsubscribe_service = UnsubscribeService()

"""Notifications as admins see and act on them, and suppressed addresses: the signed link in
every email names an address that wants no more."""

import logging
from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import Any

from jinja2 import TemplateError
from sqlalchemy.ext.asyncio import AsyncSession

from restock.config import Settings
from restock.errors import InvalidData, NotAllowed, NotFound
from restock.events import EventName, NotificationsQueued, record
from restock.kit.crypto import erased_key, unsign
from restock.kit.emails import normalize_email
from restock.kit.ids import new_id
from restock.kit.schema import storable
from restock.kit.time import utcnow
from restock.models import Notification, NotificationStatus, Suppression, SuppressionReason
from restock.notifications import repository
from restock.notifications.dispatcher import ASKS_CONSENT, UNSUBSCRIBE, compose, suppress_address
from restock.notifications.inbound import Refusal
from restock.notifications.providers.base import Message, Provider
from restock.notifications.templates import Rendered, render

log = logging.getLogger(__name__)
TEST_TEMPLATE = "test-email"


@dataclass(frozen=True)
class TestSend:
    provider: str
    to: str
    accepted: bool
    external_id: str | None
    error: str | None


@dataclass(frozen=True)
class Email:
    """One email to queue, about one resource."""

    to: str
    template: str
    data: dict[str, Any]
    resource_type: str
    resource_id: str
    # A request for the address's consent (a confirmation link): the one email an address that
    # unsubscribed may still get, as its way back. One that bounced or complained gets none.
    asks_consent: bool = False


class NotificationService:
    async def queued_recently(
        self, session: AsyncSession, to: str, template: str, within: timedelta
    ) -> bool:
        """Whether an email of this template was queued to the address that recently (ask
        before building an email that is sent at most so often)."""
        return await repository.queued_since(session, to, template, utcnow() - within)

    async def queue(self, session: AsyncSession, settings: Settings, email: Email) -> None:
        """Queue the email in the outbox: it is sent after the transaction commits."""
        now = utcnow()
        notification_id = new_id("noti")
        await repository.add(
            session,
            Notification(
                id=notification_id,
                to=email.to,
                from_=settings.notification_from,
                channel="email",
                template=email.template,
                data={**email.data, ASKS_CONSENT: True} if email.asks_consent else email.data,
                provider_id=settings.notification_provider,
                status=NotificationStatus.PENDING,
                idempotency_key=f"{email.resource_type}:{notification_id}",
                resource_id=email.resource_id,
                resource_type=email.resource_type,
                attempts=0,
                next_attempt_at=now,
                created_at=now,
                updated_at=now,
            ),
        )
        record(session, EventName.NOTIFICATIONS_QUEUED, NotificationsQueued(1))

    async def page(
        self, session: AsyncSession, limit: int, offset: int, status: str | None
    ) -> tuple[list[Notification], int]:
        return await repository.list_page(
            session, limit=limit, offset=offset, q=None, channel=None, to=None, status=status
        )

    async def to_address(self, session: AsyncSession, email_key: str) -> list[Notification]:
        return await repository.to_address(session, email_key)

    async def erase_address(self, session: AsyncSession, email_key: str) -> int:
        return await repository.erase_address(session, email_key, utcnow())

    async def delete_settled(self, session: AsyncSession, before: datetime, limit: int) -> int:
        return await repository.delete_settled(session, before, limit)

    async def get(self, session: AsyncSession, notification_id: str) -> Notification:
        found = await repository.get(session, notification_id)
        if found is None:
            raise NotFound(f"Notification with id: {notification_id} was not found")
        return found

    def rendered(self, settings: Settings, notification: Notification) -> Rendered | None:
        """The email as the provider gets it, rendered from the notification's data; None when
        the data no longer renders (erased, or its template changed since)."""
        try:
            message = compose(settings, notification)
        except TemplateError as error:
            log.info("notification %s does not render: %r", notification.id, error)
            return None
        return Rendered(subject=message.subject, text=message.text, html=message.html)

    async def retry(self, session: AsyncSession, notification_id: str) -> Notification:
        """Send a notification that failed for good once more, with fresh attempts."""
        requeued = await repository.requeue_failed(session, notification_id, utcnow())
        if requeued is None:
            existing = await self.get(session, notification_id)
            raise NotAllowed(
                f"Notification {notification_id} is {existing.status}: only a failed one is retried"
            )
        record(session, EventName.NOTIFICATIONS_QUEUED, NotificationsQueued(1))
        return requeued

    async def send_test(
        self, session: AsyncSession, settings: Settings, provider: Provider, to: str
    ) -> TestSend:
        """Send a test email now, through the provider, outside the outbox: what the provider
        answered, accepted or not."""
        try:
            address = normalize_email(to)
        except ValueError as error:
            raise InvalidData(str(error)) from None
        if await repository.suppression_reasons(session, [address.lower()]):
            raise NotAllowed(f"{address} unsubscribed: Restock sends it nothing")
        rendered = render(TEST_TEMPLATE, {"provider": provider.id}, settings.templates_dir)
        message = Message(
            notification_id="test",
            to=address,
            sender=settings.notification_from,
            channel="email",
            template=TEST_TEMPLATE,
            data={},
            subject=rendered.subject,
            text=rendered.text,
            html=rendered.html,
        )
        try:
            result = await provider.send(message)
        except Exception as error:  # the provider's answer is the point: show any failure
            log.warning("test email to %s failed: %r", address, error)
            return TestSend(provider.id, address, False, None, str(error) or repr(error))
        return TestSend(provider.id, address, True, result.external_id, None)


notification_service = NotificationService()


class SuppressionService:
    def address_of(self, settings: Settings, token: str) -> str:
        """The address an unsubscribe link was made for (its lower-case key)."""
        email_key = unsign(settings.link_secrets, UNSUBSCRIBE, token)
        if email_key is None:
            raise NotFound("Unsubscribe link not found")
        return email_key

    async def suppress(
        self,
        session: AsyncSession,
        email_key: str,
        reason: SuppressionReason = SuppressionReason.UNSUBSCRIBED,
        detail: str | None = None,
    ) -> None:
        """See `suppress_address`."""
        await suppress_address(session, email_key, reason, detail)

    async def refused(self, session: AsyncSession, refusals: list[Refusal]) -> int:
        """Suppress the addresses a provider reported as refused for good; how many. A
        report's text is not trusted: what is not an address is skipped, a detail no column
        holds is left out."""
        suppressed = 0
        for refusal in refusals:
            try:
                email_key = normalize_email(refusal.email).lower()
            except ValueError:
                continue
            detail = refusal.detail if refusal.detail and storable(refusal.detail) else None
            await self.suppress(session, email_key, refusal.reason, detail)
            suppressed += 1
        return suppressed

    async def of_address(self, session: AsyncSession, email_key: str) -> Suppression | None:
        """The address's suppression; an erased address's is found under its digest."""
        return await repository.suppression_of(session, email_key)

    async def page(
        self, session: AsyncSession, limit: int, offset: int, q: str | None
    ) -> tuple[list[Suppression], int]:
        return await repository.suppression_page(session, limit=limit, offset=offset, q=q)

    async def welcome_back(self, session: AsyncSession, email_key: str) -> None:
        """The address confirmed a new subscription: if it had unsubscribed (also before it was
        erased), it may be emailed again. A bounce or a complaint stays."""
        await repository.unsuppress(session, email_key, SuppressionReason.UNSUBSCRIBED)
        await repository.unsuppress(session, erased_key(email_key), SuppressionReason.UNSUBSCRIBED)

    async def remove(self, session: AsyncSession, email: str) -> None:
        """Let an address be emailed again."""
        if not storable(email) or not await repository.unsuppress(session, email.strip().lower()):
            raise NotFound(f"Suppression of {email} was not found")


suppression_service = SuppressionService()

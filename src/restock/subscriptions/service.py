"""Restock subscription use cases: subscribe (see `workflows.py`), cancel, unsubscribe."""

from datetime import datetime
from typing import Any

from sqlalchemy.ext.asyncio import AsyncSession

from restock.config import Settings
from restock.errors import NotAllowed, NotFound
from restock.events import Changed, EventName, record
from restock.inventory.availability import Availability
from restock.kit.limits import AbuseGuard
from restock.kit.time import utcnow
from restock.models import RestockSubscription
from restock.notifications.service import suppression_service
from restock.notifications.templates import best_locale, locales
from restock.products.views import product_views
from restock.subscriptions import confirmation, repository
from restock.subscriptions.schemas import SubscriptionFilter
from restock.subscriptions.workflows import (
    SubscribeInput,
    create_restock_subscription,
    resolve_sales_channel,
)


class RestockSubscriptionService:
    async def subscribe(
        self,
        session: AsyncSession,
        settings: Settings,
        guard: AbuseGuard | None,
        given: SubscribeInput,
    ) -> Any:
        """The subscription's row (new or kept)."""
        return await create_restock_subscription(session, settings, given, guard)

    def locale_for(self, settings: Settings, accept_language: str | None) -> str:
        """The language a subscription's emails are written in, from the shopper's browser."""
        available = locales(settings.templates_dir)
        return best_locale(accept_language, available) or settings.default_locale

    async def availability(
        self,
        session: AsyncSession,
        variant_id: str,
        sales_channel_id: str | None,
        key_channel_ids: list[str],
    ) -> Availability:
        """Whether a variant can be bought in a channel of the key (the first one unless
        named): what a storefront asks before it offers a subscription."""
        given = SubscribeInput(variant_id, None, sales_channel_id, None, key_channel_ids)
        channel_id = resolve_sales_channel(given)
        found = await repository.stock_state(session, variant_id, channel_id)
        if found is None or not found[0]:
            raise NotFound(f"Variant with id: {variant_id} was not found")
        return found[1]

    async def page(
        self, session: AsyncSession, chosen: SubscriptionFilter, limit: int, offset: int
    ) -> tuple[list[RestockSubscription], int, dict[str, dict[str, Any]]]:
        """A page of subscriptions, how many match, and their variants' views by id."""
        rows, count = await repository.list_page(session, chosen, limit=limit, offset=offset)
        return rows, count, await self.variants_for(session, rows)

    async def of_address(self, session: AsyncSession, email_key: str) -> list[RestockSubscription]:
        return await repository.of_address(session, email_key)

    async def erase_address(self, session: AsyncSession, email_key: str) -> int:
        return await repository.erase_address(session, email_key, utcnow())

    async def delete_history(self, session: AsyncSession, before: datetime, limit: int) -> int:
        return await repository.delete_history(session, before, limit)

    async def expire_waiting(self, session: AsyncSession, created_before: datetime) -> int:
        return await repository.expire_waiting(session, created_before, utcnow())

    async def to_confirm(
        self, session: AsyncSession, settings: Settings, token: str
    ) -> RestockSubscription:
        """The subscription a confirmation link names (NotFound for a forged or stale one)."""
        found = await repository.get(session, confirmation.subscription_of(settings, token))
        if found is None:
            raise NotFound(confirmation.EXPIRED)
        return found

    async def confirm(self, session: AsyncSession, settings: Settings, token: str) -> Any:
        return await confirmation.confirm(session, settings, token)

    async def purge_unconfirmed(self, session: AsyncSession, settings: Settings) -> int:
        return await confirmation.purge_expired(session, settings)

    async def cancel(
        self, session: AsyncSession, subscription_id: str, customer_id: str | None = None
    ) -> None:
        """Cancel a live subscription; a customer may cancel only its own."""
        cancelled = await repository.cancel(session, subscription_id, utcnow(), customer_id)
        if cancelled is None:
            existing = await repository.get(session, subscription_id)
            if existing is None or customer_id is not None:
                raise NotFound(f"Restock subscription with id: {subscription_id} was not found")
            raise NotAllowed(f"Restock subscription {subscription_id} is already {existing.status}")
        record(session, EventName.RESTOCK_SUBSCRIPTION_DELETED, Changed(subscription_id))

    async def unsubscribe(self, session: AsyncSession, settings: Settings, token: str) -> str:
        """An email's unsubscribe link: cancel every subscription of its address and suppress
        the address for good; the address."""
        email_key = suppression_service.address_of(settings, token)
        await repository.cancel_all_for(session, utcnow(), email_key=email_key)
        await suppression_service.suppress(session, email_key)
        return email_key

    async def variants_for(
        self, session: AsyncSession, subscriptions: list[RestockSubscription]
    ) -> dict[str, dict[str, Any]]:
        return await product_views.variant_views(session, {s.variant_id for s in subscriptions})


restock_subscription_service = RestockSubscriptionService()

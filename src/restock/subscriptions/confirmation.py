"""Double opt-in: a guest's subscription waits for the address's owner, who confirms it from
an emailed link. The link names the subscription, signed; it is valid while the subscription
is younger than RESTOCK_CONFIRM_TTL_HOURS."""

from datetime import timedelta
from typing import Any

from sqlalchemy.ext.asyncio import AsyncSession

from restock.config import Settings
from restock.errors import NotFound
from restock.events import EventName, SubscriptionCreated, record
from restock.kit.crypto import sign, unsign
from restock.kit.time import utcnow
from restock.notifications.service import Email, notification_service, suppression_service
from restock.products.views import product_views
from restock.subscriptions import repository

CONFIRM = "confirm-subscription"
TEMPLATE = "restock-confirm"
RESOURCE = "restock_confirmation"
# However often an address is subscribed, it gets at most one confirmation email this often;
# one that unsubscribed, at most one a day (strangers can ask in its name).
EMAIL_INTERVAL = timedelta(minutes=10)
UNSUBSCRIBED_INTERVAL = timedelta(days=1)
EXPIRED = "This confirmation link has expired or was already used"


def confirm_url(settings: Settings, subscription_id: str) -> str:
    token = sign(settings.link_secret, CONFIRM, subscription_id)
    return f"{settings.public_url.rstrip('/')}/confirm/{token}"


def subscription_of(settings: Settings, token: str) -> str:
    subscription_id = unsign(settings.link_secrets, CONFIRM, token)
    if subscription_id is None:
        raise NotFound(EXPIRED)
    return subscription_id


async def ask_to_confirm(
    session: AsyncSession, settings: Settings, subscription: Any, unsubscribed: bool = False
) -> bool:
    """Queue the confirmation email, unless the address had one a short while ago; whether
    queued."""
    interval = UNSUBSCRIBED_INTERVAL if unsubscribed else EMAIL_INTERVAL
    if await notification_service.queued_recently(session, subscription.email, TEMPLATE, interval):
        return False
    views = await product_views.variant_views(session, [subscription.variant_id])
    data = {
        "variant": views.get(subscription.variant_id, {}),
        "sales_channel_id": subscription.sales_channel_id,
        "subscription_id": subscription.id,
        "confirm_url": confirm_url(settings, subscription.id),
        "confirm_hours": settings.confirm_ttl_hours,
        "locale": subscription.locale,
    }
    email = Email(subscription.email, TEMPLATE, data, RESOURCE, subscription.id, asks_consent=True)
    await notification_service.queue(session, settings, email)
    return True


async def confirm(session: AsyncSession, settings: Settings, token: str) -> Any:
    """Activate the subscription the link names, while the link is valid; its variant is then
    checked at once (it may be back already). Confirming is the explicit act that brings an
    address that unsubscribed back: its suppression is lifted."""
    subscription_id = subscription_of(settings, token)
    now = utcnow()
    made_after = now - timedelta(hours=settings.confirm_ttl_hours)
    confirmed = await repository.confirm(session, subscription_id, made_after, now)
    if confirmed is None:
        raise NotFound(EXPIRED)
    await suppression_service.welcome_back(session, confirmed.email_key)
    record(
        session,
        EventName.RESTOCK_SUBSCRIPTION_CREATED,
        SubscriptionCreated(confirmed.id, confirmed.variant_id, confirmed.sales_channel_id),
    )
    return confirmed


async def purge_expired(session: AsyncSession, settings: Settings) -> int:
    """Delete unconfirmed subscriptions whose link has expired."""
    made_before = utcnow() - timedelta(hours=settings.confirm_ttl_hours)
    return await repository.purge_unconfirmed(session, made_before)

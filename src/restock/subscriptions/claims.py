"""A customer's account takes over the guest subscriptions of its address only once the address
has proved it is the account's: signing up proves nothing about an address, so the account asks,
an email goes to the address, and its owner confirms from the link. The link names the account
and the address, signed, and works for RESTOCK_CONFIRM_TTL_HOURS."""

from datetime import timedelta

from itsdangerous import BadData, URLSafeTimedSerializer
from sqlalchemy.ext.asyncio import AsyncSession

from restock.config import Settings
from restock.customers import repository as customers
from restock.errors import NotFound
from restock.kit.time import utcnow
from restock.notifications.service import Email, notification_service
from restock.subscriptions import repository
from restock.subscriptions.confirmation import EMAIL_INTERVAL, EXPIRED

CLAIM = "claim-subscriptions"
TEMPLATE = "restock-claim"
RESOURCE = "customer"


def _signer(settings: Settings) -> URLSafeTimedSerializer:
    # itsdangerous signs with the last key and accepts every one: the current link key last.
    return URLSafeTimedSerializer(list(reversed(settings.link_secrets)), salt=CLAIM)


async def ask_to_claim(
    session: AsyncSession, settings: Settings, customer_id: str, locale: str | None
) -> bool:
    """Email the account's address a link that adds its guest subscriptions to the account;
    whether sent (one per 10 minutes at most)."""
    customer = await customers.get(session, customer_id)
    if customer is None:
        raise NotFound(f"Customer with id: {customer_id} was not found")
    if await notification_service.queued_recently(
        session, customer.email, TEMPLATE, EMAIL_INTERVAL
    ):
        return False
    link = _signer(settings).dumps([customer.id, customer.email.lower()])
    data = {
        "claim_url": f"{settings.public_url.rstrip('/')}/claim/{link}",
        "claim_hours": settings.confirm_ttl_hours,
        "locale": locale,
    }
    email = Email(customer.email, TEMPLATE, data, RESOURCE, customer.id, asks_consent=True)
    await notification_service.queue(session, settings, email)
    return True


def claimed_address(settings: Settings, token: str) -> tuple[str, str]:
    """The account and the address a valid link names (NotFound for a forged or old one)."""
    max_age = int(timedelta(hours=settings.confirm_ttl_hours).total_seconds())
    try:
        customer_id, email_key = _signer(settings).loads(token, max_age=max_age)
    except (BadData, TypeError, ValueError):  # forged, expired, or not the pair it signs
        raise NotFound(EXPIRED) from None
    return str(customer_id), str(email_key)


async def claim(session: AsyncSession, settings: Settings, token: str) -> tuple[str, int]:
    """Give the account the live guest subscriptions of its address: the address and how many.
    An account whose address changed since the link was sent takes nothing."""
    customer_id, email_key = claimed_address(settings, token)
    customer = await customers.get(session, customer_id)
    if customer is None or customer.email.lower() != email_key:
        raise NotFound(EXPIRED)
    return email_key, await repository.adopt_guest_subscriptions(
        session, email_key, customer_id, utcnow()
    )

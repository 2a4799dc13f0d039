"""The `create-restock-subscription` use case: the contract's checks in their order, then an
upsert. Each step is a function with typed inputs and output, run in the request's
transaction: a failing step rolls back what came before, so no step needs a compensation."""

from dataclasses import dataclass
from types import SimpleNamespace
from typing import Any

from sqlalchemy.ext.asyncio import AsyncSession

from restock.config import Settings
from restock.customers import repository as customers
from restock.errors import InvalidData, NotFound
from restock.events import EventName, SubscriptionCreated, record
from restock.kit.emails import normalize_email
from restock.kit.ids import new_id
from restock.kit.limits import AbuseGuard
from restock.kit.time import utcnow
from restock.models import SubscriptionStatus, SuppressionReason
from restock.subscriptions import repository
from restock.subscriptions.confirmation import ask_to_confirm
from restock.subscriptions.repository import Eligibility

NO_CHANNEL = (
    "At least one sales channel ID is required, either associated with the publishable API key "
    "or in the request body."
)


@dataclass(frozen=True)
class SubscribeInput:
    variant_id: str
    email: str | None
    sales_channel_id: str | None
    customer_id: str | None
    # The publishable key's channels; None on the legacy route when no key was sent.
    key_channel_ids: list[str] | None
    source: str = "api"  # what asked: the consent record's `consent_source`
    locale: str | None = None  # the emails' language


@dataclass(frozen=True)
class Subscriber:
    email: str
    account_email: str | None  # the signed-in customer's own address, if any

    @property
    def email_key(self) -> str:
        return self.email.lower()

    @property
    def owns_address(self) -> bool:
        """Whether the address is the signed-in customer's own."""
        return self.account_email is not None and self.account_email.lower() == self.email_key


async def create_restock_subscription(
    session: AsyncSession, settings: Settings, given: SubscribeInput, guard: AbuseGuard | None
) -> Any:
    """What the caller is shown: the stored row (new or kept) for the account it belongs to;
    for anyone else, the subscription as this request asked for it."""
    channel_id = resolve_sales_channel(given)
    subscriber = await resolve_email(session, given)
    eligibility = await check_variant_sold(session, given.variant_id, channel_id, subscriber)
    check_out_of_stock(eligibility)
    return await create_or_keep(
        session, settings, given, channel_id, subscriber, eligibility, guard
    )


def resolve_sales_channel(given: SubscribeInput) -> str:
    keyed = given.key_channel_ids
    if given.sales_channel_id:
        if keyed is not None and given.sales_channel_id not in keyed:
            raise InvalidData(
                f"Sales channel {given.sales_channel_id} is not associated with the "
                "publishable API key"
            )
        return given.sales_channel_id
    if keyed:
        return keyed[0]
    raise InvalidData(NO_CHANNEL)


async def resolve_email(session: AsyncSession, given: SubscribeInput) -> Subscriber:
    account = None
    if given.customer_id:
        customer = await customers.get(session, given.customer_id)
        account = customer.email if customer else None
    raw = given.email if given.email is not None else account
    if raw is None:
        raise InvalidData("An email is required: give one in the body or sign in as a customer")
    try:
        email = normalize_email(raw)
    except ValueError as error:
        raise InvalidData(str(error)) from None
    return Subscriber(email, account)


async def check_variant_sold(
    session: AsyncSession, variant_id: str, channel_id: str, subscriber: Subscriber
) -> Eligibility:
    found = await repository.eligibility(session, variant_id, channel_id, subscriber.email_key)
    if found is None or not found.sold:
        raise NotFound(f"Variant with id: {variant_id} was not found")
    return found


def check_out_of_stock(eligibility: Eligibility) -> None:
    if eligibility.stock.in_stock:
        raise InvalidData("Variant isn't out of stock.")


async def create_or_keep(
    session: AsyncSession,
    settings: Settings,
    given: SubscribeInput,
    channel_id: str,
    subscriber: Subscriber,
    eligibility: Eligibility,
    guard: AbuseGuard | None,
) -> Any:
    """Store the subscription, or keep the live one of the same (variant, channel, address).
    Only a new subscription counts against the address's rate limit: a repeat is free, and so
    is an attempt refused for another reason, so that nobody can use up someone else's
    allowance with requests that store nothing. With double opt-in, a subscription of an
    address that is not the signed-in customer's own waits for the address to confirm it. An
    address at the cap of live subscriptions is told so only when it is the signed-in
    customer's own: anyone else is answered as usual and nothing is stored."""
    max_live = settings.max_live_subscriptions_per_email
    capped = eligibility.live_for_address >= max_live
    if capped and subscriber.owns_address:
        raise InvalidData(f"An address can wait for at most {max_live} variants at a time")
    # An address that unsubscribed comes back only by confirming from an emailed link (an
    # account's address is not proved by signing up); one that bounced or complained does not.
    unsubscribed = eligibility.suppression == SuppressionReason.UNSUBSCRIBED
    blocked = eligibility.suppression is not None and not unsubscribed
    now = utcnow()
    # A signed-in customer's own address is linked to its account; any other address it gives
    # is a guest subscription of that address, which the account never sees.
    customer_id = given.customer_id if subscriber.owns_address else None
    values = {
        "id": new_id("rsub"),
        "variant_id": given.variant_id,
        "sales_channel_id": channel_id,
        "email": subscriber.email,
        "email_key": subscriber.email_key,
        "customer_id": customer_id,
        "consent_source": "account" if subscriber.owns_address else given.source,
        "locale": given.locale,
        "status": (
            SubscriptionStatus.UNCONFIRMED
            if unsubscribed or (settings.double_opt_in and not subscriber.owns_address)
            else SubscriptionStatus.ACTIVE
        ).value,
        "created_at": now,
        "updated_at": now,
    }
    # The answer to anyone but the address's signed-in owner is built from the request alone:
    # the same whether the address was new, already waiting or unsubscribed, so it tells
    # nothing about what is stored.
    answer = SimpleNamespace(**values)
    if blocked or capped:  # refused for good, or waiting for too much: keep nothing
        return answer
    subscription, created = await repository.subscribe(session, values)
    if created and guard is not None:
        await guard.check_email(subscriber.email_key)  # over the limit: the insert rolls back
    if subscription.status == SubscriptionStatus.UNCONFIRMED:  # new, or asked for again
        await ask_to_confirm(session, settings, subscription, unsubscribed)
    elif created:
        record(
            session,
            EventName.RESTOCK_SUBSCRIPTION_CREATED,
            SubscriptionCreated(
                subscription.id, subscription.variant_id, subscription.sales_channel_id
            ),
        )
    # The stored row is shown only to the account it belongs to.
    return subscription if customer_id and subscription.customer_id == customer_id else answer

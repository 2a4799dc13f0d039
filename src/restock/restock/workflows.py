"""The `create-restock-subscription` workflow: the contract's checks in their order, then an
upsert. Every step writes only inside the request's transaction, which undoes them on failure,
so no step needs a compensation."""

from dataclasses import dataclass
from types import SimpleNamespace
from typing import Any

from restock.customers import repository as customers
from restock.errors import InvalidData, NotFound
from restock.events import EventName, record
from restock.kit.emails import normalize_email
from restock.kit.ids import new_id
from restock.kit.time import utcnow
from restock.restock import repository
from restock.workflows import Context, Step, Workflow, register_workflow

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


@dataclass(frozen=True)
class Subscriber:
    email: str
    account_email: str | None  # the signed-in customer's own address, if any


async def resolve_sales_channel(context: Context) -> str:
    given: SubscribeInput = context.input
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


async def resolve_email(context: Context) -> Subscriber:
    given: SubscribeInput = context.input
    account = None
    if given.customer_id:
        customer = await customers.get(context.deps["session"], given.customer_id)
        account = customer.email if customer else None
    raw = given.email if given.email is not None else account
    if raw is None:
        raise InvalidData("An email is required: give one in the body or sign in as a customer")
    try:
        email = normalize_email(raw)
    except ValueError as error:
        raise InvalidData(str(error)) from None
    guard = context.deps.get("guard")
    if guard is not None:
        await guard.check_email(email.lower())
    return Subscriber(email, account)


async def check_variant_sold(context: Context) -> repository.Eligibility:
    given: SubscribeInput = context.input
    subscriber: Subscriber = context["resolve-email"]
    found = await repository.eligibility(
        context.deps["session"],
        given.variant_id,
        context["resolve-sales-channel"],
        subscriber.email.lower(),
    )
    if found is None or not found.sold:
        raise NotFound(f"Variant with id: {given.variant_id} was not found")
    return found


async def check_out_of_stock(context: Context) -> None:
    found: repository.Eligibility = context["check-variant-sold"]
    if found.stock.in_stock:
        raise InvalidData("Variant isn't out of stock.")


async def create_or_keep(context: Context) -> Any:
    session = context.deps["session"]
    given: SubscribeInput = context.input
    subscriber: Subscriber = context["resolve-email"]
    email_key = subscriber.email.lower()
    eligibility: repository.Eligibility = context["check-variant-sold"]
    cap = context.deps["max_live_per_email"]
    if eligibility.live_for_address >= cap:
        raise InvalidData(f"An address can wait for at most {cap} variants at a time")
    now = utcnow()
    values = {
        "id": new_id("rsub"),
        "variant_id": given.variant_id,
        "sales_channel_id": context["resolve-sales-channel"],
        "email": subscriber.email,
        "email_key": email_key,
        "customer_id": given.customer_id,
        "status": "active",
        "created_at": now,
        "updated_at": now,
    }
    if eligibility.suppressed:
        # The address unsubscribed: answer exactly as for a stored subscription, keep nothing.
        return SimpleNamespace(**values)
    subscription, created = await repository.subscribe(session, values)
    if given.customer_id and subscriber.account_email:
        await repository.adopt_guest_subscriptions(
            session, subscriber.account_email.lower(), given.customer_id, now
        )
    if created:
        record(
            session,
            EventName.RESTOCK_SUBSCRIPTION_CREATED,
            id=subscription.id,
            variant_id=subscription.variant_id,
            sales_channel_id=subscription.sales_channel_id,
        )
    return subscription


create_restock_subscription = register_workflow(
    Workflow(
        "create-restock-subscription",
        (
            Step("resolve-sales-channel", resolve_sales_channel),
            Step("resolve-email", resolve_email),
            Step("check-variant-sold", check_variant_sold),
            Step("check-out-of-stock", check_out_of_stock),
            Step("create-or-keep-subscription", create_or_keep),
        ),
    )
)

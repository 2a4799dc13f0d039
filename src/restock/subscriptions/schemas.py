from dataclasses import dataclass
from typing import Annotated, Any

from pydantic import Field

from restock.kit.responses import ListMeta, Out
from restock.kit.schema import Body, omittable
from restock.kit.time import isoformat
from restock.models import SubscriptionStatus
from restock.products.schemas import VariantView


@dataclass(frozen=True)
class SubscriptionFilter:
    """Which subscriptions a list or an export holds."""

    live_only: bool = False
    subscription_id: str | None = None
    customer_id: str | None = None
    variant_id: str | None = None
    sales_channel_id: str | None = None
    email: str | None = None  # the address, whatever its case
    status: str | None = None
    q: str | None = None  # a part of the address, of the product's or variant's title or SKU


LOCALE = r"^[A-Za-z]{2,3}(-[A-Za-z0-9]{1,8}){0,3}$"  # a BCP 47 tag: de, de-AT, zh-Hant-TW


class SubscribeBody(Body):
    variant_id: str
    email: str = omittable()
    sales_channel_id: str = omittable()
    # The emails' language; else the best of the browser's Accept-Language, else the default.
    locale: Annotated[str, Field(pattern=LOCALE, max_length=35)] = omittable()


class LegacySubscribeBody(Body):
    """The v1 plugin's body: the variant is in the path."""

    email: str
    sales_channel_id: str = omittable()


class SubscriptionOut(Out):
    id: str
    variant_id: str
    sales_channel_id: str
    email: str
    customer_id: str | None
    created_at: str | None
    updated_at: str | None
    # Admin answers: the history.
    status: SubscriptionStatus | None = None
    notified_at: str | None = None
    cancelled_at: str | None = None
    consent_source: str | None = None  # api, widget, v1 or account
    confirmed_at: str | None = None  # when the address confirmed it (double opt-in)
    locale: str | None = None  # its emails' language
    # Listed with `fields=*product_variant` (admin) and always for a customer's own.
    product_variant: VariantView | None = None


class SubscriptionAnswer(Out):
    restock_subscription: SubscriptionOut


class SubscriptionList(ListMeta):
    restock_subscriptions: list[SubscriptionOut]


def subscription_out(
    subscription: Any,
    variant: dict[str, Any] | None = None,
    *,
    history: bool = False,
) -> dict[str, Any]:
    out: dict[str, Any] = {
        "id": subscription.id,
        "variant_id": subscription.variant_id,
        "sales_channel_id": subscription.sales_channel_id,
        "email": subscription.email,
        "customer_id": subscription.customer_id,
        "created_at": isoformat(subscription.created_at),
        "updated_at": isoformat(subscription.updated_at),
    }
    if history:
        out["status"] = subscription.status
        out["notified_at"] = isoformat(subscription.notified_at)
        out["cancelled_at"] = isoformat(subscription.cancelled_at)
        out["consent_source"] = subscription.consent_source
        out["confirmed_at"] = isoformat(subscription.confirmed_at)
        out["locale"] = subscription.locale
    if variant is not None:
        out["product_variant"] = variant
    return out


class AvailabilityOut(Out):
    variant_id: str
    sales_channel_id: str
    in_stock: bool  # false: sold out, and a shopper may subscribe


class AvailabilityAnswer(Out):
    restock_availability: AvailabilityOut


class PreviewPairOut(Out):
    variant_id: str
    sales_channel_id: str
    quantity: int
    unlimited: bool
    waiting: int  # live subscribers
    allowed: int | None  # how many the check may tell (fair release); null: all


class WouldTellOut(Out):
    id: str
    email: str
    variant_id: str
    sales_channel_id: str


class PreviewOut(Out):
    pairs: list[PreviewPairOut]
    subscribers: int  # how many the check would notify
    listed: list[WouldTellOut]


class PreviewAnswer(Out):
    preview: PreviewOut


class ClaimSent(Out):
    sent: bool  # false: one was sent to the address in the last 10 minutes


class ClaimAnswer(Out):
    claim: ClaimSent

"""Event names (Medusa's `entity.past_tense`) and how a service records one in its transaction."""

from dataclasses import asdict, dataclass, field
from enum import StrEnum
from typing import Any, TypeVar

from sqlalchemy.ext.asyncio import AsyncSession


class EventName(StrEnum):
    SALES_CHANNEL_CREATED = "sales-channel.created"
    SALES_CHANNEL_UPDATED = "sales-channel.updated"
    SALES_CHANNEL_DELETED = "sales-channel.deleted"
    STOCK_LOCATION_CREATED = "stock-location.created"
    STOCK_LOCATION_UPDATED = "stock-location.updated"
    STOCK_LOCATION_DELETED = "stock-location.deleted"
    PRODUCT_CREATED = "product.created"
    PRODUCT_UPDATED = "product.updated"
    PRODUCT_DELETED = "product.deleted"
    PRODUCT_VARIANT_CREATED = "product-variant.created"
    PRODUCT_VARIANT_UPDATED = "product-variant.updated"
    PRODUCT_VARIANT_DELETED = "product-variant.deleted"
    INVENTORY_ITEM_CREATED = "inventory-item.created"
    INVENTORY_ITEM_UPDATED = "inventory-item.updated"
    INVENTORY_ITEM_DELETED = "inventory-item.deleted"
    INVENTORY_LEVEL_CREATED = "inventory-level.created"
    INVENTORY_LEVEL_UPDATED = "inventory-level.updated"
    INVENTORY_LEVEL_DELETED = "inventory-level.deleted"
    RESERVATION_ITEM_CREATED = "reservation-item.created"
    RESERVATION_ITEM_DELETED = "reservation-item.deleted"
    API_KEY_CREATED = "api-key.created"
    API_KEY_UPDATED = "api-key.updated"
    API_KEY_REVOKED = "api-key.revoked"
    API_KEY_DELETED = "api-key.deleted"
    CUSTOMER_CREATED = "customer.created"
    USER_CREATED = "user.created"
    RESTOCK_SUBSCRIPTION_CREATED = "restock-subscription.created"
    RESTOCK_SUBSCRIPTION_DELETED = "restock-subscription.deleted"
    RESTOCK_NOTIFICATION_RESTOCKED = "restock-notification.restocked"
    NOTIFICATIONS_QUEUED = "notification.queued"
    CATALOG_MIRRORED = "catalog.mirrored"
    ADDRESS_SUPPRESSED = "suppression.created"


# What each event carries. Events travel as JSON (the Redis bus), so a payload is a flat
# dataclass of JSON values; a handler reads it back typed with `Event.payload`.


@dataclass(frozen=True)
class Changed:
    """An entity was created, updated or deleted."""

    id: str


@dataclass(frozen=True)
class VariantChanged(Changed):
    product_id: str
    fields: list[str] = field(default_factory=list)  # for an update: what changed


@dataclass(frozen=True)
class StockChanged(Changed):
    """An inventory level or a reservation: the stock of an item at a location changed."""

    inventory_item_id: str
    location_id: str


@dataclass(frozen=True)
class LocationChanged(Changed):
    sales_channels_added: list[str] = field(default_factory=list)
    sales_channels_removed: list[str] = field(default_factory=list)


@dataclass(frozen=True)
class SubscriptionCreated(Changed):
    variant_id: str
    sales_channel_id: str


@dataclass(frozen=True)
class CatalogMirrored:
    """A pull from Medusa changed what these variants and inventory items can sell (or the
    stock locations of channels: then every variant)."""

    variants: list[str]
    items: list[str]
    everything: bool = False


@dataclass(frozen=True)
class AddressSuppressed:
    """Nothing more is sent to this address (its lower-case key)."""

    email_key: str


@dataclass(frozen=True)
class NotificationsQueued:
    count: int


@dataclass(frozen=True)
class SubscribersTold:
    """The v1 plugin's event: these addresses were told that the variant is back."""

    variant_id: str
    sales_channel_id: str
    emails: list[str]


Payload = (
    Changed
    | VariantChanged
    | StockChanged
    | LocationChanged
    | SubscriptionCreated
    | NotificationsQueued
    | SubscribersTold
    | CatalogMirrored
    | AddressSuppressed
)
P = TypeVar("P", bound=Payload)

_KINDS: dict[EventName, type[Payload]] = {
    EventName.PRODUCT_VARIANT_CREATED: VariantChanged,
    EventName.PRODUCT_VARIANT_UPDATED: VariantChanged,
    EventName.PRODUCT_VARIANT_DELETED: VariantChanged,
    EventName.INVENTORY_LEVEL_CREATED: StockChanged,
    EventName.INVENTORY_LEVEL_UPDATED: StockChanged,
    EventName.INVENTORY_LEVEL_DELETED: StockChanged,
    EventName.RESERVATION_ITEM_CREATED: StockChanged,
    EventName.RESERVATION_ITEM_DELETED: StockChanged,
    EventName.STOCK_LOCATION_UPDATED: LocationChanged,
    EventName.RESTOCK_SUBSCRIPTION_CREATED: SubscriptionCreated,
    EventName.NOTIFICATIONS_QUEUED: NotificationsQueued,
    EventName.RESTOCK_NOTIFICATION_RESTOCKED: SubscribersTold,
    EventName.CATALOG_MIRRORED: CatalogMirrored,
    EventName.ADDRESS_SUPPRESSED: AddressSuppressed,
}


def kind_of(name: EventName) -> type[Payload]:
    """The payload an event of this name carries (`Changed` unless it carries more)."""
    return _KINDS.get(name, Changed)


@dataclass(frozen=True)
class Event:
    name: EventName
    data: dict[str, Any] = field(default_factory=dict)  # the payload as it travels

    def payload(self, kind: type[P]) -> P:
        """The payload, typed; `kind` must be what events of this name carry."""
        if kind is not kind_of(self.name):
            raise TypeError(f"{self.name} carries {kind_of(self.name).__name__}, not {kind}")
        return kind(**self.data)


_PENDING = "restock.pending_events"


def record(session: AsyncSession, name: EventName, payload: Payload) -> None:
    """Queue an event on the session; the transaction edge publishes it after commit."""
    if type(payload) is not kind_of(name):
        raise TypeError(f"{name} carries {kind_of(name).__name__}, not {type(payload).__name__}")
    session.info.setdefault(_PENDING, []).append(Event(name, asdict(payload)))


def take_pending(session: AsyncSession) -> list[Event]:
    events: list[Event] = session.info.pop(_PENDING, [])
    return events

"""Event names (Medusa's `entity.past_tense`) and how a service records one in its transaction."""

from dataclasses import dataclass, field
from enum import StrEnum
from typing import Any

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


@dataclass(frozen=True)
class Event:
    name: EventName
    data: dict[str, Any] = field(default_factory=dict)


_PENDING = "restock.pending_events"


def record(session: AsyncSession, name: EventName, **data: Any) -> None:
    """Queue an event on the session; the transaction edge publishes it after commit."""
    session.info.setdefault(_PENDING, []).append(Event(name, data))


def take_pending(session: AsyncSession) -> list[Event]:
    events: list[Event] = session.info.pop(_PENDING, [])
    return events

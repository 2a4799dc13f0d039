"""Domain events: recorded inside a transaction, delivered only after it commits."""

from restock.events.types import (
    AddressSuppressed,
    CatalogMirrored,
    Changed,
    Event,
    EventName,
    LocationChanged,
    NotificationsQueued,
    StockChanged,
    SubscribersTold,
    SubscriptionCreated,
    VariantChanged,
    record,
)

__all__ = [
    "AddressSuppressed",
    "CatalogMirrored",
    "Changed",
    "Event",
    "EventName",
    "LocationChanged",
    "NotificationsQueued",
    "StockChanged",
    "SubscribersTold",
    "SubscriptionCreated",
    "VariantChanged",
    "record",
]

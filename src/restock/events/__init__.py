"""Domain events: recorded inside a transaction, delivered only after it commits."""

from restock.events.types import (
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

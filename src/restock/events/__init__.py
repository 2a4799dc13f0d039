"""Domain events: recorded inside a transaction, delivered only after it commits."""

from restock.events.types import Event, EventName, record

__all__ = ["Event", "EventName", "record"]

"""Event handlers of the restock module."""

from restock.db import Database
from restock.events import AddressSuppressed, Event, EventName, VariantChanged
from restock.kit.time import utcnow
from restock.subscriptions import repository


def register_subscribers(database: Database) -> None:
    async def cancel_for_deleted_variant(event: Event) -> None:
        """Nobody can be told about a variant that is gone: close its subscriptions."""
        async with database.transaction() as session:
            await repository.cancel_all_for(
                session, utcnow(), variant_id=event.payload(VariantChanged).id
            )

    async def cancel_for_suppressed_address(event: Event) -> None:
        """An address that unsubscribed or was refused for good waits for nothing more."""
        async with database.transaction() as session:
            await repository.cancel_all_for(
                session, utcnow(), email_key=event.payload(AddressSuppressed).email_key
            )

    database.bus.subscribe(EventName.ADDRESS_SUPPRESSED, cancel_for_suppressed_address)
    database.bus.subscribe(EventName.PRODUCT_VARIANT_DELETED, cancel_for_deleted_variant)

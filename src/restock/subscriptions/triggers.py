"""Restock checks triggered by events: an inventory change checks the variants it touched,
and a new subscription re-checks its variant once committed."""

import asyncio
import logging
from collections.abc import Iterable

from restock.config import Settings
from restock.db import Database
from restock.events import (
    CatalogMirrored,
    Event,
    EventName,
    StockChanged,
    SubscriptionCreated,
    VariantChanged,
)
from restock.products import repository as products
from restock.subscriptions.check import check_restock
from restock.subscriptions.detection import CheckInput

log = logging.getLogger(__name__)


class RestockTrigger:
    """Runs a check for the variants that events touched, `delay_ms` after the first of them;
    events arriving meanwhile join the same run."""

    def __init__(self, database: Database, settings: Settings, delay_ms: int) -> None:
        self.database = database
        self.settings = settings
        self.delay_ms = delay_ms
        self._variants: set[str] = set()
        self._items: set[str] = set()
        self._everything = False
        self._task: asyncio.Task[None] | None = None

    def request(
        self, *, variants: Iterable[str] = (), items: Iterable[str] = (), everything: bool = False
    ) -> None:
        self._variants.update(variants)
        self._items.update(items)
        self._everything |= everything
        if self._task is None or self._task.done():
            self._task = asyncio.create_task(self._run())

    async def wait(self) -> None:
        while self._task is not None and not self._task.done():
            await asyncio.gather(self._task, return_exceptions=True)

    async def _run(self) -> None:
        await asyncio.sleep(self.delay_ms / 1000)
        while self._variants or self._items or self._everything:
            variants, items, everything = self._variants, self._items, self._everything
            self._variants, self._items, self._everything = set(), set(), False
            try:
                if items:
                    async with self.database.transaction() as session:
                        variants |= await products.variants_of_items(session, items)
                given = CheckInput(None if everything else frozenset(variants))
                if everything or variants:
                    await check_restock(self.database, self.settings, given)
            except Exception:
                log.exception("restock check failed; the scheduled check will catch up")


def subscribe_triggers(
    database: Database, trigger: RestockTrigger, recheck: RestockTrigger
) -> None:
    """Inventory events go to `trigger`; new subscriptions to `recheck`."""

    async def on_stock(event: Event) -> None:
        trigger.request(items=[event.payload(StockChanged).inventory_item_id])

    async def on_variant(event: Event) -> None:
        trigger.request(variants=[event.payload(VariantChanged).id])

    async def on_subscribed(event: Event) -> None:
        # A subscription committed just after a restock's check would wait for the next one:
        # checking its variant again after the commit closes that race. The race is rare, so
        # the re-checks of many subscriptions share one query.
        recheck.request(variants=[event.payload(SubscriptionCreated).variant_id])

    async def on_locations(event: Event) -> None:
        trigger.request(everything=True)

    async def on_mirrored(event: Event) -> None:
        changed = event.payload(CatalogMirrored)
        trigger.request(
            variants=changed.variants, items=changed.items, everything=changed.everything
        )

    for name in (
        EventName.INVENTORY_LEVEL_CREATED,
        EventName.INVENTORY_LEVEL_UPDATED,
        EventName.RESERVATION_ITEM_DELETED,
    ):
        database.bus.subscribe(name, on_stock)
    database.bus.subscribe(EventName.PRODUCT_VARIANT_UPDATED, on_variant)
    database.bus.subscribe(EventName.RESTOCK_SUBSCRIPTION_CREATED, on_subscribed)
    database.bus.subscribe(EventName.STOCK_LOCATION_UPDATED, on_locations)
    database.bus.subscribe(EventName.CATALOG_MIRRORED, on_mirrored)

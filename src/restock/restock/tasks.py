"""Detection and its triggers: find restocked pairs, claim their subscribers, queue one email each.

`check_restock` detects once and holds the restocked pairs for the check, then runs the
`send-restock-notifications` workflow batch by batch, one transaction per batch; the dispatcher
sends after each commit. Run alone (the admin route), the workflow detects, claims one batch and
lets the pairs go in one transaction. `RestockTrigger` runs it when inventory
events arrive, coalescing bursts; the dispatcher's outcome hook closes the subscriptions.
"""

import asyncio
import logging
from collections import defaultdict
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from datetime import timedelta
from typing import Any

from sqlalchemy.ext.asyncio import AsyncSession

from restock.config import Settings
from restock.db import Database
from restock.events import Event, EventName, record
from restock.jobs.scheduler import Scheduler
from restock.kit.ids import new_id
from restock.kit.tasks import all_or_none
from restock.kit.time import utcnow
from restock.metrics import DETECTION_SECONDS
from restock.notifications.dispatcher import Dispatcher, Settled
from restock.products import repository as products
from restock.products.service import product_service
from restock.restock import repository
from restock.restock.subscribers import register_subscribers
from restock.workflows import Context, Step, Workflow, register_workflow

log = logging.getLogger(__name__)
EMAILS_PER_EVENT = 1000
STALE_CHECK = timedelta(days=1)  # pairs held longer belong to a check that died
VIEWS_PER_QUERY = 10_000  # variant ids per IN list: PostgreSQL's driver takes 32,767 at most
RESOURCE = "restock_subscription"
CHECK_LANES = 2  # transactions claiming batches at once on PostgreSQL: it does the work


@dataclass(frozen=True)
class CheckInput:
    variant_ids: frozenset[str] | None = None  # None: every pair with live subscribers


@dataclass(frozen=True)
class Batch:
    """A run of whole pairs claimed together, so batches never meet on a row; one that holds
    more than the batch size (a big pair) is claimed that many at a time."""

    subscribers: int  # how many it is to tell, as detection saw them
    variant_ids: frozenset[str]  # whose views its emails carry


@dataclass(frozen=True)
class Detected:
    check_id: str
    batches: tuple[Batch, ...]  # none: nothing was restocked

    @property
    def subscribers(self) -> int:
        return sum(batch.subscribers for batch in self.batches)


def _lanes(settings: Settings) -> int:
    # Lanes claim disjoint batches at once; SQLite writes one transaction at a time.
    return 1 if settings.is_sqlite else CHECK_LANES


def _batch_target(settings: Settings, total: int) -> int:
    """How many subscribers a batch should hold: the batch size, evened out so that each lane
    gets as many batches (a short last batch would run alone)."""
    size = settings.notification_batch_size
    lanes = min(_lanes(settings), -(-total // size))
    if lanes < 2:
        return size
    rounds = -(-total // (lanes * size))
    return -(-total // (lanes * rounds))


def _batch_numbers(told: list[int], target: int) -> list[int]:
    """The batch of each pair: consecutive pairs fill a batch until it holds `target`
    subscribers."""
    numbers, batch, filled = [], 0, 0
    for count in told:
        if filled >= target:
            batch, filled = batch + 1, 0
        numbers.append(batch)
        filled += count
    return numbers


async def hold_restocked(session: AsyncSession, settings: Settings, given: CheckInput) -> Detected:
    """Detection, once per check: hold the restocked pairs, each with its batch and what it may
    tell (fair release)."""
    now, check_id = utcnow(), new_id("check")
    pairs = await repository.restocked(session, settings.inventory_required, given.variant_ids)
    per_unit = settings.notifications_per_unit
    allowed = [
        None if per_unit == 0 or pair.unlimited else per_unit * pair.quantity for pair in pairs
    ]
    told = [
        pair.waiting if most is None else min(pair.waiting, most)
        for pair, most in zip(pairs, allowed, strict=True)
    ]
    numbers = _batch_numbers(told, _batch_target(settings, sum(told)))
    rows = [
        {
            "check_id": check_id,
            "variant_id": pair.variant_id,
            "sales_channel_id": pair.sales_channel_id,
            "allowed": most,
            "batch": number,
            "created_at": now,
        }
        for pair, most, number in zip(pairs, allowed, numbers, strict=True)
    ]
    await repository.hold_pairs(session, rows)
    counts: dict[int, int] = defaultdict(int)
    variants: dict[int, set[str]] = defaultdict(set)
    for pair, number, count in zip(pairs, numbers, told, strict=True):
        counts[number] += count
        variants[number].add(pair.variant_id)
    batches = (Batch(counts[n], frozenset(variants[n])) for n in sorted(counts))
    return Detected(check_id, tuple(batches))


async def detect(context: Context) -> Detected:
    held: Detected | None = context.deps.get("detected")  # `check_restock` detects once for all
    if held is not None:
        return held
    settings: Settings = context.deps["settings"]
    return await hold_restocked(context.deps["session"], settings, context.input or CheckInput())


async def queue_notifications(context: Context) -> int:
    """Claim (up to the batch size of) one batch of the held pairs' subscribers and queue one
    email each; run alone, the first batch."""
    settings: Settings = context.deps["settings"]
    session: AsyncSession = context.deps["session"]
    detected: Detected = context["detect-restocked-pairs"]
    number: int | None = context.deps.get("batch")  # `check_restock` loops over the batches
    if not detected.batches:
        return 0
    size = settings.notification_batch_size
    # `check_restock`'s lanes build a batch's views once for all its claims; run alone, here.
    views: dict[str, dict[str, Any]] | None = context.deps.get("views")
    if views is None:
        views = await _batch_views(session, detected.batches[number or 0])
    now = utcnow()
    fixed = {
        "from": settings.notification_from,
        "channel": "email",
        "template": "variant-restock",
        "provider_id": settings.notification_provider,
        # One email per subscription, ever: the key is the subscription's.
        "resource_type": RESOURCE,
        "now": now,
    }
    claimed = await repository.claim_and_queue(
        session,
        detected.check_id,
        number or 0,
        views=views,
        limit=size,
        now=now,
        fair=settings.notifications_per_unit > 0,
        fixed=fixed,
    )
    if claimed:
        # Delivered after commit: wakes the dispatcher once the rows are there to claim.
        record(
            session,
            EventName.NOTIFICATIONS_QUEUED,
            count=claimed,
            # A single run (the admin route) leaves the other batches to a follow-up check.
            more=number is None and (len(detected.batches) > 1 or claimed >= size),
        )
    return claimed


async def _batch_views(session: AsyncSession, batch: Batch) -> dict[str, dict[str, Any]]:
    """The views of a batch's variants for their emails, by id."""
    ids = list(batch.variant_ids)
    views: dict[str, dict[str, Any]] = {}
    for start in range(0, len(ids), VIEWS_PER_QUERY):
        views |= await product_service.variant_views(session, ids[start : start + VIEWS_PER_QUERY])
    return views


async def release(context: Context) -> int:
    if "detected" not in context.deps:  # held by this run alone
        detected: Detected = context["detect-restocked-pairs"]
        await repository.release_pairs(context.deps["session"], detected.check_id)
    return int(context["queue-notifications"])


_STEPS = (
    Step("detect-restocked-pairs", detect),
    Step("queue-notifications", queue_notifications),
    Step("release-pairs", release),
)
# Every step writes only inside the caller's transaction: nothing to compensate.
send_restock_notifications = register_workflow(
    Workflow("send-restock-notifications", _STEPS, input_type=CheckInput)
)
# The scheduled job's workflow, named as Medusa names it.
register_workflow(Workflow("job-check-restock", _STEPS, input_type=CheckInput))


async def check_restock(
    database: Database,
    settings: Settings,
    given: CheckInput | None = None,
    progress: Callable[[int, int], None] | None = None,
) -> int:
    """Claim and queue every restocked subscriber, batch by batch; the number queued.
    `progress` hears, after each batch, how many are queued so far and how many detection
    expects in all."""
    with DETECTION_SECONDS.time():
        given = given or CheckInput()
        async with database.transaction() as session:
            if given.variant_ids is None:  # the full (scheduled) check tidies up after dead ones
                await repository.release_pairs(session, None, stale_before=utcnow() - STALE_CHECK)
            detected = await hold_restocked(session, settings, given)
        if not detected.batches:  # the common case after a subscribe or a sale: one statement
            return 0
        try:
            return await _queue_all(database, settings, given, detected, progress)
        finally:
            async with database.transaction() as session:
                await repository.release_pairs(session, detected.check_id)


async def _queue_all(
    database: Database,
    settings: Settings,
    given: CheckInput,
    detected: Detected,
    progress: Callable[[int, int], None] | None,
) -> int:
    """Run the workflow once per batch (more for a batch bigger than the batch size), one
    transaction each, in up to `_lanes` lanes that take the batches in turn."""
    size, expected = settings.notification_batch_size, detected.subscribers
    queued = 0

    async def claim(number: int, views: dict[str, dict[str, Any]]) -> int:
        nonlocal queued
        async with database.transaction() as session:
            result = await send_restock_notifications.run(
                given,
                session=session,
                settings=settings,
                detected=detected,
                batch=number,
                views=views,
            )
        queued += result.output
        if progress is not None:
            progress(queued, max(queued, expected))
        return int(result.output)

    numbers = iter(range(len(detected.batches)))

    async def lane() -> None:
        for number in numbers:  # shared: each batch goes to the first lane free
            batch = detected.batches[number]
            # Built while the other lane's claim runs, once for all claims of the batch.
            async with database.transaction() as session:
                views = await _batch_views(session, batch)
            while await claim(number, views) >= size and batch.subscribers > size:
                pass

    lanes = min(_lanes(settings), len(detected.batches))
    # One lane failing stops the others before the pairs are let go.
    await all_or_none([lane() for _ in range(lanes)])
    return queued


async def settle_subscriptions(session: AsyncSession, settled: Settled) -> None:
    """Close what was sent, reopen what failed for good, cancel what was suppressed, and tell
    listeners which addresses were told (the v1 plugin's event)."""
    now = utcnow()
    await repository.settle_notifying(session, _ids(settled.sent), "notified", now)
    await repository.settle_notifying(session, _ids(settled.failed), "active", now)
    await repository.settle_notifying(session, _ids(settled.suppressed), "cancelled", now)
    told: dict[tuple[str, str], list[str]] = defaultdict(list)
    for notification in settled.sent:
        data = notification.data or {}
        variant_id = (data.get("variant") or {}).get("id", "")
        told[(variant_id, data.get("sales_channel_id", ""))].append(notification.to)
    for (variant_id, channel_id), emails in told.items():
        for start in range(0, len(emails), EMAILS_PER_EVENT):
            record(
                session,
                EventName.RESTOCK_NOTIFICATION_RESTOCKED,
                variant_id=variant_id,
                sales_channel_id=channel_id,
                emails=emails[start : start + EMAILS_PER_EVENT],
            )


def _ids(rows: Iterable[Any]) -> list[str]:
    return [row.resource_id for row in rows if row.resource_id]


class RestockTrigger:
    """Runs detection for the variants that events touched, `delay_ms` after the first of
    them; events arriving meanwhile join the same run."""

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
    database: Database, dispatcher: Dispatcher, trigger: RestockTrigger, recheck: RestockTrigger
) -> None:
    """Inventory events go to `trigger`; new subscriptions to `recheck`."""

    async def on_queued(event: Event) -> None:
        dispatcher.kick()
        if event.data["more"]:
            trigger.request(everything=True)

    async def on_stock(event: Event) -> None:
        trigger.request(items=[event.data["inventory_item_id"]])

    async def on_variant(event: Event) -> None:
        trigger.request(variants=[event.data["id"]])

    async def on_subscribed(event: Event) -> None:
        # A subscription committed just after a restock's check would wait for the next one:
        # checking its variant again after the commit closes that race. The race is rare, so
        # the re-checks of many subscriptions share one query.
        recheck.request(variants=[event.data["variant_id"]])

    async def on_locations(event: Event) -> None:
        trigger.request(everything=True)

    for name in (
        EventName.INVENTORY_LEVEL_CREATED,
        EventName.INVENTORY_LEVEL_UPDATED,
        EventName.RESERVATION_ITEM_DELETED,
    ):
        database.bus.subscribe(name, on_stock)
    database.bus.subscribe(EventName.PRODUCT_VARIANT_UPDATED, on_variant)
    database.bus.subscribe(EventName.RESTOCK_SUBSCRIPTION_CREATED, on_subscribed)
    database.bus.subscribe(EventName.STOCK_LOCATION_UPDATED, on_locations)
    database.bus.subscribe(EventName.NOTIFICATIONS_QUEUED, on_queued)


class RestockRuntime:
    """The background parts of a process, by its role: event handlers, the event-driven
    trigger, the dispatcher and the scheduler. An `api` process runs none of them; it only
    publishes its events for the workers."""

    def __init__(self, database: Database, settings: Settings) -> None:
        self.database = database
        self.settings = settings
        self.dispatcher = Dispatcher(database, settings)
        self.dispatcher.on_settled(RESOURCE, settle_subscriptions)
        self.trigger = RestockTrigger(database, settings, settings.trigger_delay_ms)
        self.recheck = RestockTrigger(database, settings, settings.recheck_delay_ms)
        self.scheduler = Scheduler(database)
        # Events can be missed (a process down, a link changed by hand): the daily check is
        # the backstop that catches every restock anyway.
        self.scheduler.add(
            "check-restock", settings.cron, lambda: check_restock(database, settings)
        )

    async def start(self) -> None:
        if self.settings.role == "api":
            await self.database.bus.start(consume=False)
            return
        register_subscribers(self.database)
        subscribe_triggers(self.database, self.dispatcher, self.trigger, self.recheck)
        await self.database.bus.start()
        if self.settings.dispatcher_enabled:
            self.dispatcher.start(self.settings.dispatch_poll_seconds)
        if self.settings.scheduler_enabled:
            self.scheduler.start()

    async def settle(self) -> None:
        """Wait for triggered checks, then send what is due (tests use it)."""
        await self.database.bus.drain()
        await self.trigger.wait()
        await self.recheck.wait()
        await self.database.bus.drain()
        await self.dispatcher.drain()
        await self.database.bus.drain()

    async def stop(self) -> None:
        """Stop taking work; give the check and the sends in flight the shutdown grace."""
        await self.scheduler.stop()
        await self.database.bus.stop()
        try:
            await asyncio.wait_for(
                asyncio.gather(self.trigger.wait(), self.recheck.wait()),
                self.settings.shutdown_grace_seconds,
            )
        except TimeoutError:
            log.warning("the restock check in flight was cut short; its batch rolled back")
        await self.dispatcher.stop()

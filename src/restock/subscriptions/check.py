"""The restock check: detect once, then claim the restocked pairs' subscribers batch by batch
(one transaction each, in lanes that take the batches in turn) and queue one notification
each. The dispatcher sends them after each batch commits.

It is the `send-restock-notifications` workflow of Medusa's guide, and the scheduled
`job-check-restock`: both names run this one function, from the admin API and the scheduler.
"""

from collections.abc import Callable
from dataclasses import dataclass
from datetime import timedelta
from typing import Any

from sqlalchemy.ext.asyncio import AsyncSession

from restock.config import Settings
from restock.db import Database
from restock.events import EventName, NotificationsQueued, record
from restock.kit.tasks import all_or_none
from restock.kit.time import utcnow
from restock.metrics import metrics
from restock.notifications.repository import QueuedFields
from restock.products.views import product_views
from restock.subscriptions import check_repository as repository
from restock.subscriptions.detection import Batch, CheckInput, Detected, hold_restocked, lanes
from restock.workflows import Workflow, register_workflow

STALE_CHECK = timedelta(days=1)  # pairs held longer belong to a check that died
VIEWS_PER_QUERY = 10_000  # variant ids per IN list: PostgreSQL's driver takes 32,767 at most
RESOURCE = "restock_subscription"  # the notifications' resource type

Progress = Callable[[int, int], None]
Views = dict[str, dict[str, Any]]


@dataclass(frozen=True)
class CheckReport:
    queued: int  # notifications queued by this check
    subscribers: int  # how many detection found waiting on restocked pairs


async def check_restock(
    database: Database,
    settings: Settings,
    given: CheckInput | None = None,
    progress: Progress | None = None,
) -> CheckReport:
    """Claim and queue every restocked subscriber, batch by batch. `progress` hears, after
    each claim, how many are queued so far and how many detection expects in all."""
    with metrics().detection_seconds.time():
        given = given or CheckInput()
        async with database.transaction() as session:
            if given.variant_ids is None:  # the full (scheduled) check tidies up after dead ones
                await repository.release_pairs(session, None, stale_before=utcnow() - STALE_CHECK)
            detected = await hold_restocked(session, settings, given)
        if not detected.batches:  # the common case after a subscribe or a sale: one statement
            return CheckReport(queued=0, subscribers=0)
        try:
            queued = await _queue_all(database, settings, detected, progress)
        finally:
            async with database.transaction() as session:
                await repository.release_pairs(session, detected.check_id)
        return CheckReport(queued=queued, subscribers=detected.subscribers)


async def _queue_all(
    database: Database, settings: Settings, detected: Detected, progress: Progress | None
) -> int:
    """Claim every batch, in up to `lanes` lanes that take the batches in turn; a batch bigger
    than the batch size is claimed that many at a time."""
    size, expected = settings.notification_batch_size, detected.subscribers
    queued = 0
    numbers = iter(range(len(detected.batches)))

    async def lane() -> None:
        nonlocal queued
        for number in numbers:  # shared: each batch goes to the first lane free
            batch = detected.batches[number]
            # Built while the other lane's claim runs, once for all claims of the batch.
            async with database.transaction() as session:
                views = await batch_views(session, batch)
            while True:
                async with database.transaction() as session:
                    claimed = await claim_batch(session, settings, detected, number, views)
                queued += claimed
                if progress is not None:
                    progress(queued, max(queued, expected))
                if claimed < size or batch.subscribers <= size:
                    break

    # One lane failing stops the others before the pairs are let go.
    await all_or_none([lane() for _ in range(min(lanes(settings), len(detected.batches)))])
    return queued


async def claim_batch(
    session: AsyncSession, settings: Settings, detected: Detected, number: int, views: Views
) -> int:
    """Claim up to the batch size of one batch's subscribers and queue one email each; the
    number claimed."""
    claimed = await repository.claim_and_queue(
        session,
        detected.check_id,
        number,
        views=views,
        limit=settings.notification_batch_size,
        fair_release=settings.notifications_per_unit > 0,
        queue=restock_emails(settings),
    )
    if claimed:
        # Delivered after commit: wakes the dispatcher once the rows are there to claim.
        record(session, EventName.NOTIFICATIONS_QUEUED, NotificationsQueued(claimed))
    return claimed


def restock_emails(settings: Settings) -> QueuedFields:
    """What every restock email queued now shares."""
    return QueuedFields(
        sender=settings.notification_from,
        channel="email",
        template="variant-restock",
        provider_id=settings.notification_provider,
        resource_type=RESOURCE,
        now=utcnow(),
    )


async def batch_views(session: AsyncSession, batch: Batch) -> Views:
    """The views of a batch's variants for their emails, by id."""
    ids = list(batch.variant_ids)
    views: Views = {}
    for start in range(0, len(ids), VIEWS_PER_QUERY):
        views |= await product_views.variant_views(session, ids[start : start + VIEWS_PER_QUERY])
    return views


async def _run_check(given: CheckInput, database: Database, settings: Settings) -> CheckReport:
    return await check_restock(database, settings, given)


send_restock_notifications = register_workflow(
    Workflow("send-restock-notifications", CheckInput, _run_check)
)
# The scheduled job's workflow, named as Medusa names it.
job_check_restock = register_workflow(Workflow("job-check-restock", CheckInput, _run_check))

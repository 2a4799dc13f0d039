"""The background parts of a process, wired the same way by the API (`app.py`) and the command
line (`cli.py`): event handlers, event-triggered restock checks, the dispatcher and the
scheduler. Which of them run depends on the process's role."""

import asyncio
import logging

from restock.config import Settings
from restock.db import Database
from restock.events import Event, EventName
from restock.insights.service import insights_service
from restock.jobs.scheduler import Scheduler
from restock.medusa.service import Mirror, mirror_for
from restock.notifications.dispatcher import Dispatcher
from restock.privacy.retention import CRON as RETENTION_CRON
from restock.privacy.retention import apply_retention
from restock.subscriptions.check import RESOURCE, job_check_restock
from restock.subscriptions.detection import CheckInput
from restock.subscriptions.service import restock_subscription_service
from restock.subscriptions.settlement import settle_subscriptions
from restock.subscriptions.subscribers import register_subscribers
from restock.subscriptions.triggers import RestockTrigger, subscribe_triggers

log = logging.getLogger(__name__)
PURGE_CRON = "7 * * * *"  # hourly: unconfirmed subscriptions whose link has expired


class Runtime:
    """An `api` process runs none of the background parts: it only publishes its events for
    the workers. `worker` and `all` run them all."""

    def __init__(self, database: Database, settings: Settings) -> None:
        self.database = database
        self.settings = settings
        self.dispatcher = Dispatcher(database, settings)
        self.dispatcher.on_settled(RESOURCE, settle_subscriptions)
        self.trigger = RestockTrigger(database, settings, settings.trigger_delay_ms)
        self.recheck = RestockTrigger(database, settings, settings.recheck_delay_ms)
        self.scheduler = Scheduler(database)
        # Events can be missed (a process down, a link changed by hand): the scheduled check is
        # the backstop that catches every restock anyway.
        self.scheduler.add(
            "check-restock",
            settings.cron,
            lambda: job_check_restock.run(CheckInput(), database, settings),
        )
        self.scheduler.add("refresh-demand", settings.demand_cron, self._refresh_demand)
        self.scheduler.add("retention", RETENTION_CRON, lambda: apply_retention(database, settings))
        if settings.double_opt_in:
            self.scheduler.add("purge-unconfirmed", PURGE_CRON, self._purge_unconfirmed)
        # The API's hook reads what Medusa names; the scheduler pulls what changed.
        self.mirror: Mirror | None = None
        if settings.mirrors_medusa:
            self.mirror = mirror_for(database, settings)
            self.scheduler.add_every("medusa-pull", settings.medusa_sync_seconds, self.mirror.pull)

    async def _purge_unconfirmed(self) -> None:
        async with self.database.transaction() as session:
            await restock_subscription_service.purge_unconfirmed(session, self.settings)

    async def _refresh_demand(self) -> None:
        async with self.database.transaction() as session:
            await insights_service.refresh_demand(session)

    async def start(self) -> None:
        if self.settings.role == "api":
            await self.database.bus.start(consume=False)
            return
        register_subscribers(self.database)
        subscribe_triggers(self.database, self.trigger, self.recheck)
        self.database.bus.subscribe(EventName.NOTIFICATIONS_QUEUED, self._on_queued)
        await self.database.bus.start()
        if self.settings.dispatcher_enabled:
            self.dispatcher.start(self.settings.dispatch_poll_seconds)
        if self.settings.scheduler_enabled:
            self.scheduler.start()

    async def _on_queued(self, _: Event) -> None:
        self.dispatcher.kick()

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
        if self.mirror is not None:
            await self.mirror.client.close()

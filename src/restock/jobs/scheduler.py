"""Runs jobs on cron schedules. Every instance runs this loop; for each tick, the instance that
claims it in the database runs the job, the others skip it."""

import asyncio
import logging
from collections.abc import Awaitable, Callable
from dataclasses import dataclass
from datetime import UTC, datetime

from apscheduler.triggers.cron import CronTrigger

from restock.db import Database
from restock.jobs import repository
from restock.kit.time import utcnow

log = logging.getLogger(__name__)
Job = Callable[[], Awaitable[object]]


@dataclass(frozen=True)
class Schedule:
    name: str
    cron: str
    job: Job


def next_tick(cron: str, after: datetime) -> datetime:
    fire = CronTrigger.from_crontab(cron, timezone=UTC).get_next_fire_time(None, after)
    assert fire is not None  # a crontab always fires again
    return fire  # type: ignore[no-any-return]


class Scheduler:
    def __init__(self, database: Database) -> None:
        self.database = database
        self.schedules: list[Schedule] = []
        self._tasks: list[asyncio.Task[None]] = []

    def add(self, name: str, cron: str, job: Job) -> None:
        next_tick(cron, utcnow())  # a bad expression fails at start-up, not at midnight
        self.schedules.append(Schedule(name, cron, job))

    async def run_tick(self, schedule: Schedule, tick: datetime) -> bool:
        """Run the job for this tick if this instance claims it; whether it ran."""
        async with self.database.transaction() as session:
            claimed = await repository.claim_tick(session, schedule.name, tick, utcnow())
        if claimed:
            log.info("running %s for the tick of %s", schedule.name, tick.isoformat())
            try:
                await schedule.job()
            except Exception:
                log.exception("scheduled job %s failed at %s", schedule.name, tick)
        return claimed

    def start(self) -> None:
        self._tasks = [asyncio.create_task(self._loop(s)) for s in self.schedules]

    async def stop(self) -> None:
        for task in self._tasks:
            task.cancel()
        await asyncio.gather(*self._tasks, return_exceptions=True)
        self._tasks = []

    async def _loop(self, schedule: Schedule) -> None:
        while True:
            tick = next_tick(schedule.cron, utcnow())
            await asyncio.sleep(max(0.0, (tick - utcnow()).total_seconds()))
            await self.run_tick(schedule, tick)

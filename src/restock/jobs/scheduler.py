"""Runs jobs on cron schedules. Every instance runs this loop; for each tick, the instance that
claims it in the database runs the job, the others skip it.

A tick is not lost with the instance that claimed it: a job that did not finish (its instance
died, or it failed) is run again by an instance that finds its claim stale, and a tick that
passed while every instance was down is run when one comes up. Instances look for such ticks
at start and every STALE_CLAIM while they wait."""

import asyncio
import logging
import math
from collections.abc import Awaitable, Callable
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta

from apscheduler.triggers.cron import CronTrigger

from restock.db import Database
from restock.jobs import repository
from restock.kit.time import utcnow

log = logging.getLogger(__name__)
Job = Callable[[], Awaitable[object]]
STALE_CLAIM = timedelta(minutes=10)
_LOOK_BACK = (timedelta(minutes=1), timedelta(hours=1), timedelta(days=1), timedelta(days=367))


@dataclass(frozen=True)
class Schedule:
    """A job run at each tick of a crontab, or every `every` seconds (ticks at multiples of
    it since the epoch, so that every instance sees the same ticks): one of the two."""

    name: str
    job: Job
    cron: str | None = None
    every: float | None = None

    def next_tick(self, after: datetime) -> datetime:
        if self.cron is not None:
            return next_tick(self.cron, after)
        return self._tick(math.ceil(after.timestamp() / self._seconds))

    def latest_tick(self, now: datetime) -> datetime | None:
        if self.cron is not None:
            return latest_tick(self.cron, now)
        return self._tick(math.floor(now.timestamp() / self._seconds))

    @property
    def _seconds(self) -> float:
        assert self.every is not None  # a schedule without a crontab has an interval
        return self.every

    def _tick(self, count: int) -> datetime:
        return datetime.fromtimestamp(count * self._seconds, UTC)


def next_tick(cron: str, after: datetime) -> datetime:
    """The first tick at or after `after`."""
    fire = CronTrigger.from_crontab(cron, timezone=UTC).get_next_fire_time(None, after)
    assert fire is not None  # a crontab always fires again
    return fire  # type: ignore[no-any-return]


def latest_tick(cron: str, now: datetime) -> datetime | None:
    """The last tick at or before `now`, within a year."""
    for window in _LOOK_BACK:  # widening, so that a frequent cron is not walked for a year
        tick = next_tick(cron, now - window)
        if tick <= now:
            while (later := next_tick(cron, tick + timedelta(seconds=1))) <= now:
                tick = later
            return tick
    return None


class Scheduler:
    def __init__(self, database: Database) -> None:
        self.database = database
        self.schedules: list[Schedule] = []
        self._tasks: list[asyncio.Task[None]] = []

    def add(self, name: str, cron: str, job: Job) -> None:
        next_tick(cron, utcnow())  # a bad expression fails at start-up, not at midnight
        self.schedules.append(Schedule(name, job, cron=cron))

    def add_every(self, name: str, seconds: float, job: Job) -> None:
        self.schedules.append(Schedule(name, job, every=seconds))

    async def run_tick(self, schedule: Schedule, tick: datetime) -> bool:
        """Run the job for this tick if this instance claims it; whether it ran."""
        now = utcnow()
        async with self.database.transaction() as session:
            claimed = await repository.claim_tick(
                session, schedule.name, tick, now, now - STALE_CLAIM
            )
        if not claimed:
            return False
        log.info("running %s for the tick of %s", schedule.name, tick.isoformat())
        try:
            await schedule.job()
        except Exception:  # left unfinished: run again once the claim is stale
            log.exception("scheduled job %s failed at %s", schedule.name, tick)
            return True
        async with self.database.transaction() as session:
            await repository.finish_tick(session, schedule.name, tick, utcnow())
        return True

    async def overdue(self, schedule: Schedule) -> datetime | None:
        """The tick to run now, if any: the last claimed one when its job did not finish
        (`run_tick` takes it only once the claim is stale), or the latest one when a tick
        passed unclaimed. None for a job never run: it starts with its next tick."""
        async with self.database.transaction() as session:
            last = await repository.last_run(session, schedule.name)
        if last is None:
            return None
        if last.finished_at is None:
            return last.last_tick
        now = utcnow()
        if schedule.next_tick(last.last_tick + timedelta(microseconds=1)) > now:
            return None
        return schedule.latest_tick(now)

    def start(self) -> None:
        self._tasks = [asyncio.create_task(self._loop(s)) for s in self.schedules]

    async def stop(self) -> None:
        for task in self._tasks:
            task.cancel()
        await asyncio.gather(*self._tasks, return_exceptions=True)
        self._tasks = []

    async def _loop(self, schedule: Schedule) -> None:
        due: datetime | None = None  # the regular tick just reached
        while True:
            try:
                tick = due or await self.overdue(schedule)
                if tick is not None:
                    await self.run_tick(schedule, tick)
            except Exception:  # the database is away: a later look finds the tick overdue
                log.exception("scheduling %s failed; looking again later", schedule.name)
            due = schedule.next_tick(utcnow())
            wait = (due - utcnow()).total_seconds()
            if wait > STALE_CLAIM.total_seconds():
                due, wait = None, STALE_CLAIM.total_seconds()
            await asyncio.sleep(max(0.0, wait))

import asyncio
from datetime import UTC, datetime

import pytest

from restock.db import Database
from restock.jobs.scheduler import Scheduler, next_tick


def test_next_tick_follows_the_crontab() -> None:
    now = datetime(2026, 11, 23, 13, 37, 5, tzinfo=UTC)
    assert next_tick("0 0 * * *", now) == datetime(2026, 11, 24, tzinfo=UTC)
    assert next_tick("*/15 * * * *", now) == datetime(2026, 11, 23, 13, 45, tzinfo=UTC)


async def test_a_bad_expression_fails_when_added(db: Database) -> None:
    with pytest.raises(ValueError):
        Scheduler(db).add("broken", "61 * * * *", lambda: asyncio.sleep(0))


async def test_two_instances_run_each_tick_once(db: Database) -> None:
    runs: list[str] = []

    def make(instance: str) -> Scheduler:
        async def job() -> None:
            runs.append(instance)

        scheduler = Scheduler(db)
        scheduler.add("check-restock", "* * * * *", job)
        return scheduler

    first, second = make("first"), make("second")
    for minute in (1, 2):
        tick = datetime(2026, 11, 23, 0, minute, tzinfo=UTC)
        claims = await asyncio.gather(
            first.run_tick(first.schedules[0], tick), second.run_tick(second.schedules[0], tick)
        )
        assert sorted(claims) == [False, True]
    assert len(runs) == 2
    # A late instance waking for an old tick does not run it again.
    assert not await first.run_tick(first.schedules[0], datetime(2026, 11, 23, 0, 1, tzinfo=UTC))
    assert len(runs) == 2


async def test_a_failing_job_is_logged_and_the_tick_stays_claimed(db: Database) -> None:
    async def job() -> None:
        raise RuntimeError("job bug")

    scheduler = Scheduler(db)
    scheduler.add("flaky", "* * * * *", job)
    tick = datetime(2026, 11, 23, 0, 5, tzinfo=UTC)
    assert await scheduler.run_tick(scheduler.schedules[0], tick) is True
    assert await scheduler.run_tick(scheduler.schedules[0], tick) is False

import asyncio
from datetime import UTC, datetime, timedelta

import pytest

from restock.db import Database
from restock.jobs import repository
from restock.jobs.scheduler import STALE_CLAIM, Scheduler, latest_tick, next_tick
from restock.kit.time import utcnow


def test_next_tick_follows_the_crontab() -> None:
    now = datetime(2026, 11, 23, 13, 37, 5, tzinfo=UTC)
    assert next_tick("0 0 * * *", now) == datetime(2026, 11, 24, tzinfo=UTC)
    assert next_tick("*/15 * * * *", now) == datetime(2026, 11, 23, 13, 45, tzinfo=UTC)


def test_latest_tick_is_the_last_one_at_or_before_now() -> None:
    now = datetime(2026, 11, 23, 13, 37, 5, tzinfo=UTC)
    assert latest_tick("0 0 * * *", now) == datetime(2026, 11, 23, tzinfo=UTC)
    assert latest_tick("*/15 * * * *", now) == datetime(2026, 11, 23, 13, 30, tzinfo=UTC)
    assert latest_tick("37 13 * * *", now) == datetime(2026, 11, 23, 13, 37, tzinfo=UTC)
    assert latest_tick("0 0 1 1 *", now) == datetime(2026, 1, 1, tzinfo=UTC)


async def test_an_interval_job_ticks_at_multiples_of_its_seconds(db: Database) -> None:
    scheduler = Scheduler(db)
    scheduler.add_every("medusa-pull", 10, lambda: asyncio.sleep(0))
    [every] = scheduler.schedules
    now = datetime(2026, 11, 23, 13, 37, 5, 500_000, tzinfo=UTC)
    assert every.next_tick(now) == datetime(2026, 11, 23, 13, 37, 10, tzinfo=UTC)
    assert every.latest_tick(now) == datetime(2026, 11, 23, 13, 37, 0, tzinfo=UTC)
    exact = datetime(2026, 11, 23, 13, 37, 10, tzinfo=UTC)
    assert every.next_tick(exact) == every.latest_tick(exact) == exact
    assert every.cron is None


async def test_a_bad_expression_fails_when_added(db: Database) -> None:
    with pytest.raises(ValueError):
        Scheduler(db).add("broken", "61 * * * *", lambda: asyncio.sleep(0))


def _counting(db: Database, runs: list[str], instance: str, cron: str = "0 0 * * *") -> Scheduler:
    async def job() -> None:
        runs.append(instance)

    scheduler = Scheduler(db)
    scheduler.add("check-restock", cron, job)
    return scheduler


async def test_two_instances_run_each_tick_once(db: Database) -> None:
    runs: list[str] = []
    first = _counting(db, runs, "first", "* * * * *")
    second = _counting(db, runs, "second", "* * * * *")
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


async def test_a_failing_job_is_logged_and_its_tick_stays_claimed_but_unfinished(
    db: Database,
) -> None:
    async def job() -> None:
        raise RuntimeError("job bug")

    scheduler = Scheduler(db)
    scheduler.add("flaky", "* * * * *", job)
    tick = datetime(2026, 11, 23, 0, 5, tzinfo=UTC)
    assert await scheduler.run_tick(scheduler.schedules[0], tick) is True
    assert await scheduler.run_tick(scheduler.schedules[0], tick) is False
    # Unfinished: an instance looking for overdue ticks tries it again once the claim is stale.
    assert await scheduler.overdue(scheduler.schedules[0]) == tick


async def _claimed(
    db: Database, tick: datetime, at: datetime, finished: bool, stale_before: datetime | None = None
) -> None:
    """`tick` claimed `at` (taking over a claim older than `stale_before`), and finished or not."""
    async with db.transaction() as session:
        assert await repository.claim_tick(session, "check-restock", tick, at, stale_before or at)
        if finished:
            await repository.finish_tick(session, "check-restock", tick, at)


async def test_a_tick_whose_instance_died_is_run_again_once_its_claim_is_stale(
    db: Database,
) -> None:
    runs: list[str] = []
    first, second = _counting(db, runs, "first"), _counting(db, runs, "second")
    tick = latest_tick("0 0 * * *", utcnow())
    assert tick is not None
    await _claimed(db, tick, utcnow() - timedelta(minutes=1), finished=False)
    assert await first.overdue(first.schedules[0]) == tick
    assert not await first.run_tick(first.schedules[0], tick)  # the claim is fresh: it may run
    assert runs == []

    # The claim is taken over as if made more than STALE_CLAIM ago, its job still unfinished.
    long_ago = utcnow() - STALE_CLAIM - timedelta(seconds=1)
    await _claimed(db, tick, long_ago, finished=False, stale_before=utcnow())
    claims = await asyncio.gather(
        first.run_tick(first.schedules[0], tick), second.run_tick(second.schedules[0], tick)
    )
    assert sorted(claims) == [False, True] and len(runs) == 1
    assert await first.overdue(first.schedules[0]) is None  # finished this time


async def test_a_tick_passed_while_every_instance_was_down_runs_once_at_start(
    db: Database,
) -> None:
    runs: list[str] = []
    scheduler = _counting(db, runs, "late")
    today = latest_tick("0 0 * * *", utcnow())
    assert today is not None
    await _claimed(db, today - timedelta(days=3), today - timedelta(days=3), finished=True)
    scheduler.start()
    try:
        for _ in range(200):
            if runs:
                break
            await asyncio.sleep(0.01)
        await asyncio.sleep(0.05)
    finally:
        await scheduler.stop()
    assert runs == ["late"]  # once, for the latest tick, not once per missed day
    assert await scheduler.overdue(scheduler.schedules[0]) is None


async def test_a_job_never_run_waits_for_its_first_tick(db: Database) -> None:
    scheduler = _counting(db, [], "new")
    assert await scheduler.overdue(scheduler.schedules[0]) is None

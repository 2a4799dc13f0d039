"""Retention, run by the scheduler every night: history older than RESTOCK_RETENTION_DAYS is
deleted, and subscriptions waiting longer than RESTOCK_SUBSCRIPTION_TTL_DAYS are cancelled.
Deletes go in batches, one short transaction each, so a large backlog never holds a long
transaction or a long lock."""

import logging
from collections.abc import Awaitable, Callable
from dataclasses import dataclass
from datetime import timedelta

from sqlalchemy.ext.asyncio import AsyncSession

from restock.config import Settings
from restock.db import Database
from restock.kit.time import utcnow
from restock.notifications.service import notification_service
from restock.subscriptions.service import restock_subscription_service

log = logging.getLogger(__name__)
BATCH = 10_000
CRON = "30 3 * * *"  # every night, 03:30 UTC


@dataclass(frozen=True)
class Retained:
    expired: int  # waiting subscriptions cancelled
    subscriptions: int  # history rows deleted
    notifications: int


async def _in_batches(database: Database, delete: Callable[[AsyncSession], Awaitable[int]]) -> int:
    total = 0
    while True:
        async with database.transaction() as session:
            removed = await delete(session)
        total += removed
        if removed < BATCH:
            return total


async def apply_retention(database: Database, settings: Settings) -> Retained:
    now = utcnow()
    expired = 0
    if settings.subscription_ttl_days:
        made_before = now - timedelta(days=settings.subscription_ttl_days)
        async with database.transaction() as session:
            expired = await restock_subscription_service.expire_waiting(session, made_before)
    subscriptions = notifications = 0
    if settings.retention_days:
        before = now - timedelta(days=settings.retention_days)
        subscriptions = await _in_batches(
            database, lambda s: restock_subscription_service.delete_history(s, before, BATCH)
        )
        notifications = await _in_batches(
            database, lambda s: notification_service.delete_settled(s, before, BATCH)
        )
    retained = Retained(expired, subscriptions, notifications)
    log.info("retention: %s", retained)
    return retained

"""A restock check's dry run: the pairs and subscribers a check would notify now, found by the
check's own detection and claim statements in a transaction that is rolled back."""

from dataclasses import dataclass

from restock.config import Settings
from restock.db import Database
from restock.subscriptions import check_repository as repository
from restock.subscriptions.detection import CheckInput, HeldPair, hold_restocked


@dataclass(frozen=True)
class WouldTell:
    id: str
    email: str
    variant_id: str
    sales_channel_id: str


@dataclass(frozen=True)
class Preview:
    pairs: tuple[HeldPair, ...]
    subscribers: int  # how many the check would notify
    listed: list[WouldTell]  # the first of them, by variant, channel and age


async def preview_check(database: Database, settings: Settings, limit: int) -> Preview:
    async with database.dry_run() as session:
        detected = await hold_restocked(session, settings, CheckInput())
        total, listed = 0, list[WouldTell]()
        for number in range(len(detected.batches)):
            count, rows = await repository.would_claim(
                session,
                detected.check_id,
                number,
                fair_release=settings.notifications_per_unit > 0,
                limit=max(0, limit - len(listed)),
            )
            total += count
            listed += [WouldTell(**row._mapping) for row in rows]
    return Preview(detected.pairs, total, listed)

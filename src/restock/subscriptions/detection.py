"""Detection: which (variant, sales channel) pairs with live subscribers are restocked, and how
their subscribers are split into batches that the claim lanes take in turn.

Detection runs once per check, in one statement whatever the number of pairs, and holds the
restocked pairs in `restock_check_pair` for the check's claims.
"""

from collections import defaultdict
from dataclasses import dataclass

from sqlalchemy.ext.asyncio import AsyncSession

from restock.config import Settings
from restock.kit.arithmetic import ceil_div
from restock.kit.ids import new_id
from restock.kit.time import utcnow
from restock.subscriptions import check_repository as repository
from restock.subscriptions.check_repository import RestockedPair

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
class HeldPair:
    variant_id: str
    sales_channel_id: str
    quantity: int
    unlimited: bool  # stock that never runs out: not managed, or backorders allowed
    waiting: int  # live subscribers
    allowed: int | None  # how many this check may tell (fair release); None: all


@dataclass(frozen=True)
class Detected:
    check_id: str
    batches: tuple[Batch, ...]  # none: nothing was restocked
    pairs: tuple[HeldPair, ...] = ()

    @property
    def subscribers(self) -> int:
        return sum(batch.subscribers for batch in self.batches)


def lanes(settings: Settings) -> int:
    """Lanes claim disjoint batches at once; SQLite writes one transaction at a time."""
    return 1 if settings.is_sqlite else CHECK_LANES


def allowed_for(pair: RestockedPair, notifications_per_unit: int) -> int | None:
    """How many of a pair's subscribers one check may tell (fair release: so many per unit in
    stock); None when there is no cap (fair release off, or stock that never runs out)."""
    if notifications_per_unit == 0 or pair.unlimited:
        return None
    quantity: int = pair.quantity
    return notifications_per_unit * quantity


def batch_target(settings: Settings, total: int) -> int:
    """How many subscribers a batch should hold: the batch size, evened out so that each lane
    gets as many batches (a short last batch would run alone)."""
    size = settings.notification_batch_size
    lane_count = min(lanes(settings), ceil_div(total, size))
    if lane_count < 2:
        return size
    rounds = ceil_div(total, lane_count * size)
    return ceil_div(total, lane_count * rounds)


def batch_numbers(told: list[int], target: int) -> list[int]:
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
    """Detect once and hold the restocked pairs, each with its batch and how many of its
    subscribers may be told."""
    now, check_id = utcnow(), new_id("check")
    pairs = await repository.restocked(session, settings.inventory_required, given.variant_ids)
    allowed = [allowed_for(pair, settings.notifications_per_unit) for pair in pairs]
    told = [
        pair.waiting if pair_allowed is None else min(pair.waiting, pair_allowed)
        for pair, pair_allowed in zip(pairs, allowed, strict=True)
    ]
    numbers = batch_numbers(told, batch_target(settings, sum(told)))
    rows = [
        {
            "check_id": check_id,
            "variant_id": pair.variant_id,
            "sales_channel_id": pair.sales_channel_id,
            "allowed": pair_allowed,
            "batch": number,
            "created_at": now,
        }
        for pair, pair_allowed, number in zip(pairs, allowed, numbers, strict=True)
    ]
    await repository.hold_pairs(session, rows)
    counts: dict[int, int] = defaultdict(int)
    variants: dict[int, set[str]] = defaultdict(set)
    for pair, number, count in zip(pairs, numbers, told, strict=True):
        counts[number] += count
        variants[number].add(pair.variant_id)
    batches = (Batch(counts[n], frozenset(variants[n])) for n in sorted(counts))
    held = (
        HeldPair(p.variant_id, p.sales_channel_id, p.quantity, p.unlimited, p.waiting, a)
        for p, a in zip(pairs, allowed, strict=True)
    )
    return Detected(check_id, tuple(batches), tuple(held))

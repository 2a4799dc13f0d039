"""How many units of a variant a sales channel can sell: one SQL statement for many pairs.

For each inventory item of the variant: the sum of `stocked - reserved` over its levels at the
stock locations linked to the channel, floor-divided by the item's `required_quantity`; the
variant's quantity is the minimum over its items (Medusa's `getVariantAvailability`). A variant
that does not manage inventory, or allows backorder, is always available.

`availability_query` takes any selectable of `(variant_id, sales_channel_id)` pairs, so callers
can hand it a literal list or a query (for example, every pair with a live subscription).
"""

from collections.abc import Iterable
from dataclasses import dataclass
from typing import Any

from sqlalchemy import String, and_, bindparam, case, func, literal, or_, select, union, union_all
from sqlalchemy.ext.asyncio import AsyncSession
from sqlalchemy.sql import ColumnElement, CompoundSelect, Select

from restock.models import (
    InventoryLevel,
    ProductVariant,
    SalesChannelStockLocation,
    VariantInventoryItem,
)

Pair = tuple[str, str]
# Pairs per statement: a literal list is a UNION ALL, and SQLite allows 500 terms in one.
_CHUNK = 250


@dataclass(frozen=True)
class Availability:
    variant_id: str
    sales_channel_id: str
    quantity: int
    manage_inventory: bool
    allow_backorder: bool

    @property
    def in_stock(self) -> bool:
        return not self.manage_inventory or self.allow_backorder or self.quantity > 0


def _floor_div(numerator: Any, denominator: Any) -> ColumnElement[int]:
    # SQL integer division truncates toward zero; availability can be negative (reserved > stocked).
    return case(
        (numerator >= 0, numerator // denominator),
        else_=-((-numerator + denominator - 1) // denominator),
    )


def availability_query(pairs: Any) -> Select[Any]:
    """Rows of (variant_id, sales_channel_id, manage_inventory, allow_backorder, quantity), and
    any further columns of `pairs` as they are."""
    link = VariantInventoryItem.__table__
    level = InventoryLevel.__table__
    supply = SalesChannelStockLocation.__table__
    variant = ProductVariant.__table__
    levels_in_channel = level.join(supply, supply.c.stock_location_id == level.c.location_id)
    per_item = (
        select(
            pairs.c.variant_id,
            pairs.c.sales_channel_id,
            link.c.required_quantity,
            func.coalesce(func.sum(level.c.stocked_quantity - level.c.reserved_quantity), 0).label(
                "units"
            ),
        )
        .select_from(
            pairs.join(link, link.c.variant_id == pairs.c.variant_id).outerjoin(
                levels_in_channel,
                and_(
                    level.c.inventory_item_id == link.c.inventory_item_id,
                    supply.c.sales_channel_id == pairs.c.sales_channel_id,
                ),
            )
        )
        .group_by(
            pairs.c.variant_id,
            pairs.c.sales_channel_id,
            link.c.inventory_item_id,
            link.c.required_quantity,
        )
        .subquery("per_item")
    )
    quantity = func.min(_floor_div(per_item.c.units, per_item.c.required_quantity))
    carried = [c for c in pairs.c if c.name not in ("variant_id", "sales_channel_id")]
    return (
        select(
            pairs.c.variant_id,
            pairs.c.sales_channel_id,
            variant.c.manage_inventory,
            variant.c.allow_backorder,
            func.coalesce(quantity, 0).label("quantity"),
            *carried,
        )
        .select_from(
            pairs.join(variant, variant.c.id == pairs.c.variant_id).outerjoin(
                per_item,
                and_(
                    per_item.c.variant_id == pairs.c.variant_id,
                    per_item.c.sales_channel_id == pairs.c.sales_channel_id,
                ),
            )
        )
        .group_by(
            pairs.c.variant_id,
            pairs.c.sales_channel_id,
            variant.c.manage_inventory,
            variant.c.allow_backorder,
            *carried,
        )
    )


def maybe_available() -> CompoundSelect[Any]:
    """SQL: the ids of the variants that may be available somewhere: they do not count stock,
    or one of their items has a level with more stocked than reserved. Any variant with a
    quantity above zero in some channel is among them, so a search for such pairs can start
    from these instead of computing the availability of every pair."""
    link = VariantInventoryItem.__table__
    level = InventoryLevel.__table__
    variant = ProductVariant.__table__
    stocked = (
        select(link.c.variant_id)
        .join(level, level.c.inventory_item_id == link.c.inventory_item_id)
        .where(level.c.stocked_quantity > level.c.reserved_quantity)
    )
    unlimited = select(variant.c.id).where(
        or_(~variant.c.manage_inventory, variant.c.allow_backorder)
    )
    return union(stocked, unlimited)


def pairs_cte(pairs: list[Pair]) -> Any:
    # Bound parameters, not a VALUES literal: the statement's shape then depends only on the
    # number of pairs, so SQLAlchemy compiles it once per size instead of once per call.
    rows = [
        select(literal(v, String).label("variant_id"), literal(c, String).label("sales_channel_id"))
        for v, c in pairs
    ]
    return (rows[0] if len(rows) == 1 else union_all(*rows)).cte("pairs")


def one_pair_cte() -> Any:
    """A pairs CTE of one pair given as the parameters `variant_id` and `sales_channel_id`,
    for statements built once and run with values (see the restock repository)."""
    return select(
        bindparam("variant_id", type_=String).label("variant_id"),
        bindparam("sales_channel_id", type_=String).label("sales_channel_id"),
    ).cte("pairs")


async def availability(session: AsyncSession, pairs: Iterable[Pair]) -> dict[Pair, Availability]:
    """Availability of each pair; a pair whose variant does not exist is absent from the answer."""
    wanted = list(dict.fromkeys(pairs))
    found: dict[Pair, Availability] = {}
    if not wanted:
        return found
    for start in range(0, len(wanted), _CHUNK):
        rows = await session.execute(availability_query(pairs_cte(wanted[start : start + _CHUNK])))
        for row in rows:
            found[(row.variant_id, row.sales_channel_id)] = from_row(row)
    return found


def from_row(row: Any) -> Availability:
    return Availability(
        variant_id=row.variant_id,
        sales_channel_id=row.sales_channel_id,
        quantity=int(row.quantity),
        manage_inventory=row.manage_inventory,
        allow_backorder=row.allow_backorder,
    )

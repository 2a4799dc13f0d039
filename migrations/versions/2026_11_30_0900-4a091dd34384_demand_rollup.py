"""restock_demand: live subscribers per pair as of the last refresh

The demand report reads this table instead of aggregating every live subscription, so it costs
the same at any table size; the scheduler refreshes it every minute.

Revision ID: 4a091dd34384
Revises: 05dde754866d
Create Date: 2026-11-30 09:00:00
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

from restock.kit.time import UTCDateTime

revision: str = "4a091dd34384"
down_revision: str | None = "05dde754866d"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.create_table(
        "restock_demand",
        sa.Column("variant_id", sa.String(length=40), nullable=False),
        sa.Column("sales_channel_id", sa.String(length=40), nullable=False),
        sa.Column("waiting", sa.Integer(), nullable=False),
        sa.Column("waiting_since", UTCDateTime(timezone=True), nullable=False),
        sa.Column("refreshed_at", UTCDateTime(timezone=True), nullable=False),
        sa.PrimaryKeyConstraint("variant_id", "sales_channel_id", name=op.f("pk_restock_demand")),
    )
    with op.batch_alter_table("restock_demand", schema=None) as batch_op:
        batch_op.create_index("ix_restock_demand_waiting", ["waiting"], unique=False)


def downgrade() -> None:
    with op.batch_alter_table("restock_demand", schema=None) as batch_op:
        batch_op.drop_index("ix_restock_demand_waiting")
    op.drop_table("restock_demand")

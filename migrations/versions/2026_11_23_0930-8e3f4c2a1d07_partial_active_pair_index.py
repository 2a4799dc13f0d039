"""the pairs index holds active subscriptions only

Detection and claims look for active subscriptions alone; a claimed, notified or cancelled row
no longer needs an entry, so claiming a subscription writes one index entry fewer.

Revision ID: 8e3f4c2a1d07
Revises: 5c1e0d7a9b21
Create Date: 2026-11-23 09:30:00
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "8e3f4c2a1d07"
down_revision: str | None = "5c1e0d7a9b21"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

ACTIVE = sa.text("status = 'active'")


def upgrade() -> None:
    with op.batch_alter_table("restock_subscription", schema=None) as batch_op:
        batch_op.drop_index("ix_restock_subscription_status_pair")
        batch_op.create_index(
            "ix_restock_subscription_active_pair",
            ["variant_id", "sales_channel_id"],
            unique=False,
            sqlite_where=ACTIVE,
            postgresql_where=ACTIVE,
        )


def downgrade() -> None:
    with op.batch_alter_table("restock_subscription", schema=None) as batch_op:
        batch_op.drop_index("ix_restock_subscription_active_pair")
        batch_op.create_index(
            "ix_restock_subscription_status_pair",
            ["status", "variant_id", "sales_channel_id"],
            unique=False,
        )

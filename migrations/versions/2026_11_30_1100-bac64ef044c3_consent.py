"""a subscription's consent record: through what it was asked for, and when it was confirmed

Existing rows have neither (they were made before it was recorded).

Revision ID: bac64ef044c3
Revises: b0de4d738a4f
Create Date: 2026-11-30 11:00:00
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

from restock.kit.time import UTCDateTime

revision: str = "bac64ef044c3"
down_revision: str | None = "b0de4d738a4f"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    with op.batch_alter_table("restock_subscription", schema=None) as batch_op:
        batch_op.add_column(sa.Column("consent_source", sa.String(length=16), nullable=True))
        batch_op.add_column(sa.Column("confirmed_at", UTCDateTime(timezone=True), nullable=True))


def downgrade() -> None:
    with op.batch_alter_table("restock_subscription", schema=None) as batch_op:
        batch_op.drop_column("confirmed_at")
        batch_op.drop_column("consent_source")

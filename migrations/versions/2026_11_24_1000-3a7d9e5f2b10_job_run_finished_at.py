"""a scheduled job's tick records when its job finished

A tick claimed by an instance that died before its job finished is run again by another
instance once the claim is stale. Ticks claimed before this revision count as finished.

Revision ID: 3a7d9e5f2b10
Revises: 8e3f4c2a1d07
Create Date: 2026-11-24 10:00:00
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

import restock.kit.time

revision: str = "3a7d9e5f2b10"
down_revision: str | None = "8e3f4c2a1d07"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    with op.batch_alter_table("job_run", schema=None) as batch_op:
        batch_op.add_column(
            sa.Column("finished_at", restock.kit.time.UTCDateTime(timezone=True), nullable=True)
        )
    op.execute("UPDATE job_run SET finished_at = claimed_at")


def downgrade() -> None:
    with op.batch_alter_table("job_run", schema=None) as batch_op:
        batch_op.drop_column("finished_at")

"""a check's held pairs no longer carry their variant's view

Each batch's claim builds the views of its own variants and passes them to the database with
the claim, so a lane builds its views while another lane's claim runs.

Revision ID: 05dde754866d
Revises: 6a17a8e4e442
Create Date: 2026-11-26 09:00:00
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op
from sqlalchemy.dialects import postgresql

revision: str = "05dde754866d"
down_revision: str | None = "6a17a8e4e442"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    with op.batch_alter_table("restock_check_pair", schema=None) as batch_op:
        batch_op.drop_column("variant")


def downgrade() -> None:
    json = sa.JSON().with_variant(postgresql.JSONB(astext_type=sa.Text()), "postgresql")
    with op.batch_alter_table("restock_check_pair", schema=None) as batch_op:
        batch_op.add_column(sa.Column("variant", json, nullable=True))

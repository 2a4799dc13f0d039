"""a subscription's locale: the language its emails are written in

Existing rows have none: their emails use the default locale.

Revision ID: 5d2e8c1a9f40
Revises: bac64ef044c3
Create Date: 2026-11-30 12:00:00
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "5d2e8c1a9f40"
down_revision: str | None = "bac64ef044c3"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    with op.batch_alter_table("restock_subscription", schema=None) as batch_op:
        batch_op.add_column(sa.Column("locale", sa.String(length=35), nullable=True))


def downgrade() -> None:
    with op.batch_alter_table("restock_subscription", schema=None) as batch_op:
        batch_op.drop_column("locale")

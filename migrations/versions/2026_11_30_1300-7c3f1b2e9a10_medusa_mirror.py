"""how far the mirror of a Medusa store got, per resource

Revision ID: 7c3f1b2e9a10
Revises: 5d2e8c1a9f40
Create Date: 2026-11-30 13:00:00
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

from restock.kit.time import UTCDateTime

revision: str = "7c3f1b2e9a10"
down_revision: str | None = "5d2e8c1a9f40"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.create_table(
        "medusa_mirror",
        sa.Column("resource", sa.String(), nullable=False),
        sa.Column("next_offset", sa.Integer(), nullable=False),
        sa.Column("watermark", UTCDateTime(timezone=True), nullable=True),
        sa.Column("pulled_at", UTCDateTime(timezone=True), nullable=True),
        sa.Column("generation", sa.Integer(), nullable=False, server_default="0"),
        sa.PrimaryKeyConstraint("resource", name=op.f("pk_medusa_mirror")),
    )


def downgrade() -> None:
    op.drop_table("medusa_mirror")

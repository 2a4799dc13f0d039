"""scheduled job ticks

Revision ID: 07889d2db67d
Revises: 293dc8978e0f
Create Date: 2026-11-23 01:49:07.682713
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

import restock.kit.time

revision: str = '07889d2db67d'
down_revision: str | None = '293dc8978e0f'
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.create_table('job_run',
    sa.Column('name', sa.String(), nullable=False),
    sa.Column('last_tick', restock.kit.time.UTCDateTime(timezone=True), nullable=False),
    sa.Column('claimed_at', restock.kit.time.UTCDateTime(timezone=True), nullable=False),
    sa.PrimaryKeyConstraint('name', name=op.f('pk_job_run'))
    )


def downgrade() -> None:
    op.drop_table('job_run')

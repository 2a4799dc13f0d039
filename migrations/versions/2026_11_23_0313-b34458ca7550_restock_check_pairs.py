"""restock check pairs

Revision ID: b34458ca7550
Revises: 07889d2db67d
Create Date: 2026-11-23 03:13:14.943981
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op
from sqlalchemy.dialects import postgresql

import restock.kit.time

revision: str = 'b34458ca7550'
down_revision: str | None = '07889d2db67d'
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.create_table('restock_check_pair',
    sa.Column('check_id', sa.String(length=40), nullable=False),
    sa.Column('variant_id', sa.String(length=40), nullable=False),
    sa.Column('sales_channel_id', sa.String(length=40), nullable=False),
    sa.Column('allowed', sa.Integer(), nullable=True),
    sa.Column('variant', sa.JSON().with_variant(postgresql.JSONB(astext_type=sa.Text()), 'postgresql'), nullable=True),
    sa.Column('created_at', restock.kit.time.UTCDateTime(timezone=True), nullable=False),
    sa.PrimaryKeyConstraint('check_id', 'variant_id', 'sales_channel_id', name=op.f('pk_restock_check_pair'))
    )
    with op.batch_alter_table('restock_check_pair', schema=None) as batch_op:
        batch_op.create_index('ix_restock_check_pair_created_at', ['created_at'], unique=False)



def downgrade() -> None:
    with op.batch_alter_table('restock_check_pair', schema=None) as batch_op:
        batch_op.drop_index('ix_restock_check_pair_created_at')

    op.drop_table('restock_check_pair')

"""restock subscriptions

Revision ID: bfefaefe8dbb
Revises: a90d77643621
Create Date: 2026-11-23 01:02:03.430585
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

import restock.kit.time

revision: str = 'bfefaefe8dbb'
down_revision: str | None = 'a90d77643621'
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.create_table('restock_subscription',
    sa.Column('id', sa.String(length=40), nullable=False),
    sa.Column('variant_id', sa.String(length=40), nullable=False),
    sa.Column('sales_channel_id', sa.String(length=40), nullable=False),
    sa.Column('email', sa.String(), nullable=False),
    sa.Column('email_key', sa.String(), nullable=False),
    sa.Column('customer_id', sa.String(length=40), nullable=True),
    sa.Column('status', sa.String(length=16), nullable=False),
    sa.Column('notified_at', restock.kit.time.UTCDateTime(timezone=True), nullable=True),
    sa.Column('cancelled_at', restock.kit.time.UTCDateTime(timezone=True), nullable=True),
    sa.Column('created_at', restock.kit.time.UTCDateTime(timezone=True), nullable=False),
    sa.Column('updated_at', restock.kit.time.UTCDateTime(timezone=True), nullable=False),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_restock_subscription'))
    )
    with op.batch_alter_table('restock_subscription', schema=None) as batch_op:
        batch_op.create_index('ix_restock_subscription_customer', ['customer_id'], unique=False)
        batch_op.create_index('ix_restock_subscription_email_key', ['email_key'], unique=False)
        batch_op.create_index('ix_restock_subscription_status_pair', ['status', 'variant_id', 'sales_channel_id'], unique=False)
        batch_op.create_index('uq_restock_subscription_live', ['variant_id', 'sales_channel_id', 'email_key'], unique=True, sqlite_where=sa.text("status IN ('active', 'notifying')"), postgresql_where=sa.text("status IN ('active', 'notifying')"))



def downgrade() -> None:
    with op.batch_alter_table('restock_subscription', schema=None) as batch_op:
        batch_op.drop_index('uq_restock_subscription_live', sqlite_where=sa.text("status IN ('active', 'notifying')"), postgresql_where=sa.text("status IN ('active', 'notifying')"))
        batch_op.drop_index('ix_restock_subscription_status_pair')
        batch_op.drop_index('ix_restock_subscription_email_key')
        batch_op.drop_index('ix_restock_subscription_customer')

    op.drop_table('restock_subscription')

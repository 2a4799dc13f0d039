"""notifications and suppressions

Revision ID: 293dc8978e0f
Revises: bfefaefe8dbb
Create Date: 2026-11-23 01:35:27.435809
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op
from sqlalchemy.dialects import postgresql
import restock.kit.time

revision: str = '293dc8978e0f'
down_revision: str | None = 'bfefaefe8dbb'
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.create_table('notification',
    sa.Column('id', sa.String(length=40), nullable=False),
    sa.Column('to', sa.String(), nullable=False),
    sa.Column('from', sa.String(), nullable=True),
    sa.Column('channel', sa.String(length=32), nullable=False),
    sa.Column('template', sa.String(), nullable=True),
    sa.Column('data', sa.JSON().with_variant(postgresql.JSONB(astext_type=sa.Text()), 'postgresql'), nullable=True),
    sa.Column('provider_id', sa.String(length=32), nullable=True),
    sa.Column('status', sa.String(length=16), nullable=False),
    sa.Column('idempotency_key', sa.String(), nullable=True),
    sa.Column('external_id', sa.String(), nullable=True),
    sa.Column('resource_id', sa.String(length=40), nullable=True),
    sa.Column('resource_type', sa.String(length=40), nullable=True),
    sa.Column('attempts', sa.Integer(), nullable=False),
    sa.Column('last_error', sa.String(), nullable=True),
    sa.Column('next_attempt_at', restock.kit.time.UTCDateTime(timezone=True), nullable=False),
    sa.Column('sent_at', restock.kit.time.UTCDateTime(timezone=True), nullable=True),
    sa.Column('created_at', restock.kit.time.UTCDateTime(timezone=True), nullable=False),
    sa.Column('updated_at', restock.kit.time.UTCDateTime(timezone=True), nullable=False),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_notification')),
    sa.UniqueConstraint('idempotency_key', name=op.f('uq_notification_idempotency_key'))
    )
    with op.batch_alter_table('notification', schema=None) as batch_op:
        batch_op.create_index('ix_notification_due', ['status', 'next_attempt_at'], unique=False)
        batch_op.create_index('ix_notification_resource', ['resource_id'], unique=False)
        batch_op.create_index('ix_notification_to', ['to'], unique=False)

    op.create_table('suppression',
    sa.Column('email_key', sa.String(), nullable=False),
    sa.Column('created_at', restock.kit.time.UTCDateTime(timezone=True), nullable=False),
    sa.PrimaryKeyConstraint('email_key', name=op.f('pk_suppression'))
    )


def downgrade() -> None:
    op.drop_table('suppression')
    with op.batch_alter_table('notification', schema=None) as batch_op:
        batch_op.drop_index('ix_notification_to')
        batch_op.drop_index('ix_notification_resource')
        batch_op.drop_index('ix_notification_due')

    op.drop_table('notification')

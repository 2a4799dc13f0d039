"""drop the notification resource index

No query looks notifications up by resource; the index only slowed every queued notification.

Revision ID: 5c1e0d7a9b21
Revises: b34458ca7550
Create Date: 2026-11-23 08:00:00
"""

from collections.abc import Sequence

from alembic import op

revision: str = "5c1e0d7a9b21"
down_revision: str | None = "b34458ca7550"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    with op.batch_alter_table("notification", schema=None) as batch_op:
        batch_op.drop_index("ix_notification_resource")


def downgrade() -> None:
    with op.batch_alter_table("notification", schema=None) as batch_op:
        batch_op.create_index("ix_notification_resource", ["resource_id"], unique=False)

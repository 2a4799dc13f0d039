"""a suppression records why: unsubscribed, or bounced with the mail server's answer

Existing suppressions came from unsubscribe links.

Revision ID: b0de4d738a4f
Revises: 4a091dd34384
Create Date: 2026-11-30 10:00:00
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "b0de4d738a4f"
down_revision: str | None = "4a091dd34384"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    with op.batch_alter_table("suppression", schema=None) as batch_op:
        batch_op.add_column(
            sa.Column(
                "reason",
                sa.String(length=16),
                server_default=sa.text("'unsubscribed'"),
                nullable=False,
            )
        )
        batch_op.add_column(sa.Column("detail", sa.String(), nullable=True))


def downgrade() -> None:
    with op.batch_alter_table("suppression", schema=None) as batch_op:
        batch_op.drop_column("detail")
        batch_op.drop_column("reason")

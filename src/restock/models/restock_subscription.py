from datetime import datetime

from sqlalchemy import Index, String, text
from sqlalchemy.orm import Mapped, mapped_column

from restock.models.base import Base, Timestamps

# Statuses in which a subscription still waits for its email. `notifying` is held while a
# notification for it is on its way (set by the restock checker).
LIVE_STATUSES = ("active", "notifying")
LIVE = text("status IN ('active', 'notifying')")
ACTIVE = text("status = 'active'")


class RestockSubscription(Timestamps, Base):
    """One address waiting for one variant in one sales channel. Rows are never deleted:
    notified and cancelled ones are the history."""

    __tablename__ = "restock_subscription"
    __table_args__ = (
        # One live subscription per (variant, channel, address); matching ignores case.
        Index(
            "uq_restock_subscription_live",
            "variant_id",
            "sales_channel_id",
            "email_key",
            unique=True,
            sqlite_where=LIVE,
            postgresql_where=LIVE,
        ),
        Index("ix_restock_subscription_email_key", "email_key"),
        Index("ix_restock_subscription_customer", "customer_id"),
        # The pairs still waiting, for detection and claims. Partial: a claimed row leaves it,
        # so claiming writes one index entry fewer.
        Index(
            "ix_restock_subscription_active_pair",
            "variant_id",
            "sales_channel_id",
            sqlite_where=ACTIVE,
            postgresql_where=ACTIVE,
        ),
    )

    id: Mapped[str] = mapped_column(String(40), primary_key=True)
    variant_id: Mapped[str] = mapped_column(String(40))
    sales_channel_id: Mapped[str] = mapped_column(String(40))
    email: Mapped[str]
    email_key: Mapped[str]  # lower(email): the case-insensitive identity of the address
    customer_id: Mapped[str | None] = mapped_column(String(40))
    status: Mapped[str] = mapped_column(String(16), default="active")
    notified_at: Mapped[datetime | None]
    cancelled_at: Mapped[datetime | None]

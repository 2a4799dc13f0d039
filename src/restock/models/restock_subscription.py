from datetime import datetime
from enum import StrEnum

from sqlalchemy import Index, String, and_, text
from sqlalchemy.orm import Mapped, mapped_column

from restock.models.base import Base, Timestamps

# A subscription is live (waits for its email: `active`, or `notifying` while a notification
# for it is on its way) until it is notified or cancelled. The indexes tell live rows by the two
# timestamps, set exactly when a subscription is notified or cancelled, rather than by `status`:
# claiming (active -> notifying) then changes no indexed column, and PostgreSQL rewrites the row
# within its page without touching any index (a HOT update) if the page has room, hence the
# fill factor.
LIVE = text("notified_at IS NULL AND cancelled_at IS NULL")
FILL_FACTOR = 85


class SubscriptionStatus(StrEnum):
    UNCONFIRMED = "unconfirmed"  # double opt-in: waits for its address to confirm it
    ACTIVE = "active"  # waiting for a restock
    NOTIFYING = "notifying"  # claimed by a check: its notification is on its way
    NOTIFIED = "notified"  # told; history from now on
    CANCELLED = "cancelled"  # by its owner, an admin, an unsubscribe or a deleted variant


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
        # Most subscribers are guests: their rows need no entry.
        Index(
            "ix_restock_subscription_customer",
            "customer_id",
            sqlite_where=text("customer_id IS NOT NULL"),
            postgresql_where=text("customer_id IS NOT NULL"),
        ),
        # The pairs still waiting, for detection and claims.
        Index(
            "ix_restock_subscription_live_pair",
            "variant_id",
            "sales_channel_id",
            sqlite_where=LIVE,
            postgresql_where=LIVE,
        ),
        {"postgresql_with": {"fillfactor": FILL_FACTOR}},
    )

    id: Mapped[str] = mapped_column(String(40), primary_key=True)
    variant_id: Mapped[str] = mapped_column(String(40))
    sales_channel_id: Mapped[str] = mapped_column(String(40))
    email: Mapped[str]
    email_key: Mapped[str]  # lower(email): the case-insensitive identity of the address
    customer_id: Mapped[str | None] = mapped_column(String(40))
    status: Mapped[str] = mapped_column(String(16), default=SubscriptionStatus.ACTIVE.value)
    notified_at: Mapped[datetime | None]
    cancelled_at: Mapped[datetime | None]
    # The consent record: through what the subscription was asked for (`api`, `widget`, `v1`
    # for the plugin's route, `account` for a signed-in customer's own address), and when its
    # address confirmed it (double opt-in).
    consent_source: Mapped[str | None] = mapped_column(String(16))
    locale: Mapped[str | None] = mapped_column(String(35))  # its emails' language (BCP 47)
    confirmed_at: Mapped[datetime | None]


# `LIVE` as a column expression: a query must state it to use the partial indexes.
IS_LIVE = and_(
    RestockSubscription.notified_at.is_(None), RestockSubscription.cancelled_at.is_(None)
)

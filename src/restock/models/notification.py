from datetime import datetime
from enum import StrEnum
from typing import Any

from sqlalchemy import Index, String
from sqlalchemy.orm import Mapped, mapped_column

from restock.models.base import Base, Timestamps


class NotificationStatus(StrEnum):
    PENDING = "pending"  # to be sent, or sent again after a failed attempt
    SUCCESS = "success"  # the provider accepted it
    FAILURE = "failure"  # failed for good, or the address was suppressed


class Notification(Timestamps, Base):
    """The durable outbox: a row is written in the transaction that decides to notify, and
    sent after it commits. `next_attempt_at` is both the retry time and the claim lease: a
    dispatcher that claims a row pushes it into the future, so a dispatcher that dies leaves
    the row due again once the lease runs out."""

    __tablename__ = "notification"
    __table_args__ = (
        Index("ix_notification_due", "status", "next_attempt_at"),
        Index("ix_notification_to", "to"),  # the admin list's `to` filter
    )

    id: Mapped[str] = mapped_column(String(40), primary_key=True)
    to: Mapped[str]
    from_: Mapped[str | None] = mapped_column("from")
    channel: Mapped[str] = mapped_column(String(32))
    template: Mapped[str | None]
    data: Mapped[dict[str, Any] | None]
    provider_id: Mapped[str | None] = mapped_column(String(32))
    status: Mapped[str] = mapped_column(String(16), default=NotificationStatus.PENDING.value)
    idempotency_key: Mapped[str | None] = mapped_column(unique=True)
    external_id: Mapped[str | None]
    resource_id: Mapped[str | None] = mapped_column(String(40))
    resource_type: Mapped[str | None] = mapped_column(String(40))
    attempts: Mapped[int] = mapped_column(default=0)
    last_error: Mapped[str | None]
    next_attempt_at: Mapped[datetime]
    sent_at: Mapped[datetime | None]

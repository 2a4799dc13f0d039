from datetime import datetime
from enum import StrEnum

from sqlalchemy import String, text
from sqlalchemy.orm import Mapped, mapped_column

from restock.models.base import Base


class SuppressionReason(StrEnum):
    UNSUBSCRIBED = "unsubscribed"  # the owner pressed the email's unsubscribe link
    BOUNCED = "bounced"  # the mail server refused the address for good
    COMPLAINED = "complained"  # the recipient reported the email as spam


class Suppression(Base):
    """An address that is never emailed again, with why and since when; new subscriptions of
    it store nothing."""

    __tablename__ = "suppression"

    email_key: Mapped[str] = mapped_column(primary_key=True)  # lower-cased address
    reason: Mapped[str] = mapped_column(
        String(16), server_default=text(f"'{SuppressionReason.UNSUBSCRIBED.value}'")
    )
    detail: Mapped[str | None]  # what the mail server answered, for a bounce
    created_at: Mapped[datetime]

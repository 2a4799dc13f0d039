from datetime import datetime

from sqlalchemy.orm import Mapped, mapped_column

from restock.models.base import Base


class Suppression(Base):
    """An address that unsubscribed: it is never emailed, and new subscriptions store nothing."""

    __tablename__ = "suppression"

    email_key: Mapped[str] = mapped_column(primary_key=True)  # lower-cased address
    created_at: Mapped[datetime]

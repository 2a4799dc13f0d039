from datetime import datetime

from sqlalchemy import ForeignKey, Index, String
from sqlalchemy.orm import Mapped, mapped_column

from restock.models.base import Base, Timestamps


class ApiKey(Timestamps, Base):
    """Publishable tokens are public and stored as is; secret tokens only as a SHA-256 hash."""

    __tablename__ = "api_key"

    id: Mapped[str] = mapped_column(String(40), primary_key=True)
    token: Mapped[str] = mapped_column(unique=True)
    redacted: Mapped[str]
    title: Mapped[str]
    type: Mapped[str] = mapped_column(String(16))
    created_by: Mapped[str]
    revoked_by: Mapped[str | None]
    revoked_at: Mapped[datetime | None]
    last_used_at: Mapped[datetime | None]


class ApiKeySalesChannel(Base):
    __tablename__ = "publishable_api_key_sales_channel"
    __table_args__ = (Index("ix_publishable_api_key_sales_channel_channel", "sales_channel_id"),)

    api_key_id: Mapped[str] = mapped_column(
        ForeignKey("api_key.id", ondelete="CASCADE"), primary_key=True
    )
    sales_channel_id: Mapped[str] = mapped_column(
        ForeignKey("sales_channel.id", ondelete="CASCADE"), primary_key=True
    )
    created_at: Mapped[datetime | None]

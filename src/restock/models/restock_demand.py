from datetime import datetime

from sqlalchemy import Index, String
from sqlalchemy.orm import Mapped, mapped_column

from restock.models.base import Base


class RestockDemand(Base):
    """Live subscribers per (variant, sales channel) as of the last refresh: what the demand
    report reads, so that it costs the same at any number of subscriptions. The scheduler
    refreshes it every minute, and an admin on request (one statement over the live rows)."""

    __tablename__ = "restock_demand"
    __table_args__ = (Index("ix_restock_demand_waiting", "waiting"),)

    variant_id: Mapped[str] = mapped_column(String(40), primary_key=True)
    sales_channel_id: Mapped[str] = mapped_column(String(40), primary_key=True)
    waiting: Mapped[int]
    waiting_since: Mapped[datetime]  # the oldest live subscription's creation
    refreshed_at: Mapped[datetime]

from sqlalchemy import ForeignKey, Index
from sqlalchemy.orm import Mapped, mapped_column

from restock.models.base import Base


class SalesChannelStockLocation(Base):
    """Which stock locations supply a sales channel: the heart of per-channel availability."""

    __tablename__ = "sales_channel_stock_location"
    __table_args__ = (Index("ix_sales_channel_stock_location_location", "stock_location_id"),)

    sales_channel_id: Mapped[str] = mapped_column(
        ForeignKey("sales_channel.id", ondelete="CASCADE"), primary_key=True
    )
    stock_location_id: Mapped[str] = mapped_column(
        ForeignKey("stock_location.id", ondelete="CASCADE"), primary_key=True
    )

from sqlalchemy import ForeignKey, Index
from sqlalchemy.orm import Mapped, mapped_column

from restock.models.base import Base


class ProductSalesChannel(Base):
    __tablename__ = "product_sales_channel"
    __table_args__ = (Index("ix_product_sales_channel_channel", "sales_channel_id"),)

    product_id: Mapped[str] = mapped_column(
        ForeignKey("product.id", ondelete="CASCADE"), primary_key=True
    )
    sales_channel_id: Mapped[str] = mapped_column(
        ForeignKey("sales_channel.id", ondelete="CASCADE"), primary_key=True
    )

from sqlalchemy import ForeignKey, String, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column

from restock.models.base import Base


class ProductOption(Base):
    __tablename__ = "product_option"
    __table_args__ = (UniqueConstraint("product_id", "title"),)

    id: Mapped[str] = mapped_column(String(40), primary_key=True)
    product_id: Mapped[str] = mapped_column(ForeignKey("product.id", ondelete="CASCADE"))
    title: Mapped[str]


class ProductOptionValue(Base):
    __tablename__ = "product_option_value"
    __table_args__ = (UniqueConstraint("option_id", "value"),)

    id: Mapped[str] = mapped_column(String(40), primary_key=True)
    option_id: Mapped[str] = mapped_column(ForeignKey("product_option.id", ondelete="CASCADE"))
    value: Mapped[str]

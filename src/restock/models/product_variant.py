from typing import Any

from sqlalchemy import ForeignKey, String
from sqlalchemy.orm import Mapped, mapped_column

from restock.models.base import Base, Timestamps


class ProductVariant(Timestamps, Base):
    __tablename__ = "product_variant"

    id: Mapped[str] = mapped_column(String(40), primary_key=True)
    product_id: Mapped[str] = mapped_column(
        ForeignKey("product.id", ondelete="CASCADE"), index=True
    )
    title: Mapped[str]
    sku: Mapped[str | None] = mapped_column(unique=True)
    barcode: Mapped[str | None]
    ean: Mapped[str | None]
    upc: Mapped[str | None]
    manage_inventory: Mapped[bool] = mapped_column(default=True)
    allow_backorder: Mapped[bool] = mapped_column(default=False)
    variant_rank: Mapped[int] = mapped_column(default=0)
    metadata_: Mapped[dict[str, Any] | None] = mapped_column("metadata")


class ProductVariantOption(Base):
    __tablename__ = "product_variant_option"

    variant_id: Mapped[str] = mapped_column(
        ForeignKey("product_variant.id", ondelete="CASCADE"), primary_key=True
    )
    option_value_id: Mapped[str] = mapped_column(
        ForeignKey("product_option_value.id", ondelete="CASCADE"), primary_key=True
    )

from sqlalchemy import CheckConstraint, ForeignKey, Index
from sqlalchemy.orm import Mapped, mapped_column

from restock.models.base import Base


class VariantInventoryItem(Base):
    """A variant needs `required_quantity` of an item per unit sold (kits need several)."""

    __tablename__ = "product_variant_inventory_item"
    __table_args__ = (
        CheckConstraint("required_quantity >= 1", name="ck_required_quantity_positive"),
        Index("ix_product_variant_inventory_item_item", "inventory_item_id"),
    )

    variant_id: Mapped[str] = mapped_column(
        ForeignKey("product_variant.id", ondelete="CASCADE"), primary_key=True
    )
    inventory_item_id: Mapped[str] = mapped_column(
        ForeignKey("inventory_item.id", ondelete="CASCADE"), primary_key=True
    )
    required_quantity: Mapped[int] = mapped_column(default=1)

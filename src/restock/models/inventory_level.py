from sqlalchemy import CheckConstraint, ForeignKey, String, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column

from restock.models.base import Base, Timestamps


class InventoryLevel(Timestamps, Base):
    __tablename__ = "inventory_level"
    __table_args__ = (
        UniqueConstraint("inventory_item_id", "location_id"),
        CheckConstraint("stocked_quantity >= 0", name="ck_stocked_non_negative"),
        CheckConstraint("reserved_quantity >= 0", name="ck_reserved_non_negative"),
        CheckConstraint("incoming_quantity >= 0", name="ck_incoming_non_negative"),
    )

    id: Mapped[str] = mapped_column(String(40), primary_key=True)
    inventory_item_id: Mapped[str] = mapped_column(
        ForeignKey("inventory_item.id", ondelete="CASCADE")
    )
    location_id: Mapped[str] = mapped_column(
        ForeignKey("stock_location.id", ondelete="CASCADE"), index=True
    )
    stocked_quantity: Mapped[int] = mapped_column(default=0)
    reserved_quantity: Mapped[int] = mapped_column(default=0)
    incoming_quantity: Mapped[int] = mapped_column(default=0)

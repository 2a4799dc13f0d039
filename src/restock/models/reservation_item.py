from typing import Any

from sqlalchemy import ForeignKey, String
from sqlalchemy.orm import Mapped, mapped_column

from restock.models.base import Base, Timestamps


class ReservationItem(Timestamps, Base):
    __tablename__ = "reservation_item"

    id: Mapped[str] = mapped_column(String(40), primary_key=True)
    inventory_item_id: Mapped[str] = mapped_column(
        ForeignKey("inventory_item.id", ondelete="CASCADE"), index=True
    )
    location_id: Mapped[str] = mapped_column(ForeignKey("stock_location.id", ondelete="CASCADE"))
    quantity: Mapped[int]
    line_item_id: Mapped[str | None]
    description: Mapped[str | None]
    metadata_: Mapped[dict[str, Any] | None] = mapped_column("metadata")

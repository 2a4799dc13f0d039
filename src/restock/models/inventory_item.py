from typing import Any

from sqlalchemy import String
from sqlalchemy.orm import Mapped, mapped_column

from restock.models.base import Base, Timestamps


class InventoryItem(Timestamps, Base):
    __tablename__ = "inventory_item"

    id: Mapped[str] = mapped_column(String(40), primary_key=True)
    sku: Mapped[str | None] = mapped_column(unique=True)
    title: Mapped[str | None]
    description: Mapped[str | None]
    requires_shipping: Mapped[bool] = mapped_column(default=True)
    metadata_: Mapped[dict[str, Any] | None] = mapped_column("metadata")

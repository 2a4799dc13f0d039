from typing import Any

from sqlalchemy import String
from sqlalchemy.orm import Mapped, mapped_column

from restock.models.base import Base, Timestamps


class StockLocation(Timestamps, Base):
    __tablename__ = "stock_location"

    id: Mapped[str] = mapped_column(String(40), primary_key=True)
    name: Mapped[str]
    address: Mapped[dict[str, Any] | None]
    metadata_: Mapped[dict[str, Any] | None] = mapped_column("metadata")

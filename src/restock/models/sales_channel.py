from typing import Any

from sqlalchemy import String
from sqlalchemy.orm import Mapped, mapped_column

from restock.models.base import Base, Timestamps


class SalesChannel(Timestamps, Base):
    __tablename__ = "sales_channel"

    id: Mapped[str] = mapped_column(String(40), primary_key=True)
    name: Mapped[str]
    description: Mapped[str | None]
    is_disabled: Mapped[bool] = mapped_column(default=False)
    metadata_: Mapped[dict[str, Any] | None] = mapped_column("metadata")

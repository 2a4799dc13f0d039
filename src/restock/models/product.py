from typing import Any

from sqlalchemy import String
from sqlalchemy.orm import Mapped, mapped_column

from restock.models.base import Base, Timestamps


class Product(Timestamps, Base):
    __tablename__ = "product"

    id: Mapped[str] = mapped_column(String(40), primary_key=True)
    title: Mapped[str]
    handle: Mapped[str] = mapped_column(unique=True)
    subtitle: Mapped[str | None]
    description: Mapped[str | None]
    status: Mapped[str] = mapped_column(String(16), default="draft")
    thumbnail: Mapped[str | None]
    metadata_: Mapped[dict[str, Any] | None] = mapped_column("metadata")

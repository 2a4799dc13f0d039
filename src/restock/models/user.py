from typing import Any

from sqlalchemy import String
from sqlalchemy.orm import Mapped, mapped_column

from restock.models.base import Base, Timestamps


class User(Timestamps, Base):
    __tablename__ = "user"

    id: Mapped[str] = mapped_column(String(40), primary_key=True)
    email: Mapped[str] = mapped_column(unique=True)
    first_name: Mapped[str | None]
    last_name: Mapped[str | None]
    metadata_: Mapped[dict[str, Any] | None] = mapped_column("metadata")

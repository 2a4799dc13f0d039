from typing import Any

from sqlalchemy import String, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column

from restock.models.base import Base, Timestamps


class Customer(Timestamps, Base):
    __tablename__ = "customer"
    __table_args__ = (UniqueConstraint("email", "has_account"),)

    id: Mapped[str] = mapped_column(String(40), primary_key=True)
    email: Mapped[str]
    first_name: Mapped[str | None]
    last_name: Mapped[str | None]
    company_name: Mapped[str | None]
    phone: Mapped[str | None]
    has_account: Mapped[bool] = mapped_column(default=False)
    metadata_: Mapped[dict[str, Any] | None] = mapped_column("metadata")

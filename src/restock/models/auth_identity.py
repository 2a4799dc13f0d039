from sqlalchemy import ForeignKey, String
from sqlalchemy.orm import Mapped, mapped_column

from restock.models.base import Base, Timestamps


class AuthIdentity(Timestamps, Base):
    """An email+password identity; it may act as a customer, an admin user, or both."""

    __tablename__ = "auth_identity"

    id: Mapped[str] = mapped_column(String(40), primary_key=True)
    email: Mapped[str] = mapped_column(unique=True)
    password_hash: Mapped[str]
    customer_id: Mapped[str | None] = mapped_column(ForeignKey("customer.id", ondelete="SET NULL"))
    user_id: Mapped[str | None] = mapped_column(ForeignKey("user.id", ondelete="SET NULL"))

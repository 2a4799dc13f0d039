from sqlalchemy import ForeignKey, Numeric, String
from sqlalchemy.orm import Mapped, mapped_column

from restock.models.base import Base, Timestamps


class Price(Timestamps, Base):
    __tablename__ = "price"

    id: Mapped[str] = mapped_column(String(40), primary_key=True)
    variant_id: Mapped[str] = mapped_column(
        ForeignKey("product_variant.id", ondelete="CASCADE"), index=True
    )
    currency_code: Mapped[str] = mapped_column(String(3))
    amount: Mapped[float] = mapped_column(Numeric(20, 4, asdecimal=False))

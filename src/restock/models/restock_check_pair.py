from datetime import datetime

from sqlalchemy import Index, String
from sqlalchemy.orm import Mapped, mapped_column

from restock.models.base import Base


class RestockCheckPair(Base):
    """The pairs one restock check found restocked, held while it claims their subscribers
    batch by batch: detection runs once per check, not once per batch. A check deletes its
    rows when it ends; rows of a check that died are deleted by a later one."""

    __tablename__ = "restock_check_pair"
    __table_args__ = (Index("ix_restock_check_pair_created_at", "created_at"),)

    check_id: Mapped[str] = mapped_column(String(40), primary_key=True)
    variant_id: Mapped[str] = mapped_column(String(40), primary_key=True)
    sales_channel_id: Mapped[str] = mapped_column(String(40), primary_key=True)
    # Fair release: how many subscribers of the pair this check may tell; None: every one.
    allowed: Mapped[int | None]
    batch: Mapped[int]  # the check claims its pairs in batches of whole pairs
    created_at: Mapped[datetime]

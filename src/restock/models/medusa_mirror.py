from datetime import datetime

from sqlalchemy.orm import Mapped, mapped_column

from restock.models.base import Base


class MedusaMirror(Base):
    """How far the mirror of a Medusa store got, one row per resource it reads: the page a
    full import resumes from, the newest `updated_at` seen, when the last complete pull of the
    resource ended (how far behind the mirror is), and its generation."""

    __tablename__ = "medusa_mirror"

    resource: Mapped[str] = mapped_column(primary_key=True)
    next_offset: Mapped[int] = mapped_column(default=0)
    watermark: Mapped[datetime | None]
    pulled_at: Mapped[datetime | None]
    # Moves when something other than a pull wrote the resource's rows (a hook): a process
    # that skips pages it wrote before, unchanged, must then compare them again.
    generation: Mapped[int] = mapped_column(default=0)

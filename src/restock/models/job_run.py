from datetime import datetime

from sqlalchemy.orm import Mapped, mapped_column

from restock.models.base import Base


class JobRun(Base):
    """The last cron tick of each scheduled job that some instance claimed: every instance
    runs the scheduler, and the tick is claimed once, so the job runs once per tick. A claim
    whose job never finished (its instance died) can be taken again once it is stale."""

    __tablename__ = "job_run"

    name: Mapped[str] = mapped_column(primary_key=True)
    last_tick: Mapped[datetime]
    claimed_at: Mapped[datetime]
    finished_at: Mapped[datetime | None]

"""The merchant's figures, for the admin API and the dashboard alike."""

from dataclasses import asdict
from datetime import UTC, datetime, time, timedelta
from typing import Any

from sqlalchemy.ext.asyncio import AsyncSession

from restock.insights import repository
from restock.kit.time import isoformat, utcnow


class InsightsService:
    async def demand(
        self, session: AsyncSession, limit: int, sales_channel_id: str | None = None
    ) -> list[dict[str, Any]]:
        rows = await repository.demand(session, limit, sales_channel_id)
        return [
            {
                **asdict(row),
                "waiting_since": isoformat(row.waiting_since),
                "refreshed_at": isoformat(row.refreshed_at),
            }
            for row in rows
        ]

    async def refresh_demand(self, session: AsyncSession) -> None:
        await repository.refresh_demand(session, utcnow())

    async def daily(self, session: AsyncSession, days: int) -> list[dict[str, Any]]:
        """One entry per UTC day, oldest first, today last; days without activity included."""
        today = utcnow().date()
        first = today - timedelta(days=days - 1)
        since = datetime.combine(first, time.min, tzinfo=UTC)
        created = await repository.subscriptions_per_day(session, since)
        told = await repository.notifications_per_day(session, since)
        out = []
        for n in range(days):
            day = first + timedelta(days=n)
            out.append(
                {
                    "date": day.isoformat(),
                    "subscriptions": created.get(day, 0),
                    "sent": told.get((day, "sent"), 0),
                    "failed": told.get((day, "failed"), 0),
                }
            )
        return out

    async def summary(
        self, session: AsyncSession, month: list[dict[str, Any]] | None = None
    ) -> dict[str, Any]:
        """The overview's figures; `month` is `daily(session, 30)` when the caller has it."""
        month = month if month is not None else await self.daily(session, 30)
        week = month[-7:]
        return {
            "live_subscriptions": await repository.live_count(session),
            "sent_7d": sum(d["sent"] for d in week),
            "failed_7d": sum(d["failed"] for d in week),
            "sent_30d": sum(d["sent"] for d in month),
            "failed_30d": sum(d["failed"] for d in month),
            "median_seconds_to_send": await repository.median_seconds_to_send(
                session, utcnow() - timedelta(days=30)
            ),
        }


insights_service = InsightsService()

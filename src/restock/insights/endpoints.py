from dataclasses import dataclass
from typing import Annotated, Any

from fastapi import APIRouter, Depends, Query
from sqlalchemy.ext.asyncio import AsyncSession

from restock.auth.dependencies import AdminUser
from restock.db import Session
from restock.insights.schemas import DailyAnswer, DemandAnswer, SummaryAnswer
from restock.insights.service import insights_service as service
from restock.kit.responses import ContractRoute

admin = APIRouter(
    prefix="/admin/restock-insights", tags=["admin: restock insights"], route_class=ContractRoute
)


@dataclass(frozen=True)
class DemandQuery:
    limit: int
    sales_channel_id: str | None

    async def answer(self, session: AsyncSession) -> dict[str, Any]:
        demand = await service.demand(session, self.limit, self.sales_channel_id)
        return {"demand": demand, "limit": self.limit}


async def demand_query(
    limit: Annotated[int, Query(ge=1, le=1000)] = 20, sales_channel_id: str | None = None
) -> DemandQuery:
    return DemandQuery(limit, sales_channel_id)


Wanted = Annotated[DemandQuery, Depends(demand_query)]


@admin.get("/demand", response_model=DemandAnswer)
async def demand(_: AdminUser, session: Session, wanted: Wanted) -> dict[str, Any]:
    """Most wanted: the variants with the most live subscribers, per sales channel, as counted
    at the last refresh (every minute; `refreshed_at` says when)."""
    return await wanted.answer(session)


@admin.post("/demand/refresh", response_model=DemandAnswer)
async def refresh_demand(_: AdminUser, session: Session, wanted: Wanted) -> dict[str, Any]:
    """Count the live subscribers of every pair now (the scheduler does it every minute), and
    answer the refreshed report."""
    await service.refresh_demand(session)
    return await wanted.answer(session)


@admin.get("/daily", response_model=DailyAnswer)
async def daily(
    _: AdminUser, session: Session, days: Annotated[int, Query(ge=1, le=366)] = 30
) -> dict[str, Any]:
    """Subscriptions created, emails sent and failed, per UTC day, today last."""
    return {"days": await service.daily(session, days)}


@admin.get("/summary", response_model=SummaryAnswer)
async def summary(_: AdminUser, session: Session) -> dict[str, Any]:
    """Live subscriptions, emails sent and failed over 7 and 30 days, median time to send."""
    return {"summary": await service.summary(session)}

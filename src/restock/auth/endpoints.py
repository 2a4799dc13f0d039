from typing import Annotated, Any

from fastapi import APIRouter, Body, Depends, Request

from restock.auth.dependencies import AppSettings, Bearer
from restock.auth.service import auth_service as service
from restock.auth.service import credentials
from restock.db import Session
from restock.errors import error_responses
from restock.kit.limits import AbuseGuard
from restock.kit.responses import ContractRoute, Out

router = APIRouter(prefix="/auth", tags=["auth"], route_class=ContractRoute)


class TokenAnswer(Out):
    token: str  # a JWT for the `authorization: Bearer` header


Credentials = Body(default=None, examples=[{"email": "admin@example.com", "password": "..."}])


async def limit_attempts(request: Request) -> AbuseGuard:
    guard: AbuseGuard = request.app.state.guard
    await guard.check_auth_ip(request.client.host if request.client else "unknown")
    return guard


Attempts = Annotated[AbuseGuard, Depends(limit_attempts)]
LIMITED = error_responses(401, 429)


async def _checked(guard: AbuseGuard, body: Any) -> tuple[str, str]:
    """The credentials, once the identity has attempts left."""
    email, password = credentials(body)
    await guard.check_auth_identity(email)
    return email, password


@router.post("/user/emailpass", response_model=TokenAnswer, responses=LIMITED)
async def login_user(
    session: Session, settings: AppSettings, guard: Attempts, body: Any = Credentials
) -> dict[str, str]:
    email, password = await _checked(guard, body)
    return {"token": await service.login(session, settings, "user", email, password)}


@router.post("/customer/emailpass", response_model=TokenAnswer, responses=LIMITED)
async def login_customer(
    session: Session, settings: AppSettings, guard: Attempts, body: Any = Credentials
) -> dict[str, str]:
    email, password = await _checked(guard, body)
    return {"token": await service.login(session, settings, "customer", email, password)}


@router.post("/customer/emailpass/register", response_model=TokenAnswer, responses=LIMITED)
async def register_customer(
    session: Session, settings: AppSettings, guard: Attempts, body: Any = Credentials
) -> dict[str, str]:
    email, password = await _checked(guard, body)
    return {"token": await service.register_customer(session, settings, email, password)}


@router.post("/token/refresh", response_model=TokenAnswer, responses=error_responses(401))
async def refresh(session: Session, settings: AppSettings, context: Bearer) -> dict[str, str]:
    return {"token": await service.refresh(session, settings, context)}

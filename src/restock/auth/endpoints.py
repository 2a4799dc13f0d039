from typing import Any

from fastapi import APIRouter, Body

from restock.auth.dependencies import AppSettings, Bearer
from restock.auth.service import auth_service as service
from restock.auth.service import credentials
from restock.db import Session
from restock.errors import error_responses
from restock.kit.responses import ContractRoute, Out

router = APIRouter(prefix="/auth", tags=["auth"], route_class=ContractRoute)


class TokenAnswer(Out):
    token: str  # a JWT for the `authorization: Bearer` header


Credentials = Body(default=None, examples=[{"email": "admin@example.com", "password": "..."}])


@router.post("/user/emailpass", response_model=TokenAnswer, responses=error_responses(401))
async def login_user(
    session: Session, settings: AppSettings, body: Any = Credentials
) -> dict[str, str]:
    email, password = credentials(body)
    return {"token": await service.login(session, settings, "user", email, password)}


@router.post("/customer/emailpass", response_model=TokenAnswer, responses=error_responses(401))
async def login_customer(
    session: Session, settings: AppSettings, body: Any = Credentials
) -> dict[str, str]:
    email, password = credentials(body)
    return {"token": await service.login(session, settings, "customer", email, password)}


@router.post(
    "/customer/emailpass/register", response_model=TokenAnswer, responses=error_responses(401)
)
async def register_customer(
    session: Session, settings: AppSettings, body: Any = Credentials
) -> dict[str, str]:
    email, password = credentials(body)
    return {"token": await service.register_customer(session, settings, email, password)}


@router.post("/token/refresh", response_model=TokenAnswer, responses=error_responses(401))
async def refresh(session: Session, settings: AppSettings, context: Bearer) -> dict[str, str]:
    return {"token": await service.refresh(session, settings, context)}

from typing import Any

from fastapi import APIRouter

from restock.auth.dependencies import Bearer, Customer, Store
from restock.customers.schemas import CustomerAnswer, CustomerCreate, customer_out
from restock.customers.service import customer_service as service
from restock.db import Session
from restock.errors import error_responses
from restock.kit.responses import ContractRoute

router = APIRouter(prefix="/store/customers", tags=["store: customers"], route_class=ContractRoute)


@router.post("", response_model=CustomerAnswer, responses=error_responses(422))
async def sign_up(
    body: CustomerCreate, session: Session, _: Store, context: Bearer
) -> dict[str, Any]:
    return {"customer": customer_out(await service.sign_up(session, context, body))}


@router.get("/me", response_model=CustomerAnswer)
async def me(session: Session, _: Store, customer_id: Customer) -> dict[str, Any]:
    return {"customer": customer_out(await service.retrieve(session, customer_id))}

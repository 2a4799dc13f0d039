from typing import Any

from fastapi import APIRouter

from restock.auth.dependencies import Bearer, Customer, Store
from restock.customers.schemas import CustomerCreate, customer_out
from restock.customers.service import customer_service as service
from restock.db import Session
from restock.errors import error_responses

router = APIRouter(prefix="/store/customers", tags=["store: customers"])


@router.post("", responses=error_responses(422))
async def sign_up(
    body: CustomerCreate, session: Session, _: Store, context: Bearer
) -> dict[str, Any]:
    return {"customer": customer_out(await service.sign_up(session, context, body))}


@router.get("/me")
async def me(session: Session, _: Store, customer_id: Customer) -> dict[str, Any]:
    return {"customer": customer_out(await service.retrieve(session, customer_id))}

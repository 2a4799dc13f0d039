from typing import Any

from restock.kit.responses import Out, Timestamps
from restock.kit.schema import Body, Metadata
from restock.kit.serialize import timestamps
from restock.models import Customer


class CustomerCreate(Body):
    email: str | None = None
    first_name: str | None = None
    last_name: str | None = None
    company_name: str | None = None
    phone: str | None = None
    metadata: Metadata = None


class CustomerOut(Timestamps):
    id: str
    email: str
    company_name: str | None
    first_name: str | None
    last_name: str | None
    phone: str | None
    metadata: dict[str, Any] | None
    has_account: bool
    addresses: list[dict[str, Any]]  # always empty: addresses are not kept here


class CustomerAnswer(Out):
    customer: CustomerOut


def customer_out(customer: Customer) -> dict[str, Any]:
    return {
        "id": customer.id,
        "email": customer.email,
        "company_name": customer.company_name,
        "first_name": customer.first_name,
        "last_name": customer.last_name,
        "phone": customer.phone,
        "metadata": customer.metadata_,
        "has_account": customer.has_account,
        "addresses": [],
        **timestamps(customer),
    }

"""Customer sign-up (after `/auth/customer/emailpass/register`) and profile."""

from sqlalchemy.exc import IntegrityError
from sqlalchemy.ext.asyncio import AsyncSession

from restock.auth import repository as identities
from restock.auth.tokens import AuthContext
from restock.customers import repository
from restock.customers.schemas import CustomerCreate
from restock.errors import Duplicate, InvalidData, Unauthorized
from restock.events import Changed, EventName, record
from restock.kit.ids import new_id
from restock.kit.repository import get_or_404
from restock.models import Customer

ALREADY_HAS_ACCOUNT = "Customer with this email already has an account"


class CustomerService:
    async def sign_up(
        self, session: AsyncSession, context: AuthContext | None, body: CustomerCreate
    ) -> Customer:
        if context is None or context.actor_type != "customer":
            raise Unauthorized()
        identity = await identities.get(session, context.auth_identity_id)
        if identity is None:
            raise Unauthorized()
        # A registration token used twice still says "no actor"; the identity knows better.
        if context.actor_id or identity.customer_id:
            raise InvalidData("Request already authenticated as a customer.")
        # An account's address is the one its identity registered with, nobody else's.
        email = identity.email
        if body.email is not None and body.email.strip().lower() != email:
            raise InvalidData("A customer's email must be the one it registered with")
        if await repository.account_exists(session, email):
            raise Duplicate(ALREADY_HAS_ACCOUNT)
        customer = Customer(
            id=new_id("cus"),
            email=email,
            first_name=body.first_name,
            last_name=body.last_name,
            company_name=body.company_name,
            phone=body.phone,
            has_account=True,
            metadata_=body.metadata,
        )
        session.add(customer)
        try:
            await session.flush()
        except IntegrityError:  # a concurrent sign-up with the same email won the race
            raise Duplicate(ALREADY_HAS_ACCOUNT) from None
        identity.customer_id = customer.id
        await session.flush()
        record(session, EventName.CUSTOMER_CREATED, Changed(customer.id))
        return customer

    async def of_address(self, session: AsyncSession, email_key: str) -> list[Customer]:
        return await repository.of_address(session, email_key)

    async def erase_address(self, session: AsyncSession, email_key: str) -> int:
        """Delete the address's customers and its shopper sign-in (an admin user's stays):
        the accounts that were erased."""
        await identities.remove_shopper_identity(session, email_key)
        return await repository.remove_address(session, email_key)

    async def retrieve(self, session: AsyncSession, customer_id: str) -> Customer:
        return await get_or_404(session, Customer, customer_id, "Customer")


customer_service = CustomerService()

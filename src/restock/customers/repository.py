"""All SQL for customers."""

from sqlalchemy import delete, func, select
from sqlalchemy.ext.asyncio import AsyncSession

from restock.models import Customer


async def get(session: AsyncSession, customer_id: str) -> Customer | None:
    return await session.get(Customer, customer_id)


async def account_exists(session: AsyncSession, email: str) -> bool:
    found = await session.scalar(
        select(Customer.id)
        .where(func.lower(Customer.email) == email.lower(), Customer.has_account.is_(True))
        .limit(1)
    )
    return found is not None


async def of_address(session: AsyncSession, email_key: str) -> list[Customer]:
    """The customers (with an account or not) of the address."""
    query = select(Customer).where(func.lower(Customer.email) == email_key).order_by(Customer.id)
    return list(await session.scalars(query))


async def remove_address(session: AsyncSession, email_key: str) -> int:
    """Delete the customers (with an account or not) of the address; how many."""
    removed = await session.execute(
        delete(Customer).where(func.lower(Customer.email) == email_key).returning(Customer.id)
    )
    return len(removed.all())

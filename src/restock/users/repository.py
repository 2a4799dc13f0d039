"""All SQL for admin users."""

from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncSession

from restock.models import User


async def by_email(session: AsyncSession, email: str) -> User | None:
    user: User | None = await session.scalar(select(User).where(User.email == email))
    return user

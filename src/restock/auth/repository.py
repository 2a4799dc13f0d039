"""All SQL for email+password identities."""

from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncSession

from restock.models import AuthIdentity


async def by_email(session: AsyncSession, email: str) -> AuthIdentity | None:
    identity: AuthIdentity | None = await session.scalar(
        select(AuthIdentity).where(AuthIdentity.email == email.strip().lower())
    )
    return identity


async def get(session: AsyncSession, identity_id: str) -> AuthIdentity | None:
    return await session.get(AuthIdentity, identity_id)

"""All SQL for email+password identities."""

from sqlalchemy import delete, select
from sqlalchemy.ext.asyncio import AsyncSession

from restock.models import AuthIdentity


async def by_email(session: AsyncSession, email: str) -> AuthIdentity | None:
    identity: AuthIdentity | None = await session.scalar(
        select(AuthIdentity).where(AuthIdentity.email == email.strip().lower())
    )
    return identity


async def get(session: AsyncSession, identity_id: str) -> AuthIdentity | None:
    return await session.get(AuthIdentity, identity_id)


async def remove_shopper_identity(session: AsyncSession, email_key: str) -> int:
    """Delete the address's identity unless it signs in an admin user; how many (0 or 1)."""
    removed = await session.execute(
        delete(AuthIdentity)
        .where(AuthIdentity.email == email_key, AuthIdentity.user_id.is_(None))
        .returning(AuthIdentity.id)
    )
    return len(removed.all())

"""All SQL for API keys and their sales-channel links."""

from datetime import datetime

from sqlalchemy import bindparam, delete, or_, select
from sqlalchemy.ext.asyncio import AsyncSession

from restock.kit.repository import page
from restock.models import ApiKey, ApiKeySalesChannel


async def by_token(session: AsyncSession, token: str, key_type: str) -> ApiKey | None:
    key: ApiKey | None = await session.scalar(
        select(ApiKey).where(ApiKey.token == token, ApiKey.type == key_type)
    )
    return key


# Every store request runs this: built once, run with parameters.
_PUBLISHABLE_CHANNELS = (
    select(ApiKey.id, ApiKeySalesChannel.sales_channel_id)
    .outerjoin(ApiKeySalesChannel, ApiKeySalesChannel.api_key_id == ApiKey.id)
    .where(
        ApiKey.token == bindparam("token"),
        ApiKey.type == "publishable",
        or_(ApiKey.revoked_at.is_(None), ApiKey.revoked_at > bindparam("now")),
    )
    .order_by(ApiKeySalesChannel.created_at, ApiKeySalesChannel.sales_channel_id)
)


async def live_publishable_channels(
    session: AsyncSession, token: str, now: datetime
) -> list[str] | None:
    """The channel ids of a valid publishable key (in link order), or None if it is not valid."""
    params = {"token": token, "now": now}
    rows = (await session.execute(_PUBLISHABLE_CHANNELS, params)).all()
    if not rows:
        return None
    return [row.sales_channel_id for row in rows if row.sales_channel_id is not None]


async def list_page(
    session: AsyncSession, *, limit: int, offset: int, key_type: str | None
) -> tuple[list[ApiKey], int]:
    query = select(ApiKey)
    if key_type is not None:
        query = query.where(ApiKey.type == key_type)
    return await page(session, query, (ApiKey.id,), limit, offset)


async def remove(session: AsyncSession, key_id: str) -> None:
    await session.execute(delete(ApiKey).where(ApiKey.id == key_id))

"""The SQL that finds a demo catalog loaded earlier."""

from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncSession

from restock.models import ApiKey, ProductVariant, SalesChannel


async def find_loaded(
    session: AsyncSession, key_title: str, variant_sku: str, channel_name: str
) -> tuple[ApiKey | None, ProductVariant | None, SalesChannel | None]:
    key = await session.scalar(select(ApiKey).where(ApiKey.title == key_title))
    variant = await session.scalar(select(ProductVariant).where(ProductVariant.sku == variant_sku))
    channel = await session.scalar(select(SalesChannel).where(SalesChannel.name == channel_name))
    return key, variant, channel

"""Sales channel use cases."""

from collections.abc import Iterable
from typing import Any

from sqlalchemy.ext.asyncio import AsyncSession

from restock.errors import InvalidData
from restock.events import Changed, EventName, record
from restock.kit.ids import new_id
from restock.kit.repository import get_or_404, missing_ids
from restock.models import SalesChannel
from restock.sales_channels import repository
from restock.sales_channels.schemas import SalesChannelCreate, SalesChannelUpdate


class SalesChannelService:
    async def create(self, session: AsyncSession, body: SalesChannelCreate) -> SalesChannel:
        channel = SalesChannel(
            id=new_id("sc"),
            name=body.name,
            description=body.description,
            is_disabled=body.is_disabled,
            metadata_=body.metadata,
        )
        session.add(channel)
        await session.flush()
        record(session, EventName.SALES_CHANNEL_CREATED, Changed(channel.id))
        return channel

    async def all(self, session: AsyncSession, limit: int = 1000) -> list[SalesChannel]:
        """The channels by id, for a picker."""
        rows, _ = await repository.list_page(session, limit=limit, offset=0)
        return rows

    async def retrieve(self, session: AsyncSession, channel_id: str) -> SalesChannel:
        return await get_or_404(session, SalesChannel, channel_id, "Sales channel")

    async def update(
        self, session: AsyncSession, channel_id: str, body: SalesChannelUpdate
    ) -> SalesChannel:
        channel = await self.retrieve(session, channel_id)
        changes = body.model_dump(exclude_unset=True)
        if "name" in changes and changes["name"] is None:
            raise InvalidData("Invalid request: Field 'name' cannot be null")
        for field, value in changes.items():
            setattr(channel, "metadata_" if field == "metadata" else field, value)
        await session.flush()
        record(session, EventName.SALES_CHANNEL_UPDATED, Changed(channel.id))
        return channel

    async def delete(self, session: AsyncSession, channel_id: str) -> None:
        await self.retrieve(session, channel_id)
        await repository.remove(session, channel_id)
        record(session, EventName.SALES_CHANNEL_DELETED, Changed(channel_id))

    async def ensure_exist(self, session: AsyncSession, ids: Iterable[str]) -> None:
        missing = await missing_ids(session, SalesChannel.id, ids)
        if missing:
            raise InvalidData(f"Sales channels with IDs {', '.join(missing)} do not exist")

    async def channels_linked(
        self, session: AsyncSession, owner_column: Any, owner_ids: Iterable[str]
    ) -> dict[str, list[dict[str, str]]]:
        """The channels (id and name) linked to each owner, by owner id: `owner_column` is the
        owner's column of a link table (API keys, stock locations, products)."""
        return await repository.channels_linked(session, owner_column, owner_ids)


sales_channel_service = SalesChannelService()

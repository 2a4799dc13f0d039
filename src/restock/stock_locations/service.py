"""Stock location use cases, including which sales channels a location supplies."""

from sqlalchemy.ext.asyncio import AsyncSession

from restock.errors import NotFound
from restock.events import Changed, EventName, LocationChanged, record
from restock.kit.ids import new_id
from restock.kit.repository import get_or_404, missing_ids
from restock.kit.schema import LinkChange
from restock.models import SalesChannelStockLocation, StockLocation
from restock.sales_channels import repository as channels
from restock.sales_channels.service import sales_channel_service
from restock.stock_locations import repository
from restock.stock_locations.schemas import StockLocationCreate, StockLocationUpdate

LINK = SalesChannelStockLocation.stock_location_id


class StockLocationService:
    async def create(self, session: AsyncSession, body: StockLocationCreate) -> StockLocation:
        location = StockLocation(
            id=new_id("sloc"),
            name=body.name,
            address=body.address.model_dump() if body.address else None,
            metadata_=body.metadata,
        )
        session.add(location)
        await session.flush()
        record(session, EventName.STOCK_LOCATION_CREATED, Changed(location.id))
        return location

    async def retrieve(self, session: AsyncSession, location_id: str) -> StockLocation:
        return await get_or_404(session, StockLocation, location_id, "Stock location")

    async def ensure_exist(self, session: AsyncSession, ids: list[str]) -> None:
        missing = await missing_ids(session, StockLocation.id, ids)
        if missing:
            raise NotFound(f"Stock locations with ids: {', '.join(missing)} was not found")

    async def update(
        self, session: AsyncSession, location_id: str, body: StockLocationUpdate
    ) -> StockLocation:
        location = await self.retrieve(session, location_id)
        changes = body.model_dump(exclude_unset=True)
        if changes.get("name") is not None:
            location.name = changes["name"]
        if "address" in changes:
            location.address = changes["address"]
        if "metadata" in changes:
            location.metadata_ = changes["metadata"]
        await session.flush()
        record(session, EventName.STOCK_LOCATION_UPDATED, LocationChanged(location.id))
        return location

    async def change_channels(
        self, session: AsyncSession, location_id: str, body: LinkChange
    ) -> StockLocation:
        location = await self.retrieve(session, location_id)
        await sales_channel_service.ensure_exist(session, body.add)
        await channels.link_channels(session, LINK, location.id, body.add)
        await channels.unlink_channels(session, LINK, location.id, body.remove)
        # Which locations supply a channel decides availability, so this is an inventory change.
        record(
            session,
            EventName.STOCK_LOCATION_UPDATED,
            LocationChanged(location.id, body.add, body.remove),
        )
        return location

    async def delete(self, session: AsyncSession, location_id: str) -> None:
        await self.retrieve(session, location_id)
        await repository.remove(session, location_id)
        record(session, EventName.STOCK_LOCATION_DELETED, Changed(location_id))


stock_location_service = StockLocationService()

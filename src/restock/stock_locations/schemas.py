from typing import Any

from pydantic import field_validator

from restock.kit.responses import ChannelSummary, ListMeta, Out, Timestamps
from restock.kit.schema import Body, Metadata
from restock.kit.serialize import timestamps
from restock.models import StockLocation


class Address(Body):
    address_1: str
    address_2: str | None = None
    company: str | None = None
    city: str | None = None
    country_code: str
    phone: str | None = None
    province: str | None = None
    postal_code: str | None = None
    metadata: Metadata = None


class StockLocationCreate(Body):
    name: str
    address: Address | None = None
    metadata: Metadata = None

    @field_validator("name")
    @classmethod
    def _trim(cls, value: str) -> str:
        if not value.strip():
            raise ValueError("Name cannot be empty")
        return value.strip()


class StockLocationUpdate(Body):
    name: str | None = None
    address: Address | None = None
    metadata: Metadata = None

    @field_validator("name")
    @classmethod
    def _trim(cls, value: str | None) -> str | None:
        if value is not None and not value.strip():
            raise ValueError("Name cannot be empty")
        return value.strip() if value is not None else None


class StockLocationOut(Timestamps):
    id: str
    name: str
    address: dict[str, Any] | None
    metadata: dict[str, Any] | None
    sales_channels: list[ChannelSummary]


class StockLocationAnswer(Out):
    stock_location: StockLocationOut


class StockLocationList(ListMeta):
    stock_locations: list[StockLocationOut]


def stock_location_out(
    location: StockLocation, channels: list[dict[str, str]] | None = None
) -> dict[str, Any]:
    return {
        "id": location.id,
        "name": location.name,
        "address": location.address,
        "metadata": location.metadata_,
        "sales_channels": channels or [],
        **timestamps(location),
    }

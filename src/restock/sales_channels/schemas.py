from typing import Any

from restock.kit.responses import ListMeta, Out, Timestamps
from restock.kit.schema import Body, Metadata
from restock.kit.serialize import timestamps
from restock.models import SalesChannel


class SalesChannelCreate(Body):
    name: str
    description: str | None = None
    is_disabled: bool = False
    metadata: Metadata = None


class SalesChannelUpdate(Body):
    name: str | None = None
    description: str | None = None
    is_disabled: bool | None = None
    metadata: Metadata = None


class SalesChannelOut(Timestamps):
    id: str
    name: str
    description: str | None
    is_disabled: bool
    metadata: dict[str, Any] | None


class SalesChannelAnswer(Out):
    sales_channel: SalesChannelOut


class SalesChannelList(ListMeta):
    sales_channels: list[SalesChannelOut]


def sales_channel_out(channel: SalesChannel) -> dict[str, Any]:
    return {
        "id": channel.id,
        "name": channel.name,
        "description": channel.description,
        "is_disabled": channel.is_disabled,
        "metadata": channel.metadata_,
        **timestamps(channel),
    }

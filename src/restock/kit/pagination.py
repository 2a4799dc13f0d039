"""`limit`/`offset` query parameters and the list envelope Medusa answers with."""

from dataclasses import dataclass
from typing import Annotated, Any

from fastapi import Query

from restock.kit.schema import INT4_MAX


@dataclass(frozen=True)
class Page:
    limit: int
    offset: int

    def envelope(self, name: str, items: list[Any], count: int) -> dict[str, Any]:
        return {name: items, "count": count, "offset": self.offset, "limit": self.limit}


async def page_params(
    limit: Annotated[int, Query(ge=0, le=1000)] = 50,
    offset: Annotated[int, Query(ge=0, le=INT4_MAX)] = 0,
) -> Page:
    return Page(limit=limit, offset=offset)

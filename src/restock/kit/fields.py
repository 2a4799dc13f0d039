"""Medusa's `fields` query parameter: `*relation`, `relation.*` and `+field` add to a response."""

from typing import Annotated

from fastapi import Query


def parse_fields(raw: str | None) -> frozenset[str]:
    names = set()
    for part in (raw or "").split(","):
        name = part.strip().lstrip("*+-")
        name = name.removesuffix(".*")
        if name:
            names.add(name)
    return frozenset(names)


async def fields_param(fields: Annotated[str | None, Query()] = None) -> frozenset[str]:
    return parse_fields(fields)

"""Responses: JSON rendered with orjson, and the shapes every domain's answers share.

Routes declare their answer as a response model, so `/openapi.json` shows real shapes and every
answer is checked against what is documented. Keys an answer leaves out (the optional parts of
Medusa's objects, such as a product's `sales_channels` when not asked for) stay out:
`ContractRoute` drops what was not set instead of answering it as null.
"""

from collections.abc import Callable
from typing import Any

import orjson
from fastapi.responses import JSONResponse
from fastapi.routing import APIRoute
from pydantic import BaseModel, ConfigDict
from starlette.types import Send

from restock.errors import RestockError


class FastJSONResponse(JSONResponse):
    def render(self, content: Any) -> bytes:
        return orjson.dumps(content)


async def send_error(send: Send, error: RestockError) -> None:
    """Answer an error straight from ASGI middleware, before the app has run, in the same
    `{type, message}` body the app's error handlers render."""
    payload = orjson.dumps(error.body())
    await send(
        {
            "type": "http.response.start",
            "status": error.status,
            "headers": [
                (b"content-type", b"application/json"),
                (b"content-length", str(len(payload)).encode()),
            ],
        }
    )
    await send({"type": "http.response.body", "body": payload})


class ContractRoute(APIRoute):
    def __init__(self, path: str, endpoint: Callable[..., Any], **options: Any) -> None:
        options["response_model_exclude_unset"] = True
        super().__init__(path, endpoint, **options)


class Out(BaseModel):
    """An object in an answer."""

    model_config = ConfigDict(extra="forbid")


class Timestamps(Out):
    created_at: str | None  # ISO 8601, UTC, milliseconds
    updated_at: str | None
    deleted_at: None = None  # Medusa's objects carry it; deletes here are real, so it is null


class ListMeta(Out):
    count: int
    offset: int
    limit: int


class Deleted(Out):
    id: str
    object: str
    deleted: bool


class ChannelSummary(Out):
    id: str
    name: str

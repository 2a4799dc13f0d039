from typing import Any, Literal

from pydantic import Field

from restock.kit.responses import ChannelSummary, ListMeta, Out, Timestamps
from restock.kit.schema import Body
from restock.kit.serialize import timestamps
from restock.kit.time import isoformat
from restock.models import ApiKey


class ApiKeyCreate(Body):
    title: str
    type: Literal["publishable", "secret"]


class ApiKeyUpdate(Body):
    title: str


MAX_REVOKE_IN = 100 * 365 * 24 * 3600  # a century: later is never


class ApiKeyRevoke(Body):
    revoke_in: int | None = Field(default=None, ge=0, le=MAX_REVOKE_IN)  # seconds


class ApiKeyOut(Timestamps):
    id: str
    token: str  # a secret key's token only in the answer that created it; else ""
    redacted: str
    title: str
    type: str
    created_by: str
    revoked_by: str | None
    revoked_at: str | None
    last_used_at: str | None
    sales_channels: list[ChannelSummary] | None = None


class ApiKeyAnswer(Out):
    api_key: ApiKeyOut


class ApiKeyList(ListMeta):
    api_keys: list[ApiKeyOut]


def api_key_out(
    key: ApiKey, channels: list[dict[str, Any]] | None = None, token: str | None = None
) -> dict[str, Any]:
    out = {
        "id": key.id,
        # Secret tokens are shown once, at creation; after that only the redacted form exists.
        "token": token or (key.token if key.type == "publishable" else ""),
        "redacted": key.redacted,
        "title": key.title,
        "type": key.type,
        "created_by": key.created_by,
        "revoked_by": key.revoked_by,
        "revoked_at": isoformat(key.revoked_at),
        "last_used_at": isoformat(key.last_used_at),
        **timestamps(key),
    }
    if channels is not None:
        out["sales_channels"] = channels
    return out

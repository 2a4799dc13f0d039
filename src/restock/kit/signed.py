"""Requests signed with a shared secret, as Restock signs its own webhook calls and believes
inbound ones: `X-Restock-Timestamp` (Unix seconds) and `X-Restock-Signature: sha256=<hex>`, an
HMAC-SHA256 of `<timestamp>.<raw body>`."""

import hashlib
import hmac
import time
from collections.abc import Callable

from fastapi import Request

from restock.errors import NotFound, Unauthorized

RESTOCK_HEADERS = ("x-restock-signature", "x-restock-timestamp")
# A signed message older (or newer) than this is refused: a captured one cannot be replayed.
TOLERANCE_SECONDS = 300
Check = Callable[[str, str, str, bytes], bool]


def signature(secret: str, timestamp: str, body: bytes) -> str:
    mac = hmac.new(secret.encode(), timestamp.encode() + b"." + body, hashlib.sha256)
    return "sha256=" + mac.hexdigest()


def hmac_signed(secret: str, signed: str, timestamp: str, body: bytes) -> bool:
    return hmac.compare_digest(signature(secret, timestamp, body), signed)


def fresh(timestamp: str, now: float | None = None) -> bool:
    try:
        sent = int(timestamp)
    except ValueError:
        return False
    return abs((now if now is not None else time.time()) - sent) <= TOLERANCE_SECONDS


async def verified_body(
    request: Request,
    secret: str | None,
    check: Check = hmac_signed,
    names: tuple[str, str] = RESTOCK_HEADERS,
) -> bytes:
    """The request's body, once its signature and timestamp are valid: 404 when the route has
    no secret configured, 401 for a missing, wrong or stale signature."""
    if not secret:
        raise NotFound("This webhook is not configured")
    signed, timestamp = (request.headers.get(name, "") for name in names)
    body = await request.body()
    if not (fresh(timestamp) and check(secret, signed, timestamp, body)):
        raise Unauthorized("The signature is missing, wrong or too old")
    return body

"""ASGI middleware that answers 400 when a request's path or query carries a NUL character:
no text column can hold one, and the database would refuse it only after the request did work."""

from urllib.parse import unquote_to_bytes

from starlette.types import ASGIApp, Receive, Scope, Send

from restock.kit.responses import send_error
from restock.kit.schema import unstorable


class StorableInputMiddleware:
    def __init__(self, app: ASGIApp) -> None:
        self.app = app

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] == "http":
            where = _nul_in(scope["path"], scope.get("query_string", b""))
            if where is not None:
                await send_error(send, unstorable(where))
                return
        await self.app(scope, receive, send)


def _nul_in(path: str, query: bytes) -> str | None:
    if "\x00" in path:
        return "the path"
    if b"\x00" in query or b"%00" in query:  # the common case skips the decoding below
        for pair in query.split(b"&"):
            name, _, value = pair.partition(b"=")
            if b"\x00" in unquote_to_bytes(value) or b"\x00" in unquote_to_bytes(name):
                return f"query parameter '{unquote_to_bytes(name).decode(errors='replace')}'"
    return None

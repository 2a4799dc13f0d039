"""RFC 7239's `Forwarded` header, read as the `X-Forwarded-For` it says: the client address then
comes from uvicorn's ProxyHeadersMiddleware, which believes it from trusted proxies only."""

import re

from starlette.types import ASGIApp, Receive, Scope, Send

_FOR = re.compile(r'for\s*=\s*("[^"]*"|[^;,\s]+)', re.IGNORECASE)


def forwarded_for(header: str) -> str:
    """The `for=` addresses of a Forwarded header, in order, as X-Forwarded-For lists them
    (quotes, IPv6 brackets and ports removed)."""
    addresses = []
    for raw in _FOR.findall(header):
        value = raw.strip('"')
        if value.startswith("["):
            value = value[1:].partition("]")[0]
        elif value.count(":") == 1:
            value = value.partition(":")[0]
        addresses.append(value)
    return ", ".join(addresses)


class ForwardedMiddleware:
    def __init__(self, app: ASGIApp) -> None:
        self.app = app

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] == "http":
            headers = scope["headers"]
            names = {name for name, _ in headers}
            if b"forwarded" in names and b"x-forwarded-for" not in names:
                header = b", ".join(v for n, v in headers if n == b"forwarded").decode("latin1")
                listed = forwarded_for(header)
                if listed:
                    scope = {**scope, "headers": [*headers, (b"x-forwarded-for", listed.encode())]}
        await self.app(scope, receive, send)

"""Cross-origin access per part of the API, with Medusa's STORE_CORS / ADMIN_CORS / AUTH_CORS
meaning: each part has its own list of allowed origins, and a path outside every part is
never open to other origins."""

import re

from starlette.middleware.cors import CORSMiddleware
from starlette.types import ASGIApp, Receive, Scope, Send

# Every credential the API takes travels in a header (tokens, keys), never in a cookie, so no
# part needs the browser's credentials mode.
_HEADERS = ["authorization", "content-type", "x-publishable-api-key", "x-restock-client"]
_METHODS = ["GET", "POST", "DELETE"]
PREFLIGHT_CACHE_SECONDS = 600


def parse_origins(setting: str) -> tuple[list[str], str | None]:
    """Literal origins, and one regular expression joining those written between slashes."""
    literal: list[str] = []
    patterns: list[str] = []
    for entry in (part.strip() for part in setting.split(",")):
        if len(entry) > 2 and entry.startswith("/") and entry.endswith("/"):
            re.compile(entry[1:-1])  # a bad expression stops the start, naming itself
            patterns.append(f"(?:{entry[1:-1]})")
        elif entry:
            literal.append(entry.rstrip("/"))
    return literal, "|".join(patterns) or None


class PartCorsMiddleware:
    """Answers preflights and adds the CORS headers for the parts whose prefix a path has."""

    def __init__(self, app: ASGIApp, parts: dict[str, str]) -> None:
        self.app = app
        self.parts: list[tuple[str, ASGIApp]] = []
        for prefix, setting in parts.items():
            origins, pattern = parse_origins(setting)
            if origins or pattern:
                handler = CORSMiddleware(
                    app,
                    allow_origins=origins,
                    allow_origin_regex=pattern,
                    allow_methods=_METHODS,
                    allow_headers=_HEADERS,
                    expose_headers=["Retry-After"],  # the widget says when to try again
                    max_age=PREFLIGHT_CACHE_SECONDS,
                )
                self.parts.append((prefix, handler))

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] == "http":
            path: str = scope["path"]
            for prefix, handler in self.parts:
                if path.startswith(prefix):
                    return await handler(scope, receive, send)
        return await self.app(scope, receive, send)

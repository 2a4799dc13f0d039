"""One log line and the HTTP metrics per request, as pure ASGI middleware (no body buffering).

Metrics are labelled by the route's template (`/store/products/{id}`), never the raw path, so
their number stays bounded. The line shows the raw path except where it carries a secret (the
unsubscribe token), where it shows the template.
"""

import logging
import time

from starlette.types import ASGIApp, Message, Receive, Scope, Send

from restock.metrics import metrics

log = logging.getLogger("restock.http")
UNMATCHED = "unmatched"
_SECRET_PARAMS = ("{token}",)


class ObserveMiddleware:
    def __init__(self, app: ASGIApp) -> None:
        self.app = app

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        started = time.perf_counter()
        status = 500  # what the client sees if the app fails before answering

        async def observed_send(message: Message) -> None:
            nonlocal status
            if message["type"] == "http.response.start":
                status = message["status"]
            await send(message)

        try:
            await self.app(scope, receive, observed_send)
        finally:
            seconds = time.perf_counter() - started
            route = getattr(scope.get("route"), "path", UNMATCHED)
            method = scope["method"]
            measured = metrics()
            measured.http_requests.labels(method, route, str(status)).inc()
            measured.http_seconds.labels(method, route).observe(seconds)
            shown = route if any(p in route for p in _SECRET_PARAMS) else scope["path"]
            client = scope.get("client")
            log.info(
                "%s %s %d %.1fms",
                method,
                shown,
                status,
                seconds * 1000,
                extra={
                    "fields": {
                        "method": method,
                        "path": shown,
                        "route": route,
                        "status": status,
                        "ms": round(seconds * 1000, 2),
                        "client": client[0] if client else None,
                    }
                },
            )

"""The ASGI application: routers, the one place errors are rendered, and the lifespan."""

import logging
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from typing import Any, Literal

from fastapi import Depends, FastAPI, Request
from fastapi.exceptions import RequestValidationError
from fastapi.responses import PlainTextResponse, Response
from pydantic import BaseModel
from sqlalchemy.exc import DBAPIError
from sqlalchemy.exc import TimeoutError as PoolTimeout
from starlette.exceptions import HTTPException
from starlette.staticfiles import StaticFiles
from uvicorn.middleware.proxy_headers import ProxyHeadersMiddleware

from restock.api_keys.endpoints import router as api_keys
from restock.auth.endpoints import router as auth
from restock.config import Settings, get_settings
from restock.customers.endpoints import router as customers
from restock.dashboard.endpoints import router as dashboard
from restock.dashboard.pages import (
    error_page,
    forged_form,
    is_dashboard,
    restock_error_page,
    sign_in_required,
)
from restock.dashboard.session import ForgedForm, SignInRequired
from restock.db import Database, lost_connection
from restock.errors import PayloadTooLarge, RestockError, Unavailable
from restock.insights.endpoints import admin as admin_insights
from restock.inventory.endpoints import router as inventory
from restock.kit.body_limit import BodyLimitMiddleware, TooLarge
from restock.kit.cors import PartCorsMiddleware
from restock.kit.forwarded import ForwardedMiddleware
from restock.kit.limits import AbuseGuard
from restock.kit.observe import ObserveMiddleware
from restock.kit.responses import FastJSONResponse
from restock.kit.storable_input import StorableInputMiddleware
from restock.kit.validation import describe
from restock.logs import configure_logging
from restock.medusa.endpoints import catalog_writes, key_writes
from restock.medusa.endpoints import hooks as medusa_hooks
from restock.medusa.service import lag_seconds as mirror_lag
from restock.metrics import exposition, metrics
from restock.notifications import repository as notifications
from restock.notifications.endpoints import admin as admin_notifications
from restock.notifications.endpoints import hooks, suppressions
from restock.openapi import install as install_docs
from restock.privacy.endpoints import admin as admin_privacy
from restock.products.endpoints import admin as admin_products
from restock.products.endpoints import store as store_products
from restock.runtime import Runtime
from restock.sales_channels.endpoints import router as sales_channels
from restock.stock_locations.endpoints import router as stock_locations
from restock.storefront.endpoints import shop as demo_shop
from restock.storefront.endpoints import widget
from restock.subscriptions.endpoints import admin as admin_restock
from restock.subscriptions.endpoints import (
    broken_link_page,
    check_preview,
    claim_pages,
    confirm_pages,
    is_unsubscribe_page,
    unsubscribe_pages,
)
from restock.subscriptions.endpoints import store as store_restock
from restock.workflows.endpoints import router as workflow_runs

log = logging.getLogger("restock")

# The pages' styles and scripts, served under /assets.
STATIC_PACKAGES: list[str | tuple[str, str]] = [
    ("restock.storefront", "static"),
    ("restock.dashboard", "static"),
]
_HTTP_TYPES = {
    404: ("not_found", "Not found"),
    405: ("not_allowed", "Method not allowed"),
}


def _error(
    status: int, type_: str, message: str, headers: dict[str, str] | None = None
) -> Response:
    return FastJSONResponse(
        {"type": type_, "message": message}, status_code=status, headers=headers
    )


async def _restock_error(request: Request, exc: Exception) -> Response:
    assert isinstance(exc, RestockError)
    if is_dashboard(request):
        return restock_error_page(request, exc)
    if is_unsubscribe_page(request):
        return broken_link_page(request, exc.status)
    return FastJSONResponse(exc.body(), status_code=exc.status, headers=exc.headers or None)


async def _validation_error(request: Request, exc: Exception) -> Response:
    assert isinstance(exc, RequestValidationError)
    if is_dashboard(request):
        return error_page(request, 400, describe(exc.errors()))
    return _error(400, "invalid_data", describe(exc.errors()))


async def _http_error(request: Request, exc: Exception) -> Response:
    assert isinstance(exc, HTTPException)
    if isinstance(exc, TooLarge):
        return await _restock_error(request, PayloadTooLarge(str(exc.detail)))
    type_, message = _HTTP_TYPES.get(exc.status_code, ("invalid_data", str(exc.detail)))
    return _error(exc.status_code, type_, message, dict(exc.headers or {}))


async def _database_error(request: Request, exc: Exception) -> Response:
    """A lost database is a 503 the client may retry; any other database error is a bug."""
    if not lost_connection(exc):
        return await _unexpected_error(request, exc)
    log.warning("database unreachable on %s %s: %r", request.method, request.url.path, exc)
    return await _restock_error(request, Unavailable())


async def _unexpected_error(request: Request, exc: Exception) -> Response:
    log.exception("unhandled error on %s %s", request.method, request.url.path, exc_info=exc)
    return _error(500, "unknown_error", "An unknown error occurred.")


class Readiness(BaseModel):
    database: Literal["ok", "unreachable"]
    redis: Literal["ok", "unreachable"] | None = None  # only when Redis is configured
    # Only when a Medusa store is mirrored: seconds since its least recent complete pull
    # (None until the first import has finished).
    medusa_lag_seconds: float | None = None


def create_app(settings: Settings | None = None, database: Database | None = None) -> FastAPI:
    settings = settings or get_settings()
    configure_logging(settings)

    @asynccontextmanager
    async def lifespan(app: FastAPI) -> AsyncIterator[None]:
        owned = database is None
        app.state.db = database or Database(settings)
        app.state.guard = AbuseGuard(settings)
        app.state.restock = Runtime(app.state.db, settings)
        await app.state.restock.start()
        try:
            yield
        finally:
            await app.state.restock.stop()
            await app.state.db.bus.drain()
            if owned:
                await app.state.db.dispose()

    app = FastAPI(
        title="Restock",
        summary="Back-in-stock notifications behind Medusa v2's HTTP contract.",
        version="0.1.0",
        lifespan=lifespan,
        default_response_class=FastJSONResponse,
        docs_url=None,
        redoc_url=None,
        openapi_url="/openapi.json" if settings.shows_docs else None,
        # No redirect to the path with(out) its trailing slash: Starlette builds it from the
        # Host header, which the client chooses.
        redirect_slashes=False,
    )
    app.state.settings = settings
    app.add_middleware(StorableInputMiddleware)
    # The client's address (rate limits, logs) from X-Forwarded-For, believed only from the
    # proxies the settings trust; uvicorn's own copy of this is turned off in `restock serve`.
    app.add_middleware(ProxyHeadersMiddleware, trusted_hosts=settings.trusted_proxy_list)
    app.add_middleware(ForwardedMiddleware)  # outside: it feeds the proxy headers middleware
    app.add_middleware(BodyLimitMiddleware, max_bytes=settings.max_body_bytes)
    if any(cors_parts(settings).values()):  # no layer at all when no origin is admitted
        app.add_middleware(PartCorsMiddleware, parts=cors_parts(settings))
    app.add_middleware(ObserveMiddleware)
    app.add_exception_handler(RestockError, _restock_error)
    app.add_exception_handler(SignInRequired, sign_in_required)
    app.add_exception_handler(ForgedForm, forged_form)
    app.add_exception_handler(RequestValidationError, _validation_error)
    app.add_exception_handler(HTTPException, _http_error)
    for database_error in (DBAPIError, PoolTimeout, OSError):
        app.add_exception_handler(database_error, _database_error)
    app.add_exception_handler(Exception, _unexpected_error)
    # Routes are matched in order: the shoppers' subscribe routes, which take the traffic, first.
    for router in (store_restock, auth, customers, store_products):
        app.include_router(router)
    for router in (admin_products, sales_channels, stock_locations, inventory):
        app.include_router(router, dependencies=[Depends(catalog_writes)])
    app.include_router(api_keys, dependencies=[Depends(key_writes)])
    for router in (
        admin_restock,
        check_preview,
        admin_notifications,
        suppressions,
        hooks,
        medusa_hooks,
        admin_insights,
        admin_privacy,
        unsubscribe_pages,
        confirm_pages,
        claim_pages,
        workflow_runs,
    ):
        app.include_router(router)

    app.include_router(widget)
    app.include_router(dashboard)
    if settings.env == "development":
        app.include_router(demo_shop)
    app.mount("/assets", StaticFiles(packages=STATIC_PACKAGES), name="assets")

    if settings.shows_docs:
        install_docs(app)

    @app.get("/health", response_class=PlainTextResponse, tags=["health"])
    async def health() -> str:
        """The process is up."""
        return "OK"

    @app.get(
        "/ready",
        tags=["health"],
        response_model=Readiness,
        responses={503: {"model": Readiness, "description": "Something does not answer"}},
    )
    async def ready(request: Request) -> Response:
        """The database (and Redis, when configured) answer: 200, else 503."""
        database: Database = request.app.state.db
        checks = {"database": await database.ping()}
        if settings.redis_url:
            checks["redis"] = await database.bus.ping()
        body: dict[str, Any] = {name: "ok" if up else "unreachable" for name, up in checks.items()}
        if settings.mirrors_medusa and checks["database"]:
            body["medusa_lag_seconds"] = await mirror_lag(database)
        return FastJSONResponse(body, status_code=200 if all(checks.values()) else 503)

    if settings.shows_metrics:
        _add_metrics_route(app, settings)
    return app


def cors_parts(settings: Settings) -> dict[str, str]:
    """Each part of the API by its path prefixes, with the origins it admits."""
    return {
        "/store": settings.store_cors,
        "/restock-notifications": settings.store_cors,  # the v1 plugin's store route
        "/admin": settings.admin_cors,
        "/auth": settings.auth_cors,
    }


def _add_metrics_route(app: FastAPI, settings: Settings) -> None:
    @app.get("/metrics", tags=["health"], response_class=PlainTextResponse)
    async def metrics_text(request: Request) -> Response:
        """Prometheus text format; the outbox depth is read from the database now."""
        database: Database = request.app.state.db
        async with database.transaction() as session:
            metrics().outbox_pending.set(await notifications.pending_count(session))
        if settings.mirrors_medusa:
            lag = await mirror_lag(database)
            metrics().medusa_lag_seconds.set(float("nan") if lag is None else lag)
        body, content_type = exposition()
        return Response(body, media_type=content_type)

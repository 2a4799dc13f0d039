"""What `/openapi.json`, `/docs` and `/redoc` show.

FastAPI documents a 422 `HTTPValidationError` for every route with parameters, but Restock
answers bad input with a 400 `{type, message}`; the statuses every route shares are added here
from what the route takes (credentials: 401, a path id: 404, a body: 413, any input: 400),
and those particular to a route are declared on it (`errors.error_responses`). The docs pages
load their scripts from this server: the assets come from the `fastapi-offline` package, so
the pages work without internet.
"""

from pathlib import Path
from typing import Any

import fastapi_offline
from fastapi import FastAPI
from fastapi.openapi.docs import get_redoc_html, get_swagger_ui_html
from fastapi.openapi.utils import get_openapi
from fastapi.responses import HTMLResponse
from fastapi.staticfiles import StaticFiles

from restock.errors import ERROR_STATUSES, ErrorBody
from restock.kit.html import DOCS_PAGE, secure_html

ASSETS = Path(fastapi_offline.__file__).parent / "static"
ASSETS_PATH = "/docs-assets"
_ERROR_REF = {"$ref": "#/components/schemas/ErrorBody"}
_METHODS = {"get", "post", "put", "patch", "delete"}


def _error(status: int) -> dict[str, Any]:
    return {
        "description": ERROR_STATUSES[status],
        "content": {"application/json": {"schema": _ERROR_REF}},
    }


def _document_errors(schema: dict[str, Any]) -> None:
    for path, operations in schema["paths"].items():
        for method, operation in operations.items():
            if method not in _METHODS:
                continue
            responses = operation.setdefault("responses", {})
            validation = responses.get("422", {}).get("content", {})
            if "HTTPValidationError" in str(validation):
                del responses["422"]
            shared = [400, 503]
            if operation.get("security"):
                shared.append(401)
            if "{" in path:
                shared.append(404)
            if "requestBody" in operation:
                shared.append(413)
            for status in shared:
                responses.setdefault(str(status), _error(status))
    components = schema.setdefault("components", {}).setdefault("schemas", {})
    for unused in ("HTTPValidationError", "ValidationError"):
        components.pop(unused, None)
    components["ErrorBody"] = ErrorBody.model_json_schema()


def _secured(page: HTMLResponse) -> HTMLResponse:
    return secure_html(bytes(page.body), DOCS_PAGE)


def install(app: FastAPI) -> None:
    """The documented errors, and the docs pages with their assets served from here."""

    def openapi() -> dict[str, Any]:
        if app.openapi_schema is None:
            schema = get_openapi(
                title=app.title,
                version=app.version,
                summary=app.summary,
                routes=app.routes,
            )
            _document_errors(schema)
            app.openapi_schema = schema
        return app.openapi_schema

    app.openapi = openapi  # type: ignore[method-assign]
    app.mount(ASSETS_PATH, StaticFiles(directory=ASSETS), name="docs-assets")

    @app.get("/docs", include_in_schema=False)
    async def swagger() -> HTMLResponse:
        return _secured(
            get_swagger_ui_html(
                openapi_url="/openapi.json",
                title=f"{app.title} API",
                swagger_js_url=f"{ASSETS_PATH}/swagger-ui-bundle.js",
                swagger_css_url=f"{ASSETS_PATH}/swagger-ui.css",
                swagger_favicon_url=f"{ASSETS_PATH}/favicon.png",
            )
        )

    @app.get("/redoc", include_in_schema=False)
    async def redoc() -> HTMLResponse:
        return _secured(
            get_redoc_html(
                openapi_url="/openapi.json",
                title=f"{app.title} API",
                redoc_js_url=f"{ASSETS_PATH}/redoc.standalone.js",
                redoc_favicon_url=f"{ASSETS_PATH}/favicon.png",
                with_google_fonts=False,
            )
        )

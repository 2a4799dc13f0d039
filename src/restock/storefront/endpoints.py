"""The storefront widget's script, and the demo shop (development mode only)."""

import hashlib
from pathlib import Path

from fastapi import APIRouter, Request
from fastapi.responses import HTMLResponse, Response

from restock.db import Session
from restock.errors import NotFound, error_responses
from restock.kit.pages import Pages
from restock.storefront.service import demo_shop

HERE = Path(__file__).parent
WIDGET = (HERE / "static" / "widget.js").read_bytes()
WIDGET_VERSION = hashlib.sha256(WIDGET).hexdigest()[:16]
WIDGET_ETAG = f'"{WIDGET_VERSION}"'
VERSIONED_WIDGET = f"/widget/{WIDGET_VERSION}.js"
YEAR = 365 * 24 * 3600

widget = APIRouter(tags=["storefront"])
shop = APIRouter(tags=["storefront"], include_in_schema=False)
pages = Pages(HERE / "templates", widget_url=VERSIONED_WIDGET)


def _script(request: Request, cache_control: str) -> Response:
    headers = {
        "etag": WIDGET_ETAG,
        "cache-control": cache_control,
        # A module script from another origin is fetched in CORS mode: any page may load it.
        "access-control-allow-origin": "*",
        "x-content-type-options": "nosniff",
        "link": f'<{VERSIONED_WIDGET}>; rel="canonical"',
    }
    if request.headers.get("if-none-match") == WIDGET_ETAG:
        return Response(status_code=304, headers=headers)
    return Response(WIDGET, media_type="text/javascript; charset=utf-8", headers=headers)


@widget.get("/widget.js", response_class=Response)
async def widget_script(request: Request) -> Response:
    """The `<restock-notify>` element (an ES module). This URL is revalidated on every use
    (cheap: its ETag answers 304); the versioned URL in its `Link` header is cached for a
    year."""
    return _script(request, "no-cache")


@widget.get("/widget/{version}.js", response_class=Response, responses=error_responses(404))
async def versioned_widget_script(version: str, request: Request) -> Response:
    """The element under a URL that names its version: cached for a year, never revalidated."""
    if version != WIDGET_VERSION:
        raise NotFound(f"Widget version {version} is not served here; /widget.js is current")
    return _script(request, f"public, max-age={YEAR}, immutable")


@shop.get("/", response_class=HTMLResponse)
async def demo_shop_page(session: Session) -> HTMLResponse:
    """The demo catalog as a shop, with the widget on every variant."""
    found = await demo_shop(session)
    return pages.render("shop.html.j2", shop=found)

"""The dashboard's templates, and its answers to errors: pages, not JSON."""

from pathlib import Path

from fastapi import Request
from fastapi.responses import RedirectResponse, Response

from restock.dashboard import session as cookie
from restock.errors import RestockError
from restock.kit.pages import Pages

pages = Pages(Path(__file__).parent / "templates", csrf_field=cookie.CSRF_FIELD)
FORGED = (
    "This form is out of date or was sent from another site, so nothing was changed. "
    "Go back, reload the page and try again."
)


def is_dashboard(request: Request) -> bool:
    path: str = request.url.path
    return path == cookie.PATH or path.startswith(cookie.PATH + "/")


def error_page(request: Request, status: int, message: str) -> Response:
    return pages.render(
        "error.html.j2",
        status_code=status,
        session=cookie.read(request),
        notice=None,
        path=request.url.path,
        message=message,
    )


async def sign_in_required(_: Request, __: Exception) -> Response:
    return RedirectResponse("/app/sign-in", status_code=303)


async def forged_form(request: Request, _: Exception) -> Response:
    return error_page(request, 403, FORGED)


def restock_error_page(request: Request, error: RestockError) -> Response:
    return error_page(request, error.status, error.message)

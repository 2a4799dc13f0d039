"""The dashboard's pages. Reads and actions go through the same services as the admin API
(every figure here has its admin route); an action answers with a redirect to its page."""

import math
from dataclasses import dataclass
from typing import Annotated, Any
from urllib.parse import urlencode

from fastapi import APIRouter, Depends, Form, Query, Request
from fastapi.responses import HTMLResponse, RedirectResponse, Response, StreamingResponse

from restock.auth.dependencies import AppSettings
from restock.auth.service import auth_service
from restock.dashboard import session as cookie
from restock.dashboard.charts import daily_chart
from restock.dashboard.pages import pages
from restock.dashboard.session import CheckedForm, SignedIn, Visitor
from restock.dashboard.settings_view import settings_rows
from restock.db import Session
from restock.errors import RestockError, TooManyRequests, Unauthorized
from restock.insights.service import insights_service
from restock.kit.limits import AbuseGuard
from restock.kit.schema import INT4_MAX, storable
from restock.models import NotificationStatus, SubscriptionStatus
from restock.notifications.service import notification_service, suppression_service
from restock.sales_channels.service import sales_channel_service
from restock.subscriptions.export import csv_answer
from restock.subscriptions.preview import preview_check
from restock.subscriptions.schemas import SubscriptionFilter
from restock.subscriptions.service import restock_subscription_service

PAGE_SIZE = 25
MAX_PAGE = INT4_MAX // PAGE_SIZE  # an offset the database takes
router = APIRouter(prefix="/app", include_in_schema=False)
# What an action's redirect may say: a fixed set of messages, never text from the request.
NOTICES = {
    "cancelled": "The subscription is cancelled.",
    "retried": "The notification is queued to be sent again.",
    "unsuppressed": "The address can be emailed again.",
    "signed-out": "You are signed out.",
    "counted": "Most wanted is counted anew.",
}


def _page(
    name: str,
    request: Request,
    who: cookie.DashboardSession,
    status_code: int = 200,
    **context: Any,
) -> Response:
    notice = NOTICES.get(request.query_params.get("done", ""))
    return pages.render(
        name, status_code, session=who, notice=notice, path=request.url.path, **context
    )


@dataclass(frozen=True)
class PageAt:
    """Which page of a list the request shows (from 1)."""

    number: int

    @property
    def offset(self) -> int:
        return (self.number - 1) * PAGE_SIZE


async def page_at(page: Annotated[int, Query(ge=1, le=MAX_PAGE)] = 1) -> PageAt:
    return PageAt(page)


At = Annotated[PageAt, Depends(page_at)]


def _listing(
    name: str,
    request: Request,
    who: cookie.DashboardSession,
    at: PageAt,
    found: tuple[list[Any], int],
    query: dict[str, str],
    **context: Any,
) -> Response:
    rows, count = found
    pages = max(math.ceil(count / PAGE_SIZE), 1)
    return _page(
        name,
        request,
        who,
        rows=rows,
        count=count,
        page=at.number,
        pages=pages,
        query=query,
        **context,
    )


def _back(path: str, done: str | None = None) -> RedirectResponse:
    """See the page again (303: the browser follows with a GET), saying what was done."""
    target = f"{path}?{urlencode({'done': done})}" if done else path
    return RedirectResponse(target, status_code=303)


@router.get("/sign-in", response_class=HTMLResponse)
async def sign_in_page(request: Request, who: Visitor, settings: AppSettings) -> Response:
    if who.user_id:
        return _back("/app")
    response = _page("sign_in.html.j2", request, who, error=None, email="")
    cookie.write(response, settings, who)
    return response


@router.post("/sign-in", response_class=HTMLResponse)
async def sign_in(
    request: Request,
    session: Session,
    settings: AppSettings,
    email: Annotated[str, Form()] = "",
    password: Annotated[str, Form()] = "",
    csrf_token: Annotated[str, Form()] = "",
) -> Response:
    who = cookie.read(request)
    if who is None or not cookie.same_token(who, csrf_token):
        raise cookie.ForgedForm()
    guard: AbuseGuard = request.app.state.guard
    try:
        if not (storable(email) and storable(password)):  # no account has such an address
            raise Unauthorized("Invalid email or password")
        await guard.check_auth_ip(request.client.host if request.client else "unknown")
        await guard.check_auth_identity(email.strip().lower())
        user_id = await auth_service.admin_user(session, settings, email.strip().lower(), password)
    except (Unauthorized, TooManyRequests) as error:
        message = "Wrong email or password." if isinstance(error, Unauthorized) else error.message
        status = 401 if isinstance(error, Unauthorized) else 429
        return _page("sign_in.html.j2", request, who, status, error=message, email=email)
    response = _back("/app")
    cookie.write(response, settings, cookie.fresh(user_id))
    return response


@router.post("/sign-out")
async def sign_out(_: CheckedForm, settings: AppSettings) -> Response:
    response = _back("/app/sign-in", "signed-out")
    cookie.clear(response, settings)
    return response


@router.get("", response_class=HTMLResponse)
async def overview(request: Request, who: SignedIn, session: Session) -> Response:
    days = await insights_service.daily(session, 30)
    return _page(
        "overview.html.j2",
        request,
        who,
        summary=await insights_service.summary(session, days),
        demand=await insights_service.demand(session, 10),
        days=days,
        chart=daily_chart(days),
    )


@router.post("/demand/refresh")
async def refresh_demand(_: CheckedForm, session: Session) -> Response:
    await insights_service.refresh_demand(session)
    return _back("/app", "counted")


def _filter(q: str, status: str, channel: str) -> SubscriptionFilter:
    return SubscriptionFilter(
        q=q or None,
        status=status if status in set(SubscriptionStatus) else None,
        sales_channel_id=channel or None,
    )


@router.get("/subscriptions", response_class=HTMLResponse)
async def subscriptions(
    request: Request,
    who: SignedIn,
    session: Session,
    at: At,
    q: str = "",
    status: str = "",
    channel: str = "",
) -> Response:
    rows, count, variants = await restock_subscription_service.page(
        session, _filter(q, status, channel), PAGE_SIZE, at.offset
    )
    return _listing(
        "subscriptions.html.j2",
        request,
        who,
        at,
        (rows, count),
        {"q": q, "status": status, "channel": channel},
        variants=variants,
        statuses=list(SubscriptionStatus),
        channels=await sales_channel_service.all(session),
    )


@router.get("/subscriptions/export.csv")
async def export(
    request: Request, _: SignedIn, q: str = "", status: str = "", channel: str = ""
) -> StreamingResponse:
    return csv_answer(request.app.state.db, _filter(q, status, channel))


@router.get("/subscriptions/{subscription_id}/cancel", response_class=HTMLResponse)
async def confirm_cancel(
    subscription_id: str, request: Request, who: SignedIn, session: Session
) -> Response:
    rows, _, variants = await restock_subscription_service.page(
        session, SubscriptionFilter(subscription_id=subscription_id), 1, 0
    )
    return _page("cancel.html.j2", request, who, row=rows[0] if rows else None, variants=variants)


@router.post("/subscriptions/{subscription_id}/cancel")
async def cancel(subscription_id: str, _: CheckedForm, session: Session) -> Response:
    await restock_subscription_service.cancel(session, subscription_id)
    return _back("/app/subscriptions", "cancelled")


@router.get("/notifications", response_class=HTMLResponse)
async def notifications(
    request: Request, who: SignedIn, session: Session, at: At, status: str = ""
) -> Response:
    chosen = status if status in set(NotificationStatus) else None
    found = await notification_service.page(session, PAGE_SIZE, at.offset, chosen)
    query = {"status": status}
    statuses = list(NotificationStatus)
    return _listing("notifications.html.j2", request, who, at, found, query, statuses=statuses)


@router.get("/notifications/{notification_id}", response_class=HTMLResponse)
async def notification(
    notification_id: str, request: Request, who: SignedIn, session: Session, settings: AppSettings
) -> Response:
    row = await notification_service.get(session, notification_id)
    email = notification_service.rendered(settings, row)
    return _page("notification.html.j2", request, who, row=row, email=email)


@router.post("/notifications/{notification_id}/retry")
async def retry(notification_id: str, _: CheckedForm, session: Session) -> Response:
    await notification_service.retry(session, notification_id)
    return _back(f"/app/notifications/{notification_id}", "retried")


@router.get("/suppressions", response_class=HTMLResponse)
async def suppressions(
    request: Request, who: SignedIn, session: Session, at: At, q: str = ""
) -> Response:
    found = await suppression_service.page(session, PAGE_SIZE, at.offset, q)
    return _listing("suppressions.html.j2", request, who, at, found, {"q": q})


@router.post("/suppressions/remove")
async def unsuppress(
    _: CheckedForm, session: Session, email: Annotated[str, Form()] = ""
) -> Response:
    await suppression_service.remove(session, email)
    return _back("/app/suppressions", "unsuppressed")


@router.get("/tools", response_class=HTMLResponse)
async def tools(request: Request, who: SignedIn) -> Response:
    return _page("tools.html.j2", request, who, sent=None, error=None, preview=None, to="")


@router.post("/tools/test-email", response_class=HTMLResponse)
async def test_email(
    request: Request,
    who: CheckedForm,
    session: Session,
    settings: AppSettings,
    to: Annotated[str, Form()] = "",
) -> Response:
    provider = request.app.state.restock.dispatcher.provider
    try:
        sent = await notification_service.send_test(session, settings, provider, to)
    except RestockError as error:
        return _page(
            "tools.html.j2",
            request,
            who,
            error.status,
            sent=None,
            error=error.message,
            preview=None,
            to=to,
        )
    return _page("tools.html.j2", request, who, sent=sent, error=None, preview=None, to=to)


@router.get("/tools/preview", response_class=HTMLResponse)
async def preview(request: Request, who: SignedIn, settings: AppSettings) -> Response:
    found = await preview_check(request.app.state.db, settings, limit=200)
    return _page("tools.html.j2", request, who, sent=None, error=None, preview=found, to="")


@router.get("/settings", response_class=HTMLResponse)
async def settings_page(request: Request, who: SignedIn, settings: AppSettings) -> Response:
    return _page("settings.html.j2", request, who, rows=settings_rows(settings))

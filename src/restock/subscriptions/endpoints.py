from dataclasses import asdict
from typing import Annotated, Any, Literal

from fastapi import APIRouter, Depends, Header, Query, Request
from fastapi.responses import HTMLResponse, Response, StreamingResponse

from restock.auth.dependencies import (
    PUBLISHABLE_KEY_HEADER,
    AdminUser,
    AppSettings,
    Customer,
    OptionalCustomer,
    Store,
    StoreContext,
    optional_store_context,
)
from restock.db import Session
from restock.errors import error_responses
from restock.kit.fields import fields_param
from restock.kit.limits import AbuseGuard
from restock.kit.pagination import Page, page_params
from restock.kit.responses import ContractRoute, Deleted, FastJSONResponse
from restock.kit.serialize import deleted
from restock.models import SubscriptionStatus
from restock.notifications.service import suppression_service
from restock.subscriptions import claims, repository
from restock.subscriptions.export import csv_answer
from restock.subscriptions.pages import language, page
from restock.subscriptions.preview import preview_check
from restock.subscriptions.schemas import (
    AvailabilityAnswer,
    ClaimAnswer,
    LegacySubscribeBody,
    PreviewAnswer,
    SubscribeBody,
    SubscriptionAnswer,
    SubscriptionFilter,
    SubscriptionList,
    subscription_out,
)
from restock.subscriptions.service import restock_subscription_service as service
from restock.subscriptions.workflows import SubscribeInput

store = APIRouter(tags=["store: restock subscriptions"], route_class=ContractRoute)
admin = APIRouter(
    prefix="/admin/restock-subscriptions",
    tags=["admin: restock subscriptions"],
    route_class=ContractRoute,
)
check_preview = APIRouter(
    prefix="/admin/restock-check", tags=["admin: restock subscriptions"], route_class=ContractRoute
)
unsubscribe_pages = APIRouter(prefix="/unsubscribe", tags=["unsubscribe"])
confirm_pages = APIRouter(prefix="/confirm", tags=["unsubscribe"])
claim_pages = APIRouter(prefix="/claim", tags=["unsubscribe"])
Paging = Annotated[Page, Depends(page_params)]
CLIENT_HEADER = "x-restock-client"
Fields = Annotated[frozenset[str], Depends(fields_param)]


async def limit_client_ip(request: Request) -> AbuseGuard:
    guard: AbuseGuard = request.app.state.guard
    await guard.check_ip(request.client.host if request.client else "unknown")
    return guard


Guard = Annotated[AbuseGuard, Depends(limit_client_ip)]


@store.post(
    "/store/restock-subscriptions",
    status_code=201,
    response_model=SubscriptionAnswer,
    responses=error_responses(404, 429),
)
async def subscribe(
    context: Store,
    guard: Guard,
    body: SubscribeBody,
    session: Session,
    settings: AppSettings,
    customer_id: OptionalCustomer,
    client: Annotated[
        Literal["widget"] | None,
        Header(alias=CLIENT_HEADER, description="`widget` when the storefront widget asks"),
    ] = None,
    accept_language: Annotated[str | None, Header(max_length=1000)] = None,
) -> Response:
    """Ask to be told when a sold-out variant is back in the sales channel. One live
    subscription is kept per (variant, channel, address). The answer reveals nothing stored:
    for a guest, or a customer giving another address, it is the subscription as asked, with a
    new id, whether the address was new, already waiting or unsubscribed; a signed-in customer
    subscribing its own address is shown its stored row."""
    given = SubscribeInput(
        body.variant_id,
        body.email,
        body.sales_channel_id,
        customer_id,
        context.sales_channel_ids,
        client or "api",
        body.locale or service.locale_for(settings, accept_language),
    )
    subscription = await service.subscribe(session, settings, guard, given)
    return _created(subscription)


def _created(subscription: Any) -> Response:
    """The answer as documented, rendered as it is: this is the route shoppers' bursts hit,
    and checking it against its model again would cost more than building it (the tests check
    it against the model)."""
    body = {"restock_subscription": subscription_out(subscription)}
    return FastJSONResponse(body, status_code=201)


@store.post(
    "/restock-notifications/variants/{variant_id}",
    status_code=201,
    response_model=SubscriptionAnswer,
    responses=error_responses(429),
)
async def subscribe_legacy(
    variant_id: str,
    context: Annotated[StoreContext | None, Depends(optional_store_context)],
    guard: Guard,
    body: LegacySubscribeBody,
    session: Session,
    settings: AppSettings,
) -> Response:
    """The v1 plugin's route; a publishable key is optional here."""
    given = SubscribeInput(
        variant_id,
        body.email,
        body.sales_channel_id,
        None,
        context.sales_channel_ids if context else None,
        "v1",
    )
    subscription = await service.subscribe(session, settings, guard, given)
    return _created(subscription)


# Storefronts ask on every product page view: a short shared cache absorbs the bursts, and a
# restock shows within this many seconds.
AVAILABILITY_CACHE_SECONDS = 15


@store.get(
    "/store/restock-availability/{variant_id}",
    response_model=AvailabilityAnswer,
    responses=error_responses(404),
)
async def availability(
    variant_id: str,
    context: Store,
    session: Session,
    response: Response,
    sales_channel_id: str | None = None,
) -> dict[str, Any]:
    """Whether the variant is in stock in the sales channel (the publishable key's first one
    unless named): a storefront offers "Notify me" when it is not. Cacheable for a few seconds,
    per publishable key."""
    stock = await service.availability(
        session, variant_id, sales_channel_id, context.sales_channel_ids
    )
    response.headers["cache-control"] = f"public, max-age={AVAILABILITY_CACHE_SECONDS}"
    response.headers["vary"] = PUBLISHABLE_KEY_HEADER
    out = {
        "variant_id": stock.variant_id,
        "sales_channel_id": stock.sales_channel_id,
        "in_stock": stock.in_stock,
    }
    return {"restock_availability": out}


@store.get("/store/restock-subscriptions", response_model=SubscriptionList)
async def list_own(
    _: Store, customer_id: Customer, session: Session, page: Paging
) -> dict[str, Any]:
    own = SubscriptionFilter(live_only=True, customer_id=customer_id)
    rows, count = await repository.list_page(session, own, limit=page.limit, offset=page.offset)
    variants = await service.variants_for(session, rows)
    items = [subscription_out(r, variants.get(r.variant_id)) for r in rows]
    return page.envelope("restock_subscriptions", items, count)


@store.post(
    "/store/customers/me/restock-subscriptions/claim",
    response_model=ClaimAnswer,
    status_code=202,
)
async def ask_to_claim(
    request: Request, _: Store, customer_id: Customer, session: Session, settings: AppSettings
) -> Any:
    """Email the signed-in customer's address a link that adds the address's guest
    subscriptions to the account (signing up proves nothing about an address; the link does).
    `sent` is false when one was sent in the last 10 minutes."""
    locale = _language(request)
    sent = await claims.ask_to_claim(session, settings, customer_id, locale)
    return FastJSONResponse({"claim": {"sent": sent}}, status_code=202)


@store.delete("/store/restock-subscriptions/{subscription_id}", response_model=Deleted)
async def cancel_own(
    subscription_id: str, _: Store, customer_id: Customer, session: Session
) -> dict[str, Any]:
    await service.cancel(session, subscription_id, customer_id)
    return deleted(subscription_id, "restock_subscription")


async def admin_filter(
    variant_id: str | None = None,
    sales_channel_id: str | None = None,
    email: str | None = None,
    status: SubscriptionStatus | None = None,
    q: Annotated[
        str | None,
        Query(description="A part of the address, of the product's or variant's title or SKU"),
    ] = None,
) -> SubscriptionFilter:
    return SubscriptionFilter(
        variant_id=variant_id, sales_channel_id=sales_channel_id, email=email, status=status, q=q
    )


Chosen = Annotated[SubscriptionFilter, Depends(admin_filter)]


@admin.get("", response_model=SubscriptionList)
async def list_all(
    _: AdminUser, session: Session, page: Paging, fields: Fields, chosen: Chosen
) -> dict[str, Any]:
    rows, count = await repository.list_page(session, chosen, limit=page.limit, offset=page.offset)
    variants = await service.variants_for(session, rows) if "product_variant" in fields else None
    items = [
        subscription_out(
            r, variants.get(r.variant_id) if variants is not None else None, history=True
        )
        for r in rows
    ]
    return page.envelope("restock_subscriptions", items, count)


@admin.get(
    "/export",
    response_class=StreamingResponse,
    responses={200: {"content": {"text/csv": {}}, "description": "Every matching row, as CSV"}},
)
async def export(_: AdminUser, request: Request, chosen: Chosen) -> StreamingResponse:
    """Every subscription the filter matches (not a page), as CSV, streamed as it is read."""
    return csv_answer(request.app.state.db, chosen)


@check_preview.get("/preview", response_model=PreviewAnswer)
async def preview(
    _: AdminUser,
    request: Request,
    settings: AppSettings,
    limit: Annotated[int, Query(ge=0, le=1000)] = 100,
) -> dict[str, Any]:
    """What a restock check would do now, doing nothing: the restocked pairs, how many
    subscribers it would notify, and the first `limit` of them."""
    found = await preview_check(request.app.state.db, settings, limit)
    return {
        "preview": {
            "pairs": [asdict(pair) for pair in found.pairs],
            "subscribers": found.subscribers,
            "listed": [asdict(one) for one in found.listed],
        }
    }


@admin.delete("/{subscription_id}", response_model=Deleted)
async def cancel(subscription_id: str, _: AdminUser, session: Session) -> dict[str, Any]:
    await service.cancel(session, subscription_id)
    return deleted(subscription_id, "restock_subscription")


def is_unsubscribe_page(request: Request) -> bool:
    """A page a person reaches from an email's link."""
    path: str = request.url.path
    return path.startswith(("/unsubscribe/", "/confirm/", "/claim/"))


def _language(request: Request, preferred: str | None = None) -> str:
    settings = request.app.state.settings
    return language(preferred, request.headers.get("accept-language"), settings.default_locale)


def broken_link_page(request: Request, status: int) -> HTMLResponse:
    """A person followed the link: the answer to a bad one is a page, not JSON."""
    return page(_language(request), "broken", status=status)


@unsubscribe_pages.get("/{token}", response_class=HTMLResponse)
async def unsubscribe_page(token: str, request: Request, settings: AppSettings) -> HTMLResponse:
    """Shows a button and changes nothing: mail scanners follow links, people press buttons."""
    email = suppression_service.address_of(settings, token)
    return page(_language(request), "unsubscribe.ask", button=True, email=email)


@unsubscribe_pages.post("/{token}", response_class=HTMLResponse)
async def unsubscribe(
    token: str, request: Request, session: Session, settings: AppSettings
) -> HTMLResponse:
    """The button's target, and RFC 8058's one-click POST."""
    email = await service.unsubscribe(session, settings, token)
    return page(_language(request), "unsubscribe.done", email=email)


@confirm_pages.get("/{token}", response_class=HTMLResponse)
async def confirmation_page(
    token: str, request: Request, session: Session, settings: AppSettings
) -> HTMLResponse:
    """Shows a button and changes nothing: mail scanners follow links, people press buttons."""
    subscription = await service.to_confirm(session, settings, token)
    return page(_language(request, subscription.locale), "confirm.ask", button=True)


@confirm_pages.post("/{token}", response_class=HTMLResponse)
async def confirm_subscription(
    token: str, request: Request, session: Session, settings: AppSettings
) -> HTMLResponse:
    """The button's target: the subscription starts waiting for the restock."""
    subscription = await service.confirm(session, settings, token)
    lang = _language(request, subscription.locale)
    return page(lang, "confirm.done", email=subscription.email)


@claim_pages.get("/{token}", response_class=HTMLResponse)
async def claim_page(token: str, request: Request, settings: AppSettings) -> HTMLResponse:
    """Shows a button and changes nothing: mail scanners follow links, people press buttons."""
    _, email = claims.claimed_address(settings, token)
    return page(_language(request), "claim.ask", button=True, email=email)


@claim_pages.post("/{token}", response_class=HTMLResponse)
async def claim(
    token: str, request: Request, session: Session, settings: AppSettings
) -> HTMLResponse:
    """The button's target: the address's guest subscriptions join the account."""
    email, count = await claims.claim(session, settings, token)
    return page(_language(request), "claim.done", email=email, count=count)

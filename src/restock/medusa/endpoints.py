"""The receiver of a Medusa store's events, and the guard that keeps a mirrored catalog
read-only here: the store is where it changes."""

from typing import Any

from fastapi import APIRouter, Request
from pydantic import ValidationError

from restock.api_keys.service import api_key_service
from restock.auth.dependencies import AppSettings
from restock.db import Session
from restock.errors import Conflict, InvalidData, NotFound, error_responses
from restock.kit.responses import ContractRoute
from restock.kit.signed import verified_body
from restock.kit.validation import describe
from restock.medusa.schemas import HookPulled, MedusaHook
from restock.medusa.service import CHANNELS, KEYS, LOCATIONS, Mirror

hooks = APIRouter(prefix="/hooks", tags=["hooks"], route_class=ContractRoute)
MANAGED = "The catalog is managed by Medusa (RESTOCK_MEDUSA_URL): change it in the store"
_READS = {"GET", "HEAD", "OPTIONS"}
# Events naming no item or product: the small resources they concern are read again whole.
_WHOLE = {"sales-channel": CHANNELS, "stock-location": LOCATIONS, "api-key": KEYS}


async def catalog_writes(request: Request, settings: AppSettings) -> None:
    """Refuses a write to the catalog while it is mirrored from Medusa."""
    if settings.mirrors_medusa and request.method not in _READS:
        raise Conflict(MANAGED)


async def key_writes(request: Request, settings: AppSettings, session: Session) -> None:
    """Publishable keys come from Medusa while it is mirrored; secret keys stay Restock's own."""
    if not settings.mirrors_medusa or request.method in _READS:
        return
    key_id = request.path_params.get("key_id")
    if key_id is None:
        try:
            body = await request.json()
        except ValueError:
            return  # the route answers the bad body
        publishable = not isinstance(body, dict) or body.get("type") != "secret"
    else:
        try:
            publishable = (await api_key_service.retrieve(session, key_id)).type == "publishable"
        except NotFound:
            return  # the route answers 404
    if publishable:
        raise Conflict(MANAGED)


@hooks.post(
    "/medusa",
    response_model=HookPulled,
    responses=error_responses(400, 401, 404),
    openapi_extra={
        "requestBody": {"content": {"application/json": {"schema": MedusaHook.model_json_schema()}}}
    },
)
async def medusa_event(request: Request, settings: AppSettings) -> dict[str, Any]:
    """A Medusa event, signed with RESTOCK_MEDUSA_WEBHOOK_SECRET as Restock's webhook provider
    signs (`X-Restock-Timestamp`, `X-Restock-Signature: sha256=` HMAC-SHA256 of
    `<timestamp>.<body>`): what it names is read from Medusa at once, and a restock it reveals
    is notified without waiting for the next pull."""
    body = await verified_body(request, settings.medusa_webhook_secret)
    mirror: Mirror | None = request.app.state.restock.mirror
    if mirror is None:
        raise NotFound("No Medusa store is mirrored (RESTOCK_MEDUSA_URL)")
    try:
        event = MedusaHook.model_validate_json(body)
    except ValidationError as error:
        raise InvalidData(describe(error.errors())) from None
    report = await mirror.pull_named(event.inventory_item_ids, event.product_ids)
    whole = [r for prefix, r in _WHOLE.items() if prefix in event.name]
    if whole:
        report = await mirror.refresh(whole, report)
    return {"pulled": {name: tally.read for name, tally in report.tallies.items()}}

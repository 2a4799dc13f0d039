"""Who is calling: admin user, customer, or storefront (publishable key → sales channels).

Every dependency here is `async def`: FastAPI runs plain `def` dependencies in a thread pool,
and a thread hop per dependency per request costs more than the work they do.
"""

import base64
import binascii
from dataclasses import dataclass
from typing import Annotated

from fastapi import Depends, Request
from fastapi.openapi.models import APIKey, APIKeyIn, HTTPBase, HTTPBearer, SecurityBase
from fastapi.security.base import SecurityBase as SecurityScheme

from restock.api_keys.service import api_key_service
from restock.auth.tokens import AuthContext, read
from restock.config import Settings
from restock.db import Session
from restock.errors import NotAllowed, Unauthorized

PUBLISHABLE_KEY_HEADER = "x-publishable-api-key"


class Documented(SecurityScheme):
    """A security scheme as OpenAPI shows it (so that /docs can authorize requests); the
    dependencies below read and check the credentials themselves."""

    def __init__(self, name: str, model: SecurityBase) -> None:
        self.scheme_name = name
        self.model = model

    async def __call__(self) -> None:
        return None


ADMIN_TOKEN = Documented(
    "AdminToken",
    HTTPBearer(bearerFormat="JWT", description="An admin token from POST /auth/user/emailpass."),
)
SECRET_KEY = Documented(
    "SecretKey",
    HTTPBase(scheme="basic", description="A secret API key (sk_…) as the HTTP Basic user name."),
)
CUSTOMER_TOKEN = Documented(
    "CustomerToken",
    HTTPBearer(
        bearerFormat="JWT", description="A customer token from POST /auth/customer/emailpass."
    ),
)
PUBLISHABLE_KEY = Documented(
    "PublishableKey",
    APIKey(
        **{"in": APIKeyIn.header},
        name=PUBLISHABLE_KEY_HEADER,
        description="A publishable API key (pk_…): it names the storefront's sales channels.",
    ),
)


async def get_settings_dep(request: Request) -> Settings:
    settings: Settings = request.app.state.settings
    return settings


AppSettings = Annotated[Settings, Depends(get_settings_dep)]


def _credentials(request: Request, scheme: str) -> str | None:
    header = request.headers.get("authorization", "")
    given, _, value = header.partition(" ")
    if given.lower() != scheme or not value.strip():
        return None
    return value.strip()


async def bearer_context(request: Request, settings: AppSettings) -> AuthContext | None:
    token = _credentials(request, "bearer")
    return read(settings, token) if token else None


Bearer = Annotated[AuthContext | None, Depends(bearer_context)]


async def admin_actor(
    request: Request,
    session: Session,
    context: Bearer,
    _token: Annotated[None, Depends(ADMIN_TOKEN)],
    _secret: Annotated[None, Depends(SECRET_KEY)],
) -> str:
    """The admin user's id, from a user JWT or a secret API key sent as HTTP Basic."""
    if context is not None and context.actor_type == "user" and context.actor_id:
        return context.actor_id
    basic = _credentials(request, "basic")
    if basic:
        try:
            token = base64.b64decode(basic, validate=True).decode().split(":", 1)[0]
        except (binascii.Error, UnicodeDecodeError):
            raise Unauthorized() from None
        key = await api_key_service.authenticate_secret(session, token)
        if key is not None:
            return key.created_by
    raise Unauthorized()


AdminUser = Annotated[str, Depends(admin_actor)]


async def optional_customer(
    context: Bearer, _token: Annotated[None, Depends(CUSTOMER_TOKEN)]
) -> str | None:
    """A signed-in customer's id; a bad or foreign token is treated as a guest, as Medusa does."""
    if context is not None and context.actor_type == "customer" and context.actor_id:
        return context.actor_id
    return None


async def required_customer(customer_id: Annotated[str | None, Depends(optional_customer)]) -> str:
    if customer_id is None:
        raise Unauthorized()
    return customer_id


OptionalCustomer = Annotated[str | None, Depends(optional_customer)]
Customer = Annotated[str, Depends(required_customer)]


@dataclass(frozen=True)
class StoreContext:
    key: str
    sales_channel_ids: list[str]


async def store_context(
    request: Request,
    session: Session,
    settings: AppSettings,
    _key: Annotated[None, Depends(PUBLISHABLE_KEY)],
) -> StoreContext:
    token = request.headers.get(PUBLISHABLE_KEY_HEADER, "").strip()
    if not token:
        raise NotAllowed(
            "Publishable API key required in the request header: x-publishable-api-key. "
            "You can manage your keys in settings in the dashboard."
        )
    channel_ids = await api_key_service.publishable_channels(
        session, token, settings.api_key_cache_seconds
    )
    if channel_ids is None:
        raise NotAllowed("A valid publishable key is required to proceed with the request")
    return StoreContext(key=token, sales_channel_ids=channel_ids)


Store = Annotated[StoreContext, Depends(store_context)]


async def optional_store_context(
    request: Request,
    session: Session,
    settings: AppSettings,
    _key: Annotated[None, Depends(PUBLISHABLE_KEY)],
) -> StoreContext | None:
    """The legacy v1 route takes a key if one is sent, and checks it like the store does."""
    if not request.headers.get(PUBLISHABLE_KEY_HEADER, "").strip():
        return None
    return await store_context(request, session, settings, None)

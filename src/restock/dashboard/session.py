"""The dashboard's session: a signed cookie naming the signed-in admin user, and the CSRF token
that every state-changing form must carry back."""

import secrets
from dataclasses import dataclass
from typing import Annotated

from fastapi import Depends, Form, Request, Response
from itsdangerous import BadSignature, URLSafeTimedSerializer

from restock.config import Settings

COOKIE = "restock_dashboard"
PATH = "/app"
CSRF_FIELD = "csrf_token"


class SignInRequired(Exception):  # noqa: N818 - a redirect, not a failure
    """No signed-in admin: the answer is the sign-in page."""


class ForgedForm(Exception):  # noqa: N818
    """A form without this session's CSRF token: made by another site, or stale."""


@dataclass(frozen=True)
class DashboardSession:
    csrf: str
    user_id: str | None = None


def _serializer(settings: Settings) -> URLSafeTimedSerializer:
    return URLSafeTimedSerializer(settings.jwt_secret, salt="restock-dashboard-session")


def read(request: Request) -> DashboardSession | None:
    settings: Settings = request.app.state.settings
    raw = request.cookies.get(COOKIE)
    if not raw:
        return None
    try:
        data = _serializer(settings).loads(raw, max_age=settings.jwt_expires_in)
    except BadSignature:  # tampered with, or expired
        return None
    if not isinstance(data, dict) or not isinstance(data.get("csrf"), str):
        return None
    user = data.get("user")
    return DashboardSession(data["csrf"], user if isinstance(user, str) else None)


def write(response: Response, settings: Settings, session: DashboardSession) -> None:
    value = _serializer(settings).dumps({"csrf": session.csrf, "user": session.user_id})
    response.set_cookie(
        COOKIE,
        value,
        max_age=settings.jwt_expires_in,
        path=PATH,
        httponly=True,
        samesite="lax",
        secure=settings.public_url.startswith("https://"),
    )


def clear(response: Response, settings: Settings) -> None:
    response.delete_cookie(
        COOKIE,
        path=PATH,
        httponly=True,
        samesite="lax",
        secure=settings.public_url.startswith("https://"),
    )


def fresh(user_id: str | None = None) -> DashboardSession:
    """A new session, with a new CSRF token: on sign-in the token changes."""
    return DashboardSession(secrets.token_urlsafe(32), user_id)


async def visitor(request: Request) -> DashboardSession:
    """The session, or a new anonymous one (the sign-in form needs a CSRF token too)."""
    return read(request) or fresh()


async def signed_in(request: Request) -> DashboardSession:
    found = read(request)
    if found is None or found.user_id is None:
        raise SignInRequired()
    return found


def same_token(session: DashboardSession, given: str) -> bool:
    return secrets.compare_digest(session.csrf.encode(), given.encode())


async def checked_form(
    request: Request, csrf_token: Annotated[str, Form()] = ""
) -> DashboardSession:
    """A state-changing request: a signed-in admin, and the form carries its CSRF token."""
    found = read(request)
    if found is None or not same_token(found, csrf_token):
        raise ForgedForm()
    if found.user_id is None:
        raise SignInRequired()
    return found


Visitor = Annotated[DashboardSession, Depends(visitor)]
SignedIn = Annotated[DashboardSession, Depends(signed_in)]
CheckedForm = Annotated[DashboardSession, Depends(checked_form)]

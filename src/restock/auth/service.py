"""Registering, logging in and refreshing tokens, with Medusa's answers and messages."""

from typing import Any

from sqlalchemy.ext.asyncio import AsyncSession

from restock.auth import repository
from restock.auth.passwords import MIN_PASSWORD_LENGTH, hash_password, verify_password
from restock.auth.tokens import ActorType, AuthContext, issue
from restock.config import Settings
from restock.errors import InvalidData, Unauthorized
from restock.kit.emails import normalize_email
from restock.kit.ids import new_id
from restock.kit.schema import storable, unstorable
from restock.models import AuthIdentity


def credentials(body: Any) -> tuple[str, str]:
    """Medusa checks the password's type first, then the email's, answering 401 for either."""
    body = body if isinstance(body, dict) else {}
    password, email = body.get("password"), body.get("email")
    if not isinstance(password, str):
        raise Unauthorized("Password should be a string")
    if not isinstance(email, str):
        raise Unauthorized("Email should be a string")
    for field, value in (("email", email), ("password", password)):
        if not storable(value):
            raise unstorable(f"Field '{field}'")
    return email.strip().lower(), password


class AuthService:
    async def register_customer(
        self, session: AsyncSession, settings: Settings, email: str, password: str
    ) -> str:
        """A registration token (no actor yet) for `POST /store/customers`. An identity that
        exists is never overwritten: its owner logs in instead."""
        try:
            normalize_email(email)
        except ValueError as error:
            raise InvalidData(str(error)) from None
        if len(password) < MIN_PASSWORD_LENGTH:
            raise InvalidData(f"Password must be at least {MIN_PASSWORD_LENGTH} characters")
        if await repository.by_email(session, email) is not None:
            raise Unauthorized("Identity with email already exists")
        identity = AuthIdentity(id=new_id("authid"), email=email, password_hash="")
        session.add(identity)
        identity.password_hash = await hash_password(password, settings.password_threads)
        await session.flush()
        return issue(settings, "customer", "", identity.id)

    async def login(
        self,
        session: AsyncSession,
        settings: Settings,
        actor: ActorType,
        email: str,
        password: str,
    ) -> str:
        identity = await self._verified(session, settings, email, password)
        actor_id = identity.user_id if actor == "user" else identity.customer_id
        return issue(settings, actor, actor_id or "", identity.id)

    async def admin_user(
        self, session: AsyncSession, settings: Settings, email: str, password: str
    ) -> str:
        """The id of the admin user these credentials are of (the dashboard's sign-in)."""
        identity = await self._verified(session, settings, email, password)
        if not identity.user_id:
            raise Unauthorized("Invalid email or password")
        return identity.user_id

    async def _verified(
        self, session: AsyncSession, settings: Settings, email: str, password: str
    ) -> AuthIdentity:
        """The identity, when the password is its own; the same error for an unknown address
        and a wrong password, after the same work."""
        identity = await repository.by_email(session, email)
        known = identity.password_hash if identity else None
        if not await verify_password(known, password, settings.password_threads):
            raise Unauthorized("Invalid email or password")
        assert identity is not None
        return identity

    async def refresh(
        self, session: AsyncSession, settings: Settings, context: AuthContext | None
    ) -> str:
        if context is None or context.actor_type not in ("user", "customer"):
            raise Unauthorized()
        identity = await repository.get(session, context.auth_identity_id)
        if identity is None:
            raise Unauthorized()
        actor: ActorType = "user" if context.actor_type == "user" else "customer"
        actor_id = identity.user_id if actor == "user" else identity.customer_id
        return issue(settings, actor, actor_id or "", identity.id)

    async def set_password(self, session: AsyncSession, email: str, password: str) -> AuthIdentity:
        """The identity for `email` with this password, created when missing (CLI user setup)."""
        identity = await repository.by_email(session, email)
        if identity is None:
            identity = AuthIdentity(id=new_id("authid"), email=email, password_hash="")
            session.add(identity)
        # Account set-up (the command line, the dev admin): one thread is plenty.
        identity.password_hash = await hash_password(password, threads=1)
        await session.flush()
        return identity


auth_service = AuthService()

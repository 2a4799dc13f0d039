"""JWTs shaped like Medusa's: `actor_id` is empty for a registration token."""

from dataclasses import dataclass
from datetime import timedelta
from typing import Literal

import jwt

from restock.config import Settings
from restock.kit.time import utcnow

ActorType = Literal["user", "customer"]


@dataclass(frozen=True)
class AuthContext:
    actor_type: str
    actor_id: str
    auth_identity_id: str


def issue(settings: Settings, actor_type: ActorType, actor_id: str, identity_id: str) -> str:
    now = utcnow()
    claims = {
        "actor_id": actor_id,
        "actor_type": actor_type,
        "auth_identity_id": identity_id,
        "app_metadata": {f"{actor_type}_id": actor_id} if actor_id else {},
        "iat": now,
        "exp": now + timedelta(seconds=settings.jwt_expires_in),
    }
    return jwt.encode(claims, settings.jwt_secret, algorithm="HS256")


def read(settings: Settings, token: str) -> AuthContext | None:
    """The token's context, or None when it is forged, expired or malformed."""
    try:
        # A token without an expiry would be valid forever: refused, whoever signed it.
        claims = jwt.decode(
            token, settings.jwt_secret, algorithms=["HS256"], options={"require": ["exp"]}
        )
    except jwt.PyJWTError:
        return None
    actor_type, actor_id = claims.get("actor_type"), claims.get("actor_id")
    identity_id = claims.get("auth_identity_id")
    if not isinstance(actor_type, str) or not isinstance(actor_id, str):
        return None
    if not isinstance(identity_id, str):
        return None
    return AuthContext(actor_type=actor_type, actor_id=actor_id, auth_identity_id=identity_id)

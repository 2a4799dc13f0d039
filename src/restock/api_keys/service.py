"""API key use cases: create, link to channels, revoke, and check a key on a request."""

import hashlib
import secrets
import time
from datetime import timedelta

from sqlalchemy.ext.asyncio import AsyncSession

from restock.api_keys import repository
from restock.api_keys.schemas import ApiKeyCreate
from restock.errors import InvalidData, NotAllowed
from restock.events import Changed, EventName, record
from restock.kit.ids import new_id
from restock.kit.repository import get_or_404
from restock.kit.schema import LinkChange
from restock.kit.time import utcnow
from restock.models import ApiKey, ApiKeySalesChannel
from restock.sales_channels import repository as channels
from restock.sales_channels.service import sales_channel_service


def _hash(token: str) -> str:
    # Secret tokens carry 256 random bits, so a fast hash is enough; nothing to slow-hash here.
    return hashlib.sha256(token.encode()).hexdigest()


class ApiKeyService:
    def __init__(self) -> None:
        # token -> (monotonic expiry, channel ids or None for an invalid key)
        self._publishable: dict[str, tuple[float, list[str] | None]] = {}

    def forget_cached_keys(self) -> None:
        self._publishable.clear()

    async def create(
        self, session: AsyncSession, body: ApiKeyCreate, created_by: str
    ) -> tuple[ApiKey, str]:
        """The new key and its token; a secret token is returned only here."""
        prefix = "pk" if body.type == "publishable" else "sk"
        token = f"{prefix}_{secrets.token_hex(32)}"
        key = ApiKey(
            id=new_id("apk"),
            token=token if body.type == "publishable" else _hash(token),
            redacted=f"{token[:6]}***{token[-3:]}",
            title=body.title,
            type=body.type,
            created_by=created_by,
        )
        session.add(key)
        await session.flush()
        record(session, EventName.API_KEY_CREATED, Changed(key.id))
        return key, token

    async def retrieve(self, session: AsyncSession, key_id: str) -> ApiKey:
        return await get_or_404(session, ApiKey, key_id, "ApiKey")

    async def update_title(self, session: AsyncSession, key_id: str, title: str) -> ApiKey:
        key = await self.retrieve(session, key_id)
        key.title = title
        await session.flush()
        record(session, EventName.API_KEY_UPDATED, Changed(key.id))
        return key

    async def change_channels(self, session: AsyncSession, key_id: str, body: LinkChange) -> ApiKey:
        key = await self.retrieve(session, key_id)
        if key.type != "publishable":
            raise InvalidData("Sales channels can only be associated with publishable API keys")
        await sales_channel_service.ensure_exist(session, body.add)
        owner = ApiKeySalesChannel.api_key_id
        await channels.link_channels(session, owner, key.id, body.add, created_at=utcnow())
        await channels.unlink_channels(session, owner, key.id, body.remove)
        record(session, EventName.API_KEY_UPDATED, Changed(key.id))
        self.forget_cached_keys()
        return key

    async def revoke(
        self, session: AsyncSession, key_id: str, revoked_by: str, revoke_in: int | None
    ) -> ApiKey:
        key = await self.retrieve(session, key_id)
        if key.revoked_at is not None and key.revoked_at <= utcnow():
            raise NotAllowed(f"There are 1 secret keys that are already revoked: {key.id}")
        key.revoked_at = utcnow() + timedelta(seconds=revoke_in or 0)
        key.revoked_by = revoked_by
        await session.flush()
        record(session, EventName.API_KEY_REVOKED, Changed(key.id))
        self.forget_cached_keys()
        return key

    async def delete(self, session: AsyncSession, key_id: str) -> None:
        key = await self.retrieve(session, key_id)
        if key.revoked_at is None or key.revoked_at > utcnow():
            raise NotAllowed(f"Cannot delete api keys that are not revoked - {key.id}")
        await repository.remove(session, key.id)
        record(session, EventName.API_KEY_DELETED, Changed(key.id))
        self.forget_cached_keys()

    async def publishable_channels(
        self, session: AsyncSession, token: str, cache_seconds: float = 0
    ) -> list[str] | None:
        """The channels of a valid publishable key, or None; every store request asks."""
        now = time.monotonic()
        cached = self._publishable.get(token)
        if cached is not None and cached[0] > now:
            return cached[1]
        channels = await repository.live_publishable_channels(session, token, utcnow())
        if cache_seconds > 0:
            if len(self._publishable) > 10_000:  # bounded: unknown tokens must not grow it
                self._publishable.clear()
            self._publishable[token] = (now + cache_seconds, channels)
        return channels

    async def authenticate_secret(self, session: AsyncSession, token: str) -> ApiKey | None:
        key = await repository.by_token(session, _hash(token), "secret")
        if key is None or (key.revoked_at is not None and key.revoked_at <= utcnow()):
            return None
        return key


api_key_service = ApiKeyService()

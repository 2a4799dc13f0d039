"""Abuse limits on the public routes: subscribe requests per client IP and new subscriptions
per address; login and registration attempts per client IP and per identity.

Counters live in memory, or in Redis when `RESTOCK_REDIS_URL` is set so that every API process
shares them. The defaults are far above what a shopper does.
"""

import logging
import math
import time

from limits import RateLimitItem, parse
from limits.aio.storage import MemoryStorage, RedisStorage, Storage
from limits.aio.strategies import MovingWindowRateLimiter
from limits.errors import StorageError

from restock.config import Settings
from restock.errors import TooManyRequests

log = logging.getLogger(__name__)
SUBSCRIBE_LIMITED = "Too many restock subscription requests, try again later"
AUTH_LIMITED = "Too many sign-in attempts, try again later"


class AbuseGuard:
    def __init__(self, settings: Settings) -> None:
        self.enabled = settings.rate_limits_enabled
        self.storage: Storage = (
            RedisStorage(
                settings.redis_url.replace("redis://", "async+redis://", 1),
                implementation="redispy",
                key_prefix="restock-limits",
                wrap_exceptions=True,
            )
            if settings.redis_url
            else MemoryStorage()
        )
        self.limiter = MovingWindowRateLimiter(self.storage)
        self.per_ip = parse(settings.rate_limit_per_ip)
        self.per_email = parse(settings.rate_limit_per_email)
        self.auth_per_ip = parse(settings.rate_limit_auth_per_ip)
        self.auth_per_identity = parse(settings.rate_limit_auth_per_identity)

    async def check_ip(self, ip: str) -> None:
        await self._hit(self.per_ip, "ip", ip, SUBSCRIBE_LIMITED)

    async def check_email(self, email_key: str) -> None:
        await self._hit(self.per_email, "email", email_key, SUBSCRIBE_LIMITED)

    async def check_auth_ip(self, ip: str) -> None:
        await self._hit(self.auth_per_ip, "auth-ip", ip, AUTH_LIMITED)

    async def check_auth_identity(self, email_key: str) -> None:
        await self._hit(self.auth_per_identity, "auth-identity", email_key, AUTH_LIMITED)

    async def _hit(self, item: RateLimitItem, kind: str, key: str, message: str) -> None:
        if not self.enabled:
            return
        try:
            if await self.limiter.hit(item, kind, key):
                return
            stats = await self.limiter.get_window_stats(item, kind, key)
        except StorageError:
            # The limits guard against abuse; losing them for a while beats refusing shoppers.
            log.warning("rate-limit storage unreachable; %s limit not applied", kind)
            return
        retry_after = max(1, math.ceil(stats.reset_time - time.time()))
        raise TooManyRequests(message, headers={"Retry-After": str(retry_after)})

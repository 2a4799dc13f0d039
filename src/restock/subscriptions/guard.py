"""Abuse limits on the public subscribe routes: requests per client IP and per address.

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

    async def check_ip(self, ip: str) -> None:
        await self._hit(self.per_ip, "ip", ip)

    async def check_email(self, email_key: str) -> None:
        await self._hit(self.per_email, "email", email_key)

    async def _hit(self, item: RateLimitItem, kind: str, key: str) -> None:
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
        raise TooManyRequests(
            "Too many restock subscription requests, try again later",
            headers={"Retry-After": str(retry_after)},
        )

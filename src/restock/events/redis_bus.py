"""The event bus on Redis Streams, for several processes: at-least-once delivery.

Events are appended to one stream. Every process reads it in one consumer group, so each event
is handled by one process. A message is acknowledged only when all its handlers succeeded;
one that stays unacknowledged (the consumer died, or a handler failed) is claimed by a consumer
after `claim_idle_ms` and handled again. Handlers must therefore be idempotent (Restock's are).
"""

import asyncio
import contextlib
import json
import logging
import os
import socket
import time
from collections import defaultdict
from collections.abc import Iterable
from typing import Any
from uuid import uuid4

import redis.asyncio as redis
from redis.exceptions import ResponseError

from restock.events.bus import Handler
from restock.events.types import Event, EventName

log = logging.getLogger(__name__)
PING_SECONDS = 2.0  # a readiness probe must answer before its own timeout
DRAIN_SECONDS = 10.0
PAGE = 100  # messages per read or takeover


class RedisEventBus:
    def __init__(
        self,
        url: str,
        *,
        stream: str = "restock:events",
        group: str = "restock",
        claim_idle_ms: int = 30_000,
        block_ms: int = 1_000,
        max_length: int = 100_000,
    ) -> None:
        self.redis = redis.from_url(url, decode_responses=True)
        self.stream, self.group = stream, group
        self.consumer = f"{socket.gethostname()}-{os.getpid()}-{uuid4().hex[:8]}"
        self.claim_idle_ms, self.block_ms, self.max_length = claim_idle_ms, block_ms, max_length
        self._handlers: dict[EventName, list[Handler]] = defaultdict(list)
        self._task: asyncio.Task[None] | None = None
        self._stopping = False

    def subscribe(self, name: EventName, handler: Handler) -> None:
        self._handlers[name].append(handler)

    async def publish(self, events: Iterable[Event]) -> None:
        batch = list(events)
        if not batch:
            return
        async with self.redis.pipeline(transaction=False) as pipe:
            for event in batch:
                pipe.xadd(
                    self.stream,
                    {"name": event.name.value, "data": json.dumps(event.data)},
                    maxlen=self.max_length,
                    approximate=True,
                )
            await pipe.execute()

    async def start(self, consume: bool = True) -> None:
        # Publishers create the group too, so that no event waits in a stream nobody reads.
        await self._ensure_group()
        if consume:
            self._stopping = False
            self._task = asyncio.create_task(self._consume())

    async def _ensure_group(self) -> None:
        try:
            await self.redis.xgroup_create(self.stream, self.group, id="$", mkstream=True)
        except ResponseError as error:
            if "BUSYGROUP" not in str(error):
                raise

    async def stop(self) -> None:
        """Stop reading. A message cut short in a handler stays pending: another consumer
        claims it after `claim_idle_ms`."""
        if self._task is not None:
            # The flag too: redis-py can swallow a cancellation that lands in a blocking read,
            # and the loop then ends at its next turn (within `block_ms`) instead of never.
            self._stopping = True
            self._task.cancel()
            done, _ = await asyncio.wait([self._task], timeout=self.block_ms / 1000 + 5)
            if not done:
                log.warning("the event reader did not stop; leaving it to the connection close")
            self._task = None

    async def drain(self) -> None:
        """Wait (at most DRAIN_SECONDS) until the group has read and acknowledged everything
        published so far."""
        with contextlib.suppress(TimeoutError):
            async with asyncio.timeout(DRAIN_SECONDS):
                while True:
                    groups = await self.redis.xinfo_groups(self.stream)
                    mine = next((g for g in groups if g["name"] == self.group), None)
                    if mine is None or (mine["pending"] == 0 and not mine.get("lag")):
                        return
                    await asyncio.sleep(0.02)

    async def ping(self) -> bool:
        try:
            async with asyncio.timeout(PING_SECONDS):
                await self.redis.ping()
        except Exception as error:
            log.warning("redis unreachable: %r", error)
            return False
        return True

    async def close(self) -> None:
        await self.stop()
        await self.redis.aclose()

    async def _consume(self) -> None:
        # Messages a dead consumer left are looked for every half idle time, not before every
        # read: each look costs a round trip, and none can be taken sooner anyway. A full page
        # taken over means there may be more: look again at once.
        next_takeover = 0.0
        while not self._stopping:
            try:
                if time.monotonic() >= next_takeover:
                    claimed: Any = await self.redis.xautoclaim(
                        self.stream,
                        self.group,
                        self.consumer,
                        min_idle_time=self.claim_idle_ms,
                        start_id="0-0",
                        count=PAGE,
                    )
                    await self._handle_all(claimed[1])
                    full = len(claimed[1]) == PAGE
                    next_takeover = 0.0 if full else time.monotonic() + self.claim_idle_ms / 2000
                fresh: Any = await self.redis.xreadgroup(
                    self.group, self.consumer, {self.stream: ">"}, count=PAGE, block=self.block_ms
                )
                for _, messages in fresh or []:
                    await self._handle_all(messages)
            except asyncio.CancelledError:
                raise
            except Exception as error:
                if "NOGROUP" in str(error):
                    # Redis restarted without its data: what it held is gone (the scheduled
                    # check catches up on it); carry on with a new group.
                    log.warning("the event stream's group is gone; creating it again")
                    with contextlib.suppress(Exception):
                        await self._ensure_group()
                else:
                    log.exception("reading the event stream failed; retrying")
                await asyncio.sleep(1)

    async def _handle_all(self, messages: list[tuple[str, dict[str, Any]]]) -> None:
        """Handle messages in order, then acknowledge the handled ones in one call."""
        handled = [
            message_id for message_id, fields in messages if await self._handle(message_id, fields)
        ]
        if handled:
            await self.redis.xack(self.stream, self.group, *handled)

    async def _handle(self, message_id: str, fields: dict[str, Any]) -> bool:
        """Whether the message is done with: handled, or malformed and dropped. A message whose
        handler failed stays pending and is taken over again after claim_idle_ms."""
        try:
            event = Event(EventName(fields["name"]), json.loads(fields["data"]))
        except (KeyError, ValueError):
            log.error("dropping malformed event %s: %r", message_id, fields)
            return True
        results = await asyncio.gather(
            *(handler(event) for handler in self._handlers.get(event.name, ())),
            return_exceptions=True,
        )
        failures = [r for r in results if isinstance(r, BaseException)]
        for failure in failures:
            log.error("event handler failed for %s %s: %r", event.name, message_id, failure)
        return not failures

"""The event bus interface and its in-process implementation.

Handlers run as background tasks so a slow subscriber never delays the request that caused the
event. `drain()` waits for the tasks in flight: tests and graceful shutdown use it.
"""

import asyncio
import logging
from collections import defaultdict
from collections.abc import Awaitable, Callable, Iterable
from typing import Protocol

from restock.events.types import Event, EventName

Handler = Callable[[Event], Awaitable[None]]
log = logging.getLogger(__name__)


class EventBus(Protocol):
    def subscribe(self, name: EventName, handler: Handler) -> None: ...

    async def publish(self, events: Iterable[Event]) -> None: ...

    async def start(self, consume: bool = True) -> None:
        """Begin handling events; `consume=False` only publishes (API processes)."""
        ...

    async def stop(self) -> None:
        """Stop taking new events; publishing still works."""
        ...

    async def drain(self) -> None: ...

    async def ping(self) -> bool:
        """Whether the bus can carry events now."""
        ...

    async def close(self) -> None: ...


class LocalEventBus:
    def __init__(self) -> None:
        self._handlers: dict[EventName, list[Handler]] = defaultdict(list)
        self._tasks: set[asyncio.Task[None]] = set()

    def subscribe(self, name: EventName, handler: Handler) -> None:
        self._handlers[name].append(handler)

    async def publish(self, events: Iterable[Event]) -> None:
        for event in events:
            for handler in self._handlers.get(event.name, ()):
                task = asyncio.create_task(self._run(handler, event))
                self._tasks.add(task)
                task.add_done_callback(self._tasks.discard)

    async def start(self, consume: bool = True) -> None:
        pass

    async def stop(self) -> None:
        pass

    async def ping(self) -> bool:
        return True

    async def drain(self) -> None:
        while self._tasks:
            await asyncio.gather(*list(self._tasks), return_exceptions=True)

    async def close(self) -> None:
        await self.drain()

    async def _run(self, handler: Handler, event: Event) -> None:
        try:
            await handler(event)
        except Exception:
            log.exception("event handler %s failed for %s", handler.__qualname__, event.name)

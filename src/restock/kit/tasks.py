"""Coroutines run side by side, where one failing stops the others."""

import asyncio
from collections.abc import Coroutine
from typing import Any, TypeVar

T = TypeVar("T")


async def all_or_none(coroutines: list[Coroutine[Any, Any, T]]) -> list[T]:
    """Their results in order. When one raises, the others are cancelled and awaited before its
    exception propagates unchanged (not wrapped in an ExceptionGroup, as a TaskGroup would)."""
    tasks = [asyncio.create_task(coroutine) for coroutine in coroutines]
    try:
        return list(await asyncio.gather(*tasks))
    except BaseException:
        for task in tasks:
            task.cancel()
        await asyncio.gather(*tasks, return_exceptions=True)
        raise

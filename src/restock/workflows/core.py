"""A workflow: a named use case that the admin API and the scheduler run by name, with a typed
input that the admin route validates.

The use cases run here write only inside database transactions, which undo a failed run:
there is no compensation machinery, because no step has an effect outside a transaction
(notifications are an outbox, sent after commit).
"""

from collections.abc import Awaitable, Callable
from dataclasses import dataclass
from typing import Any, Generic, TypeVar

from restock.config import Settings
from restock.db import Database

InputT = TypeVar("InputT")


@dataclass(frozen=True)
class Workflow(Generic[InputT]):
    name: str
    input_type: type[InputT]
    # What it did, as a dataclass the admin route shows.
    run: Callable[[InputT, Database, Settings], Awaitable[Any]]

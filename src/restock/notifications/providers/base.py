"""What a provider receives and answers."""

from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import Any, Protocol, runtime_checkable


@dataclass(frozen=True)
class Message:
    notification_id: str
    to: str
    sender: str
    channel: str
    template: str
    data: dict[str, Any]
    subject: str
    text: str
    html: str
    headers: dict[str, str] = field(default_factory=dict)


class Undeliverable(Exception):  # noqa: N818 - an answer, not a failure of ours
    """The mail server refused the address for good (a permanent answer to the recipient):
    the notification is not tried again, and the address is suppressed."""


@dataclass(frozen=True)
class SendResult:
    external_id: str | None = None


class Provider(Protocol):
    id: str

    async def send(self, message: Message) -> SendResult:
        """Deliver the message, or raise: the dispatcher retries with backoff."""
        ...


@runtime_checkable
class BatchProvider(Provider, Protocol):
    """A provider that sends many messages in one call; the dispatcher recognises it by this
    method."""

    async def send_many(self, messages: Sequence[Message]) -> list[SendResult | BaseException]:
        """One result per message, in order: a result, or the error that message met."""
        ...

import asyncio
import email
import email.policy
from collections.abc import Iterator
from contextlib import contextmanager
from email.message import EmailMessage
from typing import Any

from aiosmtpd.controller import Controller

from tests.ports import free_port


def body_of(message: EmailMessage, kind: str) -> str:
    """The content of a message's `kind` part ("plain" or "html"); the part must exist."""
    part = message.get_body((kind,))
    assert part is not None, f"no {kind} part"
    content: str = part.get_content()
    return content


class SmtpSink:
    """A real SMTP server in this process; `refuse` makes the next N messages fail with 451,
    `delay` makes each message take that many seconds (`receiving` counts those begun);
    `recipients` answers RCPT TO for the addresses it names with the reply given."""

    def __init__(self) -> None:
        self.messages: list[EmailMessage] = []
        self.refuse = 0
        self.delay = 0.0
        self.receiving = 0
        self.recipients: dict[str, str] = {}

    async def handle_RCPT(
        self, server: Any, session: Any, envelope: Any, address: str, options: Any
    ) -> str:
        if address in self.recipients:
            return self.recipients[address]
        envelope.rcpt_tos.append(address)
        return "250 OK"

    async def handle_DATA(self, server: Any, session: Any, envelope: Any) -> str:
        self.receiving += 1
        await asyncio.sleep(self.delay)
        if self.refuse > 0:
            self.refuse -= 1
            return "451 4.3.0 try again later"
        message = email.message_from_bytes(envelope.content, policy=email.policy.default)
        assert isinstance(message, EmailMessage)
        self.messages.append(message)
        return "250 OK"

    def to(self) -> list[str]:
        return sorted(str(m["To"]) for m in self.messages)


@contextmanager
def smtp_sink() -> Iterator[tuple[SmtpSink, int]]:
    sink = SmtpSink()
    port = free_port()
    controller = Controller(sink, hostname="127.0.0.1", port=port)
    controller.start()
    try:
        yield sink, port
    finally:
        controller.stop()

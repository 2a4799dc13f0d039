"""Email over SMTP (aiosmtplib): plain, STARTTLS or implicit TLS, optional login.

Connections are kept open and reused, as many as the dispatcher has sends in flight: opening
one per message (connect, EHLO, STARTTLS, login) costs more than sending the message.
"""

import asyncio
from email.base64mime import body_encode
from email.header import Header
from email.message import EmailMessage
from email.mime.multipart import MIMEMultipart
from email.mime.nonmultipart import MIMENonMultipart
from email.policy import SMTPUTF8, Compat32
from email.utils import formatdate, parseaddr
from functools import cache
from typing import Any

import aiosmtplib
import idna

from restock.config import Settings
from restock.notifications.providers.base import Message, SendResult, Undeliverable

_BREAKS = frozenset("\r\n")


def _plain(value: str) -> bool:
    """ASCII on one line: a header value that can be written as it is."""
    return value.isascii() and not _BREAKS.intersection(value)


class _Wire(Compat32):
    """CRLF line ends, and long headers (the unsubscribe link) kept on one line: RFC 5322
    allows 998. A one-line ASCII value is written as it is: the stock policy runs every
    header through `email.header.Header`, a large share of the cost of a message."""

    def fold_binary(self, name: str, value: Any) -> bytes:
        if isinstance(value, str) and _plain(value):
            line = f"{name}: {value}{self.linesep}"
            if len(line) <= (self.max_line_length or 998):
                return line.encode("ascii")
        return super().fold_binary(name, value)


WIRE = _Wire(linesep="\r\n", max_line_length=998)


def ascii_domain(address: str) -> str:
    """The address with its domain in IDNA (ASCII) form, which every SMTP server accepts."""
    if address.isascii():  # nearly every address, and checked when it subscribed
        return address
    local, _, domain = address.rpartition("@")
    return f"{local}@{idna.encode(domain).decode('ascii')}"


class SmtpProvider:
    id = "smtp"

    def __init__(self, settings: Settings) -> None:
        self.settings = settings
        self._idle: asyncio.LifoQueue[aiosmtplib.SMTP] = asyncio.LifoQueue()
        self._slots = asyncio.Semaphore(settings.dispatch_concurrency)

    async def _connect(self) -> aiosmtplib.SMTP:
        s = self.settings
        client = aiosmtplib.SMTP(
            hostname=s.smtp_host,
            port=s.smtp_port,
            use_tls=s.smtp_tls,
            start_tls=s.smtp_starttls,
            timeout=s.smtp_timeout,
        )
        await client.connect()
        if s.smtp_username and s.smtp_password:
            await client.login(s.smtp_username, s.smtp_password)
        return client

    async def send(self, message: Message) -> SendResult:
        to = ascii_domain(message.to)
        message_id, raw = self._email(message, to)
        sender = _sender(message.sender)[0]
        # A non-ASCII local part can only travel with SMTPUTF8 (RFC 6531).
        options = [] if to.isascii() else ["SMTPUTF8"]
        async with self._slots:
            client = self._idle.get_nowait() if not self._idle.empty() else None
            if client is None or not client.is_connected:
                client = await self._connect()
            try:
                await client.sendmail(sender, [to], raw, mail_options=options)
            except (aiosmtplib.SMTPServerDisconnected, aiosmtplib.SMTPConnectError):
                client.close()
                client = await self._connect()  # a stale kept connection: one fresh try
                await client.sendmail(sender, [to], raw, mail_options=options)
            except aiosmtplib.SMTPRecipientsRefused as refused:
                self._idle.put_nowait(client)
                answers = "; ".join(f"{r.code} {r.message}" for r in refused.recipients)
                if all(500 <= r.code < 600 for r in refused.recipients):
                    raise Undeliverable(f"{to} refused: {answers}") from refused
                raise
            except aiosmtplib.SMTPResponseException:
                self._idle.put_nowait(client)  # the server refused the message, not the link
                raise
            except Exception:
                client.close()
                raise
            self._idle.put_nowait(client)
        return SendResult(external_id=message_id)

    @staticmethod
    def _email(message: Message, to: str) -> tuple[str, bytes]:
        """(Message-ID, the message as bytes). Built with the legacy MIME classes: the modern
        EmailMessage API parses and refolds every header, several milliseconds a message. Only
        an address that needs SMTPUTF8 takes that slower path."""
        # One notification, one Message-ID, on every attempt: a copy sent again after a crash
        # is recognisably the same message. The sender's domain makes it globally unique.
        message_id = f"<{message.notification_id}@{_sender(message.sender)[1]}>"
        if not to.isascii():
            modern = EmailMessage(policy=SMTPUTF8)
            for name, value in (
                ("Subject", message.subject),
                ("From", message.sender),
                ("To", to),
                ("Date", formatdate(usegmt=True)),
                ("Message-ID", message_id),
                *message.headers.items(),
            ):
                modern[name] = value
            modern.set_content(message.text)
            modern.add_alternative(message.html, subtype="html")
            return message_id, modern.as_bytes()
        # A boundary given here spares the generator a regex scan of the body for a free one.
        # Base64 parts never hold "_", so no line of theirs can be this boundary.
        email = MIMEMultipart("alternative", boundary=f"=_{message.notification_id}")
        email["Subject"] = _header_value(message.subject)
        email["From"] = message.sender
        email["To"] = to
        email["Date"] = formatdate(usegmt=True)
        email["Message-ID"] = message_id
        for name, value in message.headers.items():
            email[name] = value
        email.attach(_part("plain", message.text))
        email.attach(_part("html", message.html))
        return message_id, email.as_bytes(policy=WIRE)


@cache
def _sender(sender: str) -> tuple[str, str]:
    """(envelope address, domain) of the From header, parsed once per process."""
    address = parseaddr(sender)[1] or sender
    return address, (address.rpartition("@")[2] or "restock.invalid").strip()


def _header_value(value: str) -> str:
    """ASCII on one line as it is; anything else as an RFC 2047 encoded word."""
    if _plain(value):
        return value
    return Header(value, "utf-8").encode()


def _part(subtype: str, body: str) -> MIMENonMultipart:
    """A base64 UTF-8 text part. What MIMEText(body, subtype, "utf-8") makes, without it
    re-parsing the Content-Type parameters to set the charset."""
    part = MIMENonMultipart("text", subtype, charset="utf-8")
    part["Content-Transfer-Encoding"] = "base64"
    part.set_payload(body_encode(body.encode()))
    return part

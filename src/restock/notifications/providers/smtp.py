"""Email over SMTP (aiosmtplib): plain STARTTLS, implicit TLS or neither, optional login."""

from email.message import EmailMessage
from email.utils import make_msgid

import aiosmtplib

from restock.config import Settings
from restock.notifications.providers.base import Message, SendResult


class SmtpProvider:
    id = "smtp"

    def __init__(self, settings: Settings) -> None:
        self.settings = settings

    async def send(self, message: Message) -> SendResult:
        email = EmailMessage()
        email["Subject"] = message.subject
        email["From"] = message.sender
        email["To"] = message.to
        email["Message-ID"] = make_msgid(idstring=message.notification_id)
        for name, value in message.headers.items():
            email[name] = value
        email.set_content(message.text)
        email.add_alternative(message.html, subtype="html")
        s = self.settings
        await aiosmtplib.send(
            email,
            hostname=s.smtp_host,
            port=s.smtp_port,
            username=s.smtp_username,
            password=s.smtp_password,
            use_tls=s.smtp_tls,
            start_tls=s.smtp_starttls,
            timeout=s.smtp_timeout,
        )
        return SendResult(external_id=email["Message-ID"])

"""Notification providers: one-method interfaces chosen by settings."""

from restock.config import Settings
from restock.notifications.providers.base import BatchProvider, Message, Provider, SendResult
from restock.notifications.providers.log import LogProvider
from restock.notifications.providers.sendgrid import SendgridProvider
from restock.notifications.providers.smtp import SmtpProvider
from restock.notifications.providers.webhook import WebhookProvider

__all__ = ["BatchProvider", "Message", "Provider", "SendResult", "provider_from"]


def provider_from(settings: Settings) -> Provider:
    if settings.notification_provider == "smtp":
        return SmtpProvider(settings)
    if settings.notification_provider == "sendgrid":
        return SendgridProvider(settings)
    if settings.notification_provider == "webhook":
        return WebhookProvider(settings)
    return LogProvider()

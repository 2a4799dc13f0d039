"""Notification providers: one-method interfaces chosen by settings."""

from restock.config import Settings
from restock.notifications.providers.base import Message, Provider, SendResult
from restock.notifications.providers.log import LogProvider
from restock.notifications.providers.smtp import SmtpProvider

__all__ = ["Message", "Provider", "SendResult", "provider_from"]


def provider_from(settings: Settings) -> Provider:
    if settings.notification_provider == "smtp":
        return SmtpProvider(settings)
    return LogProvider()

"""POSTs each notification as JSON to a URL, signed so the receiver can trust and dedupe it.

Headers: `X-Restock-Timestamp` (Unix seconds), `X-Restock-Signature: sha256=<hex>` where the
HMAC-SHA256 key is `RESTOCK_WEBHOOK_SECRET` and the message is `<timestamp>.<raw body>`, and
`Idempotency-Key: <notification id>` (the same on every retry of one notification).
"""

import json
import time

import httpx

from restock.config import Settings
from restock.kit.signed import signature
from restock.notifications.providers.base import Message, SendResult


class WebhookProvider:
    id = "webhook"

    def __init__(self, settings: Settings) -> None:
        assert settings.webhook_url and settings.webhook_secret
        self.url = settings.webhook_url
        self.secret = settings.webhook_secret
        self.client = httpx.AsyncClient(timeout=settings.http_timeout)

    async def send(self, message: Message) -> SendResult:
        body = json.dumps(
            {
                "id": message.notification_id,
                "to": message.to,
                "from": message.sender,
                "channel": message.channel,
                "template": message.template,
                "subject": message.subject,
                "text": message.text,
                "html": message.html,
                "headers": message.headers,
                "data": message.data,
            },
            separators=(",", ":"),
        ).encode()
        timestamp = str(int(time.time()))
        response = await self.client.post(
            self.url,
            content=body,
            headers={
                "content-type": "application/json",
                "x-restock-timestamp": timestamp,
                "x-restock-signature": signature(self.secret, timestamp, body),
                "idempotency-key": message.notification_id,
            },
        )
        response.raise_for_status()
        return SendResult(external_id=response.headers.get("x-request-id"))

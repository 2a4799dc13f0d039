"""SendGrid's v3 mail send over HTTP. `send_many` puts up to 1,000 recipients of the same email
in one request: their unsubscribe links differ, so each personalization carries its own."""

from collections import defaultdict
from collections.abc import Sequence

import httpx

from restock.config import Settings
from restock.notifications.providers.base import Message, SendResult

PER_REQUEST = 1000
UNSUBSCRIBE_TAG = "%unsubscribe_url%"


def _unsubscribe(message: Message) -> str:
    return message.headers.get("List-Unsubscribe", "").strip("<>")


def _sender(address: str) -> dict[str, str]:
    name, _, email = address.rpartition("<")
    if not email.endswith(">"):
        return {"email": address.strip()}
    return (
        {"email": email[:-1].strip(), "name": name.strip()}
        if name.strip()
        else {"email": email[:-1].strip()}
    )


class SendgridProvider:
    id = "sendgrid"

    def __init__(self, settings: Settings) -> None:
        assert settings.sendgrid_api_key
        self.client = httpx.AsyncClient(
            base_url=settings.sendgrid_base_url,
            timeout=settings.http_timeout,
            headers={"authorization": f"Bearer {settings.sendgrid_api_key}"},
        )

    async def send(self, message: Message) -> SendResult:
        [result] = await self.send_many([message])
        if isinstance(result, BaseException):
            raise result
        return result

    async def send_many(self, messages: Sequence[Message]) -> list[SendResult | BaseException]:
        """One result per message, in order; messages that render alike share requests."""
        groups: dict[tuple[str, ...], list[int]] = defaultdict(list)
        for index, message in enumerate(messages):
            link = _unsubscribe(message)
            groups[
                (
                    message.sender,
                    message.subject,
                    message.text.replace(link, UNSUBSCRIBE_TAG),
                    message.html.replace(link, UNSUBSCRIBE_TAG),
                )
            ].append(index)
        results: list[SendResult | BaseException] = [SendResult()] * len(messages)
        for (sender, subject, text, html), indexes in groups.items():
            for start in range(0, len(indexes), PER_REQUEST):
                chunk = indexes[start : start + PER_REQUEST]
                outcome = await self._post(
                    sender, subject, text, html, [messages[i] for i in chunk]
                )
                for i in chunk:
                    results[i] = outcome
        return results

    async def _post(
        self, sender: str, subject: str, text: str, html: str, messages: list[Message]
    ) -> SendResult | BaseException:
        body = {
            "from": _sender(sender),
            "subject": subject,
            "content": [
                {"type": "text/plain", "value": text},
                {"type": "text/html", "value": html},
            ],
            "personalizations": [
                {
                    "to": [{"email": m.to}],
                    "substitutions": {UNSUBSCRIBE_TAG: _unsubscribe(m)},
                    "headers": m.headers,
                    "custom_args": {"notification_id": m.notification_id},
                }
                for m in messages
            ],
        }
        try:
            response = await self.client.post("/v3/mail/send", json=body)
            response.raise_for_status()
        except httpx.HTTPError as error:
            return error
        return SendResult(external_id=response.headers.get("x-message-id"))

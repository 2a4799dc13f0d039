"""The default provider: logs the line Medusa's local provider logs, then the email as it would
read (subject and text, with its links, so that they can be followed in development), and
sends nothing."""

import json
import logging

from restock.notifications.providers.base import Message, SendResult

log = logging.getLogger("restock.notifications")


class LogProvider:
    id = "log"

    async def send(self, message: Message) -> SendResult:
        data = json.dumps(message.data, separators=(",", ":"), ensure_ascii=False)
        log.info(
            "Attempting to send a notification to: '%s' on the channel: '%s' with template: "
            "'%s' and data: '%s'",
            message.to,
            message.channel,
            message.template,
            data,
        )
        log.info("Subject: %s\n%s", message.subject, message.text.rstrip())
        return SendResult()

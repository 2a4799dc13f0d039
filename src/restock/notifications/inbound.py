"""What mail providers tell Restock afterwards: an address bounced, reported spam or
unsubscribed. Each message is believed only with a valid signature: SendGrid's Event Webhook
(ECDSA P-256 over timestamp and body, with the account's verification key), or, from any
other provider or relay, an HMAC-SHA256 with a shared secret, the scheme Restock's own webhook
provider signs with."""

import base64
import binascii
from dataclasses import dataclass
from typing import Any

from cryptography.exceptions import InvalidSignature
from cryptography.hazmat.primitives import hashes
from cryptography.hazmat.primitives.asymmetric import ec
from cryptography.hazmat.primitives.serialization import load_der_public_key

from restock.models import SuppressionReason

# SendGrid's events that end an address for good; "blocked" bounces are temporary.
_SENDGRID = {
    "bounce": SuppressionReason.BOUNCED,
    "dropped": SuppressionReason.BOUNCED,
    "spamreport": SuppressionReason.COMPLAINED,
    "unsubscribe": SuppressionReason.UNSUBSCRIBED,
    "group_unsubscribe": SuppressionReason.UNSUBSCRIBED,
}


@dataclass(frozen=True)
class Refusal:
    email: str
    reason: SuppressionReason
    detail: str | None


def sendgrid_signed(public_key: str, signed: str, timestamp: str, body: bytes) -> bool:
    try:
        key = load_der_public_key(base64.b64decode(public_key, validate=True))
        given = base64.b64decode(signed, validate=True)
    except (ValueError, binascii.Error):
        return False
    if not isinstance(key, ec.EllipticCurvePublicKey):
        return False
    try:
        key.verify(given, timestamp.encode() + body, ec.ECDSA(hashes.SHA256()))
    except InvalidSignature:
        return False
    return True


def sendgrid_refusals(events: Any) -> list[Refusal]:
    """The events that end an address, from SendGrid's JSON array; others are ignored."""
    found = []
    for event in events if isinstance(events, list) else []:
        if not isinstance(event, dict) or not isinstance(event.get("email"), str):
            continue
        reason = _SENDGRID.get(str(event.get("event")))
        if reason is None or (event.get("event") == "bounce" and event.get("type") == "blocked"):
            continue
        detail = event.get("reason") or event.get("event")
        found.append(Refusal(event["email"], reason, str(detail)[:500]))
    return found

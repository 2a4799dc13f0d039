"""Signed tokens that carry a value (an unsubscribe link carries the address)."""

import base64
import hashlib
import hmac


def _b64(raw: bytes) -> str:
    return base64.urlsafe_b64encode(raw).decode().rstrip("=")


def _unb64(text: str) -> bytes:
    return base64.urlsafe_b64decode(text + "=" * (-len(text) % 4))


ERASED_PREFIX = "erased:"


def erased_key(email_key: str) -> str:
    """What stands for an erased address where a row must survive (an unsubscribe, a count):
    a one-way digest, the same for the same address, so an erased address that unsubscribed
    stays unsubscribed."""
    return ERASED_PREFIX + hashlib.sha256(email_key.encode()).hexdigest()


def sign(secret: str, purpose: str, value: str) -> str:
    mac = hmac.new(secret.encode(), f"{purpose}:{value}".encode(), hashlib.sha256).digest()
    return f"{_b64(value.encode())}.{_b64(mac)}"


def unsign(secrets: list[str], purpose: str, token: str) -> str | None:
    """The value, or None when the token was not made by `sign` with this purpose and one of
    these secrets (the current one first, then the ones it replaced)."""
    if not token.isascii():  # nothing `sign` makes; compare_digest refuses such text
        return None
    encoded, _, mac = token.partition(".")
    try:
        value = _unb64(encoded).decode()
    except (ValueError, UnicodeDecodeError):
        return None
    for secret in secrets:
        if hmac.compare_digest(sign(secret, purpose, value), token):
            return value
    return None

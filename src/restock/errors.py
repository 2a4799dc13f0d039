"""Typed errors raised by services, rendered once as Medusa's `{"type", "message"}` body."""

from typing import ClassVar


class RestockError(Exception):
    type: ClassVar[str] = "unknown_error"
    status: ClassVar[int] = 500
    code: ClassVar[str | None] = None

    def __init__(self, message: str, headers: dict[str, str] | None = None) -> None:
        super().__init__(message)
        self.message = message
        self.headers = headers or {}

    def body(self) -> dict[str, str]:
        body = {"type": self.type, "message": self.message}
        if self.code:
            body["code"] = self.code
        return body


class InvalidData(RestockError):
    type = "invalid_data"
    status = 400


class NotAllowed(RestockError):
    type = "not_allowed"
    status = 400


class NotFound(RestockError):
    type = "not_found"
    status = 404


class Unauthorized(RestockError):
    type = "unauthorized"
    status = 401

    def __init__(self, message: str = "Unauthorized") -> None:
        super().__init__(message)


class Duplicate(RestockError):
    type = "duplicate_error"
    status = 422
    code = "invalid_request_error"


class TooManyRequests(RestockError):
    type = "too_many_requests"
    status = 429


class PayloadTooLarge(RestockError):
    type = "payload_too_large"
    status = 413


class Unavailable(RestockError):
    """A backing service (the database) cannot be reached; the client should retry."""

    type = "unavailable"
    status = 503

    def __init__(self, message: str = "The service is briefly unavailable; try again.") -> None:
        super().__init__(message, headers={"Retry-After": "5"})

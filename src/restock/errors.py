"""Typed errors raised by services, rendered once as Medusa's `{"type", "message"}` body."""

from typing import Any, ClassVar

from pydantic import BaseModel


class ErrorBody(BaseModel):
    """Every error answer: Medusa's error types (`invalid_data`, `not_allowed`,
    `unauthorized`, `not_found`, `duplicate_error`, `conflict`, `too_many_requests`,
    `payload_too_large`, `unavailable`, `unknown_error`) with a message for people."""

    type: str
    message: str
    code: str | None = None


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


class Conflict(RestockError):
    """The request fights how Restock is set up (a catalog mirrored from Medusa)."""

    type = "conflict"
    status = 409


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


ERROR_STATUSES = {
    400: "Invalid data (`invalid_data`) or a request that is not allowed (`not_allowed`)",
    401: "Missing or invalid credentials (`unauthorized`)",
    404: "Not found (`not_found`)",
    409: "Not while the catalog is mirrored from Medusa (`conflict`)",
    413: "The request body is too large (`payload_too_large`)",
    422: "It exists already (`duplicate_error`)",
    429: "Too many requests (`too_many_requests`); `Retry-After` says when to try again",
    503: "The database is briefly unreachable (`unavailable`); `Retry-After` says when to retry",
}


def error_responses(*statuses: int) -> dict[int | str, dict[str, Any]]:
    """OpenAPI `responses` for the error statuses a route answers beyond the usual ones."""
    return {s: {"model": ErrorBody, "description": ERROR_STATUSES[s]} for s in statuses}

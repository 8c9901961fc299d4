"""Domain exceptions. Each carries the HTTP status and error code it maps to."""

from __future__ import annotations


class VouchError(Exception):
    """Base of every error the services raise on purpose."""

    status = 400
    code = "bad_request"

    def __init__(self, message: str, errors: dict[str, list[str]] | None = None):
        super().__init__(message)
        self.message = message
        self.errors = errors

    def in_one_line(self) -> str:
        """The message with each field's problems, for a command's one line."""
        details = "; ".join(
            f"{field}: {' '.join(messages)}"
            for field, messages in (self.errors or {}).items()
        )
        return f"{self.message} {details}".strip()


class NotFound(VouchError):
    status = 404
    code = "not_found"


class Unauthorized(VouchError):
    status = 401
    code = "unauthorized"


class ValidationFailed(VouchError):
    status = 422
    code = "validation_failed"


class InvalidTransition(VouchError):
    """A moderation action that the review's current state does not allow."""

    status = 409
    code = "invalid_transition"


class Conflict(VouchError):
    status = 409
    code = "conflict"


class Forbidden(VouchError):
    status = 403
    code = "forbidden"


class LinkProblem(VouchError):
    """A signed link (invitation, confirmation, unsubscribe) that cannot be used."""

    status = 400
    code = "bad_link"

    def __init__(self, message: str, status: int = 400):
        super().__init__(message)
        self.status = status


class TooManyRequests(VouchError):
    """Too many submissions; ``retry_after`` seconds until the next is taken."""

    status = 429
    code = "too_many_requests"

    def __init__(self, message: str, *, retry_after: int):
        super().__init__(message)
        self.retry_after = retry_after

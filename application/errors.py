"""Errors raised by use cases that are not business rules of an entity."""

from domain.shared.errors import DomainError


class AuthenticationFailed(DomainError):
    """Credentials or token are missing, wrong or expired."""


class TooManyAttempts(DomainError):
    """Too many attempts in a window: try again after ``retry_after_seconds``."""

    def __init__(self, message: str, *, retry_after_seconds: int) -> None:
        super().__init__(message)
        self.retry_after_seconds = retry_after_seconds


class ServiceUnavailable(DomainError):
    """A dependency is down or saturated (unreachable database, no free connection in time, a
    statement past its timeout): nothing uncommitted was kept, and the same request may be
    tried again after ``retry_after_seconds``."""

    def __init__(self, message: str, *, retry_after_seconds: int) -> None:
        super().__init__(message)
        self.retry_after_seconds = retry_after_seconds

"""Errors raised by use cases that are not business rules of an entity."""

from domain.shared.errors import DomainError


class AuthenticationFailed(DomainError):
    """Credentials or token are missing, wrong or expired."""


class TooManyAttempts(DomainError):
    """Too many attempts in a window: try again after ``retry_after_seconds``."""

    def __init__(self, message: str, *, retry_after_seconds: int) -> None:
        super().__init__(message)
        self.retry_after_seconds = retry_after_seconds

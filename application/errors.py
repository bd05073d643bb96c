"""Errors raised by use cases that are not business rules of an entity."""

from domain.shared.errors import DomainError


class AuthenticationFailed(DomainError):
    """Credentials or token are missing, wrong or expired."""

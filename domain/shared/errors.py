"""The one small error hierarchy every layer speaks.

Errors carry an optional ``field`` so the HTTP edge can say which input was at fault
without the domain knowing anything about HTTP.
"""


class DomainError(Exception):
    """Base of every business-rule violation."""

    def __init__(self, message: str, *, field: str | None = None) -> None:
        super().__init__(message)
        self.message = message
        self.field = field


class NotFound(DomainError):
    """The thing asked for does not exist (or is not visible to the caller)."""


class AlreadyExists(DomainError):
    """A uniqueness rule would be broken (username, email, slug...)."""


class PermissionDenied(DomainError):
    """The caller is known but may not do this (not the author, ...)."""


class InvalidValue(DomainError):
    """A value breaks a rule of its own (too long, empty, malformed...)."""


class VersionConflict(DomainError):
    """The entity changed since the caller read it (optimistic locking)."""

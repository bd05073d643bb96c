"""Validation helpers shared by value objects."""

from domain.shared.errors import InvalidValue


def check_plain_text(value: str, *, field: str) -> None:
    """Raise ``InvalidValue`` for text no store can keep exactly: a NUL character (PostgreSQL's
    text and jsonb have none) or an unpaired surrogate (not a character, so not UTF-8)."""
    if "\x00" in value:
        raise InvalidValue(f"{field} must not contain NUL characters", field=field)
    try:
        value.encode()
    except UnicodeEncodeError:
        raise InvalidValue(f"{field} must not contain unpaired surrogates", field=field) from None


def bounded_text(value: str, *, field: str, max_length: int, allow_empty: bool = False) -> str:
    """Return ``value`` stripped of surrounding whitespace, or raise ``InvalidValue``."""
    check_plain_text(value, field=field)
    stripped = value.strip()
    if not stripped and not allow_empty:
        raise InvalidValue(f"{field} can't be blank", field=field)
    if len(stripped) > max_length:
        raise InvalidValue(f"{field} is too long (maximum is {max_length} characters)", field=field)
    return stripped

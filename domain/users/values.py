"""User value objects: each validates itself on construction."""

import re
from dataclasses import dataclass

from domain.shared.errors import InvalidValue
from domain.shared.text import bounded_text, check_plain_text

USERNAME_MAX_LENGTH = 64
EMAIL_MAX_LENGTH = 254
PASSWORD_MIN_LENGTH = 8
# Argon2 cost grows with input length: a cap stops password-length denial of service.
PASSWORD_MAX_LENGTH = 128
BIO_MAX_LENGTH = 2000
IMAGE_MAX_LENGTH = 2048

_USERNAME = re.compile(r"^[\w.\-]+$")
_EMAIL = re.compile(r"^[^@\s]+@[^@\s]+\.[^@\s]+$")


@dataclass(frozen=True, slots=True)
class Username:
    """Letters, digits, ``_``, ``.`` and ``-`` (Unicode letters allowed), 1-64 characters."""

    value: str

    def __post_init__(self) -> None:
        text = bounded_text(self.value, field="username", max_length=USERNAME_MAX_LENGTH)
        if not _USERNAME.match(text):
            raise InvalidValue(
                "username may only contain letters, digits, '_', '.' and '-'", field="username"
            )
        object.__setattr__(self, "value", text)


@dataclass(frozen=True, slots=True)
class Email:
    """An email address, normalised to lower case so uniqueness is case-insensitive."""

    value: str

    def __post_init__(self) -> None:
        text = bounded_text(self.value, field="email", max_length=EMAIL_MAX_LENGTH)
        if not _EMAIL.match(text):
            raise InvalidValue("email is invalid", field="email")
        object.__setattr__(self, "value", text.lower())


@dataclass(frozen=True, slots=True, repr=False)
class PlainPassword:
    """A password as typed; never stored, never shown (``repr`` hides it)."""

    value: str

    def __post_init__(self) -> None:
        if not self.value.strip():
            raise InvalidValue("password can't be blank", field="password")
        if not PASSWORD_MIN_LENGTH <= len(self.value) <= PASSWORD_MAX_LENGTH:
            raise InvalidValue(
                f"password must be {PASSWORD_MIN_LENGTH} to {PASSWORD_MAX_LENGTH} characters",
                field="password",
            )
        check_plain_text(self.value, field="password")

    def __repr__(self) -> str:
        return "PlainPassword('********')"


def clean_bio(bio: str) -> str:
    """A bio may be empty; it is trimmed and bounded."""
    return bounded_text(bio, field="bio", max_length=BIO_MAX_LENGTH, allow_empty=True)


def clean_image(image: str) -> str:
    """An image is an http(s) URL or empty."""
    text = bounded_text(image, field="image", max_length=IMAGE_MAX_LENGTH, allow_empty=True)
    if text and not re.match(r"^https?://\S+$", text):
        raise InvalidValue("image must be an http(s) URL", field="image")
    return text

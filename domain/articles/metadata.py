"""Article metadata: a small JSON object whose known keys are typed.

Known keys: ``language`` (a language tag such as ``en`` or ``pt-BR``), ``series`` (a name)
and ``canonical_url`` (an http(s) URL). Any other key may hold any JSON value, within limits
that keep one article's metadata small: at most 20 keys, nesting at most 3 levels deep, and
at most 4 KiB serialized.
"""

import json
import re
from collections.abc import Mapping
from typing import Any

from domain.shared.errors import InvalidValue
from domain.shared.language import LANGUAGE_TAG_MAX_LENGTH, is_language_tag
from domain.shared.text import check_plain_text

MAX_KEYS = 20
MAX_DEPTH = 3
MAX_BYTES = 4096
KEY_MAX_LENGTH = 64
SERIES_MAX_LENGTH = 200
URL_MAX_LENGTH = 2048

_KEY = re.compile(r"[A-Za-z][A-Za-z0-9_]*")
_URL = re.compile(r"https?://[^\s/?#]+[^\s]*")

JsonValue = Any
"""A value as ``json.loads`` returns it."""


def _invalid(message: str) -> InvalidValue:
    return InvalidValue(f"metadata {message}", field="metadata")


def _text(value: object, key: str, max_length: int) -> str:
    if not isinstance(value, str) or not value.strip():
        raise _invalid(f"{key} must be a non-empty string")
    if len(value) > max_length:
        raise _invalid(f"{key} is too long (maximum is {max_length} characters)")
    return value.strip()


def _language(value: object) -> str:
    tag = _text(value, "language", LANGUAGE_TAG_MAX_LENGTH)
    if not is_language_tag(tag):
        raise _invalid("language must be a language tag such as en or pt-BR")
    return tag


def _url(value: object) -> str:
    url = _text(value, "canonical_url", URL_MAX_LENGTH)
    if not _URL.fullmatch(url):
        raise _invalid("canonical_url must be an http or https URL")
    return url


_KNOWN = {
    "language": _language,
    "series": lambda value: _text(value, "series", SERIES_MAX_LENGTH),
    "canonical_url": _url,
}


def _depth(value: JsonValue) -> int:
    """How deeply ``value`` nests; every text in it (keys too) checked on the way."""
    if isinstance(value, dict):
        for key in value:
            _plain(key)
        return 1 + max((_depth(item) for item in value.values()), default=0)
    if isinstance(value, list):
        return 1 + max((_depth(item) for item in value), default=0)
    if isinstance(value, str):
        _plain(value)
        return 0
    if value is None or isinstance(value, int | float | bool):
        return 0
    raise _invalid("values must be JSON values")


def _plain(text: str) -> None:
    try:
        check_plain_text(text, field="metadata")
    except InvalidValue as error:
        raise _invalid(error.message.removeprefix("metadata ")) from None


def article_metadata(values: Mapping[str, JsonValue]) -> dict[str, JsonValue]:
    """Validated metadata (known keys' text stripped); raise ``InvalidValue`` (field
    ``metadata``) otherwise."""
    if len(values) > MAX_KEYS:
        raise _invalid(f"may hold at most {MAX_KEYS} keys")
    cleaned: dict[str, JsonValue] = {}
    for key, value in values.items():
        if not (isinstance(key, str) and len(key) <= KEY_MAX_LENGTH and _KEY.fullmatch(key)):
            raise _invalid(
                f"key {str(key)[:KEY_MAX_LENGTH]!r} must be a letter then letters, "
                f"digits or underscores, at most {KEY_MAX_LENGTH} characters"
            )
        cleaned[key] = _KNOWN[key](value) if key in _KNOWN else value
    if _depth(cleaned) > MAX_DEPTH:
        raise _invalid(f"may nest at most {MAX_DEPTH} levels deep")
    try:
        size = len(json.dumps(cleaned, ensure_ascii=False, allow_nan=False).encode())
    except ValueError:
        raise _invalid("numbers must be finite") from None
    if size > MAX_BYTES:
        raise _invalid(f"is too large (maximum is {MAX_BYTES} bytes as JSON)")
    return cleaned

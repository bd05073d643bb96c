"""Article value objects and the rules for titles, slugs and tags."""

import math
import re
import unicodedata
from dataclasses import dataclass

from domain.shared.errors import InvalidValue
from domain.shared.text import bounded_text

TITLE_MAX_LENGTH = 200
DESCRIPTION_MAX_LENGTH = 1000
BODY_MAX_LENGTH = 100_000
COMMENT_MAX_LENGTH = 10_000
TAG_MAX_LENGTH = 64
TAGS_PER_ARTICLE_MAX = 20
SLUG_MAX_LENGTH = 240
IMPORT_KEY_MAX_LENGTH = 100
# A common estimate of adult silent reading speed for prose on screen.
WORDS_PER_MINUTE = 200

_NOT_WORD = re.compile(r"[^\w]+|_+")
# Paths under /api/articles/ that are not articles.
_RESERVED = frozenset({"feed", "deleted", "drafts", "search", "bulk"})


@dataclass(frozen=True, slots=True)
class Slug:
    """The URL handle of an article: lower case, Unicode letters kept, words joined by '-'."""

    value: str

    @classmethod
    def from_title(cls, title: str) -> "Slug":
        normalized = unicodedata.normalize("NFKC", title).casefold()
        words = _NOT_WORD.sub("-", normalized).strip("-")
        return cls(words[:SLUG_MAX_LENGTH].rstrip("-") or "article")

    @property
    def is_reserved(self) -> bool:
        """Whether the slug would shadow (or be shadowed by) a fixed path like ``feed``."""
        return self.value in _RESERVED

    def with_suffix(self, suffix: str) -> "Slug":
        """The same slug made distinct by ``suffix`` (used when the plain one is taken)."""
        stem = self.value[: SLUG_MAX_LENGTH - len(suffix) - 1].rstrip("-")
        return Slug(f"{stem}-{suffix}")


@dataclass(frozen=True, slots=True)
class TagName:
    """A non-blank tag of at most 64 characters, surrounding whitespace removed."""

    value: str

    def __post_init__(self) -> None:
        object.__setattr__(
            self, "value", bounded_text(self.value, field="tagList", max_length=TAG_MAX_LENGTH)
        )


def tag_set(names: list[str]) -> tuple[str, ...]:
    """Validate ``names``, drop duplicates and sort alphabetically (the API's order)."""
    unique = sorted({TagName(name).value for name in names})
    if len(unique) > TAGS_PER_ARTICLE_MAX:
        raise InvalidValue(f"tagList may hold at most {TAGS_PER_ARTICLE_MAX} tags", field="tagList")
    return tuple(unique)


def clean_title(title: str) -> str:
    return bounded_text(title, field="title", max_length=TITLE_MAX_LENGTH)


def clean_description(description: str) -> str:
    return bounded_text(
        description, field="description", max_length=DESCRIPTION_MAX_LENGTH, allow_empty=True
    )


def clean_body(body: str) -> str:
    return bounded_text(body, field="body", max_length=BODY_MAX_LENGTH)


def clean_comment_body(body: str) -> str:
    return bounded_text(body, field="body", max_length=COMMENT_MAX_LENGTH)


def word_count(text: str) -> int:
    """Whitespace-separated words in ``text``."""
    return len(text.split())


def reading_time_minutes(words: int) -> int:
    """Whole minutes to read ``words`` words, at least one."""
    return max(1, math.ceil(words / WORDS_PER_MINUTE))


def clean_import_key(key: str) -> str:
    """The identifier an imported article had in its source; with the author, it makes
    re-importing the same record a no-op."""
    return bounded_text(key, field="id", max_length=IMPORT_KEY_MAX_LENGTH)

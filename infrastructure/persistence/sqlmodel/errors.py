"""Translate database errors into domain errors, so no SQLAlchemy exception leaves here.

The database's constraints are the last line of defence behind the domain's rules: when one
is hit anyway (a race, a bug, a write from elsewhere), its name says which rule it was.
PostgreSQL names every constraint in its message; SQLite names CHECK constraints, names a
UNIQUE one by its table and column, and names no foreign key. MariaDB names each, quoted.
"""

import re
from collections.abc import Callable
from typing import TypeAlias

import asyncpg
from sqlalchemy.exc import IntegrityError

from domain.profiles.follow import SelfFollow
from domain.shared.errors import AlreadyExists, DomainError, InvalidValue


def _taken(field: str) -> Callable[[], DomainError]:
    return lambda: AlreadyExists(f"{field} has already been taken", field=field)


def _blank(field: str) -> Callable[[], DomainError]:
    return lambda: InvalidValue(f"{field} can't be blank", field=field)


def _invalid(message: str, field: str) -> Callable[[], DomainError]:
    return lambda: InvalidValue(message, field=field)


def _imported() -> DomainError:
    return AlreadyExists("id has already been imported by this author", field="id")


_CONSTRAINTS: dict[str, Callable[[], DomainError]] = {
    "uq_users_username": _taken("username"),
    "uq_users_email": _taken("email"),
    "uq_articles_slug": _taken("slug"),
    "uq_tags_name": _taken("tagList"),
    "ck_users_username_not_blank": _blank("username"),
    "ck_users_email_not_blank": _blank("email"),
    "ck_articles_title_not_blank": _blank("title"),
    "ck_comments_body_not_blank": _blank("body"),
    "ck_tags_name_not_blank": _blank("tagList"),
    "ck_follows_no_self_follow": SelfFollow,
    "ck_articles_status": _invalid("status must be draft or published", "status"),
    "ck_articles_published_at": _invalid("a published article needs a publication time", "status"),
    "ck_articles_version": _invalid("version must be positive", "version"),
    "uq_articles_author_id_import_key": _imported,
    # SQLite names a unique index over two columns by its first one.
    "uq_articles_author_id": _imported,
}
_NAME = re.compile(r"\b(?:uq|ck|fk)_\w+")
# SQLite's "UNIQUE constraint failed: users.username" -> the conventional name.
_SQLITE_UNIQUE = re.compile(r"UNIQUE constraint failed: (\w+)\.(\w+)")
# MariaDB quotes the name after the value, which may itself look like a name.
_MARIADB_NAME = re.compile(r"for key '(?:\w+\.)?(\w+)'|CONSTRAINT `(\w+)`")


# Through SQLAlchemy, or from asyncpg itself (``driver``).
BrokenConstraint: TypeAlias = IntegrityError | asyncpg.IntegrityConstraintViolationError


def constraint_name(error: BrokenConstraint) -> str | None:
    """The name of the constraint ``error`` broke, where the database tells it."""
    text = str(error.orig if isinstance(error, IntegrityError) else error)
    quoted = _MARIADB_NAME.search(text)
    if quoted:
        return quoted.group(1) or quoted.group(2)
    unique = _SQLITE_UNIQUE.search(text)
    if unique:
        return f"uq_{unique.group(1)}_{unique.group(2)}"
    named = _NAME.search(text)
    return named.group(0) if named else None


def translate_integrity_error(error: BrokenConstraint) -> DomainError:
    rule = _CONSTRAINTS.get(constraint_name(error) or "")
    if rule is not None:
        return rule()
    # Foreign keys: what the write refers to is gone (a deleted account, article...).
    return InvalidValue("the change refers to something that does not exist")

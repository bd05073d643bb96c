"""Translate database errors into domain errors, so no SQLAlchemy exception leaves here."""

import re

from sqlalchemy.exc import IntegrityError

from domain.shared.errors import AlreadyExists, DomainError, InvalidValue

# Unique constraints follow the naming convention uq_<table>_<column>; SQLite names the column.
_UNIQUE = re.compile(r"uq_(?:users|articles|tags)_(\w+)|UNIQUE constraint failed: \w+\.(\w+)")


def translate_integrity_error(error: IntegrityError) -> DomainError:
    text = str(error.orig)
    match = _UNIQUE.search(text)
    if match:
        field = match.group(1) or match.group(2)
        return AlreadyExists(f"{field} has already been taken", field=field)
    if "no_self_follow" in text or "CHECK constraint failed" in text:
        return InvalidValue("the change breaks a data rule")
    return InvalidValue("the change refers to something that does not exist")

"""Lookup keys that no stored row can match."""

# Row ids are INTEGER columns (int4 on PostgreSQL); asyncpg refuses to send a larger number.
ROW_ID_MAX = 2**31 - 1


def storable(*keys: str | None) -> bool:
    """False when a key holds a NUL character or an unpaired surrogate.

    The domain refuses both in every stored text, and neither can reach PostgreSQL (its text
    type has no NUL; asyncpg cannot encode a surrogate as UTF-8), so such a key finds nothing
    without asking the database.
    """
    return all(key is None or _is_text(key) for key in keys)


def storable_id(row_id: int) -> bool:
    """False for an id outside the id columns' range: no row has it."""
    return 0 < row_id <= ROW_ID_MAX


def clamped_id(row_id: int) -> int:
    """A cursor's id as the id columns can compare it: one past every id compares like the
    largest."""
    return min(row_id, ROW_ID_MAX)


def _is_text(key: str) -> bool:
    if "\x00" in key:
        return False
    try:
        key.encode()
    except UnicodeEncodeError:
        return False
    return True

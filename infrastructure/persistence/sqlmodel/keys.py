"""Lookup keys that no stored row can match."""


def storable(*keys: str | None) -> bool:
    """False when a key holds a NUL character.

    The domain refuses NUL in every stored text and PostgreSQL's text type cannot hold one
    (asyncpg refuses to send it), so such a key finds nothing without asking the database.
    """
    return not any(key is not None and "\x00" in key for key in keys)

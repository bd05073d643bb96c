"""Page rules shared by every list: sizes, offsets, and opaque keyset cursors."""

import base64
import binascii
import math
from dataclasses import dataclass
from datetime import UTC, datetime

from domain.shared.errors import InvalidValue

DEFAULT_PAGE_SIZE = 20
MAX_PAGE_SIZE = 100
# Deep offsets cost a scan of every skipped row; a cap keeps one request from doing that forever.
MAX_OFFSET = 1_000_000
CURSOR_MAX_LENGTH = 128


@dataclass(frozen=True, slots=True)
class Position:
    """The last item of a newest-first page; the next page starts strictly after it."""

    created_at: datetime
    id: int


@dataclass(frozen=True, slots=True)
class RankedPosition:
    """The last item of a best-first page (search results); the next page starts after it."""

    rank: float
    id: int


def check_page(limit: int, offset: int, after: Position | None = None) -> None:
    """Raise ``InvalidValue`` unless 1 <= limit <= MAX_PAGE_SIZE and 0 <= offset <= MAX_OFFSET,
    and unless a cursor, when given, comes without an offset."""
    if not 1 <= limit <= MAX_PAGE_SIZE:
        raise InvalidValue(f"limit must be between 1 and {MAX_PAGE_SIZE}", field="limit")
    if not 0 <= offset <= MAX_OFFSET:
        raise InvalidValue(f"offset must be between 0 and {MAX_OFFSET}", field="offset")
    if after is not None and offset:
        raise InvalidValue("use either offset or cursor, not both", field="cursor")


def encode_cursor(position: Position) -> str:
    """An opaque, URL-safe token for ``position``."""
    raw = f"{position.created_at.isoformat()}|{position.id}".encode()
    return base64.urlsafe_b64encode(raw).decode().rstrip("=")


def decode_cursor(cursor: str) -> Position:
    """The position a token from ``encode_cursor`` stands for, in UTC; ``InvalidValue``
    otherwise."""
    try:
        if len(cursor) > CURSOR_MAX_LENGTH:
            raise ValueError(cursor)
        raw = base64.urlsafe_b64decode(cursor + "=" * (-len(cursor) % 4)).decode()
        moment, _, item = raw.partition("|")
        created_at, item_id = datetime.fromisoformat(moment), int(item)
    except (ValueError, UnicodeDecodeError, binascii.Error):
        raise InvalidValue("cursor is not one this service issued", field="cursor") from None
    if created_at.tzinfo is None or item_id < 1:
        raise InvalidValue("cursor is not one this service issued", field="cursor")
    try:
        return Position(created_at=created_at.astimezone(UTC), id=item_id)
    except OverflowError:  # a moment at the calendar's ends, in an offset that leaves it
        raise InvalidValue("cursor is not one this service issued", field="cursor") from None


_RANKED = "rank"


def encode_ranked_cursor(position: RankedPosition) -> str:
    """An opaque, URL-safe token for ``position``; ``repr`` keeps the rank's every bit."""
    raw = f"{_RANKED}|{position.rank!r}|{position.id}".encode()
    return base64.urlsafe_b64encode(raw).decode().rstrip("=")


def decode_ranked_cursor(cursor: str) -> RankedPosition:
    """The position a token from ``encode_ranked_cursor`` stands for; ``InvalidValue``
    otherwise."""
    try:
        if len(cursor) > CURSOR_MAX_LENGTH:
            raise ValueError(cursor)
        raw = base64.urlsafe_b64decode(cursor + "=" * (-len(cursor) % 4)).decode()
        kind, rank, item = raw.split("|")
        position = RankedPosition(rank=float(rank), id=int(item))
    except (ValueError, UnicodeDecodeError, binascii.Error):
        raise InvalidValue("cursor is not one this service issued", field="cursor") from None
    if kind != _RANKED or position.id < 1 or not math.isfinite(position.rank):
        raise InvalidValue("cursor is not one this service issued", field="cursor")
    return position

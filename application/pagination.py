"""Page-size rules shared by every list."""

from domain.shared.errors import InvalidValue

DEFAULT_PAGE_SIZE = 20
MAX_PAGE_SIZE = 100
# Deep offsets cost a scan of every skipped row; a cap keeps one request from doing that forever.
MAX_OFFSET = 1_000_000


def check_page(limit: int, offset: int) -> None:
    """Raise ``InvalidValue`` unless 1 <= limit <= MAX_PAGE_SIZE and 0 <= offset <= MAX_OFFSET."""
    if not 1 <= limit <= MAX_PAGE_SIZE:
        raise InvalidValue(f"limit must be between 1 and {MAX_PAGE_SIZE}", field="limit")
    if not 0 <= offset <= MAX_OFFSET:
        raise InvalidValue(f"offset must be between 0 and {MAX_OFFSET}", field="offset")

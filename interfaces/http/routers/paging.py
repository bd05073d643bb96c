"""Query parameters shared by every paged list."""

from typing import Annotated

from fastapi import Query

from application.pagination import CURSOR_MAX_LENGTH, MAX_OFFSET, MAX_PAGE_SIZE

Limit = Annotated[
    int,
    Query(ge=1, le=MAX_PAGE_SIZE, description=f"Page size, at most {MAX_PAGE_SIZE}."),
]
Offset = Annotated[int, Query(ge=0, le=MAX_OFFSET, description="Items to skip.")]
Cursor = Annotated[
    str | None,
    Query(
        max_length=CURSOR_MAX_LENGTH,
        description="`nextCursor` of the previous page: keyset paging that stays fast on deep "
        "pages. Use instead of `offset`.",
    ),
]

"""Keyset cursors: opaque tokens that round-trip, refuse forgeries, and page through use cases."""

import base64
import string

import pytest

from application.pagination import CURSOR_MAX_LENGTH, Position, decode_cursor, encode_cursor
from application.ports.queries import ArticleFilter
from domain.shared.errors import InvalidValue
from tests.factories import EPOCH
from tests.unit.application.conduit import Conduit


def token_for(text: str) -> str:
    return base64.urlsafe_b64encode(text.encode()).decode()


def test_a_cursor_round_trips_its_position() -> None:
    position = Position(created_at=EPOCH, id=42)

    token = encode_cursor(position)

    assert decode_cursor(token) == position
    assert set(token) <= set(string.ascii_letters + string.digits + "-_")


@pytest.mark.parametrize(
    "token",
    [
        pytest.param("", id="empty"),
        pytest.param("not base64 at all!", id="garbage"),
        pytest.param(encode_cursor(Position(EPOCH, 1))[:-3], id="truncated"),
        pytest.param(token_for("2026-01-01T12:00:00|42"), id="naive-timestamp"),
        pytest.param(token_for(f"{EPOCH.isoformat()}|0"), id="id-zero"),
        pytest.param(token_for(f"{EPOCH.isoformat()}|x"), id="id-not-a-number"),
        pytest.param("A" * (CURSOR_MAX_LENGTH + 4), id="too-long"),
    ],
)
def test_a_token_this_service_did_not_issue_is_refused(token: str) -> None:
    with pytest.raises(InvalidValue) as caught:
        decode_cursor(token)
    assert caught.value.field == "cursor"


async def test_listing_by_cursor_continues_where_the_last_page_ended(conduit: Conduit) -> None:
    jake = await conduit.sign_up("jake")
    for number in range(5):
        conduit.clock.advance(minutes=1)
        await conduit.publish(jake, f"Article {number}")

    first = await conduit.list_articles.execute(ArticleFilter(limit=2), None)
    second = await conduit.list_articles.execute(ArticleFilter(limit=2), None, first.next_cursor)
    third = await conduit.list_articles.execute(ArticleFilter(limit=2), None, second.next_cursor)

    pages = [first, second, third]
    assert [[a.slug for a in page.articles] for page in pages] == [
        ["article-4", "article-3"],
        ["article-2", "article-1"],
        ["article-0"],
    ]
    assert third.next_cursor is None
    assert {page.total for page in pages} == {5}


async def test_a_cursor_and_an_offset_together_are_refused(conduit: Conduit) -> None:
    reader = await conduit.sign_up("reader")
    cursor = encode_cursor(Position(EPOCH, 1))

    with pytest.raises(InvalidValue) as listed:
        await conduit.list_articles.execute(ArticleFilter(offset=20), None, cursor)
    with pytest.raises(InvalidValue) as fed:
        await conduit.feed_articles.execute(reader, limit=20, offset=20, cursor=cursor)

    assert listed.value.field == fed.value.field == "cursor"

"""Search terms: the web-search syntax parsed once, refused when nothing is left to find, and
rendered for FTS5 so no input is ever read as FTS5 syntax; ranked cursors round-trip."""

import pytest

from application.pagination import (
    Position,
    RankedPosition,
    decode_cursor,
    decode_ranked_cursor,
    encode_cursor,
    encode_ranked_cursor,
)
from application.search import QUERY_MAX_LENGTH, SearchTerms
from domain.shared.errors import InvalidValue
from infrastructure.persistence.sqlmodel.search import fts5_query
from tests.factories import EPOCH


@pytest.mark.parametrize(
    ("text", "clauses", "excluded"),
    [
        ("Dragon", ((("dragon",),),), ()),
        ("dragon fire", ((("dragon",),), (("fire",),)), ()),
        ('"how to" train', ((("how", "to"),), (("train",),)), ()),
        ("lava or roses soup", ((("lava",), ("roses",)), (("soup",),)), ()),
        ('wyvern -soup -"fire pit"', ((("wyvern",),),), (("soup",), ("fire", "pit"))),
        ('"unclosed quote', ((("unclosed", "quote"),),), ()),
        ("or first", ((("or",),), (("first",),)), ()),
    ],
)
def test_the_web_search_syntax_is_parsed(
    text: str, clauses: tuple[object, ...], excluded: tuple[object, ...]
) -> None:
    terms = SearchTerms.parse(text)

    assert (terms.clauses, terms.excluded) == (clauses, excluded)


@pytest.mark.parametrize(
    "text", ["", "   ", "?! ...", "-wyvern", "x" * (QUERY_MAX_LENGTH + 1), "wyvern\x00"]
)
def test_a_query_with_nothing_to_find_is_a_field_error(text: str) -> None:
    with pytest.raises(InvalidValue) as raised:
        SearchTerms.parse(text)

    assert raised.value.field == "q"


def test_fts5_gets_every_word_quoted() -> None:
    terms = SearchTerms.parse('lava or "rose garden" NEAR(x) -soup')

    assert fts5_query(terms) == '(("lava" OR "rose garden") AND ("near x")) NOT "soup"'


def test_a_ranked_cursor_round_trips_its_rank_exactly() -> None:
    position = RankedPosition(rank=0.1 + 0.2, id=7)

    assert decode_ranked_cursor(encode_ranked_cursor(position)) == position


def test_cursors_of_lists_and_of_search_are_not_interchangeable() -> None:
    with pytest.raises(InvalidValue):
        decode_ranked_cursor(encode_cursor(Position(EPOCH, 1)))
    with pytest.raises(InvalidValue):
        decode_cursor(encode_ranked_cursor(RankedPosition(1.5, 1)))
    with pytest.raises(InvalidValue):
        decode_ranked_cursor(encode_ranked_cursor(RankedPosition(float("nan"), 1)))

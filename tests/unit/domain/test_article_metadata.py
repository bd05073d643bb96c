"""Article metadata: typed known keys, free other keys within size and nesting limits; reading
time from the body's words."""

from typing import Any

import pytest

from domain.articles.metadata import MAX_BYTES, MAX_KEYS, article_metadata
from domain.articles.values import reading_time_minutes, word_count
from domain.shared.errors import InvalidValue
from tests.factories import EPOCH, an_article


def test_known_keys_are_checked_and_trimmed_and_other_keys_kept() -> None:
    metadata = article_metadata(
        {
            "language": "pt-BR",
            "series": "  Dragon care ",
            "canonical_url": "https://example.com/a?b=c",
            "sources": [{"title": "Book", "pages": 2}],
        }
    )

    assert metadata == {
        "language": "pt-BR",
        "series": "Dragon care",
        "canonical_url": "https://example.com/a?b=c",
        "sources": [{"title": "Book", "pages": 2}],
    }


@pytest.mark.parametrize(
    "metadata",
    [
        pytest.param({"language": "english!"}, id="language-not-a-tag"),
        pytest.param({"language": 7}, id="language-not-a-string"),
        pytest.param({"series": ""}, id="series-empty"),
        pytest.param({"series": "x" * 201}, id="series-too-long"),
        pytest.param({"canonical_url": "ftp://example.com"}, id="url-not-http"),
        pytest.param({"canonical_url": "https://"}, id="url-without-host"),
        pytest.param({"1st": True}, id="key-not-a-name"),
        pytest.param({f"k{n}": n for n in range(MAX_KEYS + 1)}, id="too-many-keys"),
        pytest.param({"a": {"b": {"c": {"d": 1}}}}, id="too-deep"),
        pytest.param({"a": [[[1]]]}, id="too-deep-in-lists"),
        pytest.param({"notes": "x" * MAX_BYTES}, id="too-large"),
        pytest.param({"ratio": float("inf")}, id="not-finite"),
    ],
)
def test_invalid_metadata_is_a_field_error(metadata: dict[str, Any]) -> None:
    with pytest.raises(InvalidValue) as raised:
        article_metadata(metadata)

    assert raised.value.field == "metadata"


def test_nesting_up_to_three_levels_is_accepted() -> None:
    assert article_metadata({"a": {"b": {"c": 1}}}) == {"a": {"b": {"c": 1}}}


def test_editing_replaces_the_metadata_whole_and_none_keeps_it() -> None:
    article = an_article(1)
    article.edit(by=1, now=EPOCH, metadata={"language": "en", "series": "S"})
    article.edit(by=1, now=EPOCH, title="Kept metadata")
    assert article.metadata == {"language": "en", "series": "S"}

    article.edit(by=1, now=EPOCH, metadata={"language": "fr"})
    assert article.metadata == {"language": "fr"}


@pytest.mark.parametrize(
    ("body", "minutes"),
    [("one", 1), ("word " * 200, 1), ("word " * 201, 2), ("a\nb\tc  d", 1)],
)
def test_reading_time_is_whole_minutes_at_two_hundred_words_a_minute(
    body: str, minutes: int
) -> None:
    assert reading_time_minutes(word_count(body)) == minutes


def test_the_word_count_follows_the_body() -> None:
    article = an_article(1)
    article.edit(by=1, now=EPOCH, body="three short words")

    assert article.word_count == 3

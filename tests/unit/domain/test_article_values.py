"""Tags, titles, descriptions and bodies validate themselves."""

import pytest

from domain.articles.values import (
    BODY_MAX_LENGTH,
    COMMENT_MAX_LENGTH,
    TAG_MAX_LENGTH,
    TAGS_PER_ARTICLE_MAX,
    TITLE_MAX_LENGTH,
    TagName,
    clean_body,
    clean_comment_body,
    clean_description,
    clean_title,
    tag_set,
)
from domain.shared.errors import InvalidValue


def test_a_tag_set_is_sorted_and_free_of_duplicates() -> None:
    assert tag_set(["training", "dragons", "training", "angular"]) == (
        "angular",
        "dragons",
        "training",
    )


def test_tags_are_trimmed_before_duplicates_are_dropped() -> None:
    assert tag_set([" dragons", "dragons ", "dragons"]) == ("dragons",)


def test_an_empty_tag_list_gives_an_empty_tag_set() -> None:
    assert tag_set([]) == ()


@pytest.mark.parametrize("blank", ["", "   ", "\n"])
def test_a_blank_tag_is_refused(blank: str) -> None:
    with pytest.raises(InvalidValue, match="blank") as caught:
        tag_set(["dragons", blank])
    assert caught.value.field == "tagList"


def test_a_tag_longer_than_the_maximum_is_refused() -> None:
    assert TagName("t" * TAG_MAX_LENGTH).value == "t" * TAG_MAX_LENGTH
    with pytest.raises(InvalidValue, match="too long"):
        tag_set(["t" * (TAG_MAX_LENGTH + 1)])


def test_at_most_twenty_tags_are_allowed() -> None:
    twenty = [f"tag{n:02}" for n in range(TAGS_PER_ARTICLE_MAX)]
    assert len(tag_set(twenty)) == TAGS_PER_ARTICLE_MAX
    with pytest.raises(InvalidValue, match="at most") as caught:
        tag_set([*twenty, "one-too-many"])
    assert caught.value.field == "tagList"


def test_duplicates_do_not_count_towards_the_tag_limit() -> None:
    twenty = [f"tag{n:02}" for n in range(TAGS_PER_ARTICLE_MAX)]
    assert len(tag_set([*twenty, *twenty])) == TAGS_PER_ARTICLE_MAX


def test_a_tag_with_a_nul_character_is_refused() -> None:
    with pytest.raises(InvalidValue, match="NUL"):
        TagName("drag\x00ons")


def test_a_title_is_trimmed_and_may_not_be_blank_or_too_long() -> None:
    assert clean_title("  Dragons  ") == "Dragons"
    with pytest.raises(InvalidValue, match="blank") as blank:
        clean_title("   ")
    assert blank.value.field == "title"
    with pytest.raises(InvalidValue, match="too long"):
        clean_title("t" * (TITLE_MAX_LENGTH + 1))


def test_a_description_may_be_empty() -> None:
    assert clean_description("") == ""
    assert clean_description(" Ever wonder how? ") == "Ever wonder how?"


def test_a_body_may_not_be_blank_or_too_long() -> None:
    assert clean_body("b" * BODY_MAX_LENGTH) == "b" * BODY_MAX_LENGTH
    with pytest.raises(InvalidValue) as blank:
        clean_body(" ")
    assert blank.value.field == "body"
    with pytest.raises(InvalidValue, match="too long"):
        clean_body("b" * (BODY_MAX_LENGTH + 1))


def test_a_comment_body_may_not_be_blank_or_too_long() -> None:
    assert clean_comment_body(" Thank you! ") == "Thank you!"
    with pytest.raises(InvalidValue, match="blank"):
        clean_comment_body("")
    with pytest.raises(InvalidValue, match="too long"):
        clean_comment_body("c" * (COMMENT_MAX_LENGTH + 1))

"""Slugs: derived from titles, lower case, Unicode letters kept, one '-' between words."""

import re

import pytest

from domain.articles.values import SLUG_MAX_LENGTH, Slug

# "Fullwidth title" in fullwidth forms (U+FF01..U+FF5E), which NFKC folds to ASCII.
FULLWIDTH_TITLE = "".join(chr(ord(c) + 0xFEE0) if c != " " else c for c in "Fullwidth title")


@pytest.mark.parametrize(
    ("title", "slug"),
    [
        ("How to train your dragon", "how-to-train-your-dragon"),
        ("How To TRAIN Your Dragon", "how-to-train-your-dragon"),
        ("Привет, мир!", "привет-мир"),
        ("Ça va? Très bien.", "ça-va-très-bien"),
        ("東京 2026", "東京-2026"),
        ("Hello,   --- world!!!", "hello-world"),
        ("  --leading and trailing--  ", "leading-and-trailing"),
        ("snake_case__title", "snake-case-title"),
        ("C++ & Rust: a/b testing?", "c-rust-a-b-testing"),
        (FULLWIDTH_TITLE, "fullwidth-title"),
        ("Straße", "strasse"),
    ],
)
def test_a_slug_is_derived_from_the_title(title: str, slug: str) -> None:
    assert Slug.from_title(title).value == slug


@pytest.mark.parametrize("title", ["", "   ", "!!!", "___", "—"])
def test_a_title_without_words_gives_the_slug_article(title: str) -> None:
    assert Slug.from_title(title).value == "article"


def test_a_slug_is_capped_in_length() -> None:
    slug = Slug.from_title("word " * 200)
    assert len(slug.value) <= SLUG_MAX_LENGTH
    assert not slug.value.endswith("-")
    assert slug.value.startswith("word-word-")


def test_a_long_single_word_title_is_cut_at_the_maximum_length() -> None:
    assert Slug.from_title("a" * (SLUG_MAX_LENGTH + 50)).value == "a" * SLUG_MAX_LENGTH


def test_a_slug_with_a_suffix_appends_it_after_a_dash() -> None:
    base = Slug.from_title("How to train your dragon")
    assert base.with_suffix("a1b2c3") == Slug("how-to-train-your-dragon-a1b2c3")
    assert base.value == "how-to-train-your-dragon"


def test_a_suffixed_slug_stays_within_the_maximum_length() -> None:
    base = Slug.from_title("a" * SLUG_MAX_LENGTH)
    suffixed = base.with_suffix("a1b2c3")
    assert len(suffixed.value) == SLUG_MAX_LENGTH
    assert suffixed.value.endswith("-a1b2c3")
    assert suffixed != base


def test_a_suffixed_slug_never_holds_two_dashes_in_a_row() -> None:
    # A maximum-length slug whose cut for the suffix falls right after a dash.
    suffix = "a1b2c3"
    keep = SLUG_MAX_LENGTH - len(suffix) - 1
    base = Slug.from_title("a" * (keep - 1) + " " + "b" * (SLUG_MAX_LENGTH - keep))
    assert len(base.value) == SLUG_MAX_LENGTH
    suffixed = base.with_suffix(suffix)
    assert "--" not in suffixed.value, suffixed.value[-20:]
    assert re.fullmatch(r"a+-a1b2c3", suffixed.value)


def test_slugs_are_equal_by_value() -> None:
    assert Slug.from_title("Dragons!") == Slug("dragons")

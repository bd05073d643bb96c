"""The article entity: written with clean values, edited by its author alone."""

from datetime import timedelta

import pytest

from domain.articles.article import Article, NotArticleAuthor
from domain.articles.values import Slug
from domain.shared.errors import InvalidValue, PermissionDenied
from tests.factories import EPOCH, an_article

AUTHOR = 1
STRANGER = 2
LATER = EPOCH + timedelta(minutes=5)


def test_writing_an_article_cleans_its_text_and_tags() -> None:
    article = Article.write(
        author_id=AUTHOR,
        title="  How to train your dragon ",
        description=" Ever wonder how? ",
        body=" You have to believe ",
        tags=["training", "dragons", "training"],
        slug=Slug.from_title("How to train your dragon"),
        now=EPOCH,
    )
    assert article.title == "How to train your dragon"
    assert article.description == "Ever wonder how?"
    assert article.body == "You have to believe"
    assert article.tags == ("dragons", "training")
    assert article.slug == Slug("how-to-train-your-dragon")
    assert article.id is None


def test_a_new_article_leaves_its_timestamps_to_storage_unless_imported() -> None:
    written = an_article(AUTHOR, at=EPOCH)
    imported = Article.write(
        author_id=AUTHOR,
        title="Old news",
        description="From elsewhere",
        body="Written long ago",
        tags=[],
        slug=Slug.from_title("Old news"),
        now=LATER,
        created_at=EPOCH,
    )
    assert (written.created_at, written.updated_at) == (None, None)
    assert (imported.created_at, imported.updated_at) == (EPOCH, None)
    assert written.published_at == EPOCH


def test_an_article_without_a_title_cannot_be_written() -> None:
    with pytest.raises(InvalidValue) as caught:
        an_article(AUTHOR, title="   ")
    assert caught.value.field == "title"


def test_only_the_author_can_edit_an_article() -> None:
    article = an_article(AUTHOR)
    with pytest.raises(NotArticleAuthor):
        article.edit(by=STRANGER, now=LATER, title="Hijacked")
    article.edit(by=AUTHOR, now=LATER, title="Still mine")
    assert article.title == "Still mine"


def test_not_being_the_author_is_a_permission_denied() -> None:
    assert issubclass(NotArticleAuthor, PermissionDenied)
    with pytest.raises(PermissionDenied, match="only the author"):
        an_article(AUTHOR).ensure_author(STRANGER)


def test_a_refused_edit_changes_nothing() -> None:
    article = an_article(AUTHOR)
    with pytest.raises(PermissionDenied):
        article.edit(by=STRANGER, now=LATER, title="Hijacked", body="Gone", tags=["spam"])
    assert article.title == "How to train your dragon"
    assert article.body == "You have to believe"
    assert article.tags == ("dragons", "training")


def test_the_slug_never_changes_when_the_title_is_edited() -> None:
    article = an_article(AUTHOR, "How to train your dragon")
    article.edit(by=AUTHOR, now=LATER, title="Did you train your dragon?")
    assert article.title == "Did you train your dragon?"
    assert article.slug == Slug("how-to-train-your-dragon")


def test_editing_leaves_the_timestamps_to_storage() -> None:
    article = an_article(AUTHOR)
    article.created_at = article.updated_at = EPOCH
    article.edit(by=AUTHOR, now=LATER, body="With patience")
    assert (article.created_at, article.updated_at) == (EPOCH, EPOCH)


def test_an_edit_changes_only_the_given_fields() -> None:
    article = an_article(AUTHOR)
    article.edit(by=AUTHOR, now=LATER, description="New description")
    assert article.description == "New description"
    assert article.title == "How to train your dragon"
    assert article.body == "You have to believe"
    assert article.tags == ("dragons", "training")


def test_edited_tags_are_deduplicated_and_sorted_and_may_be_emptied() -> None:
    retagged = an_article(AUTHOR)
    retagged.edit(by=AUTHOR, now=LATER, tags=["zebra", "apple", "zebra"])
    assert retagged.tags == ("apple", "zebra")
    untagged = an_article(AUTHOR)
    untagged.edit(by=AUTHOR, now=LATER, tags=[])
    assert untagged.tags == ()


def test_an_edit_with_a_blank_body_is_refused() -> None:
    article = an_article(AUTHOR)
    with pytest.raises(InvalidValue) as caught:
        article.edit(by=AUTHOR, now=LATER, body="  ")
    assert caught.value.field == "body"
    assert article.body == "You have to believe"

"""Publishing: a unique slug from the title, clean tags, the author's view back."""

import re
from dataclasses import replace
from typing import Any

import pytest

from application.articles.create_article import CreateArticleCommand
from domain.articles.errors import ArticleNotFound
from domain.shared.errors import InvalidValue, NotFound
from tests.factories import EPOCH
from tests.unit.application.conduit import Conduit


def dragon(author_id: int, **changes: Any) -> CreateArticleCommand:
    command = CreateArticleCommand(
        author_id=author_id,
        title="How to train your dragon",
        description="Ever wonder how?",
        body="You have to believe",
        tags=["training", "dragons", "training", "angularjs"],
    )
    return replace(command, **changes)


async def test_creating_an_article_returns_it_as_its_author_sees_it(conduit: Conduit) -> None:
    jake = await conduit.sign_up("jake")
    view = await conduit.create_article.execute(dragon(jake))
    assert view.slug == "how-to-train-your-dragon"
    assert (view.title, view.description, view.body) == (
        "How to train your dragon",
        "Ever wonder how?",
        "You have to believe",
    )
    assert view.created_at == view.updated_at == EPOCH
    assert (view.favorited, view.favorites_count) == (False, 0)
    assert (view.author.username, view.author.following) == ("jake", False)


async def test_tags_are_stored_sorted_and_without_duplicates(conduit: Conduit) -> None:
    jake = await conduit.sign_up("jake")
    view = await conduit.create_article.execute(dragon(jake))
    assert view.tags == ("angularjs", "dragons", "training")
    (stored,) = conduit.store.committed.articles.values()
    assert stored.tags == ("angularjs", "dragons", "training")


async def test_a_slug_collision_gets_a_random_suffix(conduit: Conduit) -> None:
    jake = await conduit.sign_up("jake")
    first = await conduit.create_article.execute(dragon(jake))
    second = await conduit.create_article.execute(dragon(jake, body="A second take"))
    assert first.slug == "how-to-train-your-dragon"
    assert re.fullmatch(r"how-to-train-your-dragon-[0-9a-f]{6}", second.slug)
    assert (await conduit.get_article.execute(first.slug, None)).body == "You have to believe"
    assert (await conduit.get_article.execute(second.slug, None)).body == "A second take"


async def test_a_title_with_only_punctuation_gets_a_generic_slug(conduit: Conduit) -> None:
    jake = await conduit.sign_up("jake")
    first = await conduit.create_article.execute(dragon(jake, title="?!"))
    second = await conduit.create_article.execute(dragon(jake, title="..."))
    assert first.slug == "article"
    assert re.fullmatch(r"article-[0-9a-f]{6}", second.slug)


async def test_a_unicode_title_keeps_its_letters_in_the_slug(conduit: Conduit) -> None:
    jake = await conduit.sign_up("jake")
    view = await conduit.create_article.execute(dragon(jake, title="Привет, мир!"))
    assert view.slug == "привет-мир"
    assert (await conduit.get_article.execute("привет-мир", jake)).title == "Привет, мир!"


@pytest.mark.parametrize(
    ("changes", "field"),
    [
        ({"title": "  "}, "title"),
        ({"body": ""}, "body"),
        ({"tags": ["ok", " "]}, "tagList"),
        ({"tags": [f"t{n}" for n in range(21)]}, "tagList"),
    ],
)
async def test_an_invalid_article_is_refused_and_nothing_is_stored(
    conduit: Conduit, changes: dict[str, object], field: str
) -> None:
    jake = await conduit.sign_up("jake")
    before = conduit.snapshot()
    with pytest.raises(InvalidValue) as caught:
        await conduit.create_article.execute(dragon(jake, **changes))
    assert caught.value.field == field
    assert conduit.snapshot() == before


async def test_getting_an_article_includes_its_body(conduit: Conduit) -> None:
    jake = await conduit.sign_up("jake")
    slug = await conduit.publish(jake)
    view = await conduit.get_article.execute(slug, viewer_id=None)
    assert view.body == "You have to believe"
    assert view.author.username == "jake"


async def test_getting_an_unknown_article_is_not_found(conduit: Conduit) -> None:
    with pytest.raises(ArticleNotFound) as caught:
        await conduit.get_article.execute("no-such-article", viewer_id=None)
    assert isinstance(caught.value, NotFound)
    assert caught.value.field == "slug"

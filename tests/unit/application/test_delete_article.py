"""Deleting: the author alone; comments and favorites go with the article."""

import pytest

from application.ports.queries import ArticleFilter
from domain.shared.errors import NotFound, PermissionDenied
from tests.unit.application.wiring import Conduit


async def test_deleting_an_article_removes_it_with_its_comments_and_favorites(
    conduit: Conduit,
) -> None:
    jake = await conduit.sign_up("jake")
    fan = await conduit.sign_up("fan")
    doomed = await conduit.publish(jake, "Doomed", tags=["doomed"])
    kept = await conduit.publish(jake, "Kept", tags=["kept"])
    await conduit.comment(doomed, fan, "Bye")
    kept_comment = await conduit.comment(kept, fan, "Stay")
    await conduit.favorite_article.execute(doomed, fan)
    await conduit.favorite_article.execute(kept, fan)

    await conduit.delete_article.execute(doomed, jake)

    with pytest.raises(NotFound):
        await conduit.get_article.execute(doomed, None)
    with pytest.raises(NotFound):
        await conduit.list_comments.execute(doomed, None)
    data = conduit.store.committed
    assert [a.slug.value for a in data.articles.values()] == [kept]
    assert [c.id for c in data.comments.values()] == [kept_comment]
    kept_id = next(iter(data.articles))
    assert list(data.favorites) == [(fan, kept_id)]
    assert await conduit.list_tags.execute() == ("kept",)
    favorites = await conduit.list_articles.execute(ArticleFilter(favorited_by="fan"), fan)
    assert [a.slug for a in favorites.articles] == [kept]


async def test_only_the_author_can_delete_an_article(conduit: Conduit) -> None:
    jake = await conduit.sign_up("jake")
    stranger = await conduit.sign_up("stranger")
    slug = await conduit.publish(jake)
    await conduit.comment(slug, stranger)
    before = conduit.snapshot()

    with pytest.raises(PermissionDenied):
        await conduit.delete_article.execute(slug, stranger)

    assert conduit.snapshot() == before
    assert (await conduit.get_article.execute(slug, None)).slug == slug


async def test_deleting_an_unknown_article_is_not_found(conduit: Conduit) -> None:
    jake = await conduit.sign_up("jake")
    with pytest.raises(NotFound):
        await conduit.delete_article.execute("no-such-article", jake)


async def test_a_deleted_slug_can_be_used_again(conduit: Conduit) -> None:
    jake = await conduit.sign_up("jake")
    slug = await conduit.publish(jake)
    await conduit.delete_article.execute(slug, jake)
    assert await conduit.publish(jake) == slug

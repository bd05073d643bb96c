"""Favorites: once per user per article, counted, shown per viewer."""

import pytest

from domain.shared.errors import NotFound
from tests.factories import EPOCH, FixedClock
from tests.unit.application.conduit import Conduit


async def test_favoriting_marks_the_article_and_counts_it(conduit: Conduit) -> None:
    jake = await conduit.sign_up("jake")
    fan = await conduit.sign_up("fan")
    slug = await conduit.publish(jake)
    view = await conduit.favorite_article.execute(slug, fan)
    assert (view.slug, view.favorited, view.favorites_count) == (slug, True, 1)


async def test_favoriting_twice_counts_once(conduit: Conduit, clock: FixedClock) -> None:
    jake = await conduit.sign_up("jake")
    fan = await conduit.sign_up("fan")
    slug = await conduit.publish(jake)
    await conduit.favorite_article.execute(slug, fan)
    clock.advance(minutes=1)
    view = await conduit.favorite_article.execute(slug, fan)
    assert (view.favorited, view.favorites_count) == (True, 1)
    assert list(conduit.store.committed.favorites.values()) == [EPOCH]


async def test_favorites_from_several_users_add_up_and_show_per_viewer(conduit: Conduit) -> None:
    jake = await conduit.sign_up("jake")
    fan = await conduit.sign_up("fan")
    other = await conduit.sign_up("other")
    slug = await conduit.publish(jake)
    await conduit.favorite_article.execute(slug, fan)
    await conduit.favorite_article.execute(slug, other)
    as_jake = await conduit.get_article.execute(slug, jake)
    as_fan = await conduit.get_article.execute(slug, fan)
    assert (as_jake.favorited, as_jake.favorites_count) == (False, 2)
    assert (as_fan.favorited, as_fan.favorites_count) == (True, 2)


async def test_unfavoriting_removes_the_mark_and_is_harmless_twice(conduit: Conduit) -> None:
    jake = await conduit.sign_up("jake")
    fan = await conduit.sign_up("fan")
    slug = await conduit.publish(jake)
    await conduit.favorite_article.execute(slug, fan)

    view = await conduit.unfavorite_article.execute(slug, fan)
    assert (view.favorited, view.favorites_count) == (False, 0)
    again = await conduit.unfavorite_article.execute(slug, fan)
    assert (again.favorited, again.favorites_count) == (False, 0)
    assert conduit.store.committed.favorites == {}


async def test_favoriting_an_unknown_article_is_not_found(conduit: Conduit) -> None:
    fan = await conduit.sign_up("fan")
    with pytest.raises(NotFound):
        await conduit.favorite_article.execute("no-such-article", fan)
    with pytest.raises(NotFound):
        await conduit.unfavorite_article.execute("no-such-article", fan)
    assert conduit.store.committed.favorites == {}

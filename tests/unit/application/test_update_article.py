"""Editing: the author alone, the slug never moves, the clock stamps the change."""

from datetime import timedelta

import pytest

from application.articles.preconditions import IfMatch
from application.articles.update_article import UpdateArticleCommand
from domain.articles.article import NotArticleAuthor
from domain.shared.errors import InvalidValue, NotFound, PermissionDenied, VersionConflict
from tests.factories import EPOCH, FixedClock
from tests.unit.application.conduit import Conduit


async def test_the_author_can_edit_title_body_description_and_tags(
    conduit: Conduit, clock: FixedClock
) -> None:
    jake = await conduit.sign_up("jake")
    slug = await conduit.publish(jake, tags=["dragons"])
    clock.advance(minutes=10)

    view = await conduit.update_article.execute(
        UpdateArticleCommand(
            slug=slug,
            editor_id=jake,
            title="Did you train your dragon?",
            description="A follow-up",
            body="With patience",
            tags=["patience", "dragons", "patience"],
        )
    )

    assert (view.title, view.description, view.body) == (
        "Did you train your dragon?",
        "A follow-up",
        "With patience",
    )
    assert view.tags == ("dragons", "patience")
    assert view.created_at == EPOCH
    assert view.updated_at == EPOCH + timedelta(minutes=10)
    assert (await conduit.get_article.execute(slug, None)).body == "With patience"


async def test_an_edit_that_changes_nothing_moves_neither_updated_at_nor_the_version(
    conduit: Conduit, clock: FixedClock
) -> None:
    jake = await conduit.sign_up("jake")
    slug = await conduit.publish(jake, "Dragons", tags=["dragons"])
    clock.advance(minutes=10)

    view = await conduit.update_article.execute(
        UpdateArticleCommand(slug=slug, editor_id=jake, title="Dragons", tags=["dragons"])
    )

    assert (view.created_at, view.updated_at, view.version) == (EPOCH, EPOCH, 1)


async def test_the_slug_never_changes_on_edit(conduit: Conduit) -> None:
    jake = await conduit.sign_up("jake")
    slug = await conduit.publish(jake, "How to train your dragon")
    view = await conduit.update_article.execute(
        UpdateArticleCommand(slug=slug, editor_id=jake, title="Something else entirely")
    )
    assert view.slug == slug == "how-to-train-your-dragon"
    with pytest.raises(NotFound):
        await conduit.get_article.execute("something-else-entirely", None)


async def test_fields_left_out_of_an_edit_are_unchanged(conduit: Conduit) -> None:
    jake = await conduit.sign_up("jake")
    slug = await conduit.publish(jake, tags=["dragons"])
    view = await conduit.update_article.execute(
        UpdateArticleCommand(slug=slug, editor_id=jake, body="Only the body")
    )
    assert (view.title, view.description, view.tags) == (
        "How to train your dragon",
        "Ever wonder how?",
        ("dragons",),
    )


async def test_only_the_author_can_edit_an_article(conduit: Conduit) -> None:
    jake = await conduit.sign_up("jake")
    stranger = await conduit.sign_up("stranger")
    slug = await conduit.publish(jake)
    before = conduit.snapshot()

    with pytest.raises(PermissionDenied) as caught:
        await conduit.update_article.execute(
            UpdateArticleCommand(slug=slug, editor_id=stranger, title="Hijacked", tags=["spam"])
        )

    assert isinstance(caught.value, NotArticleAuthor)
    assert conduit.snapshot() == before
    view = await conduit.get_article.execute(slug, None)
    assert (view.title, view.tags) == ("How to train your dragon", ())


async def test_editing_an_unknown_article_is_not_found(conduit: Conduit) -> None:
    jake = await conduit.sign_up("jake")
    with pytest.raises(NotFound):
        await conduit.update_article.execute(
            UpdateArticleCommand(slug="no-such-article", editor_id=jake, title="x")
        )


async def test_an_invalid_edit_is_refused_and_changes_nothing(conduit: Conduit) -> None:
    jake = await conduit.sign_up("jake")
    slug = await conduit.publish(jake)
    before = conduit.snapshot()
    with pytest.raises(InvalidValue) as caught:
        await conduit.update_article.execute(
            UpdateArticleCommand(slug=slug, editor_id=jake, title="New title", body="  ")
        )
    assert caught.value.field == "body"
    assert conduit.snapshot() == before


async def test_an_edit_conditional_on_an_older_version_changes_nothing(
    conduit: Conduit,
) -> None:
    jake = await conduit.sign_up("jake")
    slug = await conduit.publish(jake)
    await conduit.update_article.execute(UpdateArticleCommand(slug=slug, editor_id=jake, body="2"))
    before = conduit.snapshot()

    with pytest.raises(VersionConflict):
        await conduit.update_article.execute(
            UpdateArticleCommand(
                slug=slug, editor_id=jake, title="Lost", if_match=IfMatch(frozenset({1}))
            )
        )

    assert conduit.snapshot() == before


async def test_an_edit_conditional_on_the_current_version_or_any_applies(
    conduit: Conduit,
) -> None:
    jake = await conduit.sign_up("jake")
    slug = await conduit.publish(jake)

    first = await conduit.update_article.execute(
        UpdateArticleCommand(slug=slug, editor_id=jake, body="2", if_match=IfMatch(frozenset({1})))
    )
    second = await conduit.update_article.execute(
        UpdateArticleCommand(
            slug=slug, editor_id=jake, body="3", if_match=IfMatch(any_version=True)
        )
    )

    assert (first.version, second.version, second.body) == (2, 3, "3")

"""Tags: every tag in use, once, alphabetically."""

from application.articles.update_article import UpdateArticleCommand
from tests.unit.application.conduit import Conduit


async def test_there_are_no_tags_without_articles(conduit: Conduit) -> None:
    assert await conduit.list_tags.execute() == ()


async def test_tags_in_use_are_listed_once_and_sorted(conduit: Conduit) -> None:
    jake = await conduit.sign_up("jake")
    await conduit.publish(jake, "One", tags=["zebra", "dragons"])
    await conduit.publish(jake, "Two", tags=["dragons", "angular"])
    await conduit.publish(jake, "Three", tags=[])
    assert await conduit.list_tags.execute() == ("angular", "dragons", "zebra")


async def test_a_tag_no_longer_used_disappears(conduit: Conduit) -> None:
    jake = await conduit.sign_up("jake")
    slug = await conduit.publish(jake, "One", tags=["dragons", "fleeting"])
    await conduit.publish(jake, "Two", tags=["dragons"])
    await conduit.update_article.execute(
        UpdateArticleCommand(slug=slug, editor_id=jake, tags=["dragons"])
    )
    assert await conduit.list_tags.execute() == ("dragons",)

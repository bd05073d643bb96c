"""What a stored change does to the public-article counts, and how the change log adds the
changes of a unit of work up: only public articles count, a savepoint's undo forgets its own."""

from collections.abc import Mapping
from copy import deepcopy
from datetime import timedelta

from application.article_counts import OVERALL, CountKey, changes
from application.change_log import ChangeLog
from domain.articles.article import Article, ArticleStatus
from tests.factories import EPOCH, FixedClock, an_article

JAKE = 1


def stored(article: Article, article_id: int = 1) -> Article:
    article.id = article_id
    return article


def test_publishing_counts_the_article_overall_for_its_author_and_for_each_tag() -> None:
    draft = stored(an_article(JAKE, tags=["a", "b"], status=ArticleStatus.DRAFT))
    published = deepcopy(draft)
    published.publish(by=JAKE, now=EPOCH)

    assert changes(draft, published) == {
        OVERALL: 1,
        CountKey(author_id=JAKE): 1,
        CountKey(tag="a"): 1,
        CountKey(tag="b"): 1,
    }


def test_retagging_a_public_article_moves_only_the_tags_that_changed() -> None:
    before = stored(an_article(JAKE, tags=["a", "b"]))
    after = deepcopy(before)
    after.edit(by=JAKE, now=EPOCH, tags=["b", "c"])

    assert changes(before, after) == {CountKey(tag="a"): -1, CountKey(tag="c"): 1}


def test_deleting_a_public_article_uncounts_it_and_a_draft_moves_nothing() -> None:
    public = stored(an_article(JAKE, tags=["a"]))
    deleted = deepcopy(public)
    deleted.delete(by=JAKE, now=EPOCH)
    draft = stored(an_article(JAKE, tags=["a"], status=ArticleStatus.DRAFT), 2)

    uncounted = {OVERALL: -1, CountKey(author_id=JAKE): -1, CountKey(tag="a"): -1}
    assert changes(public, deleted) == uncounted
    assert changes(None, draft) == {}
    assert changes(deleted, None) == {}


class RecordingCounts:
    """A change writer that keeps only the counts' changes it is given."""

    def __init__(self) -> None:
        self.adjusted: list[Mapping[CountKey, int]] = []

    async def write(self, _audit: object, _events: object, counts: Mapping[CountKey, int]) -> None:
        self.adjusted.append(dict(counts))


async def nothing() -> None:
    pass


async def test_the_change_log_writes_the_sum_once_and_forgets_an_undone_savepoint() -> None:
    log = ChangeLog(FixedClock(EPOCH))
    counter = RecordingCounts()
    first = stored(an_article(JAKE, tags=["a"]))
    log.added(first)
    mark = log.mark()
    log.added(stored(an_article(JAKE, "Undone", tags=["z"]), 2))
    log.undo(mark)
    deleted = deepcopy(first)
    deleted.delete(by=JAKE, now=EPOCH + timedelta(minutes=1))
    log.changed(first, deleted)
    log.added(stored(an_article(JAKE, "Kept", tags=["b"]), 3))

    await log.commit(counter, nothing)

    # "a" came and went: nothing to write for it.
    assert counter.adjusted == [{OVERALL: 1, CountKey(author_id=JAKE): 1, CountKey(tag="b"): 1}]

"""How many public articles there are (live and published: ``Article.is_public``) overall,
per author and per tag, kept beside the articles so that a list's total is one lookup.

The change log adds up what each stored change does to them (``changes``) and writes the sum
through the ``ChangeWriter`` port in the change's own transaction: a count moves if and only if the
change it counts was committed.
"""

from collections import Counter
from dataclasses import dataclass

from domain.articles.article import Article


@dataclass(frozen=True, slots=True)
class CountKey:
    """Which public articles are counted: those tagged ``tag`` (any tag when ``None``) by
    ``author_id`` (any author when ``None``). Kept: overall, per author, per tag."""

    tag: str | None = None
    author_id: int | None = None


OVERALL = CountKey()


def keys_of(article: Article) -> list[CountKey]:
    """The counts ``article`` is in while it is public."""
    return [OVERALL, CountKey(author_id=article.author_id)] + [
        CountKey(tag=tag) for tag in article.tags
    ]


def changes(before: Article | None, after: Article | None) -> Counter[CountKey]:
    """What storing ``after`` in place of ``before`` does to the counts (``None``: the article
    was not stored before, or is not any more); a change that moves nothing is empty."""
    moved: Counter[CountKey] = Counter()
    if before is not None and before.is_public:
        moved.subtract(keys_of(before))
    if after is not None and after.is_public:
        moved.update(keys_of(after))
    return Counter({key: delta for key, delta in moved.items() if delta})

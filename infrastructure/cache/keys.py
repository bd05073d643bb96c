"""Cache keys and tags, and which of them an event makes stale."""

from dataclasses import dataclass

from application.events import (
    ArticleDeleted,
    ArticleEdited,
    ArticleFavorited,
    ArticlePublished,
    ArticleRestored,
    ArticleUnfavorited,
    DomainEvent,
    ProfileUpdated,
)

TAGS = "tags"


def article_key(slug: str) -> str:
    return f"article:{slug}"


def profile_key(username: str) -> str:
    return f"profile:{username}"


def by_author(username: str) -> str:
    """The tag of every cached entry that shows this author's profile."""
    return f"author:{username}"


@dataclass(frozen=True, slots=True)
class Stale:
    keys: tuple[str, ...] = ()
    tags: tuple[str, ...] = ()


def stale_after(event: DomainEvent) -> Stale:
    """The entries ``event`` changes."""
    match event:
        case ArticlePublished():
            return Stale(keys=(TAGS,))
        case ArticleEdited(slug=slug) | ArticleDeleted(slug=slug) | ArticleRestored(slug=slug):
            return Stale(keys=(TAGS, article_key(slug)))
        case ArticleFavorited(slug=slug) | ArticleUnfavorited(slug=slug):
            return Stale(keys=(article_key(slug),))
        case ProfileUpdated(old_username=old, username=new):
            return Stale(keys=(profile_key(old), profile_key(new)), tags=(by_author(old),))
        case _:
            return Stale()

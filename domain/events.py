"""Domain events: facts an entity raises as its rules run, stored with the change that
raised them (the unit of work collects them at commit). Each is a frozen dataclass of plain
values."""

from dataclasses import dataclass


@dataclass(frozen=True, slots=True)
class ArticlePublished:
    article_id: int
    slug: str
    title: str
    author_id: int


@dataclass(frozen=True, slots=True)
class ArticleEdited:
    article_id: int
    slug: str
    author_id: int


@dataclass(frozen=True, slots=True)
class ArticleDeleted:
    article_id: int
    slug: str
    author_id: int


@dataclass(frozen=True, slots=True)
class ArticleRestored:
    article_id: int
    slug: str
    author_id: int


@dataclass(frozen=True, slots=True)
class CommentAdded:
    comment_id: int
    article_id: int
    slug: str
    title: str
    article_author_id: int
    author_id: int
    body: str


@dataclass(frozen=True, slots=True)
class ArticleFavorited:
    article_id: int
    slug: str
    title: str
    article_author_id: int
    user_id: int


@dataclass(frozen=True, slots=True)
class ArticleUnfavorited:
    article_id: int
    slug: str
    user_id: int


@dataclass(frozen=True, slots=True)
class UserFollowed:
    follower_id: int
    followee_id: int


@dataclass(frozen=True, slots=True)
class ProfileUpdated:
    user_id: int
    old_username: str
    username: str


DomainEvent = (
    ArticlePublished
    | ArticleEdited
    | ArticleDeleted
    | ArticleRestored
    | CommentAdded
    | ArticleFavorited
    | ArticleUnfavorited
    | UserFollowed
    | ProfileUpdated
)

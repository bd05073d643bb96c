"""A realistic, reproducible data set as rows of Conduit's tables (one dict per row).

Ids run from 1 in every table. User 1 is the reader of every authenticated request: it
follows exactly ``READER_FOLLOWS`` authors, so its feed is a real one.
"""

import random
from collections.abc import Iterator
from datetime import UTC, datetime, timedelta
from typing import Any

from bench.config import Sizes

READER_ID = 1
READER_FOLLOWS = 10
SEED = 20_240_501

Row = dict[str, Any]

_WORD_TEXT = (
    "async adapter architecture benchmark boundary cache clean code commit concurrency "
    "container contract cursor database deploy design domain driver entity event feature "
    "framework function graph handler http index interface journal kernel keyset latency "
    "layer library migration model module network object pattern performance pipeline pool "
    "port protocol query queue reader record refactor release repository request schema "
    "server service session signal socket statement storage stream system table test thread "
    "token transaction type unit value vector version view worker writer"
)
_WORDS = _WORD_TEXT.split()
_NAME_TEXT = (
    "ada alan anita barbara brian carol dennis donald edsger frances grace guido ivan james "
    "john ken leslie linus margaret niklaus radia rob shafi sophie tim tony ward yukihiro"
)
_NAMES = _NAME_TEXT.split()
_ARTICLES_START = datetime(2024, 1, 1, tzinfo=UTC)
_USERS_START = datetime(2023, 1, 1, tzinfo=UTC)


def _sentence(rng: random.Random, low: int = 6, high: int = 16) -> str:
    words = rng.choices(_WORDS, k=rng.randint(low, high))
    return " ".join(words).capitalize() + "."


def _paragraphs(rng: random.Random, count: int) -> list[str]:
    return [" ".join(_sentence(rng) for _ in range(rng.randint(3, 7))) for _ in range(count)]


def article_time(index: int, rng: random.Random) -> datetime:
    """Strictly increasing with the id, at most one per 10 minutes, with microseconds."""
    jitter = timedelta(seconds=rng.randrange(590), microseconds=rng.randrange(1_000_000))
    return _ARTICLES_START + timedelta(minutes=10 * index) + jitter


def tag_names(count: int) -> list[str]:
    return [_WORDS[i % len(_WORDS)] + ("" if i < len(_WORDS) else str(i)) for i in range(count)]


class DataSet:
    """Rows per table, generated lazily in id order from one seeded random generator."""

    def __init__(self, sizes: Sizes, password_hash: str) -> None:
        self.sizes = sizes
        self._password_hash = password_hash
        self._rng = random.Random(SEED)  # noqa: S311 (reproducible fixtures, not secrets)
        self._paragraph_pool = _paragraphs(self._rng, 400)
        self._times = [article_time(i, self._rng) for i in range(1, sizes.articles + 1)]

    def users(self) -> Iterator[Row]:
        for i in range(1, self.sizes.users + 1):
            name = "reader" if i == READER_ID else f"{self._rng.choice(_NAMES)}{i}"
            created = _USERS_START + timedelta(hours=i, microseconds=self._rng.randrange(10**6))
            yield {
                "id": i,
                "username": name,
                "email": f"{name}@bench.example.org",
                "password_hash": self._password_hash,
                "bio": _sentence(self._rng) if i % 3 else "",
                "image": f"https://images.example.org/avatars/{i}.png" if i % 2 else "",
                "created_at": created,
                "updated_at": created,
            }

    def tags(self) -> Iterator[Row]:
        for i, name in enumerate(tag_names(self.sizes.tags), start=1):
            yield {"id": i, "name": name}

    def articles(self) -> Iterator[Row]:
        for i, created in enumerate(self._times, start=1):
            title = " ".join(self._rng.choices(_WORDS, k=self._rng.randint(3, 7))).capitalize()
            title = f"{title} {i}"
            edited = i % 10 == 0
            yield {
                "id": i,
                "slug": title.lower().replace(" ", "-"),
                "title": title,
                "description": _sentence(self._rng, 10, 24),
                "body": "\n\n".join(
                    self._rng.sample(self._paragraph_pool, self._rng.randint(3, 6))
                ),
                "author_id": self._rng.randint(1, self.sizes.users),
                "created_at": created,
                "updated_at": created + timedelta(days=1) if edited else created,
                "published_at": created,
            }

    def article_tags(self) -> Iterator[Row]:
        for article_id in range(1, self.sizes.articles + 1):
            for tag_id in self._rng.sample(range(1, self.sizes.tags + 1), 3):
                yield {"article_id": article_id, "tag_id": tag_id}

    def follows(self) -> Iterator[Row]:
        users = range(1, self.sizes.users + 1)
        followed = self._rng.sample([u for u in users if u != READER_ID], READER_FOLLOWS)
        pairs = {(READER_ID, followee) for followee in followed}
        while len(pairs) < self.sizes.follows:
            follower, followee = self._rng.choice(users), self._rng.choice(users)
            if follower not in (followee, READER_ID):
                pairs.add((follower, followee))
        for follower, followee in sorted(pairs):
            yield {"follower_id": follower, "followee_id": followee, "created_at": self._moment()}

    def favorites(self) -> Iterator[Row]:
        pairs: set[tuple[int, int]] = set()
        while len(pairs) < self.sizes.favorites:
            user = self._rng.randint(1, self.sizes.users)
            pairs.add((user, self._rng.randint(1, self.sizes.articles)))
        for user, article in sorted(pairs):
            yield {"user_id": user, "article_id": article, "created_at": self._moment()}

    def comments(self) -> Iterator[Row]:
        for i in range(1, self.sizes.comments + 1):
            article = self._rng.randint(1, self.sizes.articles)
            after = timedelta(minutes=self._rng.randrange(1, 20_000), microseconds=i)
            created = self._times[article - 1] + after
            yield {
                "id": i,
                "article_id": article,
                "author_id": self._rng.randint(1, self.sizes.users),
                "body": _sentence(self._rng, 5, 40),
                "created_at": created,
                "updated_at": created,
            }

    def _moment(self) -> datetime:
        offset = timedelta(
            seconds=self._rng.randrange(10**8), microseconds=self._rng.randrange(10**6)
        )
        return _ARTICLES_START + offset

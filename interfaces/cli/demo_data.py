"""What ``conduit seed`` writes: a reproducible plan of demo users, articles and interactions."""

import itertools
import random
from dataclasses import dataclass

_NAMES = (
    "ada", "grace", "linus", "margaret", "alan", "barbara", "dennis", "frances",
    "ken", "radia", "edsger", "hedy", "donald", "katherine", "john", "sophie",
)  # fmt: skip
_TOPICS = (
    "python", "databases", "testing", "design", "security", "performance", "devops",
    "frontend", "rust", "architecture", "career", "open-source", "dragons", "sql",
)  # fmt: skip
_OPENINGS = ("How to", "Why you should", "Ten ways to", "The art of", "Notes on", "Learning to")
_SUBJECTS = (
    "train your dragon", "write fewer bugs", "read a query plan", "review code kindly",
    "ship on Fridays", "name things", "test what matters", "keep a changelog",
)  # fmt: skip
_SENTENCES = (
    "It starts with a question nobody asked out loud.",
    "The first attempt failed, and that was the useful part.",
    "Measure before you change anything; then measure again.",
    "Small steps, each one reversible, add up to large changes.",
    "The team wrote it down, and the next person thanked them.",
    "Nothing here is new; doing it every day is.",
)


@dataclass(frozen=True, slots=True)
class DemoUser:
    username: str
    email: str


@dataclass(frozen=True, slots=True)
class DemoArticle:
    author: int
    title: str
    description: str
    body: str
    tags: list[str]


@dataclass(frozen=True, slots=True)
class DemoData:
    users: list[DemoUser]
    articles: list[DemoArticle]
    # Pairs of indexes: (follower, followee) in ``users``, (user, article) for favorites.
    follows: list[tuple[int, int]]
    favorites: list[tuple[int, int]]
    comments: list[tuple[int, int, str]]


def _username(index: int) -> str:
    name = _NAMES[index % len(_NAMES)]
    return name if index < len(_NAMES) else f"{name}{index // len(_NAMES) + 1}"


def _tag_pool(size: int) -> list[str]:
    extra = (f"topic-{number}" for number in itertools.count(1))
    return [*_TOPICS[:size], *itertools.islice(extra, max(0, size - len(_TOPICS)))]


def plan(
    *,
    users: int,
    articles: int,
    tags: int,
    follows: int,
    favorites: int,
    comments: int,
    seed: int,
) -> DemoData:
    """Sizes are upper bounds: there are at most ``users * (users - 1)`` distinct follows and
    ``users * articles`` favorites, and nothing but users without a user."""
    rng = random.Random(seed)  # noqa: S311 (reproducible demo data, not secrets)
    people = [DemoUser(_username(i), f"{_username(i)}@example.com") for i in range(users)]
    if not people:
        return DemoData(people, [], [], [], [])
    pool = _tag_pool(tags)
    writings = [
        DemoArticle(
            author=rng.randrange(users),
            title=f"{rng.choice(_OPENINGS)} {rng.choice(_SUBJECTS)} ({number})",
            description=rng.choice(_SENTENCES),
            body=" ".join(rng.sample(_SENTENCES, 4)),
            tags=rng.sample(pool, min(len(pool), rng.randint(1, 3))),
        )
        for number in range(1, articles + 1)
    ]
    follow_pairs = [(a, b) for a in range(users) for b in range(users) if a != b]
    favorite_pairs = list(itertools.product(range(users), range(len(writings))))
    remarks = [
        (rng.randrange(users), rng.randrange(len(writings)), rng.choice(_SENTENCES))
        for _ in range(comments if writings else 0)
    ]
    return DemoData(
        users=people,
        articles=writings,
        follows=rng.sample(follow_pairs, min(follows, len(follow_pairs))),
        favorites=rng.sample(favorite_pairs, min(favorites, len(favorite_pairs))),
        comments=remarks,
    )

"""The favorite relation (user -> article)."""

from dataclasses import dataclass


@dataclass(frozen=True, slots=True)
class Favorite:
    """``user_id`` marked ``article_id`` a favorite."""

    user_id: int
    article_id: int

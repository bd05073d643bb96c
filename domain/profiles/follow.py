"""Rules of the follow relation (user -> user)."""

from dataclasses import dataclass

from domain.shared.errors import InvalidValue


class SelfFollow(InvalidValue):
    """Nobody follows themselves (storage's constraint says the same, by this error)."""

    def __init__(self) -> None:
        super().__init__("you cannot follow yourself", field="username")


@dataclass(frozen=True, slots=True)
class Follow:
    """``follower_id`` follows ``followee_id``."""

    follower_id: int
    followee_id: int


def ensure_can_follow(follower_id: int, followee_id: int) -> None:
    """Nobody follows themselves."""
    if follower_id == followee_id:
        raise SelfFollow()

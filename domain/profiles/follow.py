"""Rules of the follow relation (user -> user)."""

from domain.shared.errors import InvalidValue


def ensure_can_follow(follower_id: int, followee_id: int) -> None:
    """Nobody follows themselves."""
    if follower_id == followee_id:
        raise InvalidValue("you cannot follow yourself", field="username")
